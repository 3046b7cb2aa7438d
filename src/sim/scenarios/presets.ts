/**
 * Built-in scenarios. Each is plain data that passes the scenario schema (a test checks it), with a summary the
 * UI shows beside the graph and the CLI lists with `--list-presets`.
 */
import type { Scenario, TimelineEntry } from './schema.ts';

export interface Preset {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  /** Hidden from the UI's picker (benchmarks), still available to the CLI and share URLs. */
  readonly hidden?: boolean;
  readonly scenario: Scenario;
}

const BANK_NODES = ['bank_leader', 'bank_follower1', 'bank_follower2'];
const ACCOUNTS = ['account_123', 'account_456', 'account_789'];

function ms(t: number): number {
  return Math.round(t * 1000);
}

function bank(overrides: Partial<Scenario> & Pick<Scenario, 'name' | 'timeline'>): Scenario {
  return {
    version: 1,
    model: 'leader-follower',
    seed: 20261126,
    nodes: BANK_NODES,
    clients: [{ id: 'teller', readFrom: 'any' }],
    network: {
      // Followers sit in another data centre: 30 ms away from the leader, while the client is near every node.
      latency: { dist: 'normal', meanMs: 30, sdMs: 6 },
      clientLatency: { dist: 'normal', meanMs: 4, sdMs: 1 },
      dropProbability: 0,
    },
    leaderFollower: { mode: 'async', semiSyncAcks: 1, heartbeatMs: 100 },
    clientTimeoutMs: 500,
    workload: { enabled: true, kind: 'bank', ratePerSec: 20, readFraction: 0.5, keys: ACCOUNTS },
    durationMs: 2000,
    ...overrides,
  };
}

const write = (atMs: number, key: string, value: string): TimelineEntry => ({
  atUs: ms(atMs),
  action: { type: 'write', client: 'teller', key, value },
});
const read = (atMs: number, key: string, node: string): TimelineEntry => ({
  atUs: ms(atMs),
  action: { type: 'read', client: 'teller', key, node },
});

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

const at = (ms: number, action: TimelineEntry['action']): TimelineEntry => ({
  atUs: Math.round(ms * 1000),
  action,
});
const every = (
  fromMs: number,
  toMs: number,
  stepMs: number,
  make: (ms: number, i: number) => TimelineEntry['action'],
) =>
  Array.from({ length: Math.floor((toMs - fromMs) / stepMs) + 1 }, (_, i) =>
    at(fromMs + i * stepMs, make(fromMs + i * stepMs, i)),
  );

/** Followers far from the leader (a cross-region replica): replication lags by about `lagMs`. */
const farFollowers = (lagMs: number, followers: string[]) =>
  followers.map((f) => ({
    a: 'db1',
    b: f,
    latency: { dist: 'normal' as const, meanMs: lagMs, sdMs: lagMs / 10 },
  }));

