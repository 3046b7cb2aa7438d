/**
 * Presets at scale (issue 12.3): a 100-node leaderless ring with N = 3, a leader with 100 followers, multi-leader
 * regions of 25 nodes each, and a 1,000-node leaderless ring, as Dynamo and Cassandra rings run hundreds of
 * nodes. Each is listed in its model's group. They show how the protocols behave when most nodes are not
 * involved in a given key or write, and they are what the core and frame benchmarks measure at scale; each
 * keeps its model's promises (tests/unit/scale.test.ts), and each fits the work limit with room to spare.
 */
import type { Scenario } from '../schema.ts';
import { at, type PresetSpec, type WholePresetSpec } from './helpers.ts';

const range = (count: number, name: (i: number) => string): string[] =>
  Array.from({ length: count }, (_, i) => name(i + 1));

/** Sixteen keys for the leader-follower cluster, where every node holds every key. */
const KEYS = range(16, (i) => `k${i}`);

/**
 * The most keys a scenario may name (64), so writes spread over the ring instead of landing on a handful of home
 * replicas, and blind writes through different coordinators (concurrent under version vectors) pile up fewer
 * siblings per key.
 */
const RING_KEYS = range(64, (i) => `k${i}`);

/** A leaderless ring of `count` nodes kv1..kvN with N = 3, W = R = 2 and eight clients spread around it. */
function ring(count: number, name: string, ratePerSec: number, durationMs: number): Scenario {
  const nodes = range(count, (i) => `kv${i}`);
  return {
    version: 1,
    name,
    model: 'leaderless',
    seed: 23,
    nodes,
    clients: range(8, (i) => `c${i}`).map((id, i) => ({
      id,
      home: nodes[Math.floor((i * count) / 8)] as string,
    })),
    network: {
      latency: { dist: 'normal', meanMs: 10, sdMs: 2 },
      clientLatency: { dist: 'normal', meanMs: 2, sdMs: 0.3 },
      dropProbability: 0,
    },
    leaderless: { n: 3, w: 2, r: 2, readRepair: 'async', hintedHandoff: true, antiEntropyMs: 1000 },
    clientTimeoutMs: 1000,
    workload: { enabled: true, kind: 'register', ratePerSec, readFraction: 0.5, keys: RING_KEYS },
    durationMs,
    timeline: [],
  };
}

const LEADERLESS_100: PresetSpec = {
  id: 'scale-leaderless-100',
  title: 'Scale: a 100-node ring (N=3)',
  summary: 'A 100-node consistent-hash ring where each key lives on 3 nodes and a node crashes.',
  explanation:
    'One hundred nodes share a consistent-hash ring, eight tokens each, and every key lives on the first three ' +
    'distinct nodes clockwise from its hash (N = 3), so any one write involves three of the hundred. Eight ' +
    'clients write and read 64 keys at 300 operations a second with W = R = 2. At 1 s a node crashes ' +
    '(its disk survives) and comes back at 2 s: the keys it is home for keep their quorums on the other two ' +
    'replicas, hinted handoff and anti-entropy bring it up to date, and every acknowledged write survives.',
  watch: 'the crashed node’s keys keeping their quorums on their other two replicas from 1 s to 2 s.',
  speed: 250,
  scenario: {
    ...ring(100, 'Scale: 100-node ring', 300, 3000),
    timeline: [
      at(1000, { type: 'crash', node: 'kv42', durable: true }),
      at(2000, { type: 'restart', node: 'kv42' }),
    ],
  },
};

