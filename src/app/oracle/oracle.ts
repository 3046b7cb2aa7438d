/**
 * The oracle's actions: what the user does with the consistency oracle's answer (select an anomaly, point at an
 * operation, ask for a full check, export the history). The answer and the selections live in the store's
 * oracle slice (oracleState.ts); the requests go through the simulation worker's client.
 */
import type { Anomaly, AnomalyKind } from '../../sim/oracle/oracle.ts';
import type { HistoryFormat } from '../../worker/protocol.ts';
import { downloadText, fileSlug } from '../download.ts';
import { useLab } from '../hooks.ts';
import { labStore, selectNode } from '../store.ts';
import { requestCheck, requestExport } from '../worker/simClient.ts';
import { anomalyKey, type OracleState } from './oracleState.ts';

export { anomalyKey, type OracleAnswer, type OracleState } from './oracleState.ts';

export function useOracle<T>(selector: (state: OracleState) => T): T {
  return useLab((s) => selector(s.oracle));
}

function setOracle(patch: Partial<OracleState>): void {
  labStore.setState((s) => ({ oracle: { ...s.oracle, ...patch } }));
}

/** Points at an operation (or at none): every view that shows it lights it up. */
export function hoverOperation(op: number | null): void {
  if (labStore.getState().oracle.hoveredOp !== op) setOracle({ hoveredOp: op });
}

/** Pins one operation (or unpins it, if it is the one pinned): the views highlight it as a selected anomaly's. */
export function pinOperation(op: number): void {
  const { highlightedOps } = labStore.getState().oracle;
  const again = highlightedOps.length === 1 && highlightedOps[0] === op;
  setOracle({ highlightedOps: again ? [] : [op], selected: null, focus: null });
}

/** Runs every checker again with the full linearizability budget (live updates use a small one). */
export function checkNow(): void {
  if (!labStore.getState().scenario) return;
  setOracle({ checking: true });
  requestCheck();
}

export async function exportHistory(format: HistoryFormat): Promise<void> {
  const scenario = labStore.getState().scenario;
  if (!scenario) return;
  const filename = `${fileSlug(scenario.name)}-history.${format}`;
  const text = await requestExport(format);
  // Null: the run was replaced (or the worker restarted) before the export came back.
  if (text !== null) downloadText(text, filename, format === 'json' ? 'application/json' : 'application/edn');
}

/** Selects an anomaly (or clears the selection): its operations light up in the history, its node on the graph. */
export function selectAnomaly(anomaly: Anomaly | null): void {
  // Choosing the selected anomaly again clears the selection.
  const picked = anomaly && anomalyKey(anomaly) !== labStore.getState().oracle.selected ? anomaly : null;
  // The span from the first named operation's invocation to the anomaly: the diagram and timeline scroll to it.
  const history = labStore.getState().snapshot?.history ?? [];
  const starts = (picked?.ops ?? []).map(
    (id) => history.find((o) => o.id === id)?.invokeUs ?? picked?.atUs ?? 0,
  );
  setOracle({
    selected: picked ? anomalyKey(picked) : null,
    highlightedOps: picked ? [...picked.ops] : [],
    focus: picked ? { fromUs: Math.min(picked.atUs, ...starts), toUs: picked.atUs } : null,
  });
  selectNode(picked?.nodes[0] ?? null);
}

export { KIND_LABELS } from './kindLabels.ts';

const NO_KINDS: readonly AnomalyKind[] = [];

/** The kinds of anomaly the oracle found about an operation (none until it has judged it). */
export function useAnomalyKinds(opId: number): readonly AnomalyKind[] {
  return useOracle((s) => s.answer?.flagged.get(opId) ?? NO_KINDS);
}

/** The listed anomaly of a kind about an operation, with its explanation and the operations it names. */
export function useAnomalyAbout(opId: number, kind: AnomalyKind): Anomaly | undefined {
  return useOracle((s) => s.answer?.explained.get(opId)?.find((a) => a.kind === kind));
}
