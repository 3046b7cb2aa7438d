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
