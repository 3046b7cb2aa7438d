/**
 * Safety and convergence of failover over random fault timelines (crashes with or without disk, restarts,
 * partitions, heals at random times), checked after every instant of the run.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { checkRun } from '../../src/sim/oracle/oracle.ts';
import type {
  FailoverMode,
  ReadMode,
  ReplicationMode,
  Scenario,
  TimelineEntry,
} from '../../src/sim/scenarios/schema.ts';
import type { NodeView } from '../../src/sim/types.ts';

interface Faults {
  nodes: number;
  mode: ReplicationMode;
  seed: number;
  timeline: TimelineEntry[];
}

const FAULT_END_MS = 2000;

/** Random fault timelines; `diskLoss` allows crashes that lose the node's disk. */
const faultsArb = (diskLoss: boolean): fc.Arbitrary<Faults> =>
  fc
    .record({ nodes: fc.integer({ min: 3, max: 5 }), seed: fc.integer({ min: 0, max: 2 ** 31 }) })
    .chain(({ nodes, seed }) => {
      const ids = Array.from({ length: nodes }, (_, i) => `n${i + 1}`);
      const node = fc.constantFrom(...ids);
      const action = fc.oneof(
        fc.record({
          type: fc.constant('crash' as const),
          node,
          durable: diskLoss ? fc.boolean() : fc.constant(true),
        }),
        fc.record({ type: fc.constant('restart' as const), node }),
        fc.shuffledSubarray(ids, { minLength: 1, maxLength: nodes - 1 }).map((side) => ({
          type: 'partition' as const,
          groups: [side, ids.filter((n) => !side.includes(n))],
        })),
        fc.constant({ type: 'heal' as const }),
      );
      return fc.record({
        nodes: fc.constant(nodes),
        seed: fc.constant(seed),
        mode: fc.constantFrom('async' as const, 'semisync' as const, 'sync' as const),
        timeline: fc
          .array(fc.record({ atUs: fc.integer({ min: 0, max: FAULT_END_MS * 1000 }), action }), {
            maxLength: 12,
          })
          .map((t) => t.sort((a, b) => a.atUs - b.atUs)),
      });
    });

function scenarioOf(
  f: Faults,
  failover: FailoverMode,
  reads: ReadMode = 'local',
  workload: Scenario['workload'] = {
    enabled: true,
    kind: 'register',
    ratePerSec: 100,
    readFraction: 0.2,
    keys: ['a', 'b'],
  },
): Scenario {
  const nodes = Array.from({ length: f.nodes }, (_, i) => `n${i + 1}`);
  const end = FAULT_END_MS * 1000 + 1;
  return {
    version: 1,
    name: 'failover property',
    model: 'leader-follower',
    seed: f.seed,
    nodes,
    clients: [{ id: 'c1' }, { id: 'c2' }],
    network: { latency: { dist: 'normal', meanMs: 10, sdMs: 3 }, dropProbability: 0 },
    leaderFollower: {
      mode: f.mode,
      semiSyncAcks: 1,
      heartbeatMs: 30,
      failover,
      electionTimeoutMs: 100,
      reads,
    },
    clientTimeoutMs: 300,
    workload,
    durationMs: 6000,
    // After the faults: heal, restart everyone, stop the traffic, and give the cluster time to settle.
    timeline: [
      ...f.timeline,
      { atUs: end, action: { type: 'heal' } },
      ...nodes.map((node) => ({ atUs: end, action: { type: 'restart' as const, node } })),
      { atUs: end, action: { type: 'setWorkload', enabled: false } },
    ],
  };
}

interface Observed {
  leadersPerTerm: Map<number, Set<string>>;
  maxLiveLeaders: number;
  sim: Simulation;
}

/** A leader-follower node's log length. */
function logLength(v: NodeView): number {
  if (v.model !== 'leader-follower') throw new Error('not a leader-follower replica');
  return v.logLength;
}

/** Runs to the end, stepping instant by instant and recording who led which term. */
function observe(scenario: Scenario): Observed {
  const sim = new Simulation(scenario);
  const leadersPerTerm = new Map<number, Set<string>>();
  let maxLiveLeaders = 0;
  const end = scenario.durationMs * 1000;
  while (sim.nowUs < end && sim.step()) {
    let live = 0;
    for (const n of sim.nodes) {
      const s = sim.model.replica(n);
      if (s.model !== 'leader-follower' || s.role !== 'leader') continue;
      const set = leadersPerTerm.get(s.term) ?? new Set();
      set.add(n);
      leadersPerTerm.set(s.term, set);
      if (sim.network.isUp(n)) live++;
    }
    maxLiveLeaders = Math.max(maxLiveLeaders, live);
  }
  return { leadersPerTerm, maxLiveLeaders, sim };
}