const FAILOVER_PRESETS: readonly Preset[] = [
  {
    id: 'read-your-writes-violation',
    title: 'Read-your-writes violated (async followers)',
    summary:
      'alice updates her profile, then reloads it. Her reads go to any replica; the followers are 80 ms behind ' +
      'the leader, so a read served by a follower shows her the old profile: she does not see her own write ' +
      '(DDIA 5, "Reading your own writes"). Fix: the read-your-writes policy.',
    scenario: dbCluster(
      {
        name: 'Read-your-writes violation',
        network: {
          latency: { dist: 'normal', meanMs: 20, sdMs: 4 },
          clientLatency: { dist: 'normal', meanMs: 3, sdMs: 0.5 },
          dropProbability: 0,
          links: farFollowers(80, ['db2', 'db3']),
        },
        timeline: [
          at(5, { type: 'write', client: 'alice', key: 'profile', value: 'v1' }),
          at(200, { type: 'write', client: 'alice', key: 'profile', value: 'v2' }),
          ...every(215, 275, 10, () => ({ type: 'read', client: 'alice', key: 'profile' })),
        ],
      },
      { failover: 'manual' },
    ),
  },
  {
    id: 'read-your-writes-fixed',
    title: 'Read-your-writes kept (fixed)',
    summary:
      'The same workload with the read-your-writes policy: alice sends the position of her last write with each ' +
      'read; a follower that has not applied it hands the read to the leader. No stale read of her own writes.',
    scenario: dbCluster(
      {
        name: 'Read-your-writes (fixed)',
        clients: [{ id: 'alice', readFrom: 'read-your-writes' }],
        network: {
          latency: { dist: 'normal', meanMs: 20, sdMs: 4 },
          clientLatency: { dist: 'normal', meanMs: 3, sdMs: 0.5 },
          dropProbability: 0,
          links: farFollowers(80, ['db2', 'db3']),
        },
        timeline: [
          at(5, { type: 'write', client: 'alice', key: 'profile', value: 'v1' }),
          at(200, { type: 'write', client: 'alice', key: 'profile', value: 'v2' }),
          ...every(215, 275, 10, () => ({ type: 'read', client: 'alice', key: 'profile' })),
        ],
      },
      { failover: 'manual' },
    ),
  },
  {
    id: 'monotonic-reads-violation',
    title: 'Monotonic reads violated (followers with unequal lag)',
    summary:
      'db2 lags the leader by 10 ms, db3 by 1 s. bob reloads a comment thread every 40 ms from any replica: a ' +
      'new comment appears (served by db2), then disappears again (served by db3), as if time went backwards ' +
      '(DDIA 5, "Monotonic reads"). Fix: a sticky replica per user.',
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
          at(5, { type: 'write', client: 'alice', key: 'thread', value: 'first comment' }),
          at(100, { type: 'write', client: 'alice', key: 'thread', value: 'second comment' }),
          ...every(130, 650, 40, () => ({ type: 'read', client: 'bob', key: 'thread' })),
        ],
        durationMs: 2500,
      },
      { failover: 'manual', heartbeatMs: 100 },
    ),
  },
  {
    id: 'monotonic-reads-fixed',
    title: 'Monotonic reads kept (fixed)',
    summary:
      'The same reads with a sticky replica: bob always reads from the one replica chosen for him. He may read ' +
      'old data, but never data older than he has already seen.',
    scenario: dbCluster(
      {
        name: 'Monotonic reads (fixed)',
        clients: [{ id: 'alice' }, { id: 'bob', readFrom: 'monotonic' }],
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
          at(5, { type: 'write', client: 'alice', key: 'thread', value: 'first comment' }),
          at(100, { type: 'write', client: 'alice', key: 'thread', value: 'second comment' }),
          ...every(130, 650, 40, () => ({ type: 'read', client: 'bob', key: 'thread' })),
        ],
        durationMs: 2500,
      },
      { failover: 'manual', heartbeatMs: 100 },
    ),
  },
  {
    id: 'async-failover-lost-writes',
    title: 'Async failover loses acknowledged writes',
    summary:
      'db1 acknowledges three orders at once (asynchronous replication) but ships its log only every 200 ms. ' +
      'It crashes at 150 ms, before shipping them. A follower times out and promotes itself (naive failover). When db1 ' +
      'comes back at 900 ms it rejoins as a follower of the new leader and its three acknowledged orders are discarded.',
    scenario: dbCluster(
      {
        name: 'Async failover: lost acknowledged writes',
        timeline: [
          at(10, { type: 'write', client: 'alice', key: 'order_1', value: 'paid' }),
          at(40, { type: 'write', client: 'alice', key: 'order_2', value: 'paid' }),
          at(70, { type: 'write', client: 'alice', key: 'order_3', value: 'paid' }),
          at(150, { type: 'crash', node: 'db1' }),
          at(900, { type: 'restart', node: 'db1' }),
        ],
      },
      { shipIntervalMs: 200 },
    ),
  },
  {
    id: 'semisync-failover-no-loss',
    title: 'Semi-sync + majority election lose nothing (fixed)',
    summary:
      'The same crash with semi-synchronous replication and Raft-style majority election: db1 acknowledges an ' +
      'order only once a follower holds it, so the three orders are still unacknowledged when it crashes ' +
      '(indeterminate: the clients time out). The elected leader has every acknowledged write; none is lost.',
    scenario: dbCluster(
      {
        name: 'Semi-sync failover: no lost writes',
        timeline: [
          at(10, { type: 'write', client: 'alice', key: 'order_1', value: 'paid' }),
          at(40, { type: 'write', client: 'alice', key: 'order_2', value: 'paid' }),
          at(70, { type: 'write', client: 'alice', key: 'order_3', value: 'paid' }),
          at(150, { type: 'crash', node: 'db1' }),
          at(900, { type: 'restart', node: 'db1' }),
          at(1000, { type: 'write', client: 'alice', key: 'order_4', value: 'paid' }),
        ],
      },
      { mode: 'semisync', semiSyncAcks: 1, failover: 'majority', shipIntervalMs: 200 },
    ),
  },
  {
    id: 'split-brain',
    title: 'Split brain (naive failover under a partition)',
    summary:
      'A partition cuts db1 and db2 off from db3, db4 and db5 at 300 ms. The majority side times out and db3 or ' +
      'a peer promotes itself without any vote, while db1 never learns it was replaced and keeps acknowledging ' +
      "alice's writes. Two leaders accept writes. At the heal (1200 ms) db1 sees the newer term, steps down, and " +
      'every write it acknowledged during the partition is destroyed.',
    scenario: dbCluster(
      {
        name: 'Split brain',
        clients: [{ id: 'alice' }, { id: 'bob' }],
        timeline: [
          at(10, { type: 'write', client: 'alice', key: 'cart', value: 'book' }),
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
        ],
        durationMs: 2000,
      },
      {},
      5,
    ),
  },
  {
    id: 'split-brain-fixed',
    title: 'No split brain: majority election with terms (fixed)',
    summary:
      'The same partition under Raft-style majority election. The majority side elects db3, db4 or db5 for ' +
      'term 2 with three votes. db1 keeps the leader role in its minority but can no longer commit: its writes ' +
      'time out as indeterminate instead of being acknowledged. At the heal the newer term fences it off; no ' +
      'acknowledged write is lost.',
    scenario: dbCluster(
      {
        name: 'Split brain (fixed)',
        clients: [{ id: 'alice' }, { id: 'bob' }],
        timeline: [
          at(10, { type: 'write', client: 'alice', key: 'cart', value: 'book' }),
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
        ],
        durationMs: 2000,
      },
      { failover: 'majority' },
      5,
    ),
  },
  {
    id: 'key-reuse-after-failover',
    title: 'Auto-increment ids reused after failover',
    summary:
      'db1 hands out order ids from an auto-increment counter and ships its log every 100 ms. It crashes after ' +
      'acknowledging ids 4 and 5 but before shipping them. The promoted follower only has ids 1-3, so it hands ' +
      'out 4 and 5 again: two orders now share an id (as in the GitHub incident, DDIA 5).',
    scenario: dbCluster(
      {
        name: 'Key reuse after failover',
        timeline: [
          ...every(10, 50, 20, () => ({
            type: 'write',
            client: 'alice',
            key: 'order_id',
            value: '',
            autoIncrement: true,
          })),
          at(110, { type: 'write', client: 'alice', key: 'order_id', value: '', autoIncrement: true }),
          at(130, { type: 'write', client: 'alice', key: 'order_id', value: '', autoIncrement: true }),
          at(150, { type: 'crash', node: 'db1' }),
          ...every(700, 760, 30, () => ({
            type: 'write',
            client: 'alice',
            key: 'order_id',
            value: '',
            autoIncrement: true,
          })),
        ],
      },
      { shipIntervalMs: 100 },
    ),
  },
  {
    id: 'key-reuse-fixed',
    title: 'No reused ids: semi-sync + majority election (fixed)',
    summary:
      'With semi-synchronous replication an id is acknowledged only once a follower holds it, and majority ' +
      'election promotes a follower with every acknowledged entry: no acknowledged id is handed out twice.',
    scenario: dbCluster(
      {
        name: 'Key reuse (fixed)',
        timeline: [
          ...every(10, 50, 20, () => ({
            type: 'write',
            client: 'alice',
            key: 'order_id',
            value: '',
            autoIncrement: true,
          })),
          at(110, { type: 'write', client: 'alice', key: 'order_id', value: '', autoIncrement: true }),
          at(130, { type: 'write', client: 'alice', key: 'order_id', value: '', autoIncrement: true }),
          at(150, { type: 'crash', node: 'db1' }),
          ...every(700, 760, 30, () => ({
            type: 'write',
            client: 'alice',
            key: 'order_id',
            value: '',
            autoIncrement: true,
          })),
        ],
      },
      { mode: 'semisync', semiSyncAcks: 1, failover: 'majority', shipIntervalMs: 100 },
    ),
  },
];

