import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kthLargest, sortFew } from '../../src/sim/models/shared/select.ts';

describe('kthLargest', () => {
  it('picks what sorting in descending order picks, for every k, duplicates included', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 60 }), (xs) => {
        const sorted = [...xs].sort((a, b) => b - a);
        for (let k = 1; k <= xs.length; k++) expect(kthLargest([...xs], k)).toBe(sorted[k - 1]);
      }),
      { seed: 12, numRuns: 300 },
    );
  });

  it('answers undefined for a k outside the list', () => {
    expect(kthLargest([], 1)).toBeUndefined();
    expect(kthLargest([3, 1], 0)).toBeUndefined();
    expect(kthLargest([3, 1], 3)).toBeUndefined();
    expect(kthLargest([5, 9, 1, 7], 2)).toBe(7);
  });
});

describe('sortFew', () => {
  it('orders exactly as Array.prototype.sort does, ties kept in their order (both sorts are stable)', () => {
    // Items tied under the order (same key) are told apart by their tag: a stable sort keeps their input order.
    const item = fc.record({ key: fc.integer({ min: 0, max: 5 }), tag: fc.nat() });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 40 }), (items) => {
        const byKey = (a: { key: number }, b: { key: number }) => a.key - b.key;
        expect(sortFew([...items], byKey)).toEqual([...items].sort(byKey));
      }),
      { seed: 5, numRuns: 300 },
    );
    expect(sortFew(['n10:1', 'n1:2', 'n2:1'], (a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual([
      'n10:1',
      'n1:2',
      'n2:1',
    ]);
  });
});
