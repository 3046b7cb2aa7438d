/**
 * Operations that follow one another (linearizability.ts, sequentialAccepts; segments.ts, sequentialSettle) are
 * accepted in one pass, spending the steps the search would: one per operation, so a budget that runs out does
 * so where it did before.
 */
import { describe, expect, it } from 'vitest';
import { checkKey, type RegisterOp } from '../../../src/sim/oracle/linearizability.ts';

function op(
  id: number,
  f: 'read' | 'write',
  value: string | null,
  invokeUs: number,
  completeUs: number | null,
) {
  return { id, key: 'k', f, value, invokeUs, completeUs } satisfies RegisterOp;
}

const sequence = [
  op(1, 'write', 'a', 0, 10),
  op(2, 'read', 'a', 11, 20),
  op(3, 'write', 'b', 21, 30),
  op(4, 'read', 'b', 31, 40),
];

describe('operations that follow one another', () => {
  it('are linearizable for exactly one step each', () => {
    const budget = { left: 4 };
    expect(checkKey('k', sequence, budget)).toEqual({ result: 'linearizable' });
    expect(budget.left).toBe(0);
    expect(checkKey('k', sequence, { left: 3 })).toEqual({ result: 'unknown', key: 'k', steps: 0 });
  });

  it('in any order given, and from the value the register starts with', () => {
    const budget = { left: 100 };
    const shuffled = [sequence[2], sequence[0], sequence[3], sequence[1]] as RegisterOp[];
    expect(checkKey('k', shuffled, budget)).toEqual({ result: 'linearizable' });
    expect(budget.left).toBe(96);
    expect(checkKey('k', [op(1, 'read', 'x', 0, 1)], { left: 10 }, 'x')).toEqual({ result: 'linearizable' });
  });

  it('a read of what the register did not hold is left to the search, which names the window', () => {
    const stale = [...sequence.slice(0, 3), op(4, 'read', 'a', 31, 40)];
    expect(checkKey('k', stale, { left: 1_000 })).toEqual({
      result: 'not-linearizable',
      key: 'k',
      ops: [3, 4],
    });
  });

  it('touching intervals are concurrent: left to the search, which may order them either way', () => {
    const touching = [op(1, 'write', 'a', 0, 10), op(2, 'write', 'b', 10, 20), op(3, 'read', 'a', 21, 30)];
    expect(checkKey('k', touching, { left: 1_000 })).toEqual({ result: 'linearizable' });
  });
});

describe('writes still in flight after operations that follow one another', () => {
  it('are taken last, one step each, whatever they wrote', () => {
    const open = [...sequence, op(5, 'write', 'c', 41, null), op(6, 'write', 'd', 45, null)];
    const budget = { left: 6 };
    expect(checkKey('k', open, budget)).toEqual({ result: 'linearizable' });
    expect(budget.left).toBe(0);
    expect(checkKey('k', open, { left: 5 })).toEqual({ result: 'unknown', key: 'k', steps: 0 });
  });

  it('one begun before the last operation returned is left to the search', () => {
    // The read of "c" needs the indeterminate write to have taken effect before it.
    const overlapping = [
      op(1, 'write', 'a', 0, 10),
      op(2, 'write', 'c', 11, null),
      op(3, 'read', 'c', 12, 20),
    ];
    expect(checkKey('k', overlapping, { left: 1_000 })).toEqual({ result: 'linearizable' });
  });
});
