import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kthLargest } from '../../src/sim/models/shared/select.ts';

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