describe('majority failover (property)', () => {
  it('at most one leader per term, no acknowledged write lost, all replicas converge', () => {
    // Raft's guarantees assume durable storage: crashes here keep their disk (see the next test for why).
    fc.assert(
      fc.property(faultsArb(false), (f) => {
        const { leadersPerTerm, sim } = observe(scenarioOf(f, 'majority'));
        for (const [term, leaders] of leadersPerTerm)
          expect(leaders.size, `term ${term} had leaders ${[...leaders]}`).toBe(1);
        expect(sim.lostWrites()).toEqual([]);
        const views = sim.nodeViews();
        expect(views.filter((v) => v.role === 'leader')).toHaveLength(1);
        const first = views[0];
        for (const v of views) {
          expect(v.up).toBe(true);
          expect(v.data).toEqual(first?.data);
          expect(logLength(v)).toBe(first && logLength(first));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('an old leader with a longer log of its own term is brought back in line after a second partition', () => {
    // Found by the property above: n1 led term 1 alone and kept accepting writes (log 152); n3 led term 5 with
    // 70 entries. After the heal n1's heartbeat replies matched at 65, and entries 66-70 were never sent to
    // replace n1's stale tail. A follower that acknowledges less than the leader has now gets the rest.
    const f: Faults = {
      nodes: 3,
      seed: 742338950,
      mode: 'async',
      timeline: [
        { atUs: 774730, action: { type: 'partition', groups: [['n1'], ['n2', 'n3']] } },
        { atUs: 1914316, action: { type: 'heal' } },
        { atUs: 1975030, action: { type: 'partition', groups: [['n3', 'n2'], ['n1']] } },
      ],
    };
    const { sim } = observe(scenarioOf(f, 'majority'));
    const views = sim.nodeViews();
    expect(views.map(logLength)).toEqual([70, 70, 70]);
    expect(views.map((v) => v.data)).toEqual([views[0]?.data, views[0]?.data, views[0]?.data]);
  });

  it("a follower holding an old leader's uncommitted tail catches up although heartbeats probe past its end", () => {
    // Found by the property above (seed 1880754887): n4 kept 35 entries of term 1 that term 5 never had. Each
    // heartbeat reply ("my log ends at 99") moved the leader's nextIndex forward past the catch-up batch in
    // flight, the probe at 99 was refused back to 1, and so on for ever: n4 stayed at 99 while the others
    // reached 104. A refusal now only moves nextIndex back.
    const f: Faults = {
      nodes: 5,
      seed: 14773693,
      mode: 'async',
      timeline: [
        { atUs: 549780, action: { type: 'partition', groups: [['n5', 'n2', 'n4', 'n1'], ['n3']] } },
        {
          atUs: 851084,
          action: {
            type: 'partition',
            groups: [
              ['n3', 'n5', 'n2'],
              ['n1', 'n4'],
            ],
          },
        },
        { atUs: 1282045, action: { type: 'crash', node: 'n4', durable: true } },
        { atUs: 1651497, action: { type: 'partition', groups: [['n4'], ['n1', 'n2', 'n3', 'n5']] } },
        { atUs: 1906620, action: { type: 'crash', node: 'n5', durable: true } },
      ],
    };
    const { sim } = observe(scenarioOf(f, 'majority'));
    const views = sim.nodeViews();
    expect(views.map(logLength)).toEqual([104, 104, 104, 104, 104]);
    expect(new Set(views.map((v) => JSON.stringify(v.data))).size).toBe(1);
    expect(sim.lostWrites()).toEqual([]);
  });

  it('losing a disk breaks the guarantee even under majority election: the tests find such a run', () => {
    // A node that forgets its log (and its vote) can help elect a leader that lacks committed entries.
    const result = fc.check(
      fc.property(faultsArb(true), (f) => observe(scenarioOf(f, 'majority')).sim.lostWrites().length === 0),
      { numRuns: 150, seed: 7 },
    );
    expect(result.failed).toBe(true);
  });
});

describe('naive failover (property)', () => {
  // Pinned regression seed: found by the search below, kept so the demonstration never depends on luck.
  const pinned: Faults = {
    nodes: 3,
    seed: 11,
    mode: 'async',
    timeline: [
      { atUs: 200_000, action: { type: 'partition', groups: [['n1'], ['n2', 'n3']] } },
      { atUs: 1_200_000, action: { type: 'heal' } },
    ],
  };

  it('the pinned seed shows split brain (two live leaders at once) and lost acknowledged writes', () => {
    const { maxLiveLeaders, sim } = observe(scenarioOf(pinned, 'naive'));
    expect(maxLiveLeaders).toBe(2);
    expect(sim.lostWrites().length).toBeGreaterThan(0);
    expect(sim.lostWrites().every((l) => l.ackedBy === 'n1' && l.term === 1)).toBe(true);
    // The same faults under majority election lose nothing.
    expect(observe(scenarioOf(pinned, 'majority')).sim.lostWrites()).toEqual([]);
  });

  it('random fault timelines find split brain with lost writes for some seeds', () => {
    const result = fc.check(
      fc.property(faultsArb(true), (f) => {
        const { maxLiveLeaders, sim } = observe(scenarioOf(f, 'naive'));
        return !(maxLiveLeaders >= 2 && sim.lostWrites().length > 0);
      }),
      { numRuns: 60, seed: 20261126 },
    );
    expect(result.failed).toBe(true);
  });
});

describe('linearizable reads (read-index) under majority failover (property)', () => {
  it('whatever the faults (durable disks), the history is linearizable and no read is stale', () => {
    let unknown = 0;
    fc.assert(
      fc.property(faultsArb(false), (f) => {
        // Lighter traffic over more keys than the other properties: each key's history stays small enough for an
        // exhaustive linearizability search.
        const workload = {
          enabled: true,
          kind: 'register' as const,
          ratePerSec: 40,
          readFraction: 0.5,
          keys: ['a', 'b', 'c', 'd'],
        };
        const sim = new Simulation(scenarioOf(f, 'majority', 'read-index', workload), {
          checkInvariants: true,
        });
        sim.runUntil(6_000_000);
        // Indeterminate writes (timed out at a cut-off leader) make the search wide; "unknown" means its budget
        // ran out, never a violation, and the count of such runs is pinned below.
        const result = checkRun(sim, { maxSteps: 5_000_000 });
        if (result.linearizability.result === 'unknown') unknown++;
        else expect(result.linearizability).toEqual({ result: 'linearizable' });
        expect(result.anomalies.filter((a) => a.kind === 'stale-read' || a.kind === 'lost-write')).toEqual(
          [],
        );
      }),
      { numRuns: 60, seed: 20261202 },
    );
    expect(unknown).toBeLessThanOrEqual(3);
  });
});

describe('naive failover never diverges silently (issue 13.1)', () => {
  it('two self-promoted leaders of one term: after the heal the loser follows, its writes are lost and reported, replicas converge', () => {
    // Three nodes, each alone from 10 ms: n2 and n3 both promote themselves into term 2. A through n2 and B
    // through n3 are both acknowledged; after the heal one side's entries of term 2 were made by another leader,
    // so the logs disagree at the same (index, term) and must be reconciled, not taken as agreeing.
    const scenario: Scenario = {
      version: 1,
      name: 'two naive leaders of one term',
      model: 'leader-follower',
      seed: 7,
      nodes: ['n1', 'n2', 'n3'],
      clients: [{ id: 'a' }, { id: 'b' }],
      network: {
        latency: { dist: 'constant', ms: 5 },
        clientLatency: { dist: 'constant', ms: 1 },
        dropProbability: 0,
      },
      leaderFollower: {
        mode: 'async',
        semiSyncAcks: 1,
        heartbeatMs: 50,
        failover: 'naive',
        electionTimeoutMs: 100,
      },
      clientTimeoutMs: 500,
      workload: { enabled: false, kind: 'register', ratePerSec: 10, readFraction: 0.5, keys: ['k'] },
      durationMs: 2500,
      timeline: [
        { atUs: 10_000, action: { type: 'partition', groups: [['n1'], ['n2'], ['n3']] } },
        { atUs: 600_000, action: { type: 'write', client: 'a', key: 'k', value: 'A', node: 'n2' } },
        { atUs: 600_000, action: { type: 'write', client: 'b', key: 'k', value: 'B', node: 'n3' } },
        { atUs: 800_000, action: { type: 'heal' } },
        { atUs: 2_400_000, action: { type: 'read', client: 'a', key: 'k', node: 'n2' } },
        { atUs: 2_400_000, action: { type: 'read', client: 'b', key: 'k', node: 'n3' } },
      ],
    };
    const sim = new Simulation(scenario, { checkInvariants: true });
    sim.runUntil(2_500_000);
    const [w1, w2, r1, r2] = sim.clients.history;
    expect(w1).toMatchObject({ status: 'ok', value: 'A', node: 'n2', term: 2 });
    expect(w2).toMatchObject({ status: 'ok', value: 'B', node: 'n3', term: 2 });
    // Both replicas now return the same value: the winner's.
    expect(r1?.value).toBe(r2?.value);
    expect(sim.divergentKeys()).toEqual([]);
    // The loser's acknowledged write is reported as lost, with where and why.
    const lost = sim.lostWrites();
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatchObject({ key: 'k', term: 2 });
    expect(lost[0]?.value).not.toBe(r1?.value);
    expect(lost[0]?.reason).toMatch(/discarded it when it followed/);
  });
});