/**
 * Regions for the multi-leader scenarios: a leader and a local follower per region, 5 ms apart inside a region
 * and about 80 ms between regions, with a shop client in each region.
 */
function regional(
  overrides: Partial<Scenario> & Pick<Scenario, 'name' | 'timeline'>,
  ml: Partial<NonNullable<Scenario['multiLeader']>> = {},
  regionIds: readonly ('us' | 'eu' | 'apac')[] = ['us', 'eu'],
): Scenario {
  const regions = regionIds.map((r) => ({ id: r.toUpperCase(), nodes: [`${r}_leader`, `${r}_follower`] }));
  return {
    version: 1,
    model: 'multi-leader',
    seed: 11,
    regions,
    nodes: regions.flatMap((r) => r.nodes),
    clients: regionIds.map((r) => ({
      id: `${r}_shop`,
      home: `${r}_leader`,
      region: r.toUpperCase(),
      readFrom: 'leader',
    })),
    network: {
      latency: { dist: 'normal', meanMs: 5, sdMs: 1 },
      clientLatency: { dist: 'normal', meanMs: 3, sdMs: 0.5 },
      interRegionLatency: { dist: 'normal', meanMs: 80, sdMs: 8 },
      dropProbability: 0,
    },
    multiLeader: {
      leaders: regionIds.map((r) => `${r}_leader`),
      ownership: 'any',
      topology: 'all-to-all',
      resolution: 'lww',
      syncIntervalMs: 250,
      ...ml,
    },
    clientTimeoutMs: 1000,
    workload: { enabled: false, kind: 'register', ratePerSec: 10, readFraction: 0.3, keys: ['x'] },
    durationMs: 1500,
    ...overrides,
    timeline: [...overrides.timeline].sort((a, b) => a.atUs - b.atUs),
  };
}

const w = (ms: number, client: string, key: string, value: string, node?: string): TimelineEntry =>
  at(ms, { type: 'write', client, key, value, ...(node ? { node } : {}) });
const r = (ms: number, client: string, key: string, node?: string): TimelineEntry =>
  at(ms, { type: 'read', client, key, ...(node ? { node } : {}) });

const ECOMMERCE_TIMELINE = [
  w(10, 'us_shop', 'US_cart_42', 'shoes'),
  w(10, 'eu_shop', 'EU_cart_7', 'scarf'),
  // A US shop writes an EU customer's cart: concurrent with the EU shop's write of the same key.
  w(12, 'us_shop', 'EU_cart_7', 'gloves'),
  w(400, 'eu_shop', 'US_cart_42', 'shoes, socks'),
  r(900, 'us_shop', 'EU_cart_7'),
  r(900, 'eu_shop', 'EU_cart_7'),
];

/** Shards for the consistent-prefix pair: each regional leader owns its region's keys. */
const QA_SHARDS: Partial<NonNullable<Scenario['multiLeader']>> = {
  ownership: 'key-range',
  ranges: [
    { prefix: 'US_', owner: 'us_leader' },
    { prefix: 'EU_', owner: 'eu_leader' },
    { prefix: 'APAC_', owner: 'apac_leader' },
  ],
  syncIntervalMs: 2000,
};

