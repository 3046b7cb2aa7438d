/** Where the dots canvas writes the ids of the nodes it labels. */
import { describe, expect, it } from 'vitest';
import { placeLabels } from '../../src/app/graph/labelPlacement.ts';

describe('labels on the dots canvas', () => {
  const box = (x: number, y: number) => ({ x, y, w: 40, h: 12 });

  it('writes a label above its dot when nothing is in the way', () => {
    expect(placeLabels([box(100, 100), box(300, 100)], 3)).toEqual([
      { x: 100, y: 87, w: 40, h: 12 },
      { x: 300, y: 87, w: 40, h: 12 },
    ]);
  });

  it('moves a label below, right or left of its dot, past the labels placed before it, or leaves it out', () => {
    const narrow = (x: number, y: number) => ({ x, y, w: 20, h: 12 });
    expect(placeLabels([narrow(100, 100), narrow(88, 100), narrow(100, 105)], 3)).toEqual([
      { x: 100, y: 87, w: 20, h: 12 }, // above
      { x: 88, y: 113, w: 20, h: 12 }, // below: above would cover the first
      { x: 117, y: 105, w: 20, h: 12 }, // right: above covers the first, below the second
    ]);
    expect(placeLabels([narrow(100, 100), narrow(110, 100), narrow(100, 110), narrow(110, 110)], 3)).toEqual([
      { x: 100, y: 87, w: 20, h: 12 },
      { x: 110, y: 113, w: 20, h: 12 },
      { x: 83, y: 110, w: 20, h: 12 }, // left: above, below and right taken
      null, // nowhere free
    ]);
  });

  it('leaves a label with no free place without text, and no two placed labels overlap', () => {
    const crowd = Array.from({ length: 12 }, (_, i) => box(100 + (i % 3) * 4, 100 + Math.floor(i / 3) * 4));
    const placed = placeLabels(crowd, 3);
    expect(placed.some((p) => p === null)).toBe(true);
    const boxes = placed.filter((p) => p !== null);
    for (const a of boxes)
      for (const b of boxes)
        if (a !== b)
          expect(Math.abs(a.x - b.x) * 2 < a.w + b.w && Math.abs(a.y - b.y) * 2 < a.h + b.h).toBe(false);
  });
});
