/**
 * The scenario rules beyond the shape (src/sim/scenarios/validate.ts), the interval floors, the mixture depth
 * limit and the work limit (work.ts): each refusal with its exact message and field path.
 */
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/sim/scenarios/presets/index.ts';
import {
  type Action,
  FLOORS,
  type Latency,
  LIMITS,
  mixtureDepth,
  parseScenario,
  type Scenario,
} from '../../src/sim/scenarios/schema.ts';
import { expectedWork, WORK_LIMIT } from '../../src/sim/scenarios/work.ts';

const leaderFollower = (): Scenario => ({
  version: 1,
  name: 'lf',
  model: 'leader-follower',
  seed: 1,
  nodes: ['a', 'b', 'c'],
  clients: [{ id: 'alice' }],
  network: { latency: { dist: 'constant', ms: 10 }, dropProbability: 0 },
  leaderFollower: { mode: 'async', semiSyncAcks: 1, heartbeatMs: 100 },
  clientTimeoutMs: 500,
  workload: { enabled: true, kind: 'register', ratePerSec: 100, readFraction: 0.5, keys: ['k'] },
  durationMs: 1000,
  timeline: [{ atUs: 5000, action: { type: 'write', client: 'alice', key: 'k', value: 'v' } }],
});

const leaderless = (): Scenario => ({
  ...leaderFollower(),
  name: 'll',
  model: 'leaderless',
  leaderFollower: undefined,
  leaderless: { n: 3, w: 2, r: 2 },
});

const multiLeader = (): Scenario => ({
  ...leaderFollower(),
  name: 'ml',
  model: 'multi-leader',
  nodes: ['us1', 'us2', 'eu1', 'eu2'],
  regions: [
    { id: 'US', nodes: ['us1', 'us2'] },
    { id: 'EU', nodes: ['eu1', 'eu2'] },
  ],
  leaderFollower: undefined,
  multiLeader: { leaders: ['us1', 'eu1'], ownership: 'any', topology: 'all-to-all', resolution: 'lww' },
  timeline: [],
});

/** The issues of a scenario as "path: message" lines ([] when it is valid). */
function issues(s: Scenario | Record<string, unknown>): string[] {
  const r = parseScenario(s);
  return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
}

const at = (atUs: number, action: Action) => ({ atUs, action });

