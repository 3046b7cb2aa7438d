/**
 * The address's fragment (src/codec/fragment.ts), the one reader the page's boot, its embed switch and the
 * worker's prefetch share: the embed flag, and the run the rest names.
 */
import { describe, expect, it } from 'vitest';
import { isEmbedHash, runOfFragment, withoutEmbed } from '../../src/codec/fragment.ts';

describe('the embed flag', () => {
  it('is a part `embed` or `embed=1`, anywhere among the parts', () => {
    expect(['#embed', '#preset=a&embed', '#embed=1&s=x', 'embed'].map(isEmbedHash)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['', '#', '#embed=2', '#embedded', '#preset=embed'].map(isEmbedHash)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('is taken out with empty parts, and nothing is left as no fragment at all', () => {
    expect(withoutEmbed('#preset=a&embed')).toBe('#preset=a');
    expect(withoutEmbed('#embed=1&preset=a&&')).toBe('#preset=a');
    expect(withoutEmbed('#embed')).toBe('');
    expect(withoutEmbed('#&embed')).toBe('');
    expect(withoutEmbed('#embed=2')).toBe('#embed=2');
  });
});

describe('the run a fragment names', () => {
  it('is the default preset when nothing but the embed flag is there', () => {
    for (const hash of ['', '#', '#embed', '#embed=1&'])
      expect(runOfFragment(hash)).toEqual({ kind: 'default' });
  });

  it('is a preset by its percent-encoded id, null when the id does not decode', () => {
    expect(runOfFragment('#preset=split-brain')).toEqual({ kind: 'preset', id: 'split-brain' });
    expect(runOfFragment('#embed&preset=split%2Dbrain')).toEqual({ kind: 'preset', id: 'split-brain' });
    expect(runOfFragment('#preset=')).toEqual({ kind: 'preset', id: '' });
    expect(runOfFragment('#preset=%E0%A4%A')).toEqual({ kind: 'preset', id: null });
  });

  it('is other text otherwise (a share link, or anything the page will try as one)', () => {
    expect(runOfFragment('#s=abc&embed')).toEqual({ kind: 'other', text: 's=abc' });
    expect(runOfFragment('#embed=2')).toEqual({ kind: 'other', text: 'embed=2' });
  });
});
