/**
 * The preset ids a mistyped one most likely meant (src/sim/scenarios/presets/nearIds.ts), over the real ids:
 * the page's "No such preset" notice and the CLI's unknown-preset error name them.
 */
import { describe, expect, it } from 'vitest';
import { PRESET_CATALOG } from '../../src/sim/scenarios/presets/catalog.ts';
import { didYouMean, editDistance, nearIds } from '../../src/sim/scenarios/presets/nearIds.ts';

const ids = PRESET_CATALOG.map((p) => p.id);

describe('nearIds', () => {
  it.each([
    ['sloppy-quorum', ['sloppy-quorum-stale']], // a prefix: only the ids containing it
    ['split-brian', ['split-brain', 'split-brain-fixed']], // half the words shared, nearest first
    ['splitbrain', ['split-brain']], // one edit away
    ['SPLIT-BRAIN-FIX', ['split-brain-fixed', 'split-brain']], // case ignored
    ['read-repair-blocking', ['blocking-read-repair', 'read-repair']], // all words in another order first
    ['leaderless-100', ['scale-leaderless-100', 'scale-leaderless-1000']],
    ['write-conflict-siblings', ['write-conflict-diverge', 'write-conflict-lww']],
    ['quorum', ['strict-quorum-fresh', 'sloppy-quorum-stale', 'strict-quorum-rejects']], // at most three
    ['nope', []],
    ['raft', []],
    ['', []],
  ])('%j → %j', (typed, expected) => {
    expect(nearIds(typed, ids)).toEqual(expected);
  });

  it('says nothing when no id is near', () => {
    expect(didYouMean('zzzzzzzz', ids)).toBe('');
  });

  it('words the suggestions as a question ending a sentence', () => {
    expect(didYouMean('sloppy-quorum', ids)).toBe(' Did you mean "sloppy-quorum-stale"?');
    expect(didYouMean('split-brian', ids)).toBe(' Did you mean "split-brain" or "split-brain-fixed"?');
    expect(didYouMean('quorum', ids)).toBe(
      ' Did you mean "strict-quorum-fresh", "sloppy-quorum-stale" or "strict-quorum-rejects"?',
    );
  });
});

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['split-brian', 'split-brain', 2],
    ['flaw', 'lawn', 2],
  ])('%j to %j is %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});
