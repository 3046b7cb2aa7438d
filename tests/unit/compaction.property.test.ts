/**
 * Log compaction (leader-follower snapshots) and change-log trimming (multi-leader) change what a node keeps, not
 * what the cluster does: over random swarm scenarios with the limits forced down to a handful of entries, a run
 * that needed no snapshot or state transfer is the same run as with compaction off (the same trace, client
 * history and replica data), and every run, transfers or not, keeps the promises the swarm checks (invariants
 * after every event, convergence, no lost write where promised, determinism).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LOG_LIMITS } from '../../src/sim/models/leader-follower/log.ts';
import { CHANGE_LOG_LIMITS } from '../../src/sim/models/multi-leader/changeLog.ts';
import type { Scenario } from '../../src/sim/scenarios/schema.ts';
import type { NodeView } from '../../src/sim/types.ts';
import { OFF, runWithLimits, TIGHT } from '../support/compaction.ts';
import { swarmCaseArb, swarmViolation } from '../support/swarm.ts';

const compactingModels = swarmCaseArb.filter((c) => c.scenario.model !== 'leaderless');

describe('compaction and trimming', () => {
  it('give the same trace, client history and replica data as no compaction, whenever no transfer was needed', () => {
    let compared = 0;
    let transferred = 0;
    fc.assert(
      fc.property(compactingModels, (c) => {
        const tight = runWithLimits(c.scenario, TIGHT);
        if (tight.transfers > 0) {
          transferred++;
          return;
        }
        compared++;
        const off = runWithLimits(c.scenario, OFF);
        expect(tight.sim.traceHash()).toBe(off.sim.traceHash());
        expect(tight.sim.snapshot().history).toEqual(off.sim.snapshot().history);
        expect(tight.sim.nodeViews()).toEqual(off.sim.nodeViews());
      }),
      { numRuns: 60, seed: 12 },
    );
    // Both kinds of run occur, so the comparison is not vacuous and the transfers below are exercised.
    expect(compared).toBeGreaterThan(20);
    expect(transferred).toBeGreaterThan(5);
  });

  it("keep a crashed node's commit index as it was, snapshot or not (seed 12)", () => {
    // n2 crashes with its disk; at the end both restart and n1, the only leader, is removed under manual
    // failover, so no leader ever tells n2 again what is committed. Reset to what it could prove, n2's commit
    // index was its snapshot point (10) with compaction and 0 without; kept with the log, it is 13 in both.
    const end = { atUs: 1500001 };
    const scenario: Scenario = {
      version: 1,
      name: 'restored commit point',
      model: 'leader-follower',
      seed: 460231531,
      nodes: ['n1', 'n2'],
      clients: [{ id: 'c1' }],
      network: {
        latency: { dist: 'normal', meanMs: 2, sdMs: 0.5 },
        clientLatency: { dist: 'constant', ms: 1 },
        dropProbability: 0,
        fifo: false,
      },
      leaderFollower: {
        mode: 'async',
        semiSyncAcks: 1,
        heartbeatMs: 20,
        failover: 'manual',
        electionTimeoutMs: 80,
        reads: 'local',
      },
      clientTimeoutMs: 300,
      workload: { enabled: true, kind: 'register', ratePerSec: 20, readFraction: 0.4, keys: ['k'] },
      durationMs: 4000,
      timeline: [
        { atUs: 915144, action: { type: 'crash', node: 'n2', durable: true } },
        { ...end, action: { type: 'heal' } },
        { ...end, action: { type: 'setLoss', dropProbability: 0 } },
        { ...end, action: { type: 'setDuplication', duplicateProbability: 0 } },
        { ...end, action: { type: 'restart', node: 'n1' } },
        { ...end, action: { type: 'restart', node: 'n2' } },
        { ...end, action: { type: 'setWorkload', enabled: false } },
        { ...end, action: { type: 'removeNode', node: 'n1' } },
      ],
    };
    const tight = runWithLimits(scenario, TIGHT, { checkInvariants: true });
    const off = runWithLimits(scenario, OFF, { checkInvariants: true });
    expect(tight.transfers).toBe(0);
    expect(tight.sim.traceHash()).toBe(off.sim.traceHash());
    const pick = (v: NodeView) =>
      v.model === 'leader-follower' ? [v.id, v.role, v.logLength, v.appliedIndex, v.commitIndex] : [];
    expect(off.sim.nodeViews().map(pick)).toEqual([['n2', 'follower', 13, 13, 13]]);
    expect(tight.sim.nodeViews()).toEqual(off.sim.nodeViews());
  });

  it('keep every promise the swarm checks, snapshots and state transfers included', () => {
    const saved = [{ ...LOG_LIMITS }, { ...CHANGE_LOG_LIMITS }] as const;
    Object.assign(LOG_LIMITS, TIGHT);
    Object.assign(CHANGE_LOG_LIMITS, TIGHT);
    try {
      fc.assert(
        fc.property(compactingModels, (c) => swarmViolation(c) === null),
        { numRuns: 60, seed: 21 },
      );
    } finally {
      Object.assign(LOG_LIMITS, saved[0]);
      Object.assign(CHANGE_LOG_LIMITS, saved[1]);
    }
  });
});
