/**
 * The region layout's columns (`bands` in src/app/models/multi-leader/regionLayout.ts) are placed as d3's band
 * scale with the same paddings places them: the few lines replace d3-scale in the page's first load.
 */
import { scaleBand } from 'd3-scale';
import { describe, expect, it } from 'vitest';
import { bands } from '../../src/app/models/multi-leader/regionLayout.ts';

describe('region columns', () => {
  it("match d3's scaleBand().paddingInner(0.06).paddingOuter(0.02) for 1 to 7 regions and several widths", () => {
    for (const count of [1, 2, 3, 4, 5, 7])
      for (const width of [373, 640, 1000]) {
        const ids = Array.from({ length: count }, (_, i) => `r${i}`);
        const d3 = scaleBand<string>().domain(ids).range([0, width]).paddingInner(0.06).paddingOuter(0.02);
        const ours = bands(count, width);
        expect(ours.width).toBeCloseTo(d3.bandwidth(), 9);
        for (const [i, id] of ids.entries()) expect(ours.start(i)).toBeCloseTo(d3(id) ?? Number.NaN, 9);
      }
  });

  it('gives three regions across 1,000 units their exact places', () => {
    const three = bands(3, 1000);
    // step = 1000 / (3 - 0.06 + 0.04) = 335.5705; width = step * 0.94; the first starts at step * 0.02.
    expect(three.width).toBeCloseTo(315.4362, 4);
    expect([0, 1, 2].map((i) => three.start(i))).toEqual([
      expect.closeTo(6.7114, 4),
      expect.closeTo(342.2819, 4),
      expect.closeTo(677.8523, 4),
    ]);
  });
});