/** The US shard's replication to APAC lags: 600 ms on that link, 80 ms between other regions. */
const QA_NETWORK: Scenario['network'] = {
  latency: { dist: 'normal', meanMs: 5, sdMs: 1 },
  clientLatency: { dist: 'normal', meanMs: 3, sdMs: 0.5 },
  interRegionLatency: { dist: 'normal', meanMs: 80, sdMs: 8 },
  dropProbability: 0,
  links: [{ a: 'us_leader', b: 'apac_leader', latency: { dist: 'normal', meanMs: 600, sdMs: 10 } }],
};

/** Mr Poons asks (US shop), Mrs Cake reads and answers (EU shop) under `answerKey`, APAC observes. */
function questionAndAnswer(answerKey: string): TimelineEntry[] {
  return [
    w(10, 'us_shop', 'US_question', 'How far into the future can you see, Mrs Cake?'),
    r(200, 'eu_shop', 'US_question'),
    w(220, 'eu_shop', answerKey, 'About ten seconds usually, Mr Poons.'),
    r(450, 'apac_shop', answerKey),
    r(470, 'apac_shop', 'US_question'),
    r(1300, 'apac_shop', answerKey),
    r(1320, 'apac_shop', 'US_question'),
  ];
}

const MULTI_LEADER_PRESETS: readonly Preset[] = [
  {
    id: 'ecommerce-key-range',
    title: 'Global e-commerce: leaders own key ranges',
    summary:
      'A US leader owns the US_* keys and an EU leader the EU_* keys; each replicates to the other. When the US ' +
      "shop writes an EU customer's cart, its leader forwards the write to the EU leader, which orders it with " +
      "the EU shop's write of the same key. Every key has one writer: no conflict can happen.",
    scenario: regional(
      { name: 'E-commerce (key-range ownership)', timeline: ECOMMERCE_TIMELINE },
      {
        ownership: 'key-range',
        ranges: [
          { prefix: 'US_', owner: 'us_leader' },
          { prefix: 'EU_', owner: 'eu_leader' },
        ],
      },
    ),
  },
  {
    id: 'ecommerce-any-leader',
    title: 'Global e-commerce: any leader writes any key',
    summary:
      'The same shops, but each leader accepts writes for every key. The US and EU writes of EU_cart_7 are ' +
      'concurrent: both leaders detect the conflict with version vectors, and last-write-wins keeps one of ' +
      'them everywhere. The other was acknowledged, and is gone.',
    scenario: regional({ name: 'E-commerce (any leader)', timeline: ECOMMERCE_TIMELINE }),
  },
  {
    id: 'write-conflict-diverge',
    title: 'Write conflict without resolution: replicas diverge',
    summary:
      'alice renames a document on the US leader while bob renames it on the EU leader. Each leader applies the ' +
      "other's change when it arrives, so the US ends with bob's title and the EU with alice's: both detected " +
      'the conflict, neither resolved it deterministically, and they disagree for ever (DDIA 5, "Handling Write ' +
      'Conflicts").',
    scenario: regional(
      {
        name: 'Write conflict (diverges)',
        timeline: [
          w(10, 'us_shop', 'doc_title', 'Q3 plan (alice)'),
          w(10, 'eu_shop', 'doc_title', 'Q3 roadmap (bob)'),
        ],
      },
      { resolution: 'arrival' },
    ),
  },
  {
    id: 'write-conflict-lww',
    title: 'Write conflict with last-write-wins: replicas converge (fixed)',
    summary:
      'The same conflict resolved deterministically by last-write-wins: every leader keeps the title with the ' +
      'latest timestamp, so they converge, at the price of silently dropping the other acknowledged write.',
    scenario: regional(
      {
        name: 'Write conflict (LWW)',
        timeline: [
          w(10, 'us_shop', 'doc_title', 'Q3 plan (alice)'),
          w(10, 'eu_shop', 'doc_title', 'Q3 roadmap (bob)'),
        ],
      },
      { resolution: 'lww' },
    ),
  },
  {
    id: 'lww-drops-writes',
    title: 'Last-write-wins drops concurrent writes',
    summary:
      'Three shoppers in three regions add an item to the shared cart at the same moment, each writing the cart ' +
      'as they see it. All three writes are acknowledged; last-write-wins keeps exactly one. Two items vanish.',
    scenario: regional(
      {
        name: 'LWW drops writes',
        timeline: [
          w(10, 'us_shop', 'cart_1', 'book'),
          w(11, 'eu_shop', 'cart_1', 'pen'),
          w(12, 'apac_shop', 'cart_1', 'mug'),
          r(1000, 'us_shop', 'cart_1'),
        ],
      },
      { resolution: 'lww' },
      ['us', 'eu', 'apac'],
    ),
  },
  {
    id: 'crdt-cart-keeps-all',
    title: 'An add-wins set keeps every item (fixed)',
    summary:
      'The same three additions as operations on an add-wins set (a CRDT): concurrent adds commute, so every ' +
      'leader converges on {book, mug, pen} and no acknowledged write is lost. A like counter merges the same way.',
    scenario: regional(
      {
        name: 'CRDT cart',
        timeline: [
          w(10, 'us_shop', 'cart_1', 'add book'),
          w(11, 'eu_shop', 'cart_1', 'add pen'),
          w(12, 'apac_shop', 'cart_1', 'add mug'),
          w(20, 'us_shop', 'likes_1', '+1'),
          w(20, 'eu_shop', 'likes_1', '+1'),
          w(21, 'apac_shop', 'likes_1', '+1'),
          r(1000, 'us_shop', 'cart_1'),
        ],
      },
      {
        resolution: 'merge',
        crdt: [
          { prefix: 'cart_', type: 'set' },
          { prefix: 'likes_', type: 'counter' },
        ],
      },
      ['us', 'eu', 'apac'],
    ),
  },
  {
    id: 'lww-clock-skew',
    title: 'Last-write-wins with clock skew loses a later write',
    summary:
      "The US leader's clock runs 300 ms slow. alice saves a draft in the EU; bob in the US reads it and then " +
      'publishes the final text. His write is causally later, but its timestamp is older, so last-write-wins ' +
      'keeps the draft everywhere and discards the final text (DDIA 8, "Timestamps for ordering events").',
    scenario: regional(
      {
        name: 'LWW with clock skew',
        timeline: [
          w(10, 'eu_shop', 'article', 'draft'),
          r(200, 'us_shop', 'article'),
          w(230, 'us_shop', 'article', 'final'),
          r(800, 'eu_shop', 'article'),
        ],
      },
      { resolution: 'lww', clockSkew: [{ node: 'us_leader', ms: -300 }] },
    ),
  },
  {
    id: 'version-vectors-skew',
    title: 'Version vectors ignore clock skew (fixed)',
    summary:
      "The same skewed clocks with version vectors: bob's write carries the draft in its causal history, so it " +
      'supersedes the draft on every leader whatever the timestamps say.',
    scenario: regional(
      {
        name: 'Version vectors with clock skew',
        timeline: [
          w(10, 'eu_shop', 'article', 'draft'),
          r(200, 'us_shop', 'article'),
          w(230, 'us_shop', 'article', 'final'),
          r(800, 'eu_shop', 'article'),
        ],
      },
      { resolution: 'siblings', clockSkew: [{ node: 'us_leader', ms: -300 }] },
    ),
  },
  {
    id: 'causality-violation',
    title: 'Causality violated in an all-to-all topology',
    summary:
      'The US leader inserts row_7; the EU leader receives it and updates the row. The link from the US to APAC ' +
      'is slow (600 ms), so APAC receives the update before the insert, and applying changes as they arrive it ' +
      'ends with the insert: APAC disagrees with the others for ever (DDIA 5, "Multi-leader replication topologies").',
    scenario: regional(
      {
        name: 'Causality violation',
        network: {
          latency: { dist: 'normal', meanMs: 5, sdMs: 1 },
          clientLatency: { dist: 'normal', meanMs: 3, sdMs: 0.5 },
          interRegionLatency: { dist: 'normal', meanMs: 80, sdMs: 8 },
          dropProbability: 0,
          links: [{ a: 'us_leader', b: 'apac_leader', latency: { dist: 'normal', meanMs: 600, sdMs: 10 } }],
        },
        timeline: [w(10, 'us_shop', 'row_7', 'inserted'), w(150, 'eu_shop', 'row_7', 'updated')],
      },
      { resolution: 'arrival', syncIntervalMs: 2000 },
      ['us', 'eu', 'apac'],
    ),
  },
  {
    id: 'causality-version-vectors',
    title: 'Version vectors and causal delivery keep the order (fixed)',
    summary:
      'The same slow link with version vectors and causal delivery: APAC sees that the update depends on an ' +
      'insert it has not received, holds it back until the insert arrives, and applies both in order.',
    scenario: regional(
      {
        name: 'Causality (fixed)',
        network: {
          latency: { dist: 'normal', meanMs: 5, sdMs: 1 },
          clientLatency: { dist: 'normal', meanMs: 3, sdMs: 0.5 },
          interRegionLatency: { dist: 'normal', meanMs: 80, sdMs: 8 },
          dropProbability: 0,
          links: [{ a: 'us_leader', b: 'apac_leader', latency: { dist: 'normal', meanMs: 600, sdMs: 10 } }],
        },
        timeline: [w(10, 'us_shop', 'row_7', 'inserted'), w(150, 'eu_shop', 'row_7', 'updated')],
      },
      { resolution: 'siblings', causalDelivery: true, syncIntervalMs: 2000 },
      ['us', 'eu', 'apac'],
    ),
  },
  {
    id: 'consistent-prefix-violation',
    title: 'Consistent prefix violated: the answer before its question',
    summary:
      'Two shards with their own leaders: the US leader owns US_* keys, the EU leader EU_* keys. Mr Poons (the ' +
      'US shop) asks a question; Mrs Cake (the EU shop) reads it and answers under an EU key. The US shard reaches ' +
      'APAC slowly (600 ms), the EU shard quickly, so the APAC observer reads the answer, then finds no question ' +
      '(DDIA 5, "Consistent Prefix Reads").',
    scenario: regional(
      {
        name: 'Consistent prefix violation',
        network: QA_NETWORK,
        timeline: questionAndAnswer('EU_answer'),
      },
      QA_SHARDS,
      ['us', 'eu', 'apac'],
    ),
  },
  {
    id: 'consistent-prefix-fixed',
    title: 'Causally related writes to one shard keep the order (fixed)',
    summary:
      'The same conversation, but the answer is written under a US key: the EU leader forwards it to the US ' +
      'leader, which orders it after the question and ships both down the same slow link. The observer sees ' +
      'neither for a while, then both, never the answer alone.',
    scenario: regional(
      {
        name: 'Consistent prefix (fixed)',
        network: QA_NETWORK,
        timeline: questionAndAnswer('US_answer'),
      },
      QA_SHARDS,
      ['us', 'eu', 'apac'],
    ),
  },
];

