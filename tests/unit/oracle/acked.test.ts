/**
 * The acknowledged writes' `sourceOf` (src/sim/oracle/acked.ts): several checkers ask of the same read in turn, and
 * the answer is kept only until another write is filed (a later write of the same value becomes the source).
 */
import { describe, expect, it } from 'vitest';
import { AckedWrites } from '../../../src/sim/oracle/acked.ts';
import { CHECKER_MEMORY } from '../../../src/sim/oracle/bounded.ts';
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

describe('AckedWrites memory', () => {
  it('keeps the latest CHECKER_MEMORY pairs across keys, forgetting the oldest made first', () => {
    const acked = new AckedWrites('leaderless');
    const readOf = (id: number, key: string, value: string) => op(id, 'r', 'read', key, value, 0, 1);
    // Value v0 of key k0 first, rewritten later (a pair set again keeps its place in the order).
    acked.add(op(1, 'a', 'write', 'k0', 'v0', 0, 1));
    for (let i = 1; i < CHECKER_MEMORY; i++) acked.add(op(i + 1, 'a', 'write', `k${i % 7}`, `v${i}`, 0, 1));
    const again = op(CHECKER_MEMORY + 1, 'b', 'write', 'k0', 'v0', 0, 1);
    acked.add(again);
    expect(acked.sourceOf(readOf(-1, 'k0', 'v0'))).toBe(again);
    // One more pair: the oldest made (k0 = v0) goes, the next oldest stays.
    acked.add(op(CHECKER_MEMORY + 2, 'a', 'write', 'k3', 'new', 0, 1));
    expect(acked.sourceOf(readOf(-2, 'k0', 'v0'))).toBeUndefined();
    expect(acked.sourceOf(readOf(-3, 'k1', 'v1'))?.id).toBe(2);
    expect(acked.sourceOf(readOf(-4, 'k3', 'new'))?.id).toBe(CHECKER_MEMORY + 2);
  });

  it('leader-follower: the first write at each log position, forgotten oldest first', () => {
    const acked = new AckedWrites('leader-follower');
    for (let i = 0; i < CHECKER_MEMORY; i++)
      acked.add(op(i + 10, 'a', 'write', `k${i % 3}`, `v${i}`, 0, 1, { version: i }));
    // A later write at a taken position (higher id) does not replace the first; one with a lower id does.
    acked.add(op(CHECKER_MEMORY + 10, 'b', 'write', 'k0', 'late', 0, 1, { version: 0 }));
    expect(acked.atVersion('k0', 0)?.id).toBe(10);
    acked.add(op(1, 'b', 'write', 'k0', 'early', 0, 1, { version: 0 }));
    expect(acked.atVersion('k0', 0)?.id).toBe(1);
    acked.add(op(CHECKER_MEMORY + 11, 'b', 'write', 'k2', 'next', 0, 1, { version: CHECKER_MEMORY }));
    expect(acked.atVersion('k0', 0)).toBeUndefined();
    expect(acked.atVersion('k1', 1)?.id).toBe(11);
    expect(acked.atVersion('k2', CHECKER_MEMORY)?.id).toBe(CHECKER_MEMORY + 11);
  });
});
