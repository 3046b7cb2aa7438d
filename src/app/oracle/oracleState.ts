/**
 * The oracle slice of the store: the latest answer of the worker's consistency oracle (pushed live as the run
 * goes, or asked for with a full `check`) and what the user picked out of it. The checkers run in the worker;
 * this only keeps the answer. It is the page's one source of verdicts: the counts, the history's badges, the
 * timeline's markers and the metrics' staleness all come from the oracle, never from the operations themselves
 * (which carry none). A new run starts it over (store.ts `beginRun`).
 */
import { aboutOp, isAboutOneOp } from '../../sim/oracle/anomaly.ts';
import type { Verdict } from '../../sim/oracle/linearizability.ts';
import type { Anomaly, AnomalyKind } from '../../sim/oracle/oracle.ts';
import type { FlaggedOp, FromWorker } from '../../worker/protocol.ts';

export interface OracleAnswer {
  /** Simulated time the history was checked at. */
  readonly nowUs: number;
  /** Anomalies in time order: all, or the first and latest (the worker sends at most MAX_ANOMALIES_SENT). */
  readonly anomalies: readonly Anomaly[];
  /** How many of `anomalies` come before those left out, when some were. */
  readonly gapAt: number | null;
  /** How many anomalies were left out where `gapAt` says (a long run's list keeps the first and the latest). */
  readonly leftOut: number;
  readonly total: number;
  /** The headline: distinct anomalous operations, and anomalies about no single operation (oracleCounts.ts). */
  readonly anomalousOps: number;
  readonly otherAnomalies: number;
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
  readonly answer: OracleAnswer | null;
  /** A full check was asked for and not answered yet. */
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

export const initialOracle: OracleState = {
  answer: null,
  checking: false,
  selected: null,
  highlightedOps: [],
  hoveredOp: null,
  focus: null,
};

export function anomalyKey(a: Anomaly): string {
  return `${a.kind}|${a.atUs}|${a.ops.join(',')}|${a.explanation}`;
}

/**
 * The slice after a `checked` reply: a live update (request 0) always lands; a requested check (`full`) also
 * ends the wait for it. A selected anomaly that is no longer listed is deselected; an operation pinned from a
 * view stays.
 */
export function withAnswer(
  state: OracleState,
  reply: Extract<FromWorker, { type: 'checked' }>,
  full: boolean,
): OracleState {
  const previous = state.answer;
  const sameList = previous !== null && sameAnomalies(previous.anomalies, reply.anomalies);
  const answer: OracleAnswer = {
    nowUs: reply.nowUs,
    anomalies: sameList ? previous.anomalies : reply.anomalies,
    gapAt: reply.gapAt,
    leftOut: reply.leftOut,
    total: reply.total,
    anomalousOps: reply.anomalousOps,
    otherAnomalies: reply.otherAnomalies,
    counts: keepIfSame(previous?.counts, reply.counts, sameCounts),
    flagged: keepIfSame(previous?.flagged, kindsByOp(reply.flagged), sameFlagged),
    explained: sameList ? previous.explained : anomaliesByOp(reply.anomalies),
    linearizability: reply.linearizability,
    verdictText: reply.verdictText,
  };
  const gone = state.selected !== null && !answer.anomalies.some((a) => anomalyKey(a) === state.selected);
  return {
    ...state,
    answer,
    checking: full ? false : state.checking,
    ...(gone ? { selected: null, highlightedOps: [] } : {}),
  };
}

/**
 * The previous answer's part when the new one says the same: a live answer arrives four times a second, and the
 * views that select the counts, the flagged operations or the anomalies about one (the anomaly strip, the
 * timeline's bars, the history's and the manual results' badges) then keep their selection and do not render.
 */
function keepIfSame<T>(previous: T | undefined, next: T, same: (a: T, b: T) => boolean): T {
  return previous !== undefined && same(previous, next) ? previous : next;
}

/** The same anomalies in the same order (an anomaly's key says all a view shows of it but its nodes). */
function sameAnomalies(a: readonly Anomaly[], b: readonly Anomaly[]): boolean {
  return (
    a.length === b.length &&
    a.every((x, i) => {
      const y = b[i] as Anomaly;
      return anomalyKey(x) === anomalyKey(y) && x.nodes.join('\u0000') === y.nodes.join('\u0000');
    })
  );
}

function sameCounts(a: OracleAnswer['counts'], b: OracleAnswer['counts']): boolean {
  const ka = Object.keys(a) as AnomalyKind[];
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

function sameFlagged(a: OracleAnswer['flagged'], b: OracleAnswer['flagged']): boolean {
  if (a.size !== b.size) return false;
  for (const [op, kinds] of a) {
    const other = b.get(op);
    if (!other || other.length !== kinds.length || kinds.some((k, i) => other[i] !== k)) return false;
  }
  return true;
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