/** A Dynamo-style cluster of kv1..kvN with clients homed on chosen coordinators. */
function dynamo(
  overrides: Partial<Scenario> & Pick<Scenario, 'name' | 'timeline'>,
  ll: Partial<NonNullable<Scenario['leaderless']>> = {},
  nodeCount = 3,
): Scenario {
  return {
    version: 1,
    model: 'leaderless',
    seed: 17,
    nodes: Array.from({ length: nodeCount }, (_, i) => `kv${i + 1}`),
    clients: [
      { id: 'alice', home: 'kv1' },
      { id: 'bob', home: 'kv2' },
    ],
    network: {
      latency: { dist: 'normal', meanMs: 20, sdMs: 5 },
      clientLatency: { dist: 'normal', meanMs: 2, sdMs: 0.3 },
      dropProbability: 0,
    },
    leaderless: { n: 3, w: 2, r: 2, readRepair: 'async', ...ll },
    clientTimeoutMs: 1000,
    workload: { enabled: false, kind: 'register', ratePerSec: 10, readFraction: 0.5, keys: ['post_1'] },
    durationMs: 1500,
    ...overrides,
    timeline: [...overrides.timeline].sort((a, b) => a.atUs - b.atUs),
  };
}

const STALENESS_CLIENTS = [
  { id: 'alice', home: 'kv1' },
  { id: 'bob', home: 'kv2' },
  { id: 'carol', home: 'kv3' },
];

