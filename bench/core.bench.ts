/**
 * Core throughput benchmark: simulated events per second of each model on a 5-node cluster under a 1,000
 * writes/s workload (bench/scenarios.ts), each beside a bare event-queue loop measured in the same run that
 * allocates a small object per event, as a simulator does (target: every model at least a quarter of the bare
 * loop's rate). Also prints each model's simulated-to-real time. Figures vary several times over on a shared
 * machine: judge the ratios, which share the machine's state of the moment. Both sides warm up before they are
 * timed (the bare loop on WARM_UP_EVENTS; the simulation on at least as many events and at least
 * MIN_WARM_UP_RUNS whole runs, until V8 has settled its code); each of the RUNS timed runs is followed by a bare
 * loop of at least BARE_MIN_EVENTS, and the ratio is the median of those pairs' ratios.
 * The bare loop runs the same heap code as a module instance of its own (bench/lib/bareLoop.ts says why).
 *
 * Both sides are timed by the process's CPU time (user and system, every thread: the garbage collector's helpers
 * count), not the wall clock: on a shared machine a process waits for a core for a varying share of its wall time
 * (on 2 cores at load 10, most of it), which the wall clock charges to whichever side happened to wait. The rates
 * are events per CPU second; the simulated-to-real figure is wall time, as a user would see it.
 *
 * Usage: `npx tsx bench/core.bench.ts [row...]`, rows as below (none: every row).
 */
import { Simulation } from '../src/sim/engine/simulation.ts';
import type { ModelName, Scenario } from '../src/sim/scenarios/schema.ts';
import { bareLoopMs, cpuMs } from './lib/bareLoop.ts';
import { compact, median, report } from './lib/report.ts';
import { BENCH_MODELS, benchScenario, SCALE_SCENARIOS } from './scenarios.ts';

const SIM_SECONDS = 20;
const RUNS = 5;
/**
 * Events each side runs before it is timed; the simulation in whole runs, at least MIN_WARM_UP_RUNS and at most
 * MAX_WARM_UP_RUNS of them. V8 settles a scale preset only after some 15-20 runs: the per-run rate of
 * multi-leader-regions run alone, events per CPU ms, went 281 394 667 649 851 987 969 945 679 612 676 655 804
 * 966 898 916 919 986 ... (deoptimised and compiled again around runs 8-12, then flat at 900-990), so timing after
 * 6 runs measured that dip, not the steady rate a long run plays at.
 */
const WARM_UP_EVENTS = 500_000;
const MIN_WARM_UP_RUNS = 20;
const MAX_WARM_UP_RUNS = 40;
const BARE_MIN_EVENTS = 200_000;

function bareLoop(events: number, pending: number): number {
  return events / (bareLoopMs(events, pending) / 1000);
}

/** The simulation's mean queue depth, sampled every simulated 10 ms (outside the timed runs). */
function meanQueueDepth(scenario: Scenario, seconds = SIM_SECONDS): number {
  const sim = new Simulation(scenario);
  let sum = 0;
  let samples = 0;
  for (let t = 10_000; t <= seconds * 1_000_000; t += 10_000) {
    sim.runUntil(t);
    sum += sim.queuedEvents();
    samples++;
  }
  return Math.round(sum / samples);
}

interface SimRun {
  readonly eventsPerSec: number;
  readonly events: number;
  readonly wallMs: number;
  readonly hash: string;
}

function simRun(scenario: Scenario, seconds = SIM_SECONDS): SimRun {
  const sim = new Simulation(scenario);
  const start = performance.now();
  const startCpu = cpuMs();
  sim.runUntil(seconds * 1_000_000);
  const cpu = cpuMs() - startCpu;
  const wallMs = performance.now() - start;
  const events = sim.counts().events;
  return { eventsPerSec: events / (cpu / 1000), events, wallMs, hash: sim.traceHash() };
}

