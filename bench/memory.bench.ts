/**
 * Memory and cost over a long run (issue 12.1): each model on the 5-node, 1,000 writes/s load (bench/scenarios.ts)
 * with the oracle and metrics running as the worker runs them (src/worker/core.ts: a snapshot every 100 simulated
 * ms, the live check with LIVE_CHECK_STEPS and a metrics report every 500 simulated ms). At minute 1 and at minute
 * N it prints the heap after gc and the wall time of the last 10 simulated seconds, each beside a reference taken
 * in the same run: the heap before the simulation was made, and a bare queue loop doing as many events as those
 * 10 seconds did, timed right after them. It then splits the heap: the client history (measured as the heap a
 * deep copy of it takes), the engine's conflict log (likewise), and the oracle and metrics (the heap freed by
 * dropping them at the end); a second run without them gives the model's and the engine's state alone at both
 * minutes (its heap less the history and the conflict log). Growth per minute between
 * minute 1 and minute N is extrapolated to an hour, and says so.
 *
 *   npx tsx --expose-gc bench/memory.bench.ts [--minutes N] [model ...]
 */
import { MetricsCollector } from '../src/sim/analysis/metrics.ts';
import { cloneState } from '../src/sim/engine/clone.ts';
import { EventQueue } from '../src/sim/engine/queue.ts';
import { Simulation } from '../src/sim/engine/simulation.ts';
import { Oracle } from '../src/sim/oracle/oracle.ts';
import type { ModelName } from '../src/sim/scenarios/schema.ts';
import { LIVE_CHECK_STEPS } from '../src/worker/core.ts';
import { packSnapshot } from '../src/worker/pack.ts';
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
  const q = new EventQueue<{ n: number; time: number; order: number }>();
  let x = 12345;
  for (let i = 0; i < 200; i++) q.push(i * 100, { n: i, time: 0, order: 0 });
  const start = performance.now();
  for (let i = 0; i < events; i++) {
    const e = q.pop();
    if (!e) break;
    x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff;
    q.push(e.time + 1 + (x % 20_000), { n: e.n + 1, time: 0, order: 0 });
  }
  return performance.now() - start;
}

interface Point {
  readonly minute: number;
  readonly heapMb: number;
  readonly windowWallMs: number;
  readonly bareWallMs: number;
  readonly historyMb: number;
  readonly conflictLogMb: number;
}

function measure(model: ModelName, checked: boolean) {
  const baselineMb = heapMb();
  const sim = new Simulation(benchScenario(model));
  let oracle: Oracle | null = checked ? new Oracle(sim) : null;
  let metrics: MetricsCollector | null = checked ? new MetricsCollector(sim) : null;
  const points: Point[] = [];
  let windowStart = performance.now();
  let windowEvents = 0;
  for (let t = 100_000; t <= MINUTES * 60_000_000; t += 100_000) {
    const before = sim.counts().events;
    sim.runUntil(t);
    windowEvents += sim.counts().events - before;
    const snapshot = checked ? sim.snapshot() : null;
    if (snapshot) packSnapshot(snapshot);
    if (snapshot && t % 500_000 === 0) {
      oracle?.update({ maxSteps: LIVE_CHECK_STEPS });
      metrics?.report(snapshot.counts);
    }
    if (t % WINDOW_US === 0) {
      const windowWallMs = performance.now() - windowStart;
      const minute = t / 60_000_000;
      if (minute === 1 || minute === MINUTES) {
        points.push({
          minute,
          heapMb: heapMb() - baselineMb,
          windowWallMs,
          bareWallMs: bareLoopMs(windowEvents),
          historyMb: copiedMb(sim.clients.history),
          conflictLogMb: copiedMb(sim.conflicts() as object),
        });
      }
      windowStart = performance.now();
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

const only = process.argv.slice(2).filter((a): a is ModelName => (BENCH_MODELS as string[]).includes(a));
for (const model of only.length > 0 ? only : BENCH_MODELS) {
  const r = measure(model, true);
  const [first, last] = [r.points[0] as Point, r.points[r.points.length - 1] as Point];
  const perMinute = (last.heapMb - first.heapMb) / (last.minute - first.minute);
  const historyPerMinute = (last.historyMb - first.historyMb) / (last.minute - first.minute);
  const conflictsPerMinute = (last.conflictLogMb - first.conflictLogMb) / (last.minute - first.minute);
  const rest = last.heapMb - last.historyMb - last.conflictLogMb - r.oracleMb - r.metricsMb;
  console.log(
    JSON.stringify({
      benchmark: 'memory',
      model,
      baselineHeapMb: Number(fmt(r.baselineMb)),
      points: r.points,
    }),
  );
  console.log(`memory ${model} (heap after gc above a same-run baseline of ${fmt(r.baselineMb)} MB):`);
  for (const p of r.points)
    console.log(
      `  minute ${p.minute}: heap +${fmt(p.heapMb)} MB (history ${fmt(p.historyMb)}, conflict log ${fmt(p.conflictLogMb)}); last 10 simulated s took ${Math.round(p.windowWallMs)} ms vs ${Math.round(p.bareWallMs)} ms for a bare loop of as many events (${fmt(p.windowWallMs / p.bareWallMs)}x)`,
    );
  console.log(
    `  at minute ${last.minute}: oracle ${fmt(r.oracleMb)} MB, metrics ${fmt(r.metricsMb)} MB, model and engine ${fmt(rest)} MB`,
  );
  console.log(
    `  growth ${fmt(perMinute)} MB per simulated minute (history ${fmt(historyPerMinute)}, conflict log ${fmt(conflictsPerMinute)}); straight-line extrapolation from minutes ${first.minute}-${last.minute}, not measured: ${fmt(last.heapMb + perMinute * (60 - last.minute))} MB at minute 60`,
  );
  console.log(
    `  model and engine state alone (a second run without checker or snapshots): ${modelShare(model)}`,
  );
  console.log(
    `  cost per 10 simulated s: ${fmt(first.windowWallMs / first.bareWallMs)}x the bare loop at minute ${first.minute}, ${fmt(last.windowWallMs / last.bareWallMs)}x at minute ${last.minute}`,
  );
}
