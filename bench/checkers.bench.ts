/**
 * Checker benchmarks: (a) linearizability of a 10,000-operation history over 100 keys (target: under 1 s in
 * Node); (b) the checkers' overhead on the simulation's event rate (target: under 20%), measured two ways in the
 * same run: live, as the worker runs them (an incremental oracle update with the live step budget after every
 * 250 ms worth of events at full speed), and one-shot (checking the whole history once, against the time to
 * simulate it).
 */
import { checkRun, Oracle, registerOps } from '../src/sim/checkers/index.ts';
import { checkLinearizable } from '../src/sim/checkers/linearizability.ts';
import type { Scenario } from '../src/sim/scenario.ts';
import { Simulation } from '../src/sim/simulation.ts';
import { LIVE_CHECK_STEPS } from '../src/worker/core.ts';

const keys = Array.from({ length: 100 }, (_, i) => `k${i}`);
const scenario: Scenario = {
  version: 1,
  name: 'Checker benchmark: 5 nodes, strict quorums, 100 keys',
  model: 'leaderless',
  seed: 5,
  nodes: ['kv1', 'kv2', 'kv3', 'kv4', 'kv5'],
  clients: ['a', 'b', 'c', 'd', 'e'].map((id, i) => ({ id, home: `kv${i + 1}` })),
  network: {
    latency: { dist: 'exponential', meanMs: 2, minMs: 0.2 },
    clientLatency: { dist: 'constant', ms: 0.2 },
    dropProbability: 0,
  },
  leaderless: { n: 3, w: 3, r: 2 },
  clientTimeoutMs: 1000,
  workload: { enabled: true, kind: 'register', ratePerSec: 1000, readFraction: 0.5, keys },
  durationMs: 10_000,
  timeline: [],
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

const simMs: number[] = [];
const checkMs: number[] = [];
const linMs: number[] = [];
let ops = 0;
let verdict = '';
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  const sim = new Simulation(scenario);
  sim.runUntil(scenario.durationMs * 1000);
  const t1 = performance.now();
  checkRun(sim);
  const t2 = performance.now();
  const reg = registerOps(sim.clients.history);
  const t3 = performance.now();
  const v = checkLinearizable(reg);
  linMs.push(performance.now() - t3);
  simMs.push(t1 - t0);
  checkMs.push(t2 - t1);
  ops = sim.clients.history.length;
  verdict = v.result;
}
// Live: the same run in slices of 250 wall-ms worth of events (at the plain run's rate), with an oracle update
// after each, as the worker does while playing at full speed; against the same slices without the oracle.
const plainSim = new Simulation(scenario);
const p0 = performance.now();
plainSim.runUntil(scenario.durationMs * 1000);
const plainMs = performance.now() - p0;
const slice = Math.max(1000, Math.round((plainSim.counts().events / plainMs) * 250));
const sliced = (withOracle: boolean): number => {
  const sim = new Simulation(scenario);
  const oracle = new Oracle(sim);
  const t0 = performance.now();
  while (sim.nowUs < scenario.durationMs * 1000) {
    sim.runUntil(scenario.durationMs * 1000, slice);
    if (withOracle) oracle.update({ maxSteps: LIVE_CHECK_STEPS });
  }
  return performance.now() - t0;
};
const liveWith: number[] = [];
const liveWithout: number[] = [];
// One warm-up pair (the JIT), then five measured pairs, alternating so that load on the machine hits both.
sliced(false);
sliced(true);
for (let i = 0; i < 5; i++) {
  liveWithout.push(sliced(false));
  liveWith.push(sliced(true));
}
const liveOverhead = median(liveWith) / median(liveWithout) - 1;

const lin = median(linMs);
const overhead = median(checkMs) / median(simMs);
const result = {
  benchmark: 'checkers',
  historyOps: ops,
  keys: keys.length,
  linearizabilityMs: Number(lin.toFixed(1)),
  linearizabilityVerdict: verdict,
  linearizabilityTarget: '< 1000 ms',
  simulateMs: Number(median(simMs).toFixed(1)),
  allCheckersMs: Number(median(checkMs).toFixed(1)),
  oneShotOverhead: Number(overhead.toFixed(3)),
  liveSliceEvents: slice,
  liveOverhead: Number(liveOverhead.toFixed(3)),
  overheadTarget: '< 0.20 (live)',
  pass: lin < 1000 && liveOverhead < 0.2,
};
console.log(JSON.stringify(result, null, 2));
console.log(
  `checkers: linearizability of ${ops.toLocaleString('en-US')} operations over ${keys.length} keys in ${lin.toFixed(0)} ms (${verdict}; target < 1 s); run live (incremental, every 250 ms of events) the checkers cost ${(liveOverhead * 100).toFixed(1)}% of the event rate (target < 20%); checking the whole history once costs ${(overhead * 100).toFixed(1)}% of the time to simulate it: ${result.pass ? 'PASS' : 'MISS'}`,
);
