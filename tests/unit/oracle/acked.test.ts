/**
 * The acknowledged writes' `sourceOf` (src/sim/oracle/acked.ts): several checkers ask of the same read in turn, and
 * the answer is kept only until another write is filed (a later write of the same value becomes the source).
 */
import { describe, expect, it } from 'vitest';
import { AckedWrites } from '../../../src/sim/oracle/acked.ts';
import { op } from '../../support/history.ts';

describe('AckedWrites.sourceOf', () => {
  it('answers again for the same read, and anew once a write is filed between', () => {
    const acked = new AckedWrites('leaderless');
    const w1 = op(1, 'a', 'write', 'x', 'v', 0, 1);
    const w2 = op(2, 'b', 'write', 'x', 'v', 2, 3);
    const other = op(3, 'b', 'write', 'y', 'u', 2, 3);
    const read = op(4, 'c', 'read', 'x', 'v', 4, 5);
    expect(acked.sourceOf(read)).toBeUndefined();
    acked.add(w1);
    expect(acked.sourceOf(read)).toBe(w1);
    expect(acked.sourceOf(read)).toBe(w1);
    acked.add(w2);
    expect(acked.sourceOf(read)).toBe(w2);
    acked.add(other);
    expect(acked.sourceOf(read)).toBe(w2);
    // Another read of another key between two questions about the first.
    const readY = op(5, 'c', 'read', 'y', 'u', 4, 5);
    expect(acked.sourceOf(readY)).toBe(other);
    expect(acked.sourceOf(read)).toBe(w2);
  });

  it('leader-follower: by log position, and anew after a write is filed', () => {
    const acked = new AckedWrites('leader-follower');
    const read = op(3, 'c', 'read', 'x', 'v', 4, 5, { version: 7 });
    expect(acked.sourceOf(read)).toBeUndefined();
    const w = op(1, 'a', 'write', 'x', 'v', 0, 1, { version: 7 });
    acked.add(w);
    expect(acked.sourceOf(read)).toBe(w);
  });
});
