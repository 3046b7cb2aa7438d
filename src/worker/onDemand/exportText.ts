/**
 * `exportText` for the simulation worker's bundle, where vite.config.ts (`simWorkerOnDemand`) puts it in place
 * of src/worker/exportText.ts: the JSON report and the EDN writer are a chunk of their own, fetched on the first
 * `exportHistory` (the inbox waits for `loadExporter` before the host sees it), so a first visit loads neither.
 */
import type { Simulation } from '../../sim/engine/simulation.ts';
import type { Oracle } from '../../sim/oracle/oracle.ts';
import type * as Exporter from '../exportText.ts';
import type { HistoryFormat } from '../protocol.ts';
import { Once } from './once.ts';

const exporter = new Once<typeof Exporter>(() => import('../exportText.ts'));

/** Fetches the exporters once (a failed fetch may be tried again). */
export async function loadExporter(): Promise<void> {
  await exporter.load();
}

export function isExporterLoaded(): boolean {
  return exporter.value !== undefined;
}

export function exportText(sim: Simulation, oracle: Oracle, format: HistoryFormat): string {
  if (!exporter.value) throw new Error('the history exporters are not loaded (loadExporter first)');
  return exporter.value.exportText(sim, oracle, format);
}