describe('the work limit', () => {
  it('estimates operations and background traffic in units of about one event', () => {
    // 100 ops/s for 1 s plus the timeline's write, each 20 + 2 x 3 nodes; heartbeats every 100 ms, 2 x 3 each.
    expect(expectedWork(leaderFollower())).toEqual({
      operations: 101,
      operationWork: 101 * 26,
      background: [
        { mechanism: 'heartbeats', field: 'leaderFollower.heartbeatMs', intervalMs: 100, perRound: 6 },
      ],
      backgroundWork: 60,
      total: 2686,
    });
  });

  it('follows setWorkload through the timeline, a rate left out keeping the current one', () => {
    const s: Scenario = {
      ...leaderFollower(),
      workload: { ...leaderFollower().workload, enabled: false, ratePerSec: 50 },
      timeline: [
        at(200_000, { type: 'setWorkload', enabled: true }),
        at(400_000, { type: 'setWorkload', enabled: true, ratePerSec: 1000 }),
        at(600_000, { type: 'setWorkload', enabled: false }),
      ],
    };
    // 50/s for 0.2 s, then 1000/s for 0.2 s, then nothing.
    expect(expectedWork(s).operations).toBe(10 + 200);
    expect(expectedWork(s, 500).operations).toBe(10 + 100);
  });

  it('counts a leaderless operation at its N home replicas, twice N with a sloppy quorum, not every node', () => {
    const ring: Scenario = { ...leaderless(), nodes: Array.from({ length: 100 }, (_, i) => `n${i}`) };
    // 101 operations at 20 + 2 x 3 each; with a timeline of only a sloppy quorum, 100 at 20 + 2 x 6.
    expect(expectedWork(ring).operationWork).toBe(101 * 26);
    const sloppy = { ...ring, timeline: [at(0, { type: 'setQuorum', sloppyQuorum: true } as Action)] };
    expect(expectedWork(sloppy).operationWork).toBe(100 * 32);
  });

  it('counts elections once failover is automatic, at the shortest timeout the timeline sets', () => {
    const s: Scenario = {
      ...leaderFollower(),
      timeline: [at(0, { type: 'setFailover', failover: 'majority', electionTimeoutMs: 50 })],
    };
    expect(expectedWork(s).background).toEqual([
      { mechanism: 'heartbeats', field: 'leaderFollower.heartbeatMs', intervalMs: 100, perRound: 6 },
      { mechanism: 'elections', field: 'leaderFollower.electionTimeoutMs', intervalMs: 50, perRound: 18 },
    ]);
  });

  it('counts anti-entropy, hinted handoff and multi-leader synchronisation', () => {
    const ll: Scenario = {
      ...leaderless(),
      leaderless: { n: 3, w: 2, r: 2, antiEntropyMs: 500 },
      timeline: [at(0, { type: 'setQuorum', antiEntropyMs: 100, hintedHandoff: true })],
    };
    expect(expectedWork(ll).background).toEqual([
      { mechanism: 'anti-entropy', field: 'leaderless.antiEntropyMs', intervalMs: 100, perRound: 6 },
      { mechanism: 'hinted handoff', field: 'leaderless.handoffIntervalMs', intervalMs: 200, perRound: 6 },
    ]);
    // Two leaders ask each other (2 x 2 x 2), and their two followers ask one leader each (2 x 2).
    expect(expectedWork(multiLeader()).background).toEqual([
      {
        mechanism: 'leader synchronisation',
        field: 'multiLeader.syncIntervalMs',
        intervalMs: 200,
        perRound: 12,
      },
    ]);
  });

  it('refuses a day at 5,000 operations a second, naming the limit and what to change', () => {
    const s: Scenario = {
      ...leaderFollower(),
      durationMs: 86_400_000,
      workload: { ...leaderFollower().workload, ratePerSec: 5000 },
    };
    expect(issues(s)).toEqual([
      'durationMs: expected work 11,237,184,026 (432,000,001 operations: 11,232,000,026; heartbeats every 100 ms: 5,184,000) exceeds the limit of 2,000,000: shorten durationMs or lower workload.ratePerSec',
    ]);
  });

  it('names the background mechanism when it is what exceeds the limit', () => {
    const s: Scenario = {
      ...leaderFollower(),
      nodes: Array.from({ length: 25 }, (_, i) => `n${i}`),
      leaderFollower: { mode: 'async', semiSyncAcks: 1, heartbeatMs: 1 },
      workload: { ...leaderFollower().workload, enabled: false },
      timeline: [],
      durationMs: 60_000,
    };
    expect(issues(s)).toEqual([
      'durationMs: expected work 3,000,000 (0 operations: 0; heartbeats every 1 ms: 3,000,000) exceeds the limit of 2,000,000: shorten durationMs or lengthen leaderFollower.heartbeatMs',
    ]);
    expect(issues({ ...s, durationMs: 40_000 })).toEqual([]);
  });

  it('accepts every preset with room to spare', () => {
    for (const p of PRESETS) expect(expectedWork(p.scenario).total, p.id).toBeLessThan(WORK_LIMIT / 10);
    expect(LIMITS.maxWork).toBe(WORK_LIMIT);
  });
});

