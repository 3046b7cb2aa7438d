/**
 * The Anomalies panel's state: the latest answer of the worker's consistency oracle (pushed live as the run goes,
 * or asked for with a full `check`), the anomaly the user selected, and history exports in flight. The checkers
 * run in the worker; this only keeps the answer. It is the page's one source of verdicts: the counts, the
 * history's badges, the timeline's markers and the metrics' staleness all come from the oracle, never from the
 * operations themselves (which carry none). A new load (a new epoch) forgets everything: the answer belonged to
 * the previous run.
 */
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import { aboutOp, isAboutOneOp } from '../../sim/oracle/anomaly.ts';
import type { Verdict } from '../../sim/oracle/linearizability.ts';
import type { Anomaly, AnomalyKind } from '../../sim/oracle/oracle.ts';
import type { FlaggedOp, HistoryFormat } from '../../worker/protocol.ts';
import { downloadText, fileSlug } from '../download.ts';
import { labStore, type OracleReply, onOracleReply, requestOracle, selectNode } from '../store.ts';

export interface OracleAnswer {
  /** Simulated time the history was checked at. */
  readonly nowUs: number;
  /** Anomalies in time order: all, or the first and latest (the worker sends at most MAX_ANOMALIES_SENT). */
  readonly anomalies: readonly Anomaly[];
  /** How many of `anomalies` come before those left out, when some were. */
  readonly gapAt: number | null;
  readonly total: number;
  /** Anomalies by kind, all of them (each operation once per kind: one anomalous read may carry two labels). */
  readonly counts: Readonly<Partial<Record<AnomalyKind, number>>>;
  /** Per operation the latest anomalies are about, their kinds: the history's badges and the timeline's marks. */
  readonly flagged: ReadonlyMap<number, readonly AnomalyKind[]>;
  /** The listed anomalies (`anomalies`) by the operation each is about, for the badges' explanations. */
  readonly explained: ReadonlyMap<number, readonly Anomaly[]>;
  readonly linearizability: Verdict;
  readonly verdictText: string;
}

export interface OracleState {
  readonly epoch: number;
  readonly answer: OracleAnswer | null;
  /** A check was asked for and not answered yet. */
  readonly checking: boolean;
  /** The selected anomaly, as `anomalyKey` (stable across re-checks of a growing history). */
  readonly selected: string | null;
  /** Operation ids the selected anomaly names: the history highlights them. */
  readonly highlightedOps: readonly number[];
  /** The operation under the pointer in any view (history row, timeline bar, space-time arrow), or null. */
  readonly hoveredOp: number | null;
  /** Simulated time span the time-based views should bring into view (set when an anomaly is selected). */
  readonly focus: { readonly fromUs: number; readonly toUs: number } | null;
}

const initial: OracleState = {
  epoch: 0,
  answer: null,
  checking: false,
  selected: null,
  highlightedOps: [],
  hoveredOp: null,
  focus: null,
};

export const oracleStore = createStore<OracleState>()(() => initial);

export function useOracle<T>(selector: (state: OracleState) => T): T {
  return useStore(oracleStore, selector);
}

let nextRequestId = 1;
let latestCheck = 0;
const pendingExports = new Map<number, string>();
let connected = false;

/** Subscribes to the worker's replies and to loads (idempotent; the panel calls it on mount). */
export function connectOracle(): void {
  if (connected) return;
  connected = true;
  onOracleReply(receiveOracle);
  labStore.subscribe((state) => {
    if (state.epoch === oracleStore.getState().epoch) return;
    pendingExports.clear();
    oracleStore.setState({ ...initial, epoch: state.epoch });
  });
}

export function anomalyKey(a: Anomaly): string {
  return `${a.kind}|${a.atUs}|${a.ops.join(',')}|${a.explanation}`;
}

/** Points at an operation (or at none): every view that shows it lights it up. */
export function hoverOperation(op: number | null): void {
  if (oracleStore.getState().hoveredOp !== op) oracleStore.setState({ hoveredOp: op });
}

/** Pins one operation (or unpins it, if it is the one pinned): the views highlight it as a selected anomaly's. */
export function pinOperation(op: number): void {
  const { highlightedOps } = oracleStore.getState();
  const again = highlightedOps.length === 1 && highlightedOps[0] === op;
  oracleStore.setState({ highlightedOps: again ? [] : [op], selected: null, focus: null });
}

/** Runs every checker again with the full linearizability budget (live updates use a small one). */
export function checkNow(): void {
  if (!labStore.getState().scenario) return;
  latestCheck = nextRequestId++;
  oracleStore.setState({ checking: true });
  requestOracle({ type: 'check', requestId: latestCheck });
}

