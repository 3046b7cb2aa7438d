/** Adapts the core's `Simulation` to the small interface the host drives. */

import { MetricsCollector } from '../sim/analysis/metrics.ts';
import { buildReport } from '../sim/analysis/report.ts';
import { Simulation } from '../sim/engine/simulation.ts';
import { historyToEdn } from '../sim/oracle/edn.ts';
import { describeVerdict, Oracle } from '../sim/oracle/oracle.ts';
import type { Scenario } from '../sim/scenarios/schema.ts';
import type { SimCore } from './host.ts';
import { packSnapshot } from './pack.ts';

/**
 * Linearizability search steps one live update may spend (a few milliseconds): keys it does not reach wait for
 * the next update, and a `check` request gets the full budget.
 */
export const LIVE_CHECK_STEPS = 50_000;

export function createSimCore(scenario: Scenario): SimCore {
  const sim = new Simulation(scenario);
  const oracle = new Oracle(sim);
  // The metrics read their stale reads, lost writes and conflicts off the same oracle: one judge per run.
  const metrics = new MetricsCollector(sim, oracle);
  return {
    nowUs: () => sim.nowUs,
    runUntil: (targetUs, maxEvents) => sim.runUntil(targetUs, maxEvents),
    stepInstant: () => {
      sim.step();
    },
    apply: (action) => sim.apply(action),
    snapshot: () => packSnapshot(sim.snapshot()),
    scenario: () => sim.currentScenario(),
    check: () => oracle.update(),
    liveCheck: () => oracle.update({ maxSteps: LIVE_CHECK_STEPS }),
    describeVerdict: (verdict) => describeVerdict(verdict, sim.clients.history),
    messageLog: (sinceUs) => ({ messages: sim.messageLog.since(sinceUs), faults: sim.messageLog.faults }),
    metrics: (counts) => metrics.report(counts),
    exportHistory: (format) =>
      format === 'edn' ? historyToEdn(sim.clients.history) : `${JSON.stringify(buildReport(sim), null, 2)}\n`,
  };
}
