/**
 * The oracle's in-place sorts into its two filing orders (src/sim/oracle/order.ts) give exactly what
 * `Array.prototype.sort` gives with the same order, whatever the list: event positions distinct and close (the
 * slots), repeated, missing, fractional or far apart (the fallback sort), and lists nearly in order or not at all.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  byCompleteSeq,
  byCompletion,
  sortByCompleteSeq,
  sortNearlySorted,
} from '../../../src/sim/oracle/order.ts';
import type { Operation } from '../../../src/sim/types.ts';
import { op } from '../../support/history.ts';

/** An operation with the given id, completion position and completion time. */
function completed(id: number, completeSeq: number | null, completeUs: number | null): Operation {
  return op(id, 'c', 'write', 'k', `v${id}`, 0, 1, { completeSeq, completeUs, invokeSeq: 0, invokeUs: 0 });
}

const ids = (ops: readonly Operation[]) => ops.map((o) => o.id);

/** A list of operations with distinct ids, shuffled; positions and times drawn from `seq` and `time`. */
function listOf(seq: fc.Arbitrary<number | null>, time: fc.Arbitrary<number | null>) {
  return fc.array(fc.tuple(seq, time), { maxLength: 60 }).chain((rows) =>
    fc.shuffledSubarray(
      rows.map(([s, t], i) => completed(i + 1, s, t)),
      { minLength: rows.length, maxLength: rows.length },
    ),
  );
}

describe('sortByCompleteSeq', () => {
  it('sorts as the comparison sort does: close, repeated, missing, fractional and far-apart positions', () => {
    const seq = fc.oneof(
      fc.integer({ min: 0, max: 200 }),
      fc.integer({ min: 0, max: 5 }),
      fc.constant(null),
      fc.double({ min: 0, max: 100, noNaN: true }),
      fc.integer({ min: 0, max: 1_000_000_000 }),
    );
    fc.assert(
      fc.property(listOf(seq, fc.constant(1)), (ops) => {
        const expected = [...ops].sort(byCompleteSeq);
        const got = [...ops];
        sortByCompleteSeq(got);
        expect(ids(got)).toEqual(ids(expected));
      }),
      { numRuns: 300 },
    );
  });

  it('sorts distinct close positions (the slots) as the comparison sort does', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 300 }), { maxLength: 80 }), (seqs) => {
        const ops = seqs.map((s, i) => completed(i + 1, 5000 + s, 1));
        const expected = [...ops].sort(byCompleteSeq);
        sortByCompleteSeq(ops);
        expect(ids(ops)).toEqual(ids(expected));
      }),
      { numRuns: 200 },
    );
  });

  it('puts an update of distinct positions in order without losing or repeating one', () => {
    const ops = [5, 3, 9, 4, 12, 7].map((s, i) => completed(i + 1, 1000 + s, 1));
    sortByCompleteSeq(ops);
    expect(ops.map((o) => o.completeSeq)).toEqual([1003, 1004, 1005, 1007, 1009, 1012]);
    // Its scratch is left empty: a second, different list is sorted as well.
    const again = [2, 1].map((s, i) => completed(i + 1, 1000 + s, 1));
    sortByCompleteSeq(again);
    expect(again.map((o) => o.completeSeq)).toEqual([1001, 1002]);
  });
});

describe('sortNearlySorted', () => {
  it('sorts as the comparison sort does, from nearly in order or not in order at all', () => {
    const time = fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constant(null));
    fc.assert(
      fc.property(listOf(fc.constant(1), time), fc.boolean(), (ops, nearly) => {
        const expected = [...ops].sort(byCompletion);
        // Nearly in order: the sorted list with a few neighbours swapped.
        const got = nearly ? [...expected] : [...ops];
        if (nearly)
          for (let i = 1; i < got.length; i += 3) {
            const a = got[i - 1] as Operation;
            got[i - 1] = got[i] as Operation;
            got[i] = a;
          }
        sortNearlySorted(got, byCompletion);
        expect(ids(got)).toEqual(ids(expected));
      }),
      { numRuns: 300 },
    );
  });
});