export function exportHistory(format: HistoryFormat): void {
  const scenario = labStore.getState().scenario;
  if (!scenario) return;
  const requestId = nextRequestId++;
  pendingExports.set(requestId, `${fileSlug(scenario.name)}-history.${format}`);
  requestOracle({ type: 'exportHistory', requestId, format });
}

/** Selects an anomaly (or clears the selection): its operations light up in the history, its node on the graph. */
export function selectAnomaly(anomaly: Anomaly | null): void {
  // Choosing the selected anomaly again clears the selection.
  const picked = anomaly && anomalyKey(anomaly) !== oracleStore.getState().selected ? anomaly : null;
  // The span from the first named operation's invocation to the anomaly: the diagram and timeline scroll to it.
  const history = labStore.getState().snapshot?.history ?? [];
  const starts = (picked?.ops ?? []).map(
    (id) => history.find((o) => o.id === id)?.invokeUs ?? picked?.atUs ?? 0,
  );
  oracleStore.setState({
    selected: picked ? anomalyKey(picked) : null,
    highlightedOps: picked ? [...picked.ops] : [],
    focus: picked ? { fromUs: Math.min(picked.atUs, ...starts), toUs: picked.atUs } : null,
  });
  selectNode(picked?.nodes[0] ?? null);
}

export function receiveOracle(reply: OracleReply): void {
  switch (reply.type) {
    case 'checked': {
      // Live updates (request 0) always; a requested check only if it is the latest one asked for.
      const live = reply.requestId === 0;
      if (!live && reply.requestId !== latestCheck) return;
      const answer: OracleAnswer = {
        nowUs: reply.nowUs,
        anomalies: reply.anomalies,
        gapAt: reply.gapAt,
        total: reply.total,
        counts: reply.counts,
        flagged: kindsByOp(reply.flagged),
        explained: anomaliesByOp(reply.anomalies),
        linearizability: reply.linearizability,
        verdictText: reply.verdictText,
      };
      const { selected, checking } = oracleStore.getState();
      // A selected anomaly that is no longer listed is deselected; an operation pinned from a view stays.
      const gone = selected !== null && !answer.anomalies.some((a) => anomalyKey(a) === selected);
      oracleStore.setState({
        answer,
        checking: live ? checking : false,
        ...(gone ? { selected: null, highlightedOps: [] } : {}),
      });
      return;
    }
    case 'exported': {
      const filename = pendingExports.get(reply.requestId);
      if (filename === undefined) return;
      pendingExports.delete(reply.requestId);
      downloadText(reply.text, filename, reply.format === 'json' ? 'application/json' : 'application/edn');
      return;
    }
    default: {
      const unknown: never = reply;
      throw new Error(`unknown oracle reply ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * The worker's flagged operations as kinds per operation. Conflicts and windows that cannot be linearized name
 * several operations alike, so they mark none of them (the rule the CLI report follows too).
 */
function kindsByOp(flagged: readonly FlaggedOp[]): Map<number, AnomalyKind[]> {
  const out = new Map<number, AnomalyKind[]>();
  for (const { op, kind } of flagged) {
    if (!isAboutOneOp(kind)) continue;
    const kinds = out.get(op);
    if (!kinds) out.set(op, [kind]);
    else if (!kinds.includes(kind)) kinds.push(kind);
  }
  return out;
}

function anomaliesByOp(anomalies: readonly Anomaly[]): Map<number, Anomaly[]> {
  const out = new Map<number, Anomaly[]>();
  for (const a of anomalies) {
    const op = aboutOp(a);
    if (op === undefined) continue;
    const list = out.get(op);
    if (list) list.push(a);
    else out.set(op, [a]);
  }
  return out;
}

const NO_KINDS: readonly AnomalyKind[] = [];

/** The kinds of anomaly the oracle found about an operation (none until it has judged it). */
export function useAnomalyKinds(opId: number): readonly AnomalyKind[] {
  return useOracle((s) => s.answer?.flagged.get(opId) ?? NO_KINDS);
}

/** The listed anomaly of a kind about an operation, with its explanation and the operations it names. */
export function useAnomalyAbout(opId: number, kind: AnomalyKind): Anomaly | undefined {
  return useOracle((s) => s.answer?.explained.get(opId)?.find((a) => a.kind === kind));
}

export const KIND_LABELS: Record<AnomalyKind, string> = {
  'stale-read': 'stale reads',
  'read-your-writes': 'read your writes',
  'monotonic-reads': 'monotonic reads',
  'monotonic-writes': 'monotonic writes',
  'writes-follow-reads': 'writes follow reads',
  'consistent-prefix': 'consistent prefix',
  'lost-write': 'lost writes',
  divergence: 'divergence',
  conflict: 'conflicts',
  'read-of-failed-write': 'reads of failed writes',
  'non-linearizable-read': 'non-linearizable reads',
  'duplicate-id': 'duplicate ids',
  'not-linearizable': 'not linearizable',
};