describe('latency mixtures', () => {
  const nest = (depth: number): Latency => {
    let latency: Latency = { dist: 'constant', ms: 1 };
    for (let i = 0; i < depth; i++) latency = { dist: 'mixture', components: [{ weight: 1, latency }] };
    return latency;
  };
  const message = `latency mixtures may nest at most ${LIMITS.maxMixtureDepth} levels deep (a mixture inside a mixture is 2); this one nests deeper`;

  it('nest at most 4 levels deep', () => {
    expect(mixtureDepth(nest(4))).toBe(4);
    expect(issues({ ...leaderFollower(), network: { latency: nest(4), dropProbability: 0 } })).toEqual([]);
    expect(issues({ ...leaderFollower(), network: { latency: nest(5), dropProbability: 0 } })).toEqual([
      `network.latency: ${message}`,
    ]);
  });

  it('are measured without recursion, so 5,000 levels give the message and not a stack overflow', () => {
    expect(mixtureDepth(nest(5000))).toBe(5);
    const s = { ...leaderFollower(), timeline: [at(0, { type: 'setLatency', latency: nest(5000) })] };
    expect(issues(s)).toEqual([`timeline[0].action.latency: ${message}`]);
  });
});

describe('references and settings that must agree', () => {
  it('cutLink and restoreLink name nodes or regions', () => {
    const s: Scenario = {
      ...multiLeader(),
      timeline: [
        at(0, { type: 'cutLink', a: 'US', b: 'eu2' }),
        at(1, { type: 'restoreLink', a: 'US', b: 'mars' }),
      ],
    };
    expect(issues(s)).toEqual(['timeline[1].action.b: unknown node or region "mars"']);
  });

  it('a partition puts each node in one group', () => {
    const s: Scenario = {
      ...leaderFollower(),
      timeline: [
        at(0, { type: 'partition', groups: [['a'], ['b', 'c']] }),
        at(1, { type: 'partition', groups: [['a', 'b'], ['a'], ['c', 'c']] }),
        at(2, { type: 'partition', groups: [['a'], ['ghost']] }),
      ],
    };
    expect(issues(s)).toEqual([
      'timeline[2].action.groups[1][0]: unknown node "ghost"',
      'timeline[1].action.groups[1][0]: node "a" is already in group 0: a node is on one side of a partition',
      'timeline[1].action.groups[2][1]: node "c" is listed twice in this group',
    ]);
  });

  it('setQuorum keeps N within the nodes and W, R within the N in effect', () => {
    const s: Scenario = {
      ...leaderless(),
      timeline: [
        at(0, { type: 'setQuorum', n: 25 }),
        // Lowering N alone brings W and R down with it, as the model and the sliders do.
        at(1, { type: 'setQuorum', n: 1 }),
        at(2, { type: 'setQuorum', w: 2 }),
        at(3, { type: 'setQuorum', n: 2, w: 2, r: 3 }),
      ],
    };
    expect(issues(s)).toEqual([
      'timeline[0].action.n: at most 3 (the number of nodes)',
      'timeline[2].action.w: at most n (1, the n in effect)',
      'timeline[3].action.r: at most n (2, the n in effect)',
    ]);
  });

  it('the leaderless section keeps W and R within N, and N within the nodes', () => {
    expect(issues({ ...leaderless(), leaderless: { n: 4, w: 5, r: 1 } })).toEqual([
      'leaderless.n: at most 3 (the number of nodes)',
      'leaderless.w: at most n (4)',
    ]);
  });

  it('timeline actions name known clients and nodes', () => {
    const s: Scenario = {
      ...leaderFollower(),
      timeline: [
        at(0, { type: 'write', client: 'mallory', key: 'k', value: 'v' }),
        at(1, { type: 'read', client: 'alice', key: 'k', node: 'z' }),
        at(2, { type: 'setReadPolicy', client: 'alice', policy: 'z' }),
        at(3, { type: 'crash', node: 'z' }),
        at(4, { type: 'setReplication', mode: 'sync', syncFollowers: ['b', 'z'] }),
      ],
    };
    expect(issues(s)).toEqual([
      'timeline[0].action.client: unknown client "mallory"',
      'timeline[1].action.node: unknown node "z"',
      'timeline[2].action.policy: unknown node "z"',
      'timeline[3].action.node: unknown node "z"',
      'timeline[4].action.syncFollowers[1]: unknown node "z"',
    ]);
  });

  it('semi-sync waits for no more acknowledgements than there are followers, in the timeline too', () => {
    const s: Scenario = {
      ...leaderFollower(),
      timeline: [at(0, { type: 'setReplication', mode: 'semisync', semiSyncAcks: 3 })],
    };
    expect(issues(s)).toEqual(['timeline[0].action.semiSyncAcks: at most 2 (the number of followers)']);
  });

  it('regions hold each node once, and their ids are not node or client ids', () => {
    const s: Scenario = {
      ...multiLeader(),
      regions: [
        { id: 'US', nodes: ['us1', 'us2'] },
        { id: 'eu1', nodes: ['eu1', 'us1'] },
        { id: 'US', nodes: ['eu2'] },
      ],
    };
    expect(issues(s)).toEqual([
      'regions[1].id: duplicate id "eu1"',
      'regions[2].id: duplicate id "US"',
      'regions[1].nodes[1]: node "us1" is already in region "US": a node belongs to one region',
    ]);
  });

  it('clock skews name known nodes and leaders are named once', () => {
    expect(
      issues({ ...leaderless(), leaderless: { n: 3, w: 2, r: 2, clockSkew: [{ node: 'q', ms: 5 }] } }),
    ).toEqual(['leaderless.clockSkew[0].node: unknown node "q"']);
    const ml = multiLeader();
    if (!ml.multiLeader) throw new Error('no multi-leader section');
    expect(issues({ ...ml, multiLeader: { ...ml.multiLeader, leaders: ['us1', 'eu1', 'us1'] } })).toEqual([
      'multiLeader.leaders[2]: "us1" is named twice',
    ]);
  });
});

