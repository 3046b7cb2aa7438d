/** Adapts the core's `Simulation` to the small interface the host drives. */

import { historyToEdn } from '../sim/checkers/edn.ts';
import { checkRun } from '../sim/checkers/index.ts';
import { buildReport } from '../sim/report.ts';
import type { Scenario } from '../sim/scenario.ts';
import { Simulation } from '../sim/simulation.ts';
import type { SimCore } from './host.ts';
import { packSnapshot } from './pack.ts';

export function createSimCore(scenario: Scenario): SimCore {
  const sim = new Simulation(scenario);
  return {
    nowUs: () => sim.nowUs,
    runUntil: (targetUs, maxEvents) => sim.runUntil(targetUs, maxEvents),
    stepInstant: () => {
      sim.step();
    },
    apply: (action) => sim.apply(action),
    snapshot: () => packSnapshot(sim.snapshot()),
    scenario: () => sim.currentScenario(),
    check: () => checkRun(sim),
    exportHistory: (format) =>
      format === 'edn' ? historyToEdn(sim.clients.history) : `${JSON.stringify(buildReport(sim), null, 2)}\n`,
  };
}
