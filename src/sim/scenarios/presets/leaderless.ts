/**
 * Leaderless (Dynamo-style) presets: the decentralised social posts of the project's brief, and the limits of
 * quorums from the Dynamo and PBS papers and DDIA chapters 5 and 9, each beside its fix.
 */
import type { Scenario } from '../schema.ts';
import { at, type PresetSpec, r, w } from './helpers.ts';

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

export const LEADERLESS_PRESETS: readonly PresetSpec[] = [
  {
    id: 'social-posts',
    title: 'Decentralised social posts (2 of 3 acknowledge)',
    summary: 'A post is published once 2 of 3 nodes acknowledge it; timeline reads ask 2 of 3.',
    explanation:
      'Three nodes, every post stored on all three (N=3). A post counts as published once 2 of 3 replicas ' +
      'acknowledge it (W=2), and a timeline read asks 2 of 3 (R=2): since W + R > N, every read overlaps the ' +
      'latest published post. Watch each coordinator count acknowledgements as they arrive.',
    watch:
      'each coordinator counting acknowledgements as they arrive: a post is published at the second of three.',
    speed: 25,
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
    summary: 'With R = W = 1, a read soon after a write often misses it.',
    explanation:
      'N=3 with R=W=1 and no faults: a write is acknowledged by one replica, and a read that starts shortly after ' +
      'may ask a replica the write has not reached yet. The chance falls as the time since the write grows ' +
      '(t-visibility, from the PBS paper).',
    shows: ['stale-read'],
    speed: 10,
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
    fixes: 'partial-quorum-staleness',
    title: 'Strict quorums (R + W > N) read the latest write (fixed)',
    summary: 'With R + W > N, every read sees the latest write completed before it began.',
    explanation:
      'The same traffic with R=W=2: every read quorum overlaps every write quorum, so with no faults no read ' +
      'returns a value older than the latest write completed before it began.',
    watch:
      'conflicts still: concurrent writes to one key kept side by side as siblings. A strict quorum makes reads ' +
      'see the latest write; it does not order concurrent ones.',
    name: 'Strict quorum',
    patch: { leaderless: { w: 2, r: 2 } },
  },
  {
    id: 'sloppy-quorum-stale',
    title: 'A sloppy quorum is stale even with W + R > N',
    summary: 'During a partition a write is acknowledged by fallback nodes, and bob reads the old value.',
    explanation:
      "A partition cuts profile's home replicas kv3 and kv4 off from alice's coordinator kv1. With a sloppy " +
      'quorum kv5 and kv1 take her write as hints for them, so W=2 is met (with kv2) and the write is ' +
      'acknowledged. bob, on the other side, reads the home replicas kv3 and kv4 (R=2) and gets the old profile. ' +
      'After the heal, hinted handoff delivers the write and his next read returns it.',
    shows: ['stale-read'],
    speed: 100,
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
    fixes: 'sloppy-quorum-stale',
    title: 'A strict quorum rejects the write instead (fixed)',
    summary: 'Without a sloppy quorum the write is not acknowledged, so no read can miss it.',
    explanation:
      "The same partition without a sloppy quorum: only one home replica is reachable, so alice's write misses " +
      'W=2 and is reported as not acknowledged (its outcome unknown, since one replica stored it). No ' +
      'acknowledged write is hidden from bob. Nothing repairs the copy kv2 stored (no anti-entropy or hinted ' +
      "handoff, and bob's read is answered by kv3 and kv4), so the replicas of profile still disagree at the end: " +
      'a divergence, over a write nobody was told succeeded.',
    watch: 'a divergence still: the copy kv2 stored of the unacknowledged write is never repaired.',
    name: 'Strict quorum under partition',
    patch: { leaderless: { sloppyQuorum: false, hintedHandoff: false, failedWriteStatus: 'unknown' } },
  },
  {
    id: 'read-repair',
    title: 'Read repair fixes only the keys that are read',
    summary: 'A read repairs the key it reads on a stale replica; the key never read stays stale.',
    explanation:
      'kv3 is down while k1 and k2 are written (W=2 succeeds without it). After it restarts, carol reads k1: the ' +
      'coordinator sees kv3 answer with nothing and repairs it. k2 is never read, so kv3 stays without it: ' +
      'without anti-entropy the replicas disagree on k2 for ever.',
    shows: ['divergence'],
    speed: 50,
    scenario: dynamo(
      { name: 'Read repair', clients: STALENESS_CLIENTS, timeline: READ_REPAIR_TIMELINE },
      { readRepair: 'async', antiEntropyMs: 0 },
    ),
  },
  {
    id: 'anti-entropy',
    fixes: 'read-repair',
    title: 'Anti-entropy repairs every key (fixed)',
    summary: 'A background exchange of digests repairs every key, read or not.',
    explanation:
      'The same outage with a background anti-entropy exchange every 250 ms: replicas compare digests of the keys ' +
      'they share and send each other what differs, so kv3 gets k2 too, read or not.',
    name: 'Anti-entropy',
    patch: { leaderless: { antiEntropyMs: 250 } },
  },
  {
    id: 'failed-write-visible',
    title: 'A failed write is not rolled back',
    summary: 'A write reported as failed is still read back later.',
    explanation:
      'With kv2 and kv3 down, alice sets her balance to 0: only kv1 stores it, W=2 is missed, and she is told ' +
      'the write failed. Nothing rolls it back: later reads with R=1 return the "failed" 0 (DDIA 5, ' +
      '"Limitations of Quorum Consistency").',
    shows: ['read-of-failed-write'],
    speed: 50,
    scenario: dynamo(
      { name: 'Failed write visible', clients: STALENESS_CLIENTS, timeline: FAILED_WRITE_TIMELINE },
      { w: 2, r: 1 },
    ),
  },
  {
    id: 'failed-write-unknown',
    fixes: 'failed-write-visible',
    title: 'A missed quorum reported as unknown (fixed)',
    summary: 'The missed quorum is reported as unknown, so reading its value is no contradiction.',
    explanation:
      'The same outage, with the coordinator reporting a write that missed its quorum but was stored somewhere as ' +
      "indeterminate rather than failed (as Cassandra's write timeout does): reading its value is then no " +
      'contradiction, and the client knows to check or retry. (With R=1, two reads can still disagree: that ' +
      'is partial-quorum staleness, not a failed write.)',
    watch:
      'a non-linearizable read still: with R=1 two reads can disagree (partial-quorum staleness, not a failed write).',
    name: 'Failed write reported unknown',
    patch: { leaderless: { failedWriteStatus: 'unknown' } },
  },
  {
    id: 'quorum-not-linearizable',
    title: 'Quorum reads are not linearizable',
    summary: 'bob reads an older value than alice read just before him, despite W + R > N.',
    explanation:
      "N=3, W=3, R=2, and writes reach replicas slowly. While alice's write is still in flight, her read through " +
      'kv1 sees the new value; bob starts reading after hers finished, asks kv2 and kv3, and gets the old one: ' +
      'new, then old, in real-time order (DDIA 9, "Linearizability and quorums").',
    shows: ['non-linearizable-read'],
    speed: 50,
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
    fixes: 'quorum-not-linearizable',
    title: 'Blocking read repair restores the real-time order (fixed)',
    summary: 'Repairing before answering keeps a later read from going back in time.',
    explanation:
      "With read repair done before answering, alice's read first writes the new value back to the stale " +
      'replica it saw; any read that starts after hers has finished overlaps a replica with the new value.',
    name: 'Blocking read repair',
    patch: { leaderless: { readRepair: 'blocking' } },
  },
  {
    id: 'lww-concurrent-writes',
    title: 'Last-write-wins loses a concurrent write',
    summary: 'Two concurrent writes of one cart: last-write-wins keeps one, and the other is gone.',
    explanation:
      'alice adds milk and bob adds eggs to the same cart at the same moment, neither knowing of the other. ' +
      'Under last-write-wins only the write with the later timestamp survives; the other, acknowledged, is gone.',
    shows: ['lost-write'],
    speed: 50,
    scenario: dynamo({ name: 'LWW concurrent writes', timeline: SIBLINGS_TIMELINE }, { resolution: 'lww' }),
  },
  {
    id: 'siblings-version-vectors',
    fixes: 'lww-concurrent-writes',
    title: 'Siblings with version vectors keep both (fixed)',
    summary: 'Concurrent writes are kept as siblings; alice merges them and writes back.',
    explanation:
      'The same two writes carry no causal context, so their version vectors are concurrent: replicas keep both ' +
      'as siblings and a read returns "milk | eggs". alice merges them and writes back with the read\'s context, ' +
      'which supersedes both siblings everywhere (Dynamo 4.4; DDIA 5, "Capturing the happens-before ' +
      'relationship").',
    watch:
      'one conflict still, by design: the two concurrent writes kept as siblings until alice merges them.',
    name: 'Siblings',
    patch: { leaderless: { resolution: 'siblings' } },
  },
];
