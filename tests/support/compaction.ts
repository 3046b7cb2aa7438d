/**
 * Runs a scenario with the models' log compaction and trimming forced early, or turned off, so tests can compare
 * the two runs (tests/unit/compaction.property.test.ts).
 */
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { LOG_LIMITS } from '../../src/sim/models/leader-follower/log.ts';
import { CHANGE_LOG_LIMITS } from '../../src/sim/models/multi-leader/changeLog.ts';
import type { Scenario } from '../../src/sim/scenarios/schema.ts';
import type { MessageBody } from '../../src/sim/types.ts';

/** Limits that compact after a handful of entries, and limits that never do. */
export const TIGHT = { keep: 3, retain: 12, every: 2 };
export const OFF = { keep: Number.POSITIVE_INFINITY, retain: Number.POSITIVE_INFINITY, every: 1 };

export interface LimitedRun {
  readonly sim: Simulation;
  /** Snapshots (leader-follower) and state transfers (multi-leader) sent: messages only compaction causes. */
  readonly transfers: number;
}

/** Runs the scenario to its end under the given limits (restored afterwards), counting state transfers. */
export function runWithLimits(
  scenario: Scenario,
  limits: typeof TIGHT,
  options: { checkInvariants?: boolean } = {},
): LimitedRun {
  const saved = [{ ...LOG_LIMITS }, { ...CHANGE_LOG_LIMITS }] as const;
  Object.assign(LOG_LIMITS, limits);
  Object.assign(CHANGE_LOG_LIMITS, limits);
  try {
    const sim = new Simulation(scenario, options);
    let transfers = 0;
    const send = sim.send.bind(sim);
    // Counts by wrapping the instance's send: the models call it through their context, which is the simulation.
    sim.send = <B extends MessageBody>(from: string, to: string, body: B) => {
      if (body.type === 'snapshot' || body.type === 'state') transfers++;
      send(from, to, body);
    };
    sim.runUntil(scenario.durationMs * 1000);
    return { sim, transfers };
  } finally {
    Object.assign(LOG_LIMITS, saved[0]);
    Object.assign(CHANGE_LOG_LIMITS, saved[1]);
  }
}