const SLOPPY_TIMELINE = [
  w(10, 'alice', 'profile', 'v1'),
  at(300, {
    type: 'partition',
    groups: [
      ['kv1', 'kv2', 'kv5'],
      ['kv3', 'kv4'],
    ],
  }),
  w(400, 'alice', 'profile', 'v2'),
  r(800, 'bob', 'profile'),
  at(900, { type: 'heal' }),
  r(1400, 'bob', 'profile'),
];

const READ_REPAIR_TIMELINE = [
  at(5, { type: 'crash', node: 'kv3' }),
  w(20, 'alice', 'k1', 'a'),
  w(30, 'alice', 'k2', 'b'),
  at(200, { type: 'restart', node: 'kv3' }),
  r(400, 'carol', 'k1'),
];

const FAILED_WRITE_TIMELINE = [
  w(5, 'alice', 'balance', '100'),
  at(50, { type: 'crash', node: 'kv2' }),
  at(50, { type: 'crash', node: 'kv3' }),
  w(60, 'alice', 'balance', '0'),
  at(500, { type: 'restart', node: 'kv2' }),
  at(500, { type: 'restart', node: 'kv3' }),
  r(600, 'alice', 'balance'),
  r(650, 'bob', 'balance'),
  r(700, 'carol', 'balance'),
];

const LINEARIZABILITY_NETWORK: Scenario['network'] = {
  latency: { dist: 'constant', ms: 2 },
  clientLatency: { dist: 'constant', ms: 1 },
  dropProbability: 0,
  fifo: false,
  // Writes reach replicas slowly; reads and acknowledgements are fast.
  kindLatency: { replicate: { dist: 'constant', ms: 300 } },
};

const SIBLINGS_TIMELINE = [
  w(10, 'alice', 'cart', 'milk'),
  w(10, 'bob', 'cart', 'eggs'),
  r(200, 'alice', 'cart'),
  w(250, 'alice', 'cart', 'eggs, milk'),
  r(500, 'bob', 'cart'),
];

