/**
 * Core throughput benchmark: simulated events per second of a 5-node asynchronous leader-follower cluster under
 * a 1,000 writes/s workload over 60 s of simulated time, beside a bare event-queue loop measured in the same run
 * (target: the simulation reaches at least a quarter of the bare loop's rate).
 */
import { EventQueue } from '../src/sim/engine/queue.ts';
import { Simulation } from '../src/sim/engine/simulation.ts';
import type { Scenario } from '../src/sim/scenarios/schema.ts';

const SIM_SECONDS = 60;

export const throughputScenario: Scenario = {
  version: 1,
  name: 'Throughput: 5 nodes, 1,000 writes/s',
  model: 'leader-follower',
  seed: 42,
  nodes: ['n1', 'n2', 'n3', 'n4', 'n5'],
  clients: [{ id: 'c1' }, { id: 'c2' }, { id: 'c3' }, { id: 'c4' }],
  network: { latency: { dist: 'normal', meanMs: 10, sdMs: 2 }, dropProbability: 0 },
  leaderFollower: { mode: 'async', semiSyncAcks: 1, heartbeatMs: 100 },
  clientTimeoutMs: 1000,
  workload: {
    enabled: true,
    kind: 'register',
    ratePerSec: 1000,
    readFraction: 0,
    keys: ['a', 'b', 'c', 'd', 'e'],
  },
  durationMs: SIM_SECONDS * 1000,
  timeline: [],
};

function bareLoop(events: number, pending: number): number {
  // The same queue with no-op events: each pops one event and schedules one, keeping `pending` queued.
  const q = new EventQueue<{ n: number; time: number; order: number }>();
  let x = 12345;
  for (let i = 0; i < pending; i++) q.push(i * 100, { n: i, time: 0, order: 0 });
  const start = performance.now();
  for (let i = 0; i < events; i++) {
    const e = q.pop();
    if (!e) break;
    x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff;
    q.push(e.time + 1 + (x % 20_000), e);
  }
  return events / ((performance.now() - start) / 1000);
}

/** The simulation's mean queue depth, sampled every simulated millisecond (outside the timed runs). */
function meanQueueDepth(): number {
  const sim = new Simulation(throughputScenario);
  let sum = 0;
  let samples = 0;
  for (let t = 1000; t <= SIM_SECONDS * 1_000_000; t += 1000) {
    sim.runUntil(t);
    sum += sim.queuedEvents();
    samples++;
  }
  return Math.round(sum / samples);
}

function simRun(): { eventsPerSec: number; events: number; wallMs: number; hash: string; heapMb: number } {
  const sim = new Simulation(throughputScenario);
  const start = performance.now();
  sim.runUntil(SIM_SECONDS * 1_000_000);
  const wallMs = performance.now() - start;
  const events = sim.counts().events;
  return {
    eventsPerSec: events / (wallMs / 1000),
    events,
    wallMs,
    hash: sim.traceHash(),
    heapMb: process.memoryUsage().heapUsed / 1e6,
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

// The bare loop keeps as many events queued as the simulation does on average, so both pay the same heap depth.
const depth = meanQueueDepth();
// Warm up both, then take the median of three runs each, interleaved so machine noise hits both alike.
simRun();
bareLoop(500_000, depth);
const sims: ReturnType<typeof simRun>[] = [];
const bares: number[] = [];
for (let i = 0; i < 3; i++) {
  const s = simRun();
  sims.push(s);
  bares.push(bareLoop(s.events, depth));
}
const simRate = median(sims.map((s) => s.eventsPerSec));
const bareRate = median(bares);
const ratio = simRate / bareRate;
const last = sims[sims.length - 1] as ReturnType<typeof simRun>;
const result = {
  benchmark: 'core-throughput',
  scenario: throughputScenario.name,
  simulatedSeconds: SIM_SECONDS,
  events: last.events,
  wallMs: Math.round(last.wallMs),
  simEventsPerSec: Math.round(simRate),
  bareQueueEventsPerSec: Math.round(bareRate),
  meanQueueDepth: depth,
  ratio: Number(ratio.toFixed(3)),
  target: 'ratio >= 0.25',
  pass: ratio >= 0.25,
  traceHash: last.hash,
  heapUsedMb: Number(last.heapMb.toFixed(1)),
};
console.log(JSON.stringify(result, null, 2));
console.log(
  `core: ${result.simEventsPerSec.toLocaleString('en-US')} events/s vs bare queue ${result.bareQueueEventsPerSec.toLocaleString('en-US')} events/s = ${(ratio * 100).toFixed(1)}% (target >= 25%): ${result.pass ? 'PASS' : 'MISS'}`,
);
