/**
 * The leaderless ring in a short, wide frame (the embedded player at 640x400): a flatter ellipse that spends less
 * height, so the picture, bound by its height, draws its cards larger; the ring still clears the top card's
 * quorum badges, and no two cards overlap.
 */
import { describe, expect, it } from 'vitest';
import { computeRingLayout } from '../../src/app/models/leaderless/ringLayout.ts';

const input = (count: number, short: boolean) => ({
  nodes: Array.from({ length: count }, (_, i) => `kv${i + 1}`),
  clients: ['alice', 'bob', 'carol'],
  sides: Array.from({ length: count }, () => 0),
  leader: null,
  dataRows: 2,
  short,
});

/** How large a 640x233 stage (the embed's, with its one-row bar) draws the layout: its scale. */
function scaleIn(viewBox: { width: number; height: number }): number {
  return Math.min(640 / viewBox.width, 233 / viewBox.height);
}

describe('the ring in a short frame', () => {
  it.each([3, 4, 5])('%i nodes: drawn larger than the tall ring in the embed stage', (count) => {
    const tall = computeRingLayout(input(count, false)).layout;
    const short = computeRingLayout(input(count, true)).layout;
    expect(short.viewBox.height).toBeLessThan(tall.viewBox.height);
    expect(scaleIn(short.viewBox)).toBeGreaterThan(scaleIn(tall.viewBox) * 1.15);
  });

  it.each([3, 4, 5, 8])(
    '%i nodes: the ring clears the top card and its two quorum badges; cards apart',
    (count) => {
      const { layout } = computeRingLayout(input(count, true));
      const { card, centre } = layout;
      if (!centre) throw new Error('no ring centre');
      const top = layout.positions.get('kv1');
      if (!top) throw new Error('no kv1');
      // Two badge rows (19 units each) start 6 units under the card.
      expect(top.y + card.height / 2 + 6 + 2 * 19).toBeLessThanOrEqual(centre.y - centre.radius);
      const cards = [...Array(count).keys()].map((i) => layout.positions.get(`kv${i + 1}`));
      for (let i = 0; i < count; i++)
        for (let j = i + 1; j < count; j++) {
          const a = cards[i];
          const b = cards[j];
          if (!a || !b) throw new Error('missing card');
          const apart = Math.abs(a.x - b.x) >= card.width || Math.abs(a.y - b.y) >= card.height;
          expect(apart, `kv${i + 1} and kv${j + 1}`).toBe(true);
        }
    },
  );

  it('a phone keeps its narrow layout: short applies to wide frames only', () => {
    const narrow = computeRingLayout({ ...input(3, true), narrow: true }).layout;
    const narrowTall = computeRingLayout({ ...input(3, false), narrow: true }).layout;
    expect(narrow.viewBox).toEqual(narrowTall.viewBox);
  });
});
