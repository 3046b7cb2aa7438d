/**
 * A live check's usual case in segments.ts (`checkSegments`): a few operations since the key's cut, none pending,
 * all ended before now, following one another. They are settled as one segment to the end of the list, with the
 * steps the points would have spent (two per operation and one); anything else (an operation pending, one ending
 * at this very instant, overlapping ones) is worked out point by point as before.
 */
import { describe, expect, it } from 'vitest';
import { checkSegments, NOTHING } from '../../../src/sim/oracle/segments.ts';
import type { Operation } from '../../../src/sim/types.ts';
import { op } from '../../support/history.ts';

const start = { index: 0, states: NOTHING };

const run = (): Operation[] => [
  op(1, 'c', 'write', 'k', 'a', 0, 10),
  op(2, 'c', 'read', 'k', 'a', 11, 20),
  op(3, 'c', 'write', 'k', 'b', 21, 30),
];

describe('a short run since the cut', () => {
  it('is settled to the end of the list, two steps per operation and one', () => {
    const budget = { left: 100 };
    const found = checkSegments('k', run(), start, budget, 40_000);
    expect(found).toEqual({
      verdict: { result: 'linearizable' },
      cut: { index: 3, states: [{ value: 'b', pending: [] }] },
      whole: true,
    });
    expect(budget.left).toBe(100 - 7);
  });

  it('from a later cut, a run of reads keeps the configuration it started from', () => {
    const ops = [...run(), op(4, 'd', 'read', 'k', 'b', 31, 35), op(5, 'c', 'read', 'k', 'b', 36, 39)];
    const states = [{ value: 'b', pending: [] }];
    const budget = { left: 100 };
    const found = checkSegments('k', ops, { index: 3, states }, budget, 40_000);
    expect(found.cut).toEqual({ index: 5, states });
    expect(found.cut.states).toBe(states);
    expect(budget.left).toBe(100 - 5);
  });

  it('passes over what does not count (a failed write, a read of siblings)', () => {
    const ops = [
      ...run(),
      op(4, 'd', 'write', 'k', 'x', 31, 32, { status: 'fail' }),
      op(5, 'd', 'read', 'k', 'b', 33, 34, { siblings: ['b', 'x'] }),
    ];
    const budget = { left: 100 };
    expect(checkSegments('k', ops, start, budget, 40_000).cut).toEqual({
      index: 5,
      states: [{ value: 'b', pending: [] }],
    });
    expect(budget.left).toBe(100 - 7);
  });

  it('from a cut with nothing after it that counts, keeps the cut as it stands and spends nothing', () => {
    const ops = [
      ...run(),
      op(4, 'd', 'write', 'k', 'x', 31, 32, { status: 'fail' }),
      op(5, 'd', 'read', 'k', 'b', 33, 34, { siblings: ['b', 'x'] }),
    ];
    const cut = { index: 3, states: [{ value: 'b', pending: [] }] };
    const budget = { left: 100 };
    const found = checkSegments('k', ops, cut, budget, 40_000);
    expect(found.verdict).toEqual({ result: 'linearizable' });
    expect(found.cut).toBe(cut);
    expect(budget.left).toBe(100);
    // Nothing at all after the cut: the same.
    const none = checkSegments('k', ops.slice(0, 3), cut, budget, 40_000);
    expect(none.verdict).toEqual({ result: 'linearizable' });
    expect(none.cut).toBe(cut);
    expect(budget.left).toBe(100);
  });

  it('stops at the last point before an operation still pending', () => {
    const ops = [...run(), op(4, 'd', 'read', 'k', null, 31, null)];
    const found = checkSegments('k', ops, start, { left: 100 }, 40_000);
    expect(found.verdict).toEqual({ result: 'linearizable' });
    expect(found.cut.index).toBe(2);
  });

  it('does not pass an operation that returned at this very instant (one invoked now would touch it)', () => {
    const found = checkSegments('k', run(), start, { left: 100 }, 30_000);
    expect(found.verdict).toEqual({ result: 'linearizable' });
    expect(found.cut.index).toBe(2);
  });

  it('leaves a read of what the register did not hold to the search', () => {
    const ops = [...run(), op(4, 'd', 'read', 'k', 'a', 31, 35)];
    const found = checkSegments('k', ops, start, { left: 1_000 }, 40_000);
    expect(found.verdict).toEqual({ result: 'not-linearizable', key: 'k', ops: [3, 4] });
  });

  it('written into a given result (one object for all key checks) the same as into a new one', () => {
    const out = { verdict: { result: 'unknown', key: 'x', steps: 1 } as const, cut: start, whole: false };
    const cases = [run(), [...run(), op(4, 'd', 'read', 'k', 'a', 31, 35)], run().slice(0, 2)];
    for (const ops of cases)
      for (const nowUs of [30_000, 40_000]) {
        const alone = { left: 1_000 };
        const shared = { left: 1_000 };
        const expected = checkSegments('k', ops, start, alone, nowUs);
        expect(checkSegments('k', ops, start, shared, nowUs, out)).toBe(out);
        expect({ ...out }).toEqual(expected);
        expect(shared.left).toBe(alone.left);
      }
  });
});
