/**
 * Core throughput benchmark: simulated events per second of each model on a 5-node cluster under a 1,000
 * writes/s workload (bench/scenarios.ts), each beside a bare event-queue loop measured in the same run that
 * allocates a small object per event, as a simulator does (target: every model at least a quarter of the bare
 * loop's rate). Also prints each model's simulated-to-real time. Figures vary several times over on a shared
 * machine: judge the ratios, which share the machine's state of the moment.
 */
import { EventQueue } from '../src/sim/engine/queue.ts';
import { Simulation } from '../src/sim/engine/simulation.ts';
import type { ModelName } from '../src/sim/scenarios/schema.ts';
import { BENCH_MODELS, benchScenario } from './scenarios.ts';

const SIM_SECONDS = 20;
const RUNS = 3;

interface Ev {
  readonly n: number;
  time: number;
  order: number;
}

function bareLoop(events: number, pending: number): number {
  // The same queue: each step pops one event and schedules a new one (a fresh small object, as the simulation
  // allocates its events), keeping `pending` queued.
  const q = new EventQueue<Ev>();
  let x = 12345;
  for (let i = 0; i < pending; i++) q.push(i * 100, { n: i, time: 0, order: 0 });
  const start = performance.now();
  for (let i = 0; i < events; i++) {
    const e = q.pop();
    if (!e) break;
    x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff;
    q.push(e.time + 1 + (x % 20_000), { n: e.n + 1, time: 0, order: 0 });
  }
  return events / ((performance.now() - start) / 1000);
}

/** The simulation's mean queue depth, sampled every simulated 10 ms (outside the timed runs). */
function meanQueueDepth(model: ModelName): number {
  const sim = new Simulation(benchScenario(model));
  let sum = 0;
  let samples = 0;
  for (let t = 10_000; t <= SIM_SECONDS * 1_000_000; t += 10_000) {
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

function simRun(model: ModelName, seconds = SIM_SECONDS): SimRun {
  const sim = new Simulation(benchScenario(model));
  const start = performance.now();
  sim.runUntil(seconds * 1_000_000);
  const wallMs = performance.now() - start;
  const events = sim.counts().events;
  return { eventsPerSec: events / (wallMs / 1000), events, wallMs, hash: sim.traceHash() };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

function measure(model: ModelName) {
  // The bare loop keeps as many events queued as the simulation does on average, so both pay the same heap depth.
  const depth = meanQueueDepth(model);
  // Warm up both, then take the median of the runs, interleaved so machine noise hits both alike.
  simRun(model, 5);
  bareLoop(500_000, depth);
  const sims: SimRun[] = [];
  const bares: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const s = simRun(model);
    sims.push(s);
    bares.push(bareLoop(s.events, depth));
  }
  const simRate = median(sims.map((s) => s.eventsPerSec));
  const bareRate = median(bares);
  const ratio = simRate / bareRate;
  const wallMs = median(sims.map((s) => s.wallMs));
  const last = sims[sims.length - 1] as SimRun;
  return {
    model,
    scenario: benchScenario(model).name,
    simulatedSeconds: SIM_SECONDS,
    events: last.events,
    wallMs: Math.round(wallMs),
    simulatedPerRealSecond: Number((SIM_SECONDS / (wallMs / 1000)).toFixed(2)),
    simEventsPerSec: Math.round(simRate),
    bareLoopEventsPerSec: Math.round(bareRate),
    meanQueueDepth: depth,
    ratio: Number(ratio.toFixed(3)),
    target: 'ratio >= 0.25',
    pass: ratio >= 0.25,
    traceHash: last.hash,
  };
}

const only = process.argv.slice(2).filter((a): a is ModelName => (BENCH_MODELS as string[]).includes(a));
const results = (only.length > 0 ? only : BENCH_MODELS).map(measure);
console.log(JSON.stringify({ benchmark: 'core-throughput', results }, null, 2));
for (const r of results)
  console.log(
    `core ${r.model}: ${r.simEventsPerSec.toLocaleString('en-US')} events/s vs bare loop ${r.bareLoopEventsPerSec.toLocaleString('en-US')} events/s = ${(r.ratio * 100).toFixed(1)}% (target >= 25%): ${r.pass ? 'PASS' : 'MISS'}; ${r.simulatedPerRealSecond} simulated s per real s`,
  );