const LEADERLESS_PRESETS: readonly Preset[] = [
  {
    id: 'social-posts',
    title: 'Decentralised social posts (2 of 3 acknowledge)',
    summary:
      'Three nodes, every post stored on all three (N=3). A post counts as published once 2 of 3 replicas ' +
      'acknowledge it (W=2), and a timeline read asks 2 of 3 (R=2): since W + R > N, every read overlaps the ' +
      'latest published post. Watch each coordinator count acknowledgements as they arrive.',
    scenario: dynamo({
      name: 'Social posts',
      clients: STALENESS_CLIENTS,
      workload: {
        enabled: true,
        kind: 'register',
        ratePerSec: 20,
        readFraction: 0.6,
        keys: ['post_1', 'post_2'],
      },
      timeline: [w(10, 'alice', 'post_1', 'Hello from alice'), r(100, 'bob', 'post_1')],
    }),
  },
  {
    id: 'partial-quorum-staleness',
    title: 'Partial quorums (R = W = 1) read stale data',
    summary:
      'N=3 with R=W=1 and no faults: a write is acknowledged by one replica, and a read that starts shortly after ' +
      'may ask a replica the write has not reached yet. The chance falls as the time since the write grows ' +
      '(t-visibility, from the PBS paper).',
    scenario: dynamo(
      {
        name: 'Partial quorum staleness',
        clients: STALENESS_CLIENTS,
        workload: { enabled: true, kind: 'register', ratePerSec: 150, readFraction: 0.5, keys: ['post_1'] },
        timeline: [],
      },
      { w: 1, r: 1 },
    ),
  },
  {
    id: 'strict-quorum-fresh',
    title: 'Strict quorums (R + W > N) read the latest write (fixed)',
    summary:
      'The same traffic with R=W=2: every read quorum overlaps every write quorum, so with no faults no read ' +
      'returns a value older than the latest write completed before it began.',
    scenario: dynamo(
      {
        name: 'Strict quorum',
        clients: STALENESS_CLIENTS,
        workload: { enabled: true, kind: 'register', ratePerSec: 150, readFraction: 0.5, keys: ['post_1'] },
        timeline: [],
      },
      { w: 2, r: 2 },
    ),
  },
  {
    id: 'sloppy-quorum-stale',
    title: 'A sloppy quorum is stale even with W + R > N',
    summary:
      "A partition cuts profile's home replicas kv3 and kv4 off from alice's coordinator kv1. With a sloppy " +
      'quorum kv5 and kv1 take her write as hints for them, so W=2 is met (with kv2) and the write is ' +
      'acknowledged. bob, on the other side, reads the home replicas kv3 and kv4 (R=2) and gets the old profile. ' +
      'After the heal, hinted handoff delivers the write and his next read returns it.',
    scenario: dynamo(
      {
        name: 'Sloppy quorum',
        clients: [
          { id: 'alice', home: 'kv1' },
          { id: 'bob', home: 'kv3' },
        ],
        timeline: SLOPPY_TIMELINE,
      },
      { sloppyQuorum: true, hintedHandoff: true },
      5,
    ),
  },
  {
    id: 'strict-quorum-rejects',
    title: 'A strict quorum rejects the write instead (fixed)',
    summary:
      "The same partition without a sloppy quorum: only one home replica is reachable, so alice's write misses " +
      'W=2 and is reported as not acknowledged (its outcome unknown, since one replica stored it). No ' +
      'acknowledged write is hidden from bob.',
    scenario: dynamo(
      {
        name: 'Strict quorum under partition',
        clients: [
          { id: 'alice', home: 'kv1' },
          { id: 'bob', home: 'kv3' },
        ],
        timeline: SLOPPY_TIMELINE,
      },
      { sloppyQuorum: false, hintedHandoff: false, failedWriteStatus: 'unknown' },
      5,
    ),
  },
  {
    id: 'read-repair',
    title: 'Read repair fixes only the keys that are read',
    summary:
      'kv3 is down while k1 and k2 are written (W=2 succeeds without it). After it restarts, carol reads k1: the ' +
      'coordinator sees kv3 answer with nothing and repairs it. k2 is never read, so kv3 stays without it: ' +
      'without anti-entropy the replicas disagree on k2 for ever.',
    scenario: dynamo(
      { name: 'Read repair', clients: STALENESS_CLIENTS, timeline: READ_REPAIR_TIMELINE },
      { readRepair: 'async', antiEntropyMs: 0 },
    ),
  },
  {
    id: 'anti-entropy',
    title: 'Anti-entropy repairs every key (fixed)',
    summary:
      'The same outage with a background anti-entropy exchange every 250 ms: replicas compare digests of the keys ' +
      'they share and send each other what differs, so kv3 gets k2 too, read or not.',
    scenario: dynamo(
      { name: 'Anti-entropy', clients: STALENESS_CLIENTS, timeline: READ_REPAIR_TIMELINE },
      { readRepair: 'async', antiEntropyMs: 250 },
    ),
  },
  {
    id: 'failed-write-visible',
    title: 'A failed write is not rolled back',
    summary:
      'With kv2 and kv3 down, alice sets her balance to 0: only kv1 stores it, W=2 is missed, and she is told ' +
      'the write failed. Nothing rolls it back: later reads with R=1 return the "failed" 0 (DDIA 5, ' +
      '"Limitations of Quorum Consistency").',
    scenario: dynamo(
      { name: 'Failed write visible', clients: STALENESS_CLIENTS, timeline: FAILED_WRITE_TIMELINE },
      { w: 2, r: 1 },
    ),
  },
  {
    id: 'failed-write-unknown',
    title: 'A missed quorum reported as unknown (fixed)',
    summary:
      'The same outage, with the coordinator reporting a write that missed its quorum but was stored somewhere as ' +
      "indeterminate rather than failed (as Cassandra's write timeout does): reading its value is then no " +
      'contradiction, and the client knows to check or retry. (With R=1, two reads can still disagree: that ' +
      'is partial-quorum staleness, not a failed write.)',
    scenario: dynamo(
      { name: 'Failed write reported unknown', clients: STALENESS_CLIENTS, timeline: FAILED_WRITE_TIMELINE },
      { w: 2, r: 1, failedWriteStatus: 'unknown' },
    ),
  },
  {
    id: 'quorum-not-linearizable',
    title: 'Quorum reads are not linearizable',
    summary:
      "N=3, W=3, R=2, and writes reach replicas slowly. While alice's write is still in flight, her read through " +
      'kv1 sees the new value; bob starts reading after hers finished, asks kv2 and kv3, and gets the old one: ' +
      'new, then old, in real-time order (DDIA 9, "Linearizability and quorums").',
    scenario: dynamo(
      {
        name: 'Quorum reads not linearizable',
        clients: STALENESS_CLIENTS,
        network: LINEARIZABILITY_NETWORK,
        timeline: [w(10, 'alice', 'x', 'new'), r(20, 'alice', 'x'), r(40, 'bob', 'x')],
      },
      { w: 3, r: 2, requestTimeoutMs: 800, readRepair: 'off' },
    ),
  },
  {
    id: 'blocking-read-repair',
    title: 'Blocking read repair restores the real-time order (fixed)',
    summary:
      "With read repair done before answering, alice's read first writes the new value back to the stale " +
      'replica it saw; any read that starts after hers has finished overlaps a replica with the new value.',
    scenario: dynamo(
      {
        name: 'Blocking read repair',
        clients: STALENESS_CLIENTS,
        network: LINEARIZABILITY_NETWORK,
        timeline: [w(10, 'alice', 'x', 'new'), r(20, 'alice', 'x'), r(40, 'bob', 'x')],
      },
      { w: 3, r: 2, requestTimeoutMs: 800, readRepair: 'blocking' },
    ),
  },
  {
    id: 'lww-concurrent-writes',
    title: 'Last-write-wins loses a concurrent write',
    summary:
      'alice adds milk and bob adds eggs to the same cart at the same moment, neither knowing of the other. ' +
      'Under last-write-wins only the write with the later timestamp survives; the other, acknowledged, is gone.',
    scenario: dynamo({ name: 'LWW concurrent writes', timeline: SIBLINGS_TIMELINE }, { resolution: 'lww' }),
  },
  {
    id: 'siblings-version-vectors',
    title: 'Siblings with version vectors keep both (fixed)',
    summary:
      'The same two writes carry no causal context, so their version vectors are concurrent: replicas keep both ' +
      'as siblings and a read returns "milk | eggs". alice merges them and writes back with the read\'s context, ' +
      'which supersedes both siblings everywhere (Dynamo 4.4; DDIA 5, "Capturing the happens-before ' +
      'relationship").',
    scenario: dynamo({ name: 'Siblings', timeline: SIBLINGS_TIMELINE }, { resolution: 'siblings' }),
  },
];