function measure(id: string, scenario: Scenario, seconds = SIM_SECONDS) {
  // The bare loop keeps as many events queued as the simulation does on average, so both pay the same heap depth.
  const depth = meanQueueDepth(scenario, seconds);
  // Warm up both (the JIT compiles each for what it saw; see WARM_UP_EVENTS), then take the median of the runs,
  // interleaved so machine noise hits both alike. The simulation warms up on whole runs of the timed length.
  for (
    let warmed = 0, runs = 0;
    (warmed < WARM_UP_EVENTS || runs < MIN_WARM_UP_RUNS) && runs < MAX_WARM_UP_RUNS;
    runs++
  )
    warmed += simRun(scenario, seconds).events;
  bareLoop(WARM_UP_EVENTS, depth);
  const sims: SimRun[] = [];
  const bares: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const s = simRun(scenario, seconds);
    sims.push(s);
    // At least BARE_MIN_EVENTS: a loop of a few tens of milliseconds is at the mercy of one scheduling hiccup.
    bares.push(bareLoop(Math.max(s.events, BARE_MIN_EVENTS), depth));
  }
  const simRate = median(sims.map((s) => s.eventsPerSec));
  const bareRate = median(bares);
  // The median of each run's ratio to the bare loop timed right after it: a pair shares the machine's state of
  // the moment, where the medians of each side alone may come from moments minutes apart.
  const ratio = median(sims.map((s, i) => s.eventsPerSec / (bares[i] as number)));
  const wallMs = median(sims.map((s) => s.wallMs));
  const last = sims[sims.length - 1] as SimRun;
  return {
    id,
    nodes: scenario.nodes.length,
    scenario: scenario.name,
    simulatedSeconds: seconds,
    events: last.events,
    wallMs: Math.round(wallMs),
    simulatedPerRealSecond: Number((seconds / (wallMs / 1000)).toFixed(2)),
    simEventsPerSec: Math.round(simRate),
    bareLoopEventsPerSec: Math.round(bareRate),
    meanQueueDepth: depth,
    ratio: Number(ratio.toFixed(3)),
    target: 'ratio >= 0.25',
    pass: ratio >= 0.25,
    traceHash: last.hash,
  };
}

type Result = ReturnType<typeof measure>;

function reportModel(r: Result): void {
  report({
    id: `core.${r.id}`,
    what: `core throughput, ${r.id}: ${r.scenario}, ${r.simulatedSeconds} s simulated (median of ${RUNS})`,
    figure: `${compact(r.simEventsPerSec)} events per CPU s; ${r.simulatedPerRealSecond} simulated s per real s`,
    reference: `${compact(r.bareLoopEventsPerSec)} events per CPU s for a bare queue loop allocating an event per step (${r.meanQueueDepth} queued)`,
    ratio: `${(r.ratio * 100).toFixed(1)}%`,
    target: 'at least 25% of the bare loop',
    pass: r.pass,
  });
}

function reportScale(r: Result): void {
  report({
    id: `core.scale.${r.id}`,
    what: `core throughput at scale: ${r.scenario}, ${r.simulatedSeconds} s simulated (median of ${RUNS})`,
    figure: `${compact(r.simEventsPerSec)} events per CPU s; ${r.simulatedPerRealSecond} simulated s per real s`,
    reference: `${compact(r.bareLoopEventsPerSec)} events per CPU s for a bare queue loop (${compact(r.meanQueueDepth)} queued)`,
    ratio: `${(r.ratio * 100).toFixed(1)}%`,
    target: 'at least 25% of the bare loop',
    pass: r.pass,
  });
}

// With no arguments every row runs (as `npm run bench` does). Otherwise only the rows named: a model
// (`leader-follower`), a scale preset's id (`leaderless-1000`), or `scale` for every scale preset.
const args = process.argv.slice(2);
const scaleIds = SCALE_SCENARIOS.map((s) => s.id);
const unknown = args.filter(
  (a) => a !== 'scale' && !scaleIds.includes(a) && !(BENCH_MODELS as string[]).includes(a),
);
if (unknown.length > 0) {
  console.error(
    `core.bench.ts: unknown ${unknown.join(', ')}; name any of ${[...BENCH_MODELS, 'scale', ...scaleIds].join(', ')}`,
  );
  process.exit(2);
}
const only = args.filter((a): a is ModelName => (BENCH_MODELS as string[]).includes(a));
const models = args.length === 0 ? BENCH_MODELS : only;
const results = models.map((m) => measure(m, benchScenario(m)));
if (results.length > 0) console.log(JSON.stringify({ benchmark: 'core-throughput', results }, null, 2));
for (const r of results) reportModel(r);
// The scale presets (100 and 1,000 nodes), each for a few simulated seconds, beside the same bare loop.
for (const s of SCALE_SCENARIOS)
  if (args.length === 0 || args.includes('scale') || args.includes(s.id)) {
    const r = measure(s.id, s.scenario(), s.seconds);
    console.log(JSON.stringify({ benchmark: 'core-scale', result: r }));
    reportScale(r);
  }
