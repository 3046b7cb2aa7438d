/**
 * Multi-leader presets: the global e-commerce example of the project's brief, and the conflicts, lost writes
 * and ordering anomalies of DDIA chapters 5 and 8, each beside its fix.
 */
import type { Scenario, TimelineEntry } from '../schema.ts';
import { type PresetSpec, r, w } from './helpers.ts';

type MultiLeaderConfig = NonNullable<Scenario['multiLeader']>;

/**
 * Regions for the multi-leader scenarios: a leader and a local follower per region, 5 ms apart inside a region
 * and about 80 ms between regions, with a shop client in each region.
 */
function regional(
  overrides: Partial<Scenario> & Pick<Scenario, 'name' | 'timeline'>,
  ml: Partial<MultiLeaderConfig> = {},
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

const THREE_REGIONS = ['us', 'eu', 'apac'] as const;

/** A client's request for the next order id: an auto-increment write its leader assigns. */
const generateId = (ms: number, client: string): TimelineEntry => ({
  atUs: ms * 1000,
  action: { type: 'write', client, key: 'order_id', value: '', autoIncrement: true },
});

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
const QA_SHARDS: Partial<MultiLeaderConfig> = {
  ownership: 'key-range',
  ranges: [
    { prefix: 'US_', owner: 'us_leader' },
    { prefix: 'EU_', owner: 'eu_leader' },
    { prefix: 'APAC_', owner: 'apac_leader' },
  ],
  syncIntervalMs: 2000,
};

/** The US leader's replication to APAC lags: 600 ms on that link, 80 ms between other regions. */
const SLOW_US_TO_APAC: Scenario['network'] = {
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

const CONFLICT_TIMELINE = [
  w(10, 'us_shop', 'doc_title', 'Q3 plan (alice)'),
  w(10, 'eu_shop', 'doc_title', 'Q3 roadmap (bob)'),
];

const SKEW_TIMELINE = [
  w(10, 'eu_shop', 'article', 'draft'),
  r(200, 'us_shop', 'article'),
  w(230, 'us_shop', 'article', 'final'),
  r(800, 'eu_shop', 'article'),
];

export const MULTI_LEADER_PRESETS: readonly PresetSpec[] = [
  {
    id: 'ecommerce-key-range',
    fixes: 'ecommerce-any-leader',
    title: 'Global e-commerce: leaders own key ranges',
    summary: "US and EU leaders each own their customers' keys: no write can conflict.",
    explanation:
      'A US leader owns the US_* keys and an EU leader the EU_* keys; each replicates to the other. When the US ' +
      "shop writes an EU customer's cart, its leader forwards the write to the EU leader, which orders it with " +
      "the EU shop's write of the same key. Every key has one writer: no conflict can happen.",
    name: 'E-commerce (key-range ownership)',
    patch: {
      multiLeader: {
        ownership: 'key-range',
        ranges: [
          { prefix: 'US_', owner: 'us_leader' },
          { prefix: 'EU_', owner: 'eu_leader' },
        ],
      },
    },
  },
  {
    id: 'ecommerce-any-leader',
    title: 'Global e-commerce: any leader writes any key',
    summary: 'Both leaders accept a write of the same cart: a conflict, and last-write-wins drops one.',
    explanation:
      'The same shops, but each leader accepts writes for every key. The US and EU writes of EU_cart_7 are ' +
      'concurrent: both leaders detect the conflict with version vectors, and last-write-wins keeps one of ' +
      'them everywhere. The other was acknowledged, and is gone.',
    shows: ['conflict'],
    speed: 100,
    scenario: regional({ name: 'E-commerce (any leader)', timeline: ECOMMERCE_TIMELINE }),
  },
  {
    id: 'write-conflict-diverge',
    title: 'Write conflict without resolution: replicas diverge',
    summary: 'Two leaders rename one document at once and keep different titles for ever.',
    explanation:
      'alice renames a document on the US leader while bob renames it on the EU leader. Each leader applies the ' +
      "other's change when it arrives, so the US ends with bob's title and the EU with alice's: both detected " +
      'the conflict, neither resolved it deterministically, and they disagree for ever (DDIA 5, "Handling Write ' +
      'Conflicts").',
    shows: ['divergence'],
    speed: 10,
    scenario: regional(
      { name: 'Write conflict (diverges)', timeline: CONFLICT_TIMELINE },
      { resolution: 'arrival' },
    ),
  },
  {
    id: 'write-conflict-lww',
    fixes: 'write-conflict-diverge',
    title: 'Write conflict with last-write-wins: replicas converge (fixed)',
    summary: 'Last-write-wins makes the leaders agree, dropping one of the two titles.',
    explanation:
      'The same conflict resolved deterministically by last-write-wins: every leader keeps the title with the ' +
      'latest timestamp, so they converge, at the price of silently dropping the other acknowledged write.',
    watch: 'the price: one of the two acknowledged titles silently dropped, a lost write.',
    name: 'Write conflict (LWW)',
    patch: { multiLeader: { resolution: 'lww' } },
  },
  {
    id: 'lww-drops-writes',
    title: 'Last-write-wins drops concurrent writes',
    summary: 'Three shoppers add to one cart at once; last-write-wins keeps one item and two vanish.',
    explanation:
      'Three shoppers in three regions add an item to the shared cart at the same moment, each writing the cart ' +
      'as they see it. All three writes are acknowledged; last-write-wins keeps exactly one. Two items vanish.',
    shows: ['lost-write'],
    speed: 100,
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
      THREE_REGIONS,
    ),
  },
  {
    id: 'crdt-cart-keeps-all',
    fixes: 'lww-drops-writes',
    title: 'An add-wins set keeps every item (fixed)',
    summary: 'An add-wins set (a CRDT) merges all three additions: no item is lost.',
    explanation:
      'The same three additions as operations on an add-wins set (a CRDT): concurrent adds commute, so every ' +
      'leader converges on {book, mug, pen} and no acknowledged write is lost. A like counter merges the same way.',
    name: 'CRDT cart',
    patch: {
      multiLeader: {
        resolution: 'merge',
        crdt: [
          { prefix: 'cart_', type: 'set' },
          { prefix: 'likes_', type: 'counter' },
        ],
      },
      // The writes become set operations ("add book"), and three likes show the counter merging too.
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
  },
  {
    id: 'lww-clock-skew',
    title: 'Last-write-wins with clock skew loses a later write',
    summary: 'A slow clock makes a causally later write lose to the draft it replaced.',
    explanation:
      "The US leader's clock runs 300 ms slow. alice saves a draft in the EU; bob in the US reads it and then " +
      'publishes the final text. His write is causally later, but its timestamp is older, so last-write-wins ' +
      'keeps the draft everywhere and discards the final text (DDIA 8, "Timestamps for ordering events").',
    shows: ['lost-write'],
    speed: 100,
    scenario: regional(
      { name: 'LWW with clock skew', timeline: SKEW_TIMELINE },
      { resolution: 'lww', clockSkew: [{ node: 'us_leader', ms: -300 }] },
    ),
  },
  {
    id: 'version-vectors-skew',
    fixes: 'lww-clock-skew',
    title: 'Version vectors ignore clock skew (fixed)',
    summary: 'Version vectors order the writes by causality, not clocks: the final text wins.',
    explanation:
      "The same skewed clocks with version vectors: bob's write carries the draft in its causal history, so it " +
      'supersedes the draft on every leader whatever the timestamps say.',
    name: 'Version vectors with clock skew',
    patch: { multiLeader: { resolution: 'siblings' } },
  },
  {
    id: 'causality-violation',
    title: 'Causality violated in an all-to-all topology',
    summary: 'An update overtakes its insert on a slow link, and one region ends with the wrong row.',
    explanation:
      'The US leader inserts row_7; the EU leader receives it and updates the row. The link from the US to APAC ' +
      'is slow (600 ms), so APAC receives the update before the insert, and applying changes as they arrive it ' +
      'ends with the insert: APAC disagrees with the others for ever (DDIA 5, "Multi-leader replication topologies").',
    shows: ['divergence'],
    speed: 50,
    scenario: regional(
      {
        name: 'Causality violation',
        network: SLOW_US_TO_APAC,
        timeline: [w(10, 'us_shop', 'row_7', 'inserted'), w(150, 'eu_shop', 'row_7', 'updated')],
      },
      { resolution: 'arrival', syncIntervalMs: 2000 },
      THREE_REGIONS,
    ),
  },
  {
    id: 'causality-version-vectors',
    fixes: 'causality-violation',
    title: 'Version vectors and causal delivery keep the order (fixed)',
    summary: 'Causal delivery holds the update back until its insert arrives: every region agrees.',
    explanation:
      'The same slow link with version vectors and causal delivery: APAC sees that the update depends on an ' +
      'insert it has not received, holds it back until the insert arrives, and applies both in order.',
    name: 'Causality (fixed)',
    patch: { multiLeader: { resolution: 'siblings', causalDelivery: true } },
  },
  {
    id: 'consistent-prefix-violation',
    title: 'Consistent prefix violated: the answer before its question',
    summary: 'An observer in APAC reads the answer while the question does not exist yet.',
    explanation:
      'Two shards with their own leaders: the US leader owns US_* keys, the EU leader EU_* keys. Mr Poons (the ' +
      'US shop) asks a question; Mrs Cake (the EU shop) reads it and answers under an EU key. The US shard reaches ' +
      'APAC slowly (600 ms), the EU shard quickly, so the APAC observer reads the answer, then finds no question ' +
      '(DDIA 5, "Consistent Prefix Reads").',
    shows: ['consistent-prefix'],
    speed: 100,
    scenario: regional(
      {
        name: 'Consistent prefix violation',
        network: SLOW_US_TO_APAC,
        timeline: questionAndAnswer('EU_answer'),
      },
      QA_SHARDS,
      THREE_REGIONS,
    ),
  },
  {
    id: 'consistent-prefix-fixed',
    fixes: 'consistent-prefix-violation',
    title: 'Causally related writes to one shard keep the order (fixed)',
    summary: 'Question and answer go through one shard: the observer never sees the answer alone.',
    explanation:
      'The same conversation, but the answer is written under a US key: the EU leader forwards it to the US ' +
      'leader, which orders it after the question and ships both down the same slow link. The observer sees ' +
      'neither for a while, then both, never the answer alone.',
    watch:
      'stale reads still: the observer sees neither message for a while. Keeping the answer behind its question ' +
      'makes what it sees a consistent prefix, not a recent one.',
    name: 'Consistent prefix (fixed)',
    patch: { timeline: questionAndAnswer('US_answer') },
  },
  {
    id: 'ml-auto-increment-ids',
    title: 'Auto-increment ids collide across leaders',
    summary: 'Each regional leader hands out the next order id it sees: both hand out 1, then both 2.',
    explanation:
      'The US and EU shops each take a new order id from an auto-increment counter at their own leader. Each ' +
      'leader assigns the highest number it holds plus one, and neither has seen the other’s write yet: both ' +
      'hand out id 1. After they synchronise, both hold 1 and both hand out 2. Every id is acknowledged, and two ' +
      'orders share each one (DDIA 5: a multi-leader counter needs disjoint ranges, or one owner).',
    shows: ['duplicate-id'],
    speed: 50,
    scenario: regional({
      name: 'Auto-increment ids (multi-leader)',
      timeline: [
        generateId(10, 'us_shop'),
        generateId(12, 'eu_shop'),
        generateId(400, 'us_shop'),
        generateId(402, 'eu_shop'),
      ],
    }),
  },
  {
    id: 'ml-auto-increment-owned',
    fixes: 'ml-auto-increment-ids',
    title: 'One leader owns the counter: unique ids (fixed)',
    summary: 'The US leader owns order_id: the EU shop’s requests are forwarded there, and every id is new.',
    explanation:
      'The same shops, but the order counter is a key range of its own, owned by the US leader: the EU leader ' +
      'forwards the EU shop’s request to it, so one leader orders every id, at the price of a cross-region round ' +
      'trip for the EU shop.',
    name: 'Auto-increment ids (one owner)',
    patch: { multiLeader: { ownership: 'key-range', ranges: [{ prefix: 'order_', owner: 'us_leader' }] } },
  },
];
