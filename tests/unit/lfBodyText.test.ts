import { describe, expect, it } from 'vitest';
import type { CardSize } from '../../src/app/graph/layout.ts';
import {
  compactCount,
  estimateWidth,
  fits,
  leaderFollowerBodyText,
} from '../../src/app/models/leader-follower/bodyText.ts';
import { describeLeaderFollowerNode } from '../../src/app/models/leader-follower/NodeBody.tsx';
import type { NodeView } from '../../src/sim/types.ts';

const CARDS: Record<string, CardSize> = {
  wide: { width: 204, height: 96, rows: 2 },
  medium: { width: 150, height: 118, rows: 3 },
  chip: { width: 118, height: 50, rows: 0 },
  phone: { width: 156, height: 50, rows: 0 },
};

function follower(over: Partial<Record<string, unknown>>): NodeView {
  return {
    id: 'db2',
    model: 'leader-follower',
    role: 'follower',
    up: true,
    term: 3,
    appliedIndex: 10,
    logLength: 10,
    commitIndex: 10,
    lag: 0,
    leaderId: 'db1',
    votedFor: null,
    data: [],
    side: 0,
    ...over,
  } as unknown as NodeView;
}

describe('a leader-follower card’s numbers always fit it', () => {
  it('writes large counts compactly', () => {
    expect(compactCount(9_999)).toBe('9999');
    expect(compactCount(10_000)).toBe('10k');
    expect(compactCount(27_640)).toBe('27.6k');
    expect(compactCount(275_875)).toBe('275.9k');
    expect(compactCount(999_960)).toBe('1M');
    expect(compactCount(12_345_678)).toBe('12.3M');
    expect(compactCount(4_000_000_000)).toBe('4G');
  });

  it('shows the reviewer’s card (applied #10, term 275875 behind) without overlap, full values in the tooltip', () => {
    const node = follower({ lag: 275_875 });
    const text = leaderFollowerBodyText(node, CARDS.wide as CardSize);
    expect(text).toMatchObject({ lag: '275.9k behind', behind: true });
    expect(text && fits(text, 204)).toBe(true);
    expect(describeLeaderFollowerNode(node).join('\n')).toContain('lag 275875');
  });

  it('keeps the full words while they fit', () => {
    const text = leaderFollowerBodyText(follower({ lag: 2 }), CARDS.wide as CardSize);
    expect(text).toMatchObject({ applied: 'applied #10', term: ' · term 3', lag: '2 behind' });
  });

  it('fits every card size, for any mix of large numbers and states', () => {
    const counts = [0, 42, 9_999, 275_875, 9_999_999, 123_456_789_012];
    for (const [name, card] of Object.entries(CARDS))
      for (const term of counts)
        for (const applied of counts)
          for (const lag of counts)
            for (const state of [
              { up: true, role: 'follower' },
              { up: true, role: 'leader' },
              { up: true, role: 'candidate' },
              { up: false, role: 'follower' },
            ]) {
              const node = follower({ term, appliedIndex: applied, logLength: applied + lag, lag, ...state });
              const text = leaderFollowerBodyText(node, card);
              if (!text) throw new Error('no text');
              expect(fits(text, card.width), `${name} ${JSON.stringify(text)}`).toBe(true);
              // Never cut mid-number: every number shown is the whole count, compacted.
              for (const m of `${text.applied}|${text.term}|${text.lag}`.matchAll(/[\d.]+[kMG]?/g))
                expect([term, applied, lag, applied + lag].map(compactCount)).toContain(m[0]);
            }
  });

  it('estimates no narrower than the card font (DejaVu Sans 11 px) measures', () => {
    // Widths measured in Chromium with the card's class (node-meta; lag is bold).
    expect(estimateWidth('applied #10')).toBeGreaterThanOrEqual(67.2);
    expect(estimateWidth(' · term 3')).toBeGreaterThanOrEqual(43.5);
    expect(estimateWidth('275875 behind', true)).toBeGreaterThanOrEqual(92.2);
    expect(estimateWidth('in sync', true)).toBeGreaterThanOrEqual(43.4);
    expect(estimateWidth('electing', true)).toBeGreaterThanOrEqual(49.8);
    expect(estimateWidth('log 12 on disk')).toBeGreaterThanOrEqual(77);
  });
});