const LEADERLESS_1000: PresetSpec = {
  id: 'scale-leaderless-1000',
  title: 'Scale: a 1,000-node ring (N=3)',
  summary: 'A 1,000-node consistent-hash ring: each key lives on 3 of the thousand nodes.',
  explanation:
    'A thousand nodes share a consistent-hash ring of 8,000 tokens. Each key still lives on three nodes (N = 3, ' +
    'W = R = 2), so a write costs the same messages as on a three-node cluster while the ring spreads 64 keys ' +
    'over at most 192 of the thousand nodes; the rest only run anti-entropy and hinted handoff. The graph ' +
    'draws the nodes as dots and the ring shows a sample of its tokens. A node crashes at 1 s (its disk survives) ' +
    'and is back at 1.5 s; the keys it is home for keep their quorums on the other two replicas.',
  watch:
    'each write reaching only its key’s three replicas of the thousand, and the quorums held while a node is down from 1 s to 1.5 s.',
  speed: 100,
  scenario: {
    ...ring(1000, 'Scale: 1,000-node ring', 200, 2000),
    timeline: [
      at(1000, { type: 'crash', node: 'kv500', durable: true }),
      at(1500, { type: 'restart', node: 'kv500' }),
    ],
  },
};

/** A leader and 100 followers, semi-synchronous with majority failover: the leader crashes at 1 s. */
const LEADER_FOLLOWER_100: WholePresetSpec = {
  id: 'scale-leader-follower-100',
  title: 'Scale: a leader with 100 followers',
  summary: 'A leader replicates to 100 followers, crashes, and a majority of 101 elects a new one.',
  explanation:
    'A leader replicates every write to 100 followers; a write is acknowledged once one follower has it ' +
    '(semi-synchronous) and committed once a majority of the 101 nodes holds it (Raft). At 1 s the leader ' +
    'crashes with its disk intact: the followers notice the missing heartbeats, stand for election, and the ' +
    'one with the most complete log wins a majority of 51 votes. No acknowledged write is lost, and the old ' +
    'leader rejoins as a follower at 2 s.',
  watch:
    'the election after the leader crashes at 1 s: the follower with the most complete log wins 51 of 101 votes.',
  speed: 250,
  scenario: {
    version: 1,
    name: 'Scale: a leader and 100 followers',
    model: 'leader-follower',
    seed: 29,
    nodes: ['leader', ...range(100, (i) => `f${i}`)],
    clients: range(4, (i) => `c${i}`).map((id) => ({ id })),
    network: { latency: { dist: 'normal', meanMs: 10, sdMs: 2 }, dropProbability: 0 },
    leaderFollower: {
      mode: 'semisync',
      semiSyncAcks: 1,
      heartbeatMs: 100,
      failover: 'majority',
      electionTimeoutMs: 500,
    },
    clientTimeoutMs: 1000,
    workload: { enabled: true, kind: 'register', ratePerSec: 50, readFraction: 0.2, keys: KEYS },
    durationMs: 3000,
    timeline: [
      at(1000, { type: 'crash', node: 'leader', durable: true }),
      at(2000, { type: 'restart', node: 'leader' }),
    ],
  },
};

const REGION_IDS = ['us', 'eu', 'apac', 'sa'] as const;

