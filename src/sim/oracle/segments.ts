/**
 * A key's register history checked segment by segment (registers.ts drives it), so a live check costs what
 * completed since the last one and a long run can let the settled past go.
 *
 * A segment ends at a quiescent point: an instant when no operation of the key is in flight (every earlier one
 * has completed, no later one has begun). Every linearization puts all that came before such a point before all
 * that came after it, so the key is linearizable iff the segment is, from some value the register may hold at
 * the segment's start, and what follows is, from some value a linearization of the segment may leave. Those
 * possible final values are all that carries on: the writes of the segment that nothing in it must follow, each
 * kept if a read of its value right after the segment can be linearized too (or, in a segment without writes,
 * the starting values its reads allow). A point with more than MAX_STATES possible values is passed over (the
 * segment runs on to the next point), so the carried state stays small.
 *
 * Operations that had no effect (failed ones, reads without a register result) are ignored; one still pending,
 * or indeterminate, never ends, so no point comes after it until it does. Touching intervals count as
 * concurrent, as in the search. The answer is exactly the whole history's: only the window a "not linearizable"
 * names is worked out again over all the key keeps (registers.ts).
 */
import type { Operation } from '../types.ts';
import { checkKey, type RegisterOp, type Verdict } from './linearizability.ts';

/** A segment is checked alone once it holds at least this many operations (shorter ones join the next). */
const MIN_SEGMENT = 16;
/** The most possible values a point may carry on. */
const MAX_STATES = 8;

/** Where checking resumes: at operation `index` of the key, the register holding one of `states`. */
export interface Cut {
  readonly index: number;
  readonly states: readonly (string | null)[];
}

/** Whether an operation takes part in the register history (as `registerOps` and the points see it). */
function counts(op: Operation): boolean {
  if (op.status === 'fail' || op.autoIncrement) return false;
  return !(op.f === 'read' && (op.status === 'info' || (op.status === 'ok' && op.siblings)));
}

/**
 * The quiescent points of a key's operations from `from` on: indexes i where every operation before i (from
 * `from`) ended before operation i began, and the end of the list if everything ended before now (an operation
 * invoked at this very instant would touch the last one, and may not have been recorded yet).
 */
export function quiescentPoints(ops: readonly Operation[], from: number, nowUs: number): number[] {
  let latestEnd = Number.NEGATIVE_INFINITY;
  let any = false;
  const points: number[] = [];
  for (let i = from; i < ops.length; i++) {
    const op = ops[i] as Operation;
    if (!counts(op)) continue;
    if (any && op.invokeUs > latestEnd) points.push(i);
    const end = op.status === 'ok' && op.completeUs !== null ? op.completeUs : Number.POSITIVE_INFINITY;
    latestEnd = Math.max(latestEnd, end);
    any = true;
  }
  if (any && latestEnd < nowUs) points.push(ops.length);
  return points;
}

/** The history as register operations for the linearizability checker (failed ones had no effect). */
export function registerOps(history: readonly Operation[]): RegisterOp[] {
  const ops: RegisterOp[] = [];
  for (const op of history) {
    if (op.status === 'fail' || op.autoIncrement) continue;
    if (op.f === 'read' && op.status !== 'ok') continue;
    // Reads that returned siblings are not register reads; they are checked by the other checkers.
    if (op.f === 'read' && op.siblings) continue;
    ops.push({
      id: op.id,
      key: op.key,
      f: op.f,
      value: op.value,
      invokeUs: op.invokeUs,
      // A write still pending (or indeterminate) may already have taken effect, or may never.
      completeUs: op.status === 'ok' ? op.completeUs : null,
    });
  }
  return ops;
}

/**
 * The verdict of `ops` from any of `states`: linearizable if it is from one; else unknown if the budget ran out
 * on one; else the first one's "not linearizable".
 */
export function checkFrom(
  key: string,
  ops: readonly RegisterOp[],
  states: readonly (string | null)[],
  budget: { left: number },
): Verdict {
  let unknown: Verdict | null = null;
  let refuted: Verdict | null = null;
  for (const state of states) {
    const verdict = checkKey(key, ops, budget, state);
    if (verdict.result === 'linearizable') return verdict;
    if (verdict.result === 'unknown') unknown ??= verdict;
    else refuted ??= verdict;
    if (budget.left <= 0) break;
  }
  return unknown ?? refuted ?? { result: 'unknown', key, steps: 0 };
}

/**
 * Checks a key's operations from `from` on, segment by segment: the verdict, the cut reached (the last point
 * settled, when all is linearizable; the start of the segment that was not, or that the budget did not finish)
 * and whether that verdict's segment was all the key keeps.
 */
export function checkSegments(
  key: string,
  raw: readonly Operation[],
  from: Cut,
  budget: { left: number },
  nowUs: number,
): { verdict: Verdict; cut: Cut; whole: boolean } {
  const points = quiescentPoints(raw, from.index, nowUs);
  let cut = from;
  for (let i = 0; i < points.length; i++) {
    const end = points[i] as number;
    if (end - cut.index < MIN_SEGMENT && i < points.length - 1) continue;
    const settled = settle(key, registerOps(raw.slice(cut.index, end)), cut.states, budget);
    if (settled.verdict.result !== 'linearizable')
      return { verdict: settled.verdict, cut, whole: cut.index === 0 && end === raw.length };
    if (settled.states) cut = { index: end, states: settled.states };
  }
  if (cut.index === raw.length) return { verdict: { result: 'linearizable' }, cut, whole: true };
  const verdict = checkFrom(key, registerOps(raw.slice(cut.index)), cut.states, budget);
  return { verdict, cut, whole: cut.index === 0 };
}

/**
 * A segment that ends at a quiescent point: its verdict from `states`, and the values it may leave (null when
 * there are more than MAX_STATES: the point is passed over).
 */
function settle(
  key: string,
  seg: readonly RegisterOp[],
  states: readonly (string | null)[],
  budget: { left: number },
): { verdict: Verdict; states: readonly (string | null)[] | null } {
  const verdict = checkFrom(key, seg, states, budget);
  if (verdict.result !== 'linearizable') return { verdict, states: null };
  const writes = seg.filter((o) => o.f === 'write');
  let lastInvoke = Number.NEGATIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const o of seg) end = Math.max(end, o.completeUs ?? Number.POSITIVE_INFINITY);
  for (const w of writes) lastInvoke = Math.max(lastInvoke, w.invokeUs);
  // A write that completed before another write began is followed by it: it cannot be the last.
  const candidates =
    writes.length === 0
      ? [...states]
      : [...new Set(writes.filter((w) => (w.completeUs as number) >= lastInvoke).map((w) => w.value))];
  if (candidates.length > MAX_STATES) return { verdict, states: null };
  if (candidates.length === 1 && writes.length > 0) return { verdict, states: candidates };
  const kept: (string | null)[] = [];
  for (const value of candidates) {
    const probe: RegisterOp = { id: -1, key, f: 'read', value, invokeUs: end + 1, completeUs: end + 1 };
    const found = checkFrom(key, [...seg, probe], states, budget);
    if (found.result === 'unknown') return { verdict: found, states: null };
    if (found.result === 'linearizable') kept.push(value);
  }
  return { verdict, states: kept };
}
