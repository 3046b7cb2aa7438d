/**
 * The two orders the oracle files completed operations in (oracle.ts), and the in-place sorts into them that
 * cost what an update's few completions need: a pass when already in order, slots by event position rather
 * than comparisons, an insertion sort over a list nearly in order. Each sorts exactly as `Array.prototype.sort`
 * with the same order would (the orders are total: ids break ties).
 */
import type { Operation } from '../types.ts';

/** Completion time, then id (an operation without one by its invocation). */
export function byCompletion(a: Operation, b: Operation): number {
  return (a.completeUs ?? a.invokeUs) - (b.completeUs ?? b.invokeUs) || a.id - b.id;
}

/** Position in event order, then id. */
export function byCompleteSeq(a: Operation, b: Operation): number {
  return completeSeqOf(a) - completeSeqOf(b) || a.id - b.id;
}

/**
 * `ops` sorted by `order` (a total order: ids break ties), in place; most updates find them sorted already, and
 * a pass that checks costs less than a sort.
 */
export function sortIfNeeded(ops: Operation[], order: (a: Operation, b: Operation) => number): Operation[] {
  for (let i = 1; i < ops.length; i++)
    if (order(ops[i - 1] as Operation, ops[i] as Operation) > 0) return ops.sort(order);
  return ops;
}

/** Scratch for `sortByCompleteSeq`: a slot per event position (kept empty between calls). */
let slots: (Operation | undefined)[] = [];

/**
 * `ops` sorted in place by `byCompleteSeq`. An update's completions hold distinct positions in event order from
 * a short range (invocations and completions are numbered together): each is put in its slot, and the slots read
 * back in order, with no comparison. Else (positions missing, repeated or far apart: a hand-written history)
 * a sort.
 */
export function sortByCompleteSeq(ops: Operation[]): void {
  const n = ops.length;
  if (n < 2) return;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sorted = true;
  for (let i = 0; i < n; i++) {
    const seq = (ops[i] as Operation).completeSeq;
    if (seq === null || !Number.isInteger(seq)) {
      sortIfNeeded(ops, byCompleteSeq);
      return;
    }
    if (seq < min) min = seq;
    if (seq > max) max = seq;
    if (i > 0 && seq <= ((ops[i - 1] as Operation).completeSeq as number)) sorted = false;
  }
  if (sorted) return;
  const span = max - min + 1;
  if (span > 8 * n + 64) {
    ops.sort(byCompleteSeq);
    return;
  }
  if (slots.length < span) slots = new Array(Math.max(span, 2 * slots.length));
  let placed = 0;
  for (let i = 0; i < n; i++) {
    const op = ops[i] as Operation;
    const at = (op.completeSeq as number) - min;
    if (slots[at] !== undefined) break;
    slots[at] = op;
    placed++;
  }
  if (placed < n) {
    // A position held twice: the ids decide between them, as the sort does.
    for (let i = 0; i < span; i++) slots[i] = undefined;
    ops.sort(byCompleteSeq);
    return;
  }
  let k = 0;
  for (let i = 0; i < span; i++) {
    const op = slots[i];
    if (op === undefined) continue;
    ops[k++] = op;
    slots[i] = undefined;
  }
}

/**
 * `ops` sorted by `order` (a total order) in place, when they are nearly in it already: an insertion sort, which
 * moves only the few out of place (operations completing at the same instant, in event order, ordered by id);
 * past a few moves per operation, a sort.
 */
export function sortNearlySorted(ops: Operation[], order: (a: Operation, b: Operation) => number): void {
  let moves = 0;
  const limit = 4 * ops.length + 16;
  for (let i = 1; i < ops.length; i++) {
    const op = ops[i] as Operation;
    let j = i - 1;
    if (order(ops[j] as Operation, op) <= 0) continue;
    while (j >= 0 && order(ops[j] as Operation, op) > 0) {
      ops[j + 1] = ops[j] as Operation;
      j--;
      moves++;
    }
    ops[j + 1] = op;
    if (moves > limit) {
      ops.sort(order);
      return;
    }
  }
}

/** An operation's completion in event order (one completed without a recorded position sorts last). */
export function completeSeqOf(op: Operation): number {
  return op.completeSeq ?? Number.POSITIVE_INFINITY;
}