/** Four regions of 25 nodes: a leader each, owning its region's keys, and 24 local followers. */
const MULTI_LEADER_REGIONS: PresetSpec = {
  id: 'scale-multi-leader-regions',
  title: 'Scale: four regions of 25 nodes',
  summary: 'Four regional leaders, each with 24 local followers, own their regions’ keys: 100 nodes.',
  explanation:
    'Four regions hold 25 nodes each: one leader and 24 followers that replicate it over a 5 ms local network, ' +
    'while the leaders synchronise with each other across 80 ms links. Each leader owns the keys of its region ' +
    '(key ranges), so the regions never write the same key and there are no conflicts to resolve, however many ' +
    'nodes replicate them. The link between the US and APAC is cut from 1 s to 2 s: their leaders catch up ' +
    'through synchronisation once it is back, and every node converges to the same data. Shops read at their ' +
    "own leader, so a read of another region's key can miss a write not yet synchronised: the checker flags " +
    'those stale reads.',
  watch: 'the US and APAC leaders catching up once their link is back at 2 s.',
  speed: 250,
  scenario: {
    version: 1,
    name: 'Scale: four regions of 25 nodes',
    model: 'multi-leader',
    seed: 31,
    regions: REGION_IDS.map((r) => ({
      id: r.toUpperCase(),
      nodes: [`${r}_leader`, ...range(24, (i) => `${r}_${i}`)],
    })),
    nodes: REGION_IDS.flatMap((r) => [`${r}_leader`, ...range(24, (i) => `${r}_${i}`)]),
    clients: REGION_IDS.map((r) => ({
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
      leaders: REGION_IDS.map((r) => `${r}_leader`),
      ownership: 'key-range',
      ranges: REGION_IDS.map((r) => ({ prefix: `${r.toUpperCase()}_`, owner: `${r}_leader` })),
      topology: 'all-to-all',
      resolution: 'lww',
      syncIntervalMs: 250,
    },
    clientTimeoutMs: 1000,
    workload: {
      enabled: true,
      kind: 'register',
      ratePerSec: 100,
      readFraction: 0.3,
      keys: REGION_IDS.flatMap((r) => range(4, (i) => `${r.toUpperCase()}_k${i}`)),
    },
    durationMs: 3000,
    timeline: [
      at(1000, { type: 'cutLink', a: 'US', b: 'APAC' }),
      at(2000, { type: 'restoreLink', a: 'US', b: 'APAC' }),
    ],
  },
};

/**
 * The frame benchmark's large clusters, hidden from the picker: a leader with 100 followers under 400 writes a
 * second over a 30 ms network (each write travels to every follower and back: about 2,000-3,000 messages in
 * flight), and a 1,000-node ring under 5,000 operations a second (the most a workload may ask) with each key on
 * ten replicas (N = 10) over a 95 ms network: every operation puts ten requests and then ten replies on the wire,
 * about 10,000 messages in flight (the worker's cap a snapshot) from 0.2 s on. The load has to build within the
 * frame benchmark's warm-up, 20 to 40 s at 10 simulated ms a second: at 400 ms and N = 3 (as before) it grew by
 * 12 messages a simulated ms and had only about 5,000 in flight when measured.
 */
export const SCALE_BENCH_PRESETS: readonly PresetSpec[] = [
  {
    id: 'bench-100-nodes',
    title: 'Stress: a leader and 100 followers, 400 writes/s',
    summary: 'A leader replicating 400 generated writes a second to 100 followers.',
    explanation:
      'A leader with 100 asynchronous followers under a heavy generated workload, used by the frame-time benchmark.',
    hidden: true,
    speed: 10,
    scenario: {
      ...(LEADER_FOLLOWER_100.scenario as Scenario),
      name: 'Stress: a leader and 100 followers',
      network: { latency: { dist: 'normal', meanMs: 30, sdMs: 6 }, dropProbability: 0 },
      leaderFollower: { mode: 'async', semiSyncAcks: 1, heartbeatMs: 100 },
      workload: { enabled: true, kind: 'register', ratePerSec: 400, readFraction: 0.1, keys: KEYS },
      durationMs: 1000,
      timeline: [],
    },
  },
  {
    id: 'bench-1000-nodes',
    title: 'Stress: a 1,000-node ring, 5,000 operations/s',
    summary:
      'A 1,000-node ring (N = 10) under 5,000 generated operations a second: 10,000 messages in flight.',
    explanation:
      'A 1,000-node leaderless ring with each key on ten replicas under a heavy generated workload over a ' +
      '95 ms network, used by the frame-time benchmark.',
    hidden: true,
    speed: 10,
    scenario: {
      ...ring(1000, 'Stress: a 1,000-node ring', 5000, 800),
      network: {
        latency: { dist: 'normal', meanMs: 95, sdMs: 10 },
        clientLatency: { dist: 'normal', meanMs: 2, sdMs: 0.3 },
        dropProbability: 0,
      },
      leaderless: { n: 10, w: 2, r: 2, readRepair: 'async', hintedHandoff: true, antiEntropyMs: 1000 },
    },
  },
];

export const SCALE_LEADER_FOLLOWER_PRESETS: readonly PresetSpec[] = [LEADER_FOLLOWER_100];
export const SCALE_MULTI_LEADER_PRESETS: readonly PresetSpec[] = [MULTI_LEADER_REGIONS];
export const SCALE_LEADERLESS_PRESETS: readonly PresetSpec[] = [LEADERLESS_100, LEADERLESS_1000];