export const PRESETS: readonly Preset[] = [
  {
    id: 'bank-ledger-async',
    title: 'Bank ledger: asynchronous replication',
    summary:
      'The leader acknowledges a deposit as soon as it is in its own log, then ships it to the followers. ' +
      'A read of account_123 from bank_follower1 right after the acknowledged write of 1000 returns nothing ' +
      '(a stale read); a read 150 ms later returns 1000. Generated deposits and withdrawals read from any replica.',
    scenario: bank({
      name: 'Bank ledger (async)',
      timeline: [
        write(5, 'account_123', '1000'),
        read(20, 'account_123', 'bank_follower1'),
        read(150, 'account_123', 'bank_follower1'),
      ],
    }),
  },
  {
    id: 'bank-ledger-sync',
    title: 'Bank ledger: synchronous replication',
    summary:
      'The leader acknowledges a write only after both followers hold it, so a read from a follower after ' +
      'the acknowledgement returns the new balance. The price: each write waits a round trip to the slowest ' +
      'follower, and stalls while any follower is down.',
    scenario: bank({
      name: 'Bank ledger (sync)',
      leaderFollower: { mode: 'sync', semiSyncAcks: 1, heartbeatMs: 100 },
      timeline: [
        write(5, 'account_123', '1000'),
        read(100, 'account_123', 'bank_follower1'),
        read(150, 'account_123', 'bank_follower2'),
      ],
    }),
  },
  {
    id: 'bank-ledger-semisync',
    title: 'Bank ledger: semi-synchronous replication',
    summary:
      'The leader waits for one of the two followers (MySQL semi-sync). Writes survive the loss of the leader ' +
      'on at least one follower, yet a read from the other follower can still be stale.',
    scenario: bank({
      name: 'Bank ledger (semi-sync)',
      leaderFollower: { mode: 'semisync', semiSyncAcks: 1, heartbeatMs: 100 },
      timeline: [write(5, 'account_123', '1000'), read(75, 'account_123', 'bank_follower2')],
    }),
  },
  {
    id: 'follower-crash-catch-up',
    title: 'A crashed follower catches up',
    summary:
      'bank_follower2 crashes at 200 ms while deposits keep arriving; it restarts at 900 ms with its log on ' +
      'disk and catches up from the leader in batches. Watch its lag fall to zero.',
    scenario: bank({
      name: 'Follower crash and catch-up',
      workload: { enabled: true, kind: 'bank', ratePerSec: 40, readFraction: 0.3, keys: ACCOUNTS },
      timeline: [
        { atUs: ms(200), action: { type: 'crash', node: 'bank_follower2' } },
        { atUs: ms(900), action: { type: 'restart', node: 'bank_follower2' } },
      ],
    }),
  },
  {
    id: 'leader-down',
    title: 'The leader is down: writes fail',
    summary:
      'bank_leader crashes at 300 ms. Without failover nobody takes writes: each write is refused, reads from ' +
      'the followers still answer with the data they have. The leader restarts at 1200 ms and writes resume.',
    scenario: bank({
      name: 'Leader down',
      timeline: [
        { atUs: ms(300), action: { type: 'crash', node: 'bank_leader' } },
        write(400, 'account_123', '500'),
        read(450, 'account_123', 'bank_follower1'),
        { atUs: ms(1200), action: { type: 'restart', node: 'bank_leader' } },
        write(1300, 'account_123', '700'),
      ],
    }),
  },
  ...FAILOVER_PRESETS,
  ...MULTI_LEADER_PRESETS,
  ...LEADERLESS_PRESETS,
  {
    id: 'bench-25-nodes',
    title: 'Stress: 25 nodes, 1,000 writes/s',
    summary:
      'A 25-node asynchronous cluster under a heavy generated workload, used by the frame-time benchmark.',
    hidden: true,
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
  },
];

export const DEFAULT_PRESET_ID = 'bank-ledger-async';

export function getPreset(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}

export function defaultScenario(): Scenario {
  return (getPreset(DEFAULT_PRESET_ID) as Preset).scenario;
}
