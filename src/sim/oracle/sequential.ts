/**
 * The fast paths of a live check (segments.ts): stretches of a key's history whose operations follow one another,
 * judged off the history in place with exactly the verdict, configurations and steps the search would give (a
 * live check settles thousands of such stretches of one or two operations, and building a search for each cost
 * more than judging it). Each answers null or false when its stretch is not such: the search decides.
 */
import type { Operation } from '../types.ts';
import { type RegisterOp, sequentialEnd } from './linearizability.ts';
import type { Config } from './segments.ts';

/** Nothing to take effect: the one list every configuration a fast path leaves carries (never changed). */
const NO_PENDING: readonly RegisterOp[] = Object.freeze([]);

/** Whether `registerOps` keeps an operation. */
export function isRegisterOp(op: Operation): boolean {
  // An auto-increment write is a write of its id once it completed ok with one; before, its value is unknown.
  if (op.status === 'fail' || (op.autoIncrement && (op.status !== 'ok' || op.value === null))) return false;
  if (op.f === 'read' && op.status !== 'ok') return false;
  // Reads that returned siblings are not register reads; they are checked by the other checkers.
  return !(op.f === 'read' && op.siblings);
}

/**
 * What `settle` gives (through `sequentialSettle`) for the segment `raw[from, to)` from one configuration with
 * nothing to take effect, when its register operations follow one another in invocation order and ended before
 * the point: the one configuration it leaves, the same steps spent. Read off the history in place: a live check
 * settles thousands of such segments of one or two operations, and copying each into register operations cost
 * more than judging it. Null when the segment is not such (or the budget could run out): `settle` decides.
 */
export function sequentialRun(
  raw: readonly Operation[],
  from: number,
  to: number,
  states: readonly Config[],
  timeUs: number,
  budget: { left: number },
): readonly Config[] | null {
  if (states.length !== 1 || (states[0] as Config).pending.length > 0) return null;
  const start = (states[0] as Config).value;
  const value = sequentialValue(raw, from, to, start, timeUs, budget);
  if (value === undefined) return null;
  // Most often a run of reads of what the register held: the configuration it started from, unchanged.
  return value === start ? states : holding(value);
}

/**
 * `sequentialRun` from the one configuration where the register holds `start` with nothing to take effect: the
 * value the segment leaves it holding, the same steps spent; undefined (nothing spent) where `sequentialRun` answers
 * null. The configuration need not be at hand: a live check keeps the value beside its key's cut (registers.ts).
 */
export function sequentialValue(
  raw: readonly Operation[],
  from: number,
  to: number,
  start: string | null,
  timeUs: number,
  budget: { left: number },
): string | null | undefined {
  let value = start;
  let n = 0;
  let lastInvoke = Number.NEGATIVE_INFINITY;
  let lastEnd = Number.NEGATIVE_INFINITY;
  for (let i = from; i < to; i++) {
    const op = raw[i] as Operation;
    // The operations registerOps keeps, as it keeps them (a write not ok never completes).
    if (op.status === 'fail' || (op.autoIncrement && (op.status !== 'ok' || op.value === null))) continue;
    if (op.f === 'read' && (op.status !== 'ok' || op.siblings)) continue;
    const end = op.status === 'ok' ? op.completeUs : null;
    if (end === null || end > timeUs || op.invokeUs < lastInvoke || op.invokeUs <= lastEnd) return undefined;
    if (op.f === 'write') value = op.value;
    else if (op.value !== value) return undefined;
    lastInvoke = op.invokeUs;
    lastEnd = end;
    n++;
  }
  if (budget.left < 2 * n + 1) return undefined;
  budget.left -= 2 * n + 1;
  return value;
}

/** The one configuration where the register holds `value` with nothing to take effect, as a fast path leaves it. */
export function holding(value: string | null): readonly Config[] {
  return [{ value, pending: NO_PENDING }];
}

/**
 * A segment whose operations follow one another and ended before its point, from a configuration with nothing
 * to take effect: it leaves the register holding its last write's value (or the start's), the one configuration
 * the search and a probe read would find, and spends the steps they would (one per operation, then one per
 * operation and the probe). Null when the segment is not such, or the budget could run out: the search decides.
 */
export function sequentialSettle(
  seg: readonly RegisterOp[],
  state: Config,
  timeUs: number,
  budget: { left: number },
): Config | null {
  const steps = 2 * seg.length + 1;
  if (state.pending.length > 0 || budget.left < steps) return null;
  for (const o of seg) if (o.completeUs === null || o.completeUs > timeUs) return null;
  const value = sequentialEnd(seg, state.value);
  if (value === undefined) return null;
  budget.left -= steps;
  return { value, pending: [] };
}

/**
 * What `checkFrom` answers for the key's operations from `from` on (a live check's tail, after its last point),
 * from one configuration with nothing to take effect, when the search would accept them in one step each
 * (`sequentialAccepts`: they follow one another, but for writes still in flight that began after all else
 * returned, or all are such writes): true, the same steps spent. Read off the history in place, as
 * `sequentialRun` does. False when the tail is not such (or the budget could run out): `checkFrom` decides.
 */
export function sequentialTail(
  raw: readonly Operation[],
  from: number,
  states: readonly Config[],
  budget: { left: number },
): boolean {
  if (states.length !== 1 || (states[0] as Config).pending.length > 0) return false;
  let n = 0;
  let open = 0;
  let lastEndAll = Number.NEGATIVE_INFINITY;
  for (let i = from; i < raw.length; i++) {
    const op = raw[i] as Operation;
    if (!isRegisterOp(op)) continue;
    n++;
    const end = op.status === 'ok' ? op.completeUs : null;
    if (end === null && op.f !== 'write') return false;
    if (end === null) open++;
    else lastEndAll = Math.max(lastEndAll, end);
  }
  if (n === 0) return true;
  if (budget.left < n) return false;
  if (open < n && !followEachOther(raw, from, (states[0] as Config).value, lastEndAll)) return false;
  budget.left -= n;
  return true;
}

/**
 * Whether the operations from `from` on follow one another in list order and the register accepts them from
 * `value`, those still in flight being writes that began after `lastEndAll` (the latest return) and left out.
 */
function followEachOther(
  raw: readonly Operation[],
  from: number,
  value: string | null,
  lastEndAll: number,
): boolean {
  let state = value;
  let lastInvoke = Number.NEGATIVE_INFINITY;
  let lastEnd = Number.NEGATIVE_INFINITY;
  for (let i = from; i < raw.length; i++) {
    const op = raw[i] as Operation;
    if (!isRegisterOp(op)) continue;
    const end = op.status === 'ok' ? op.completeUs : null;
    if (end === null) {
      if (op.f !== 'write' || op.invokeUs <= lastEndAll) return false;
      continue;
    }
    if (op.invokeUs < lastInvoke || op.invokeUs <= lastEnd) return false;
    if (op.f === 'write') state = op.value;
    else if (op.value !== state) return false;
    lastInvoke = op.invokeUs;
    lastEnd = end;
  }
  return true;
}
