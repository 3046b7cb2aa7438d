/**
 * Leader-follower presets: the bank ledger of the project's brief (async, sync, semi-sync; in bank.ts), the
 * session guarantees a lagging follower breaks, and the failover stories of DDIA chapter 5, each beside its fix.
 */
import type { Action, Scenario, TimelineEntry } from '../schema.ts';
import { BANK_PRESETS } from './bank.ts';
import { at, every, type PresetSpec, r, w } from './helpers.ts';

/** A cluster of db1 (the first leader) and its followers, for the failover scenarios (DDIA chapter 5). */
function dbCluster(
  overrides: Partial<Scenario> & Pick<Scenario, 'name' | 'timeline'>,
  lf: Partial<Scenario['leaderFollower']> = {},
  nodeCount = 3,
): Scenario {
  return {
    version: 1,
    model: 'leader-follower',
    seed: 5,
    nodes: Array.from({ length: nodeCount }, (_, i) => `db${i + 1}`),
    clients: [{ id: 'alice', readFrom: 'any' }],
    network: {
      latency: { dist: 'normal', meanMs: 20, sdMs: 4 },
      clientLatency: { dist: 'normal', meanMs: 3, sdMs: 0.5 },
      dropProbability: 0,
    },
    leaderFollower: {
      mode: 'async',
      semiSyncAcks: 1,
      heartbeatMs: 50,
      failover: 'naive',
      electionTimeoutMs: 150,
      ...lf,
    },
    clientTimeoutMs: 400,
    workload: { enabled: false, kind: 'register', ratePerSec: 10, readFraction: 0.5, keys: ['profile'] },
    durationMs: 1500,
    ...overrides,
    timeline: [...overrides.timeline].sort((a, b) => a.atUs - b.atUs),
  };
}

/** Followers far from the leader (a cross-region replica): replication lags by about `lagMs`. */
const farFollowers = (lagMs: number, followers: string[]) =>
  followers.map((f) => ({
    a: 'db1',
    b: f,
    latency: { dist: 'normal' as const, meanMs: lagMs, sdMs: lagMs / 10 },
  }));

const PROFILE_TIMELINE = [
  w(5, 'alice', 'profile', 'v1'),
  w(200, 'alice', 'profile', 'v2'),
  ...every(215, 275, 10, () => ({ type: 'read', client: 'alice', key: 'profile' })),
];

const ORDERS = [
  w(10, 'alice', 'order_1', 'paid'),
  w(40, 'alice', 'order_2', 'paid'),
  w(70, 'alice', 'order_3', 'paid'),
  at(150, { type: 'crash', node: 'db1' }),
  at(900, { type: 'restart', node: 'db1' }),
];

const SPLIT_BRAIN_TIMELINE: TimelineEntry[] = [
  w(10, 'alice', 'cart', 'book'),
  at(300, {
    type: 'partition',
    groups: [
      ['db1', 'db2'],
      ['db3', 'db4', 'db5'],
    ],
  }),
  ...every(600, 1000, 100, (_, i) => ({
    type: 'write',
    client: 'alice',
    key: 'cart',
    value: `alice-${i + 1}`,
    node: 'db1',
  })),
  ...every(650, 1050, 200, (_, i) => ({
    type: 'write',
    client: 'bob',
    key: 'wishlist',
    value: `bob-${i + 1}`,
    node: 'db4',
  })),
  at(1200, { type: 'heal' }),
];

const nextOrderId = (): Action => ({
  type: 'write',
  client: 'alice',
  key: 'order_id',
  value: '',
  autoIncrement: true,
});

