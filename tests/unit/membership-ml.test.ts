/**
 * Multi-leader membership: a region's new leader catches up from its peers (sync, or state transfer), a removed
 * leader hears nothing more, and a run with membership actions taken live replays from its shared scenario with
 * the same trace hash.
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { Oracle } from '../../src/sim/oracle/oracle.ts';
import { getPreset } from '../../src/sim/scenarios/presets/index.ts';
import { parseScenario, type Scenario } from '../../src/sim/scenarios/schema.ts';
import type { MultiLeaderReplica } from '../../src/sim/types.ts';

function leaders(): Scenario {
  return {
    version: 1,
    name: 'three leaders',
    model: 'multi-leader',
    seed: 3,
    nodes: ['us', 'eu', 'ap'],
    clients: [
      { id: 'c1', home: 'us' },
      { id: 'c2', home: 'eu' },
    ],
    network: {
      latency: { dist: 'uniform', minMs: 20, maxMs: 40 },
      clientLatency: { dist: 'constant', ms: 2 },
      dropProbability: 0,
    },
    multiLeader: {
      leaders: ['us', 'eu', 'ap'],
      ownership: 'any',
      topology: 'all-to-all',
      resolution: 'lww',
      syncIntervalMs: 100,
    },
    clientTimeoutMs: 1000,
    workload: {
      enabled: true,
      kind: 'register',
      ratePerSec: 40,
      readFraction: 0.3,
      keys: ['a', 'b', 'c', 'd'],
    },
    durationMs: 2000,
    timeline: [],
  };
}

/** The node's values and version vectors by key (its own count of conflicts it detected is its own). */
const data = (sim: Simulation, id: string) =>
  (sim.model.replica(id) as MultiLeaderReplica).data.map((c) => ({ key: c.key, value: c.value, vv: c.vv }));

describe('multi-leader membership', () => {
  it("a region's new leader catches up from its peers and ends with the same data", () => {
    const sim = new Simulation(leaders(), { checkInvariants: true });
    sim.runUntil(500_000);
    sim.apply({ type: 'addNode', node: 'sa' });
    sim.runUntil(1_200_000);
    sim.apply({ type: 'setWorkload', enabled: false });
    sim.runUntil(2_000_000);
    expect(sim.nodes).toEqual(['us', 'eu', 'ap', 'sa']);
    expect(data(sim, 'sa')).toEqual(data(sim, 'us'));
    expect(data(sim, 'sa').map((c) => c.key)).toEqual(['a', 'b', 'c', 'd']);
    expect(sim.divergentKeys()).toEqual([]);
  });

  it('a removed leader receives nothing after, and the others stay judged without it', () => {
    const sim = new Simulation(leaders(), { checkInvariants: true });
    sim.runUntil(500_000);
    sim.apply({ type: 'removeNode', node: 'ap' });
    sim.runUntil(1_200_000);
    sim.apply({ type: 'setWorkload', enabled: false });
    sim.runUntil(2_000_000);
    expect(sim.messageLog.since(500_000).filter((m) => m.to === 'ap' && !m.dropped)).toEqual([]);
    expect(sim.nodes).toEqual(['us', 'eu']);
    expect(sim.divergentKeys()).toEqual([]);
    const kinds = new Oracle(sim).update().anomalies.map((a) => a.kind);
    expect(kinds.includes('divergence')).toBe(false);
  });
});

describe('membership actions replay from a shared scenario', () => {
  it.each([
    ['leader-follower', 'bank-ledger-async', 'bank_follower3', 'bank_follower1'],
    ['leaderless', 'social-posts', 'kv4', 'kv2'],
    ['multi-leader', 'ecommerce-any-leader', 'apac', 'eu_follower'],
  ])('%s: the live run and its shared scenario have one trace hash', (_model, presetId, added, removed) => {
    const preset = getPreset(presetId);
    if (!preset) throw new Error(presetId);
    const live = new Simulation(preset.scenario);
    live.runUntil(300_000);
    live.apply({ type: 'addNode', node: added });
    live.runUntil(700_000);
    live.apply({ type: 'removeNode', node: removed });
    live.runUntil(1_500_000);
    const shared = parseScenario(JSON.parse(JSON.stringify(live.currentScenario())));
    if (!shared.ok) throw new Error(JSON.stringify(shared.issues));
    const replay = new Simulation(shared.scenario);
    replay.runUntil(1_500_000);
    expect(replay.traceHash()).toBe(live.traceHash());
    expect(replay.nodes).toEqual(live.nodes);
  });
});
