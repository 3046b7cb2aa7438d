/**
 * Built-in scenarios. Each is plain data that passes the scenario schema (a test checks it), with a summary the
 * UI shows beside the graph and the CLI lists with `--list-presets`.
 */
import type { Scenario, TimelineEntry } from './scenario.ts';

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