describe('interval floors', () => {
  const flood = '(shorter intervals only flood the run)';

  it('refuse intervals that would flood the run, naming the floor', () => {
    const lf = leaderFollower();
    expect(
      issues({ ...lf, leaderFollower: { ...lf.leaderFollower, heartbeatMs: 0.5, shipIntervalMs: 0.5 } }),
    ).toEqual([
      `leaderFollower.heartbeatMs: at least ${FLOORS.heartbeatMs} ms ${flood}`,
      `leaderFollower.shipIntervalMs: 0 (ship at once) or at least ${FLOORS.shipIntervalMs} ms ${flood}`,
    ]);
    expect(
      issues({
        ...lf,
        leaderFollower: { mode: 'async', semiSyncAcks: 1, heartbeatMs: 50, electionTimeoutMs: 5 },
      }),
    ).toEqual([`leaderFollower.electionTimeoutMs: at least 10 ms ${flood}`]);
    expect(
      issues({ ...lf, timeline: [at(0, { type: 'setFailover', failover: 'naive', electionTimeoutMs: 9 })] }),
    ).toEqual([`timeline[0].action.electionTimeoutMs: at least 10 ms ${flood}`]);
  });

  it('anti-entropy is off (0) or at least 10 ms apart; handoff and synchronisation at least 10 ms', () => {
    const ll = leaderless();
    expect(issues({ ...ll, leaderless: { n: 3, w: 2, r: 2, antiEntropyMs: 0 } })).toEqual([]);
    expect(
      issues({ ...ll, leaderless: { n: 3, w: 2, r: 2, antiEntropyMs: 0.001, handoffIntervalMs: 1 } }),
    ).toEqual([
      `leaderless.antiEntropyMs: 0 (off) or at least 10 ms ${flood}`,
      `leaderless.handoffIntervalMs: at least 10 ms ${flood}`,
    ]);
    expect(issues({ ...ll, timeline: [at(0, { type: 'setQuorum', antiEntropyMs: 5 })] })).toEqual([
      `timeline[0].action.antiEntropyMs: 0 (off) or at least 10 ms ${flood}`,
    ]);
    const ml = multiLeader();
    if (!ml.multiLeader) throw new Error('no multi-leader section');
    expect(issues({ ...ml, multiLeader: { ...ml.multiLeader, syncIntervalMs: 1 } })).toEqual([
      `multiLeader.syncIntervalMs: at least 10 ms ${flood}`,
    ]);
  });
});