const FAILOVERS: readonly PresetSpec[] = [
  {
    id: 'read-your-writes-violation',
    title: 'Read-your-writes violated (async followers)',
    summary: 'alice updates her profile, then reads her old one from a lagging follower.',
    explanation:
      'alice updates her profile, then reloads it. Her reads go to any replica; the followers are 80 ms behind ' +
      'the leader, so a read served by a follower shows her the old profile: she does not see her own write ' +
      '(DDIA 5, "Reading your own writes"). Fix: the read-your-writes policy.',
    shows: ['read-your-writes'],
    speed: 25,
    scenario: dbCluster(
      {
        name: 'Read-your-writes violation',
        network: {
          latency: { dist: 'normal', meanMs: 20, sdMs: 4 },
          clientLatency: { dist: 'normal', meanMs: 3, sdMs: 0.5 },
          dropProbability: 0,
          links: farFollowers(80, ['db2', 'db3']),
        },
        timeline: PROFILE_TIMELINE,
      },
      { failover: 'manual' },
    ),
  },
  {
    id: 'read-your-writes-fixed',
    fixes: 'read-your-writes-violation',
    title: 'Read-your-writes kept (fixed)',
    summary: "Reads carry alice's last write position, so she always sees her own update.",
    explanation:
      'The same workload with the read-your-writes policy: alice sends the position of her last write with each ' +
      'read; a follower that has not applied it hands the read to the leader. No stale read of her own writes.',
    name: 'Read-your-writes (fixed)',
    patch: { clients: [{ id: 'alice', readFrom: 'read-your-writes' }] },
  },
  {
    id: 'monotonic-reads-violation',
    title: 'Monotonic reads violated (followers with unequal lag)',
    summary: "A new comment appears, then disappears, as bob's reads hop between followers.",
    explanation:
      'db2 lags the leader by 10 ms, db3 by 1 s. bob reloads a comment thread every 40 ms from any replica: a ' +
      'new comment appears (served by db2), then disappears again (served by db3), as if time went backwards ' +
      '(DDIA 5, "Monotonic reads"). Fix: a sticky replica per user.',
    shows: ['monotonic-reads'],
    speed: 50,
    scenario: dbCluster(
      {
        name: 'Monotonic reads violation',
        clients: [{ id: 'alice' }, { id: 'bob', readFrom: 'any' }],
        network: {
          latency: { dist: 'normal', meanMs: 20, sdMs: 4 },
          clientLatency: { dist: 'normal', meanMs: 3, sdMs: 0.5 },
          dropProbability: 0,
          links: [
            { a: 'db1', b: 'db2', latency: { dist: 'normal', meanMs: 10, sdMs: 1 } },
            { a: 'db1', b: 'db3', latency: { dist: 'normal', meanMs: 1000, sdMs: 20 } },
          ],
        },
        timeline: [
          w(5, 'alice', 'thread', 'first comment'),
          w(100, 'alice', 'thread', 'second comment'),
          ...every(130, 650, 40, () => ({ type: 'read', client: 'bob', key: 'thread' })),
        ],
        durationMs: 2500,
      },
      { failover: 'manual', heartbeatMs: 100 },
    ),
  },
  {
    id: 'monotonic-reads-fixed',
    fixes: 'monotonic-reads-violation',
    title: 'Monotonic reads kept (fixed)',
    summary: "A sticky replica per user: bob's reads never go back in time.",
    explanation:
      'The same reads with a sticky replica: bob always reads from the one replica chosen for him. He may read ' +
      'old data, but never data older than he has already seen.',
    name: 'Monotonic reads (fixed)',
    patch: { clients: [{ id: 'alice' }, { id: 'bob', readFrom: 'monotonic' }] },
  },
  {
    id: 'async-failover-lost-writes',
    title: 'Async failover loses acknowledged writes',
    summary: 'The leader crashes before shipping three acknowledged orders; failover discards them.',
    explanation:
      'db1 acknowledges three orders at once (asynchronous replication) but ships its log only every 200 ms. ' +
      'It crashes at 150 ms, before shipping them. A follower times out and promotes itself (naive failover). When db1 ' +
      'comes back at 900 ms it rejoins as a follower of the new leader and its three acknowledged orders are discarded.',
    shows: ['lost-write'],
    speed: 100,
    scenario: dbCluster(
      { name: 'Async failover: lost acknowledged writes', timeline: ORDERS },
      { shipIntervalMs: 200 },
    ),
  },
  {
    id: 'semisync-failover-no-loss',
    fixes: 'async-failover-lost-writes',
    title: 'Semi-sync + majority election lose nothing (fixed)',
    summary: 'Semi-sync and a majority election: the same crash loses no acknowledged order.',
    explanation:
      'The same crash with semi-synchronous replication and Raft-style majority election: db1 acknowledges an ' +
      'order only once a follower holds it, so the three orders are still unacknowledged when it crashes ' +
      '(indeterminate: the clients time out). The elected leader has every acknowledged write; none is lost.',
    name: 'Semi-sync failover: no lost writes',
    patch: {
      leaderFollower: { mode: 'semisync', failover: 'majority' },
      // One more order after the restart shows the elected leader taking writes.
      timeline: [...ORDERS, w(1000, 'alice', 'order_4', 'paid')],
    },
  },
  {
    id: 'split-brain',
    title: 'Split brain (naive failover under a partition)',
    summary: "A partition makes two leaders; at the heal the old leader's acknowledged writes are destroyed.",
    explanation:
      'A partition cuts db1 and db2 off from db3, db4 and db5 at 300 ms. The majority side times out and db3 or ' +
      'a peer promotes itself without any vote, while db1 never learns it was replaced and keeps acknowledging ' +
      "alice's writes. Two leaders accept writes. At the heal (1200 ms) db1 sees the newer term, steps down, and " +
      'every write it acknowledged during the partition is destroyed.',
    shows: ['lost-write'],
    speed: 100,
    scenario: dbCluster(
      {
        name: 'Split brain',
        clients: [{ id: 'alice' }, { id: 'bob' }],
        timeline: SPLIT_BRAIN_TIMELINE,
        durationMs: 2000,
      },
      {},
      5,
    ),
  },
  {
    id: 'split-brain-fixed',
    fixes: 'split-brain',
    title: 'No split brain: majority election with terms (fixed)',
    summary: 'Majority election: the cut-off leader cannot commit, and no acknowledged write is lost.',
    explanation:
      'The same partition under Raft-style majority election. The majority side elects db3, db4 or db5 for ' +
      'term 2 with three votes. db1 keeps the leader role in its minority but can no longer commit: its writes ' +
      'time out as indeterminate instead of being acknowledged. At the heal the newer term fences it off; no ' +
      'acknowledged write is lost.',
    name: 'Split brain (fixed)',
    patch: { leaderFollower: { failover: 'majority' } },
  },
  {
    id: 'stale-leader-reads',
    title: 'Reads from a deposed leader (not linearizable)',
    summary:
      'A leader cut off by a partition keeps answering reads with a value the cluster has overwritten.',
    explanation:
      'Majority election keeps every acknowledged write, but reads are another matter. At 300 ms a partition ' +
      'cuts db1, the leader, off from db2 and db3, which elect a new leader for term 2. bob writes x = 2 through ' +
      'the new side at 1,000 ms. alice still reads from db1, her leader as far as she knows: db1 has not heard ' +
      'of term 2 and answers from its own state, x = 1, after x = 2 was acknowledged. That read is stale, and ' +
      'no order of the operations explains it: the history is not linearizable.',
    shows: ['stale-read', 'not-linearizable'],
    speed: 250,
    scenario: dbCluster(
      {
        name: 'Stale leader reads',
        clients: [
          { id: 'alice', readFrom: 'leader' },
          { id: 'bob', home: 'db2', readFrom: 'leader' },
        ],
        timeline: [
          w(100, 'bob', 'x', '1', 'db2'),
          r(200, 'alice', 'x'),
          at(300, { type: 'partition', groups: [['db1'], ['db2', 'db3']] }),
          w(1000, 'bob', 'x', '2', 'db2'),
          r(1100, 'alice', 'x'),
          at(1700, { type: 'heal' }),
          r(2000, 'alice', 'x'),
        ],
        durationMs: 2400,
      },
      { failover: 'majority' },
    ),
  },
  {
    id: 'stale-leader-reads-fixed',
    fixes: 'stale-leader-reads',
    title: 'Linearizable reads: read-index (fixed)',
    summary:
      'The leader confirms with a majority before it answers: the deposed leader cannot, so no stale read.',
    explanation:
      "The same partition with Raft's read-index (section 6.4). A leader answers a read with its committed state " +
      'only after a heartbeat round in which a majority still follows it. Cut off at 1,100 ms, db1 cannot ' +
      "confirm, so alice's read times out and fails instead of returning x = 1. After the heal db1 learns of " +
      'term 2, steps down and redirects her to the new leader, which returns x = 2.',
    name: 'Stale leader reads (fixed)',
    patch: { leaderFollower: { reads: 'read-index' } },
  },
  {
    id: 'key-reuse-after-failover',
    title: 'Auto-increment ids reused after failover',
    summary: 'A promoted follower hands out order ids 4 and 5 a second time.',
    explanation:
      'db1 hands out order ids from an auto-increment counter and ships its log every 100 ms. It crashes after ' +
      'acknowledging ids 4 and 5 but before shipping them. The promoted follower only has ids 1-3, so it hands ' +
      'out 4 and 5 again: two orders now share an id (as in the GitHub incident, DDIA 5).',
    shows: ['duplicate-id'],
    speed: 50,
    scenario: dbCluster(
      {
        name: 'Key reuse after failover',
        timeline: [
          ...every(10, 50, 20, nextOrderId),
          at(110, nextOrderId()),
          at(130, nextOrderId()),
          at(150, { type: 'crash', node: 'db1' }),
          ...every(700, 760, 30, nextOrderId),
        ],
      },
      { shipIntervalMs: 100 },
    ),
  },
  {
    id: 'key-reuse-fixed',
    fixes: 'key-reuse-after-failover',
    title: 'No reused ids: semi-sync + majority election (fixed)',
    summary: 'Semi-sync and a majority election: no acknowledged id is handed out twice.',
    explanation:
      'With semi-synchronous replication an id is acknowledged only once a follower holds it, and majority ' +
      'election promotes a follower with every acknowledged entry: no acknowledged id is handed out twice.',
    name: 'Key reuse (fixed)',
    patch: { leaderFollower: { mode: 'semisync', failover: 'majority' } },
  },
];

