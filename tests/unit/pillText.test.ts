import { describe, expect, it } from 'vitest';
import { monoTextWidth, PILL_MARGIN, pillWidth, sansTextWidth } from '../../src/app/graph/pillText.ts';
import { hintsPillWidth, quorumBadgeText } from '../../src/app/models/leaderless/QuorumLayer.tsx';

describe('pills sized from their text', () => {
  it('a monospace text is at least 0.6 em a character, a symbol a full em', () => {
    expect(monoTextWidth('abcdefghij', 10)).toBeCloseTo(62);
    expect(monoTextWidth('✓⚠…↻✗', 10)).toBe(50);
  });

  it('a bold sans text is estimated by character class, wide letters wider', () => {
    expect(sansTextWidth('mmmm', 10)).toBeGreaterThan(sansTextWidth('iiii', 10) * 2);
    expect(sansTextWidth('holds 2 hints for kv3', 10.5)).toBeGreaterThan(21 * 10.5 * 0.55);
  });

  it('a pill is its text plus a margin each side', () => {
    expect(pillWidth(100)).toBe(100 + 2 * PILL_MARGIN);
    expect(hintsPillWidth('holds 1 hint for kv2')).toBe(
      pillWidth(sansTextWidth('holds 1 hint for kv2', 10.5)),
    );
  });

  const statuses = ['waiting', 'repairing', 'reached', 'failed', 'stale'] as const;
  const keys = ['k', 'post_1', 'a_very_long_key_name_indeed'];
  it.each([120, 160, 190, 224, 400])('every badge fits its text with a margin, in a room of %i', (room) => {
    for (const status of statuses)
      for (const key of keys)
        for (const what of ['W', 'R'] as const) {
          const { text, width } = quorumBadgeText(what, key, '2/3', status, room);
          // The pill is never narrower than its text and both margins, whatever wording was chosen.
          expect(width).toBeGreaterThanOrEqual(monoTextWidth(text, 10.5) + 2 * PILL_MARGIN);
          expect(text.startsWith(`${what} `)).toBe(true);
          expect(text).toContain('2/3');
        }
  });

  it('the fullest wording that fits the room is shown; a narrow room keeps the sign', () => {
    expect(quorumBadgeText('W', 'post_1', '1/1', 'reached', 400).text).toBe('W post_1 1/1 ✓ quorum reached');
    expect(quorumBadgeText('R', 'profile', '2/2', 'stale', 224).text).toBe('R profile 2/2 ⚠ stale read');
    const narrow = quorumBadgeText('W', 'post_1', '1/1', 'reached', 150);
    expect(narrow.width).toBeLessThanOrEqual(150);
    expect(narrow.text).toMatch(/^W post_1 1\/1 ✓/);
    expect(quorumBadgeText('W', 'post_1', '1/1', 'reached', 10).text).toBe('W post_1 1/1 ✓');
  });
});
