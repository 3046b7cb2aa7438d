/**
 * Snapshots and state transfers at work, with the compaction limits forced down: a node that lost its disk
 * catches up from a peer that no longer holds the changes it needs, and ends with exactly what the cluster holds.
 */
import { describe, expect, it } from 'vitest';
import type { Scenario, TimelineEntry } from '../../src/sim/scenarios/schema.ts';
import { OFF, runWithLimits, TIGHT } from '../support/compaction.ts';

const ms = (t: number) => t * 1000;

function dataOf(run: ReturnType<typeof runWithLimits>, node: string): string {
  const view = run.sim.nodeViews().find((n) => n.id === node);
  return JSON.stringify(view?.data.map((c) => [c.key, c.value]));
}

describe('leader-follower InstallSnapshot', () => {
  const scenario: Scenario = {
    version: 1,
    name: 'a follower loses its disk while the leader compacts',
    model: 'leader-follower',
    seed: 5,
    nodes: ['n1', 'n2', 'n3'],
    clients: [{ id: 'c1' }, { id: 'c2' }],
    network: { latency: { dist: 'constant', ms: 5 }, dropProbability: 0 },
    leaderFollower: { mode: 'semisync', semiSyncAcks: 1, heartbeatMs: 50, failover: 'majority' },
    clientTimeoutMs: 500,
    workload: { enabled: true, kind: 'register', ratePerSec: 100, readFraction: 0.3, keys: ['a', 'b', 'c'] },
    durationMs: 2000,
    timeline: [
      { atUs: ms(400), action: { type: 'crash', node: 'n3', durable: false } },
      { atUs: ms(1000), action: { type: 'restart', node: 'n3' } },
      { atUs: ms(1500), action: { type: 'setWorkload', enabled: false } },
    ],
  };

  it('catches the follower up from the snapshot, with the same data and reports as without compaction', () => {
    const tight = runWithLimits(scenario, TIGHT, { checkInvariants: true });
    const off = runWithLimits(scenario, OFF);
    expect(tight.transfers).toBeGreaterThan(0);
    expect(off.transfers).toBe(0);
    expect(dataOf(tight, 'n3')).toBe(dataOf(tight, 'n1'));
    expect(dataOf(tight, 'n3')).toBe(dataOf(off, 'n3'));
    expect(tight.sim.divergentKeys()).toEqual([]);
    expect(tight.sim.lostWrites()).toEqual(off.sim.lostWrites());
    const logLengths = tight.sim.nodeViews().map((n) => (n.model === 'leader-follower' ? n.logLength : -1));
    expect(new Set(logLengths).size).toBe(1);
  });
});

describe('multi-leader state transfer', () => {
  const writes: TimelineEntry[] = [];
  for (let i = 0; i < 12; i++) {
    const client = `c${(i % 3) + 1}`;
    const at = ms(100 + i * 40);
    writes.push({ atUs: at, action: { type: 'write', client, key: 'count', value: `+${i + 1}` } });
    writes.push({ atUs: at + 5, action: { type: 'write', client, key: 'tags', value: `add t${i % 4}` } });
    if (i % 5 === 4)
      writes.push({
        atUs: at + 9,
        action: { type: 'write', client, key: 'tags', value: `remove t${i % 4}` },
      });
  }
  const scenario: Scenario = {
    version: 1,
    name: 'a leader loses its disk and catches up from trimmed peers',
    model: 'multi-leader',
    seed: 9,
    nodes: ['n1', 'n2', 'n3'],
    clients: [
      { id: 'c1', home: 'n1' },
      { id: 'c2', home: 'n2' },
      { id: 'c3', home: 'n3' },
    ],
    network: { latency: { dist: 'constant', ms: 5 }, dropProbability: 0 },
    multiLeader: {
      leaders: ['n1', 'n2', 'n3'],
      ownership: 'any',
      topology: 'all-to-all',
      resolution: 'siblings',
      causalDelivery: true,
      crdt: [
        { prefix: 'count', type: 'counter' },
        { prefix: 'tags', type: 'set' },
      ],
      syncIntervalMs: 50,
    },
    clientTimeoutMs: 500,
    workload: { enabled: false, kind: 'register', ratePerSec: 10, readFraction: 0, keys: ['k'] },
    durationMs: 2500,
    timeline: [
      ...writes,
      { atUs: ms(900), action: { type: 'crash', node: 'n3', durable: false } },
      { atUs: ms(1200), action: { type: 'restart', node: 'n3' } },
    ],
  };

  // t1 is gone: the removal at i = 9 observed every add of t1 made before it.
  it('merges counters and add-wins sets into the same values every leader holds', () => {
    const tight = runWithLimits(scenario, TIGHT, { checkInvariants: true });
    const off = runWithLimits(scenario, OFF);
    expect(tight.transfers).toBeGreaterThan(0);
    expect(tight.sim.divergentKeys()).toEqual([]);
    for (const node of ['n1', 'n2', 'n3']) expect(dataOf(tight, node)).toBe(dataOf(off, node));
    expect(dataOf(tight, 'n3')).toBe('[["count","78"],["tags","{t0, t2, t3}"]]');
  });
});
