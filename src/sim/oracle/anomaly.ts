/**
 * What the checkers report: an anomaly of a kind, explained in one sentence naming the operations, nodes and
 * times involved, e.g. "read r17 on bank_follower2 at 41.2 ms returned 900, but write w12 (1000) was
 * acknowledged at 38.0 ms"; and the small helpers every checker words its sentences with.
 */
import type { Operation } from '../types.ts';

export const ANOMALY_KINDS = [
  'stale-read',
  'read-your-writes',
  'monotonic-reads',
  'monotonic-writes',
  'writes-follow-reads',
  'consistent-prefix',
  'lost-write',
  'divergence',
  'conflict',
  'read-of-failed-write',
  'non-linearizable-read',
  'duplicate-id',
  'not-linearizable',
] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

export interface Anomaly {
  readonly kind: AnomalyKind;
  readonly explanation: string;
  /** Operation ids involved (r17 / w12 in explanations); the first is the operation the anomaly is about. */
  readonly ops: readonly number[];
  readonly nodes: readonly string[];
  readonly atUs: number;
}

/**
 * The operation an anomaly is about: the first it names (the read that was stale, the write that was lost or
 * handed a duplicate id), except for the kinds that concern several operations alike (a conflict, a window
 * that cannot be linearized) or none (divergence).
 */
export function aboutOp(anomaly: Anomaly): number | undefined {
  return isAboutOneOp(anomaly.kind) ? anomaly.ops[0] : undefined;
}

/** Whether anomalies of a kind are about one operation (their first), rather than several alike or none. */
export function isAboutOneOp(kind: AnomalyKind): boolean {
  return kind !== 'conflict' && kind !== 'not-linearizable' && kind !== 'divergence';
}

/** Per operation, the kinds of the anomalies about it (see `aboutOp`), in the anomalies' order. */
export function kindsByOperation(anomalies: readonly Anomaly[]): Map<number, AnomalyKind[]> {
  const out = new Map<number, AnomalyKind[]>();
  for (const a of anomalies) {
    const op = aboutOp(a);
    if (op === undefined) continue;
    const kinds = out.get(op);
    if (kinds) kinds.push(a.kind);
    else out.set(op, [a.kind]);
  }
  return out;
}

/** How many anomalies of each kind (every kind present, zero included). */
export type AnomalyCounts = Record<AnomalyKind, number>;

export function noAnomalies(): AnomalyCounts {
  return Object.fromEntries(ANOMALY_KINDS.map((k) => [k, 0])) as AnomalyCounts;
}

/** Anomalies counted by kind. */
export function countByKind(anomalies: readonly Anomaly[]): AnomalyCounts {
  const counts = noAnomalies();
  for (const a of anomalies) counts[a.kind]++;
  return counts;
}

/** Anomalies grouped by kind, for reports. */
export function byKind(anomalies: readonly Anomaly[]): Partial<Record<AnomalyKind, readonly Anomaly[]>> {
  const out: Partial<Record<AnomalyKind, Anomaly[]>> = {};
  for (const a of anomalies) {
    const list = out[a.kind] ?? [];
    list.push(a);
    out[a.kind] = list;
  }
  return out;
}

/** Each kind's place in ANOMALY_KINDS (what `byTime` orders kinds by, without a search of the list). */
const KIND_RANK = Object.fromEntries(ANOMALY_KINDS.map((k, i) => [k, i])) as Record<AnomalyKind, number>;

/** Anomaly order: by time, then by kind (in ANOMALY_KINDS order). */
export function byTime(a: Anomaly, b: Anomaly): number {
  return a.atUs - b.atUs || KIND_RANK[a.kind] - KIND_RANK[b.kind];
}

/**
 * Two lists sorted by `byTime` as one (stable: on a tie, `first`'s element comes first); of `second`, its
 * elements from index `from` on.
 */
export function mergeSorted(first: readonly Anomaly[], second: readonly Anomaly[], from = 0): Anomaly[] {
  // Most often one list is empty, or wholly before the other (a run with conflicts and nothing else): copies.
  if (first.length === 0) return second.slice(from);
  if (from >= second.length) return first.slice();
  if (byTime(first[first.length - 1] as Anomaly, second[from] as Anomaly) <= 0)
    return first.concat(from === 0 ? second : second.slice(from));
  const out: Anomaly[] = [];
  let i = 0;
  let j = from;
  // Past the end of either list, the rest of the other is copied as it is.
  while (i < first.length && j < second.length) {
    const a = first[i] as Anomaly;
    const b = second[j] as Anomaly;
    if (byTime(a, b) <= 0) {
      out.push(a);
      i++;
    } else {
      out.push(b);
      j++;
    }
  }
  for (; i < first.length; i++) out.push(first[i] as Anomaly);
  for (; j < second.length; j++) out.push(second[j] as Anomaly);
  return out;
}

/**
 * "41.2 ms": `us` in ms to one decimal, as `toFixed(1)` writes it. A whole number of microseconds (every time a
 * run records) that is not halfway between two tenths is rounded to the nearest tenth in integers, which is what
 * `toFixed` gives (the quotient's error is far below the 0.05 us that separates such a time from a tie); a tie
 * (`toFixed` rounds the binary quotient, which may lie either side) and any other number go to `toFixed`.
 */
export function ms(us: number): string {
  if (Number.isInteger(us) && us >= 0 && us < 1e15) {
    const rest = us % 100;
    if (rest !== 50) {
      const tenths = (us - rest) / 100 + (rest > 50 ? 1 : 0);
      const digit = tenths % 10;
      // The whole ms, then ".3 ms" as it is: two strings made (the number's and the result), not four.
      return `${(tenths - digit) / 10}${TENTHS_MS[digit] as string}`;
    }
  }
  return `${(us / 1000).toFixed(1)} ms`;
}

/** What follows the whole ms in `ms`, by tenth. */
const TENTHS_MS = ['.0 ms', '.1 ms', '.2 ms', '.3 ms', '.4 ms', '.5 ms', '.6 ms', '.7 ms', '.8 ms', '.9 ms'];
/** "r17" for a read, "w12" for a write. */
export const name = (op: Operation) => `${op.f === 'read' ? 'r' : 'w'}${op.id}`;
/**
 * A value as explanations quote it: `"1000"` (as JSON writes it), or "nothing" for an absent key. A value with
 * nothing JSON escapes (no quote, backslash, control character or surrogate) is written between quotes as it is.
 */
export function shown(v: string | null): string {
  if (v === null) return 'nothing';
  return typeof v === 'string' && escapesNothing(v) ? `"${v}"` : JSON.stringify(v);
}

/** Whether JSON writes a string as it is (between quotes): no quote, backslash, control character or surrogate. */
export function escapesNothing(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}
/** The node an operation was served by, as a list (empty when none answered). */
export const servedBy = (op: Operation): string[] => (op.node ? [op.node] : []);
/** The time an anomaly about an operation is dated: its completion. */
export const doneAt = (op: Operation) => op.completeUs ?? op.invokeUs;

/** No anomalies: what a checker returns for most operations (one shared list, none made per operation). */
export const NONE: readonly Anomaly[] = Object.freeze([]);

/**
 * Operation `id` of a history whose ids are consecutive (as every recorded history's are, from 1; a history's
 * window starts later): undefined when it is not there (it slid out of the window).
 */
export function opById(history: readonly Operation[], id: number | undefined): Operation | undefined {
  if (id === undefined) return undefined;
  const op = history[id - (history[0]?.id ?? 1)];
  return op?.id === id ? op : history[id - 1];
}
