/**
 * Playback snapshots are spaced by what they cost and by what changed (SnapshotPacer, src/worker/simCore.ts):
 * a costly snapshot waits its cost times the ratio, a run that moved waits at least the minimum gap, and one in
 * which only the clock moved (no event ran) waits the longer idle gap.
 */
import { describe, expect, it } from 'vitest';
import { SnapshotPacer } from '../../src/worker/simCore.ts';

describe('SnapshotPacer', () => {
  it('is due at once before any snapshot, and every time with no gaps and a free snapshot', () => {
    const pacer = new SnapshotPacer(4);
    expect(pacer.due(0, 0)).toBe(true);
    pacer.posted(0, 0, 0);
    expect(pacer.due(0, 0)).toBe(true);
  });

  it('waits the ratio times what the last snapshot cost', () => {
    const pacer = new SnapshotPacer(4, 33, 100);
    pacer.posted(1000, 1050, 10); // 50 ms to build and post: the next waits 200 ms from its start
    expect(pacer.due(1199, 20)).toBe(false);
    expect(pacer.due(1200, 20)).toBe(true);
  });

  it('waits the ratio times what the page said the last snapshot cost it, when that is more', () => {
    const pacer = new SnapshotPacer(4, 33, 100);
    pacer.pageCost(25); // the page spent 25 ms reading and rendering one: the next waits 100 ms
    pacer.posted(1000, 1002, 10);
    expect(pacer.due(1099, 20)).toBe(false);
    expect(pacer.due(1100, 20)).toBe(true);
    pacer.pageCost(2); // a cheap page again: the worker's own cost (2 ms x 4) and the 33 ms gap rule
    expect(pacer.due(1032, 20)).toBe(false);
    expect(pacer.due(1033, 20)).toBe(true);
    pacer.pageCost(Number.NaN); // nonsense from the page counts as free
    expect(pacer.due(1033, 20)).toBe(true);
  });

  it('waits the minimum gap after events ran, and the idle gap when only the clock moved', () => {
    const pacer = new SnapshotPacer(4, 33, 100);
    pacer.posted(1000, 1001, 10);
    expect(pacer.due(1032, 11)).toBe(false);
    expect(pacer.due(1033, 11)).toBe(true);
    expect(pacer.due(1033, 10)).toBe(false);
    expect(pacer.due(1099, 10)).toBe(false);
    expect(pacer.due(1100, 10)).toBe(true);
  });
});
