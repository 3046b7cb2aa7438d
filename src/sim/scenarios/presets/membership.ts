/**
 * Membership presets: the hazard of changing two servers at once in a leader-follower cluster (Raft section 6,
 * figure 10 of the paper) and its fix, one server at a time.
 */
import type { Scenario } from '../schema.ts';
import { at, type PresetSpec, w } from './helpers.ts';

/**
 * db1 leads db1..db3; at 100 ms the operator adds db4 and db5. A partition at 101 ms cuts db2 and db3 off
 * before the configuration entry reaches them, while db4 and db5 get it; db1 restarts at 200 to 220 ms, so its
 * side elects a leader of its own. Seed 2 gives both sides their first leader in term 2.
 */
function growingCluster(unsafeMembership: boolean): Scenario {
  return {
    version: 1,
    name: 'Two membership changes at once',
    model: 'leader-follower',
    seed: 2,
    nodes: ['db1', 'db2', 'db3'],
    clients: [
      { id: 'alice', home: 'db1' },
      { id: 'bob', home: 'db2' },
    ],
    network: {
      latency: { dist: 'normal', meanMs: 20, sdMs: 4 },
      clientLatency: { dist: 'normal', meanMs: 3, sdMs: 0.5 },
      dropProbability: 0,
    },
    leaderFollower: {
      mode: 'async',
      semiSyncAcks: 1,
      heartbeatMs: 50,
      failover: 'majority',
      electionTimeoutMs: 150,
      unsafeMembership,
    },
    clientTimeoutMs: 400,
    workload: { enabled: false, kind: 'register', ratePerSec: 10, readFraction: 0.5, keys: ['profile'] },
    durationMs: 2000,
    timeline: [
      at(100, { type: 'addNode', node: 'db4' }),
      at(100, { type: 'addNode', node: 'db5' }),
      at(101, {
        type: 'partition',
        groups: [
          ['db1', 'db4', 'db5'],
          ['db2', 'db3'],
        ],
      }),
      at(200, { type: 'crash', node: 'db1' }),
      at(220, { type: 'restart', node: 'db1' }),
      w(800, 'alice', 'profile', 'alice', 'db4'),
      w(800, 'bob', 'profile', 'bob', 'db2'),
      at(1200, { type: 'heal' }),
    ],
  };
}

export const MEMBERSHIP_PRESETS: readonly PresetSpec[] = [
  {
    id: 'membership-two-at-once',
    title: 'Two membership changes at once (two leaders in one term)',
    summary: 'Adding two servers in one step lets the old and the new configuration each elect a leader.',
    explanation:
      'db1 leads db1, db2 and db3. At 100 ms the operator adds db4 and db5, and db1, allowed to apply both ' +
      'changes in one configuration entry, jumps from three members to five. A partition at 101 ms cuts db2 and ' +
      'db3 off before the entry reaches them: they still use the old configuration, where two of three is a ' +
      'majority. db1, db4 and db5 use the new one, where three of five is a majority. After db1 restarts, each ' +
      'side elects its own leader of term 2: two leaders in one term, which the invariant checker catches. Both ' +
      'acknowledge a write at 800 ms; at the heal one leader gives way and the write it acknowledged is lost.',
    shows: ['lost-write'],
    speed: 100,
    scenario: growingCluster(true),
  },
  {
    id: 'membership-one-at-a-time',
    fixes: 'membership-two-at-once',
    title: 'One server at a time (fixed)',
    summary: 'Each change waits for the last to commit: any two majorities overlap, so one leader per term.',
    explanation:
      "The same run with Raft's rule: a leader changes the configuration one server at a time and appends no " +
      'second change before the first is committed. db1 adds db4 (four members, three make a majority) and ' +
      'refuses db5 for now. Cut off with only db4, db1 cannot commit, and after its restart its side cannot ' +
      'elect anyone; db2 and db3 elect the one leader of term 2. After the heal that leader adds db4, then db5, ' +
      'one at a time. No acknowledged write is lost.',
    name: 'Two membership changes at once (fixed)',
    patch: { leaderFollower: { unsafeMembership: false } },
  },
];