/** The benchmark's cluster, hidden from the picker. */
const STRESS: PresetSpec = {
  id: 'bench-25-nodes',
  title: 'Stress: 25 nodes, 1,000 writes/s',
  summary: 'A 25-node asynchronous cluster under 1,000 generated writes per second.',
  explanation:
    'A 25-node asynchronous cluster under a heavy generated workload, used by the frame-time benchmark.',
  hidden: true,
  speed: 10,
  scenario: {
    version: 1,
    name: 'Stress: 25 nodes',
    model: 'leader-follower',
    seed: 7,
    nodes: Array.from({ length: 25 }, (_, i) => (i === 0 ? 'leader' : `follower${i}`)),
    clients: [{ id: 'c1' }, { id: 'c2' }, { id: 'c3' }, { id: 'c4' }],
    network: { latency: { dist: 'normal', meanMs: 30, sdMs: 6 }, dropProbability: 0 },
    leaderFollower: { mode: 'async', semiSyncAcks: 1, heartbeatMs: 100 },
    clientTimeoutMs: 1000,
    workload: {
      enabled: true,
      kind: 'register',
      ratePerSec: 1000,
      readFraction: 0.1,
      keys: ['a', 'b', 'c', 'd'],
    },
    durationMs: 1000,
    timeline: [],
  },
};

/** The failover stories (DDIA chapter 5), each beside its fix. */
export const FAILOVER_PRESETS: readonly PresetSpec[] = FAILOVERS;

/** In picker order: the bank ledger (bank.ts), then the failover stories. */
export const LEADER_FOLLOWER_PRESETS: readonly PresetSpec[] = [...BANK_PRESETS, ...FAILOVER_PRESETS];

/** Hidden presets, listed last. */
export const HIDDEN_PRESETS: readonly PresetSpec[] = [STRESS];
