/**
 * A run's history as text, for `exportHistory`: the JSON report (src/sim/analysis/report.ts) or the Jepsen EDN
 * history (src/sim/oracle/edn.ts). In the simulation worker's bundle, vite.config.ts (`simWorkerOnDemand`) puts
 * onDemand/exportText.ts in its place, so these exporters are a chunk fetched on the first export.
 */
import { buildReport } from '../sim/analysis/report.ts';
import type { Simulation } from '../sim/engine/simulation.ts';
import { historyToEdn, keyTypes } from '../sim/oracle/edn.ts';
import type { Oracle } from '../sim/oracle/oracle.ts';
import type { HistoryFormat } from './protocol.ts';

export function exportText(sim: Simulation, oracle: Oracle, format: HistoryFormat): string {
  return format === 'edn'
    ? historyToEdn(sim.clients.history, keyTypes(sim.scenario))
    : `${JSON.stringify(buildReport(sim, oracle), null, 2)}\n`;
}
