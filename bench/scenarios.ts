/**
 * The benchmarks' workload under each model: a 5-node cluster taking 1,000 writes/s from four clients over a
 * 10 ms network, so the three models are measured on the same load (core.bench.ts, memory.bench.ts).
 */
import { getPreset } from '../src/sim/scenarios/presets/index.ts';
import type { ModelName, Scenario } from '../src/sim/scenarios/schema.ts';

const NODES = ['n1', 'n2', 'n3', 'n4', 'n5'];

function base(durationMs: number): Omit<Scenario, 'model' | 'name'> {
  return {
    version: 1,
    seed: 42,
    nodes: NODES,
    clients: [{ id: 'c1' }, { id: 'c2' }, { id: 'c3' }, { id: 'c4' }],
    network: { latency: { dist: 'normal', meanMs: 10, sdMs: 2 }, dropProbability: 0 },
    clientTimeoutMs: 1000,
    workload: {
      enabled: true,
      kind: 'register',
      ratePerSec: 1000,
      readFraction: 0,
      keys: ['a', 'b', 'c', 'd', 'e'],
    },
    durationMs,
    timeline: [],
  };
}

/** The same load under the given model; `durationMs` only bounds the scenario's own length. */
export function benchScenario(model: ModelName, durationMs = 3_600_000): Scenario {
  switch (model) {
    case 'leader-follower':
      return {
        ...base(durationMs),
        name: 'Throughput: 5 nodes, 1,000 writes/s',
        model,
        leaderFollower: { mode: 'async', semiSyncAcks: 1, heartbeatMs: 100 },
      };
    case 'multi-leader':
      // Every node leads and each client writes to its own leader, as a multi-datacenter setup does.
      return {
        ...base(durationMs),
        name: 'Throughput: 5 leaders, 1,000 writes/s',
        model,
        clients: NODES.slice(0, 4).map((home, i) => ({ id: `c${i + 1}`, home })),
        multiLeader: {
          leaders: NODES,
          ownership: 'any',
          topology: 'all-to-all',
          resolution: 'lww',
          syncIntervalMs: 200,
        },
      };
    case 'leaderless':
      return {
        ...base(durationMs),
        name: 'Throughput: 5 replicas (N=3, W=2, R=2), 1,000 writes/s',
        model,
        clients: NODES.slice(0, 4).map((home, i) => ({ id: `c${i + 1}`, home })),
        leaderless: { n: 3, w: 2, r: 2, readRepair: 'async', hintedHandoff: true, antiEntropyMs: 1000 },
      };
  }
}

export const BENCH_MODELS: readonly ModelName[] = ['leader-follower', 'multi-leader', 'leaderless'];

/** The scale presets the core bench measures (src/sim/scenarios/presets/scale.ts), each for a few simulated seconds. */
export const SCALE_SCENARIOS: readonly {
  readonly id: string;
  readonly scenario: () => Scenario;
  readonly seconds: number;
}[] = [
  { id: 'leaderless-100', preset: 'scale-leaderless-100', seconds: 10 },
  { id: 'leader-follower-100', preset: 'scale-leader-follower-100', seconds: 10 },
  { id: 'multi-leader-regions', preset: 'scale-multi-leader-regions', seconds: 10 },
  { id: 'leaderless-1000', preset: 'scale-leaderless-1000', seconds: 5 },
].map(({ id, preset, seconds }) => ({
  id,
  seconds,
  scenario: () => {
    const found = getPreset(preset);
    if (!found) throw new Error(`no preset "${preset}" in src/sim/scenarios/presets/`);
    return found.scenario;
  },
}));
