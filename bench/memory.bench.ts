/**
 * Memory and cost over a long run (issue 12.1): each model on the 5-node, 1,000 writes/s load (bench/scenarios.ts)
 * with the oracle and metrics running as the worker runs them (src/worker/core.ts: the history's window, one
 * oracle shared by the metrics, a snapshot every 100 simulated ms, the live check with LIVE_CHECK_STEPS and a
 * metrics report every 500 simulated ms). At minute 1 and at minute
 * N it prints the heap after gc and the CPU time of the last 10 simulated seconds, each beside a reference taken
 * in the same run: the heap before the simulation was made, and a bare queue loop doing as many events as those
 * 10 seconds did, timed right after them. It then splits the heap: the client history (measured as the heap a
 * deep copy of it takes), the engine's conflict log (likewise), and the oracle and metrics (the heap freed by
 * dropping them at the end); a second run without them gives the model's and the engine's state alone at both
 * minutes (its heap less the history and the conflict log). Growth per minute between
 * minute 1 and minute N is extrapolated to an hour, and says so.
 *
 * The run is MINUTES simulated minutes (3 by default, so the whole bench fits in a few minutes on two loaded
 * cores: minute 1 is the warm-up the last minute is compared with); the figures name the minutes they compare and
 * say when the hour is extrapolated rather than measured (`--minutes 60` measures it). Beside the heap it prints
 * what the run retains: operations in the history's window and summarised before it, and operations the
 * linearizability check keeps. `--split` adds the heap's split and a second run without checker (the model's
 * state alone).
 *
 *   npx tsx --expose-gc bench/memory.bench.ts [--minutes N] [--split] [model ...]
 *   npx tsx --expose-gc bench/memory.bench.ts --minutes 60 leader-follower   # the hour, measured
 */
import { MetricsCollector } from '../src/sim/analysis/metrics.ts';
import { cloneState } from '../src/sim/engine/clone.ts';
import { Simulation } from '../src/sim/engine/simulation.ts';
import { Oracle } from '../src/sim/oracle/oracle.ts';
import type { ModelName } from '../src/sim/scenarios/schema.ts';
import { LIVE_CHECK_STEPS } from '../src/worker/core.ts';
import { viewSnapshot } from '../src/worker/pack.ts';
import { MAX_MESSAGES_IN_SNAPSHOT } from '../src/worker/protocol.ts';
import { bareLoopMs as bareLoop, cpuMs } from './lib/bareLoop.ts';
import { report } from './lib/report.ts';
import { BENCH_MODELS, benchScenario } from './scenarios.ts';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc (npx tsx --expose-gc bench/memory.bench.ts)');

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 2)
    throw new Error(`--${name} must be a whole number of at least 2`);
  return value;
}

const MINUTES = option('minutes', 3);
const fmt = (x: number) => x.toFixed(1);
const WINDOW_US = 10_000_000;

function heapMb(): number {
  (gc as () => void)();
  (gc as () => void)();
  return process.memoryUsage().heapUsed / 1e6;
}

/** The heap a deep copy of `value` takes: its size, for values that hold no reference into the rest of the run. */
function copiedMb(value: object): number {
  const before = heapMb();
  const copy = cloneState(value);
  const after = heapMb();
  if (copy === value) throw new Error('unreachable: a copy is a new object');
  return after - before;
}

function bareLoopMs(events: number): number {
  return bareLoop(events, 200);
}

interface Point {
  readonly minute: number;
  readonly heapMb: number;
  readonly windowCpuMs: number;
  readonly bareCpuMs: number;
  readonly historyMb: number;
  readonly conflictLogMb: number;
  /** Operations the history's window holds in full, and those summarised before it. */
  readonly windowOps: number;
  readonly earlierOps: number;
  /** Operations the linearizability check keeps (its keys' lists since their last compaction). */
  readonly registerOps: number;
}

