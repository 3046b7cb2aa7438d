/**
 * Leaderless ring changes: a node that joins gets the keys it now owns handed to it, reads during the move still
 * answer and stay fresh under strict quorums, a node that leaves hears nothing more, and no acknowledged write is
 * lost by a move.
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import type { Leaderless } from '../../src/sim/models/leaderless/model.ts';
import { Oracle } from '../../src/sim/oracle/oracle.ts';
import type { Scenario, TimelineEntry } from '../../src/sim/scenarios/schema.ts';
import type { LeaderlessReplica } from '../../src/sim/types.ts';

const KEYS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];

function ring(timeline: TimelineEntry[]): Scenario {
  return {
    version: 1,
    name: 'ring change',
    model: 'leaderless',
    seed: 7,
    nodes: ['kv1', 'kv2', 'kv3', 'kv4'],
    clients: [
      { id: 'a', home: 'kv1' },
      { id: 'b', home: 'kv2' },
    ],
    network: {
      latency: { dist: 'uniform', minMs: 5, maxMs: 15 },
      clientLatency: { dist: 'constant', ms: 1 },
      dropProbability: 0,
    },
    leaderless: { n: 3, w: 2, r: 2, readRepair: 'off' },
    clientTimeoutMs: 1000,
    workload: { enabled: true, kind: 'register', ratePerSec: 100, readFraction: 0.5, keys: KEYS },
    durationMs: 2000,
    timeline,
  };
}

const llOf = (sim: Simulation) => sim.model as Leaderless;

/** Each key's versions on its home replicas, by replica: what a node that took the keys over must hold too. */
function homeData(sim: Simulation, node: string) {
  const mine = (sim.model.replica(node) as LeaderlessReplica).data;
  return mine.map((cell) => cell.key);
}

describe('leaderless ring changes', () => {
  it('a joining node fetches the keys it now owns; reads during the move answer and are never stale', () => {
    const sim = new Simulation(
      ring([
        { atUs: 500_000, action: { type: 'addNode', node: 'kv5' } },
        { atUs: 1_500_000, action: { type: 'setWorkload', enabled: false } },
      ]),
      { checkInvariants: true },
    );
    sim.runUntil(500_000);
    const owned = KEYS.filter((k) => llOf(sim).preferenceList(k).includes('kv5'));
    expect(owned).toEqual([]);
    sim.runUntil(2_500_000);
    const gained = KEYS.filter((k) => llOf(sim).preferenceList(k).includes('kv5'));
    expect(gained).toEqual(['b', 'd', 'e', 'f', 'h']);
    // Every key it owns, it holds, with the versions the other home replicas hold (no read repair, no anti-entropy).
    expect(homeData(sim, 'kv5')).toEqual(gained);
    expect(sim.divergentKeys()).toEqual([]);
    const oracle = new Oracle(sim);
    const answer = oracle.update();
    expect(oracle.counts()['stale-read']).toBe(0);
    expect(oracle.counts()['lost-write']).toBe(0);
    // Concurrent writes kept as siblings are conflicts of the workload, not faults of the move.
    expect(answer.anomalies.filter((a) => a.kind !== 'not-linearizable' && a.kind !== 'conflict')).toEqual(
      [],
    );
    const reads = sim.clients.history.filter(
      (op) => op.f === 'read' && op.invokeUs > 500_000 && op.invokeUs < 600_000,
    );
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((op) => op.status === 'ok')).toBe(true);
  });

  it('a node that leaves receives nothing after, and no acknowledged write is lost (W = 2)', () => {
    const sim = new Simulation(
      ring([
        { atUs: 500_000, action: { type: 'removeNode', node: 'kv3' } },
        { atUs: 1_500_000, action: { type: 'setWorkload', enabled: false } },
      ]),
      { checkInvariants: true },
    );
    sim.runUntil(2_500_000);
    const late = sim.messageLog.since(500_000).filter((m) => m.to === 'kv3' && !m.dropped);
    expect(late).toEqual([]);
    expect(KEYS.some((k) => llOf(sim).preferenceList(k).includes('kv3'))).toBe(false);
    expect(sim.divergentKeys()).toEqual([]);
    const oracle = new Oracle(sim);
    oracle.update();
    expect(oracle.counts()['lost-write']).toBe(0);
    expect(oracle.counts()['stale-read']).toBe(0);
  });
});
