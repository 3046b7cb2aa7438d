/**
 * The bank ledger of the project's brief, leader-follower (async, sync, semi-sync): a file of its own, since it is
 * the default preset's, so a first visit's simulation worker fetches these few presets and not every
 * leader-follower story (src/worker/onDemand/presets.ts).
 */
import type { Scenario } from '../schema.ts';
import { at, type PresetSpec, r, w } from './helpers.ts';

const BANK_NODES = ['bank_leader', 'bank_follower1', 'bank_follower2'];
const ACCOUNTS = ['account_123', 'account_456', 'account_789'];

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

/** In picker order: asynchronous, then its fixes. */
export const BANK_PRESETS: readonly PresetSpec[] = [
  {
    id: 'bank-ledger-async',
    title: 'Bank ledger: asynchronous replication',
    summary: 'A follower read right after an acknowledged deposit returns nothing: a stale read.',
    explanation:
      'The leader acknowledges a deposit as soon as it is in its own log, then ships it to the followers. ' +
      'A read of account_123 from bank_follower1 right after the acknowledged write of 1000 returns nothing ' +
      '(a stale read); a read 150 ms later returns 1000. Generated deposits and withdrawals read from any replica.',
    shows: ['stale-read'],
    speed: 25,
    scenario: bank({
      name: 'Bank ledger (async)',
      timeline: [
        w(5, 'teller', 'account_123', '1000'),
        r(20, 'teller', 'account_123', 'bank_follower1'),
        r(150, 'teller', 'account_123', 'bank_follower1'),
      ],
    }),
  },
  {
    id: 'bank-ledger-sync',
    fixes: 'bank-ledger-async',
    title: 'Bank ledger: synchronous replication',
    summary: 'Writes wait for both followers, so a follower read after the acknowledgement sees them.',
    explanation:
      'The leader acknowledges a write only after both followers hold it, so a read from a follower after ' +
      'the acknowledgement returns the new balance. The price: each write waits a round trip to the slowest ' +
      'follower, and stalls while any follower is down.',
    name: 'Bank ledger (sync)',
    patch: {
      leaderFollower: { mode: 'sync' },
      // The first read moves to 100 ms: a synchronous write is acknowledged only after about 75 ms.
      timeline: [
        w(5, 'teller', 'account_123', '1000'),
        r(100, 'teller', 'account_123', 'bank_follower1'),
        r(150, 'teller', 'account_123', 'bank_follower2'),
      ],
    },
  },
  {
    id: 'bank-ledger-semisync',
    title: 'Bank ledger: semi-synchronous replication',
    summary: 'The leader waits for one follower: a write survives losing the leader, the other may lag.',
    explanation:
      'The leader waits for one of the two followers (MySQL semi-sync). Writes survive the loss of the leader ' +
      'on at least one follower, yet a read from the other follower can still be stale.',
    watch:
      'the leader answering each deposit only once one follower has it; a read from the other follower can still miss it.',
    speed: 10,
    scenario: bank({
      name: 'Bank ledger (semi-sync)',
      leaderFollower: { mode: 'semisync', semiSyncAcks: 1, heartbeatMs: 100 },
      timeline: [w(5, 'teller', 'account_123', '1000'), r(75, 'teller', 'account_123', 'bank_follower2')],
    }),
  },
  {
    id: 'follower-crash-catch-up',
    title: 'A crashed follower catches up',
    summary: 'A follower crashes, restarts with its log on disk and catches up from the leader in batches.',
    explanation:
      'bank_follower2 crashes at 200 ms while deposits keep arriving; it restarts at 900 ms with its log on ' +
      'disk and catches up from the leader in batches. Watch its lag fall to zero.',
    watch: 'bank_follower2’s lag falling to zero, batch by batch, after it restarts at 900 ms.',
    speed: 100,
    scenario: bank({
      name: 'Follower crash and catch-up',
      workload: { enabled: true, kind: 'bank', ratePerSec: 40, readFraction: 0.3, keys: ACCOUNTS },
      timeline: [
        at(200, { type: 'crash', node: 'bank_follower2' }),
        at(900, { type: 'restart', node: 'bank_follower2' }),
      ],
    }),
  },
  {
    id: 'leader-down',
    title: 'The leader is down: writes fail',
    summary: 'With the leader down and no failover, writes fail while follower reads still answer.',
    explanation:
      'bank_leader crashes at 300 ms. Without failover nobody takes writes: each write is refused, reads from ' +
      'the followers still answer with the data they have. The leader restarts at 1200 ms and writes resume.',
    watch:
      'writes refused from 300 ms while the followers still answer reads; writes resume when the leader is back at 1,200 ms.',
    speed: 100,
    scenario: bank({
      name: 'Leader down',
      timeline: [
        at(300, { type: 'crash', node: 'bank_leader' }),
        w(400, 'teller', 'account_123', '500'),
        r(450, 'teller', 'account_123', 'bank_follower1'),
        at(1200, { type: 'restart', node: 'bank_leader' }),
        w(1300, 'teller', 'account_123', '700'),
      ],
    }),
  },
];