function measure(model: ModelName, checked: boolean) {
  const baselineMb = heapMb();
  const sim = new Simulation(benchScenario(model), { historyWindow: true });
  let oracle: Oracle | null = checked ? new Oracle(sim) : null;
  let metrics: MetricsCollector | null = oracle ? new MetricsCollector(sim, oracle) : null;
  const points: Point[] = [];
  let windowStart = cpuMs();
  let windowEvents = 0;
  for (let t = 100_000; t <= MINUTES * 60_000_000; t += 100_000) {
    const before = sim.counts().events;
    sim.runUntil(t);
    windowEvents += sim.counts().events - before;
    const snapshot = checked ? viewSnapshot(sim, MAX_MESSAGES_IN_SNAPSHOT) : null;
    if (snapshot && t % 500_000 === 0) {
      oracle?.update({ maxSteps: LIVE_CHECK_STEPS });
      metrics?.report(snapshot.counts);
    }
    if (t % WINDOW_US === 0) {
      const windowCpuMs = cpuMs() - windowStart;
      const minute = t / 60_000_000;
      if (minute === 1 || minute === MINUTES) {
        points.push({
          minute,
          heapMb: heapMb() - baselineMb,
          windowCpuMs,
          bareCpuMs: bareLoopMs(windowEvents),
          historyMb: copiedMb(sim.clients.history),
          conflictLogMb: copiedMb(sim.conflicts() as object),
          windowOps: sim.clients.history.length,
          earlierOps: sim.clients.trimmed,
          registerOps: oracle?.retained().registerOps ?? 0,
        });
      }
      windowStart = cpuMs();
      windowEvents = 0;
    }
  }
  // What the oracle and the metrics hold: the heap freed by dropping them.
  const withBoth = heapMb();
  oracle = null;
  const withMetrics = heapMb();
  metrics = null;
  const bare = heapMb();
  return { model, baselineMb, points, oracleMb: withBoth - withMetrics, metricsMb: withMetrics - bare };
}

/** Model and engine state alone: the heap of the simulation run without checker, less history and conflict log. */
function modelShare(model: ModelName): string {
  const points = measure(model, false).points;
  return points
    .map((p) => `minute ${p.minute}: ${fmt(p.heapMb - p.historyMb - p.conflictLogMb)} MB`)
    .join(', ');
}

/** The heap and cost figures for bench/run.ts (issue 12.1's target: flat after warm-up and under 256 MB). */
function reportModel(model: ModelName, first: Point, last: Point): void {
  const perMinute = (last.heapMb - first.heapMb) / (last.minute - first.minute);
  const hour = last.heapMb + perMinute * (60 - last.minute);
  const toHour = last.minute >= 60 ? 'measured' : `straight-line to minute 60, not measured: ${fmt(hour)} MB`;
  const retained = `${last.windowOps.toLocaleString('en-US')} operations in the window, ${last.earlierOps.toLocaleString('en-US')} summarised, ${last.registerOps.toLocaleString('en-US')} kept by the linearizability check`;
  report({
    id: `memory.${model}.heap`,
    what: `heap after gc, ${model}, 1,000 writes/s with the live checker and metrics, minute ${last.minute} of a ${MINUTES}-minute run`,
    figure: `${fmt(last.heapMb)} MB at minute ${last.minute} (${fmt(perMinute)} MB per minute since minute 1; ${toHour}); retained: ${retained}`,
    reference: `${fmt(first.heapMb)} MB at minute 1 of the same run`,
    ratio: `${(last.heapMb / first.heapMb).toFixed(2)}x`,
    target: 'under 256 MB, and at most 256 MB extrapolated to minute 60',
    pass: last.heapMb < 256 && hour < 256,
  });
  const cost1 = first.windowCpuMs / first.bareCpuMs;
  const costN = last.windowCpuMs / last.bareCpuMs;
  report({
    id: `memory.${model}.cost`,
    what: `CPU time per 10 simulated s, ${model}, minute ${last.minute} against minute 1 (each over a bare loop of as many events timed right after it)`,
    figure: `${Math.round(last.windowCpuMs)} ms at minute ${last.minute} (${fmt(costN)}x its bare loop)`,
    reference: `${Math.round(first.windowCpuMs)} ms at minute 1 (${fmt(cost1)}x its bare loop)`,
    ratio: `${(costN / cost1).toFixed(2)}x`,
    target: 'flat: at most 1.5x the minute-1 cost (bare-loop ratios)',
    pass: costN / cost1 <= 1.5,
  });
}

const split = process.argv.includes('--split');
const only = process.argv.slice(2).filter((a): a is ModelName => (BENCH_MODELS as string[]).includes(a));
for (const model of only.length > 0 ? only : BENCH_MODELS) {
  const r = measure(model, true);
  const [first, last] = [r.points[0] as Point, r.points[r.points.length - 1] as Point];
  console.log(
    JSON.stringify({
      benchmark: 'memory',
      model,
      baselineHeapMb: Number(fmt(r.baselineMb)),
      oracleMb: Number(fmt(r.oracleMb)),
      metricsMb: Number(fmt(r.metricsMb)),
      points: r.points,
    }),
  );
  reportModel(model, first, last);
  if (split)
    console.log(
      `  ${model} at minute ${last.minute}: history ${fmt(last.historyMb)} MB, conflict log ${fmt(last.conflictLogMb)} MB, oracle ${fmt(r.oracleMb)} MB, metrics ${fmt(r.metricsMb)} MB; model and engine state alone (a second run without checker or snapshots): ${modelShare(model)}`,
    );
}
