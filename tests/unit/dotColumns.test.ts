/**
 * The dot columns of the conflict count (engine/conflictDots.ts): per key, each actor's row of counters by slot,
 * the slots a new set takes round the ring (a closed set's slot taken again), the candidates' mask by position,
 * and when the columns alone answer for a set.
 */
import { describe, expect, it } from 'vitest';
import {
  candidates,
  closeOldest,
  decidedAt,
  heldAt,
  markWrite,
  newColumns,
  openSlot,
  placeWrites,
  type SingleDots,
} from '../../src/sim/engine/conflictDots.ts';

/** A write with one dot (actor, counter), or none (actor -1: a vector with several entries). */
interface W {
  readonly opId: number;
  readonly actor: number;
  readonly counter: number;
}

const DOTS: SingleDots<W> = { actorOf: (w) => w.actor, counterOf: (w) => w.counter };

let ids = 0;
const w = (actor: number, counter: number): W => ({ opId: ++ids, actor, counter });

describe('dot columns', () => {
  it('takes slots round the ring, a closed one again, and masks the candidates by position', () => {
    const d = newColumns(3);
    const x1 = w(0, 1);
    const y1 = w(1, 1);
    const x2 = w(0, 2);
    const x3 = w(0, 3);
    const z1 = w(2, 1);
    expect(placeWrites(d, [x1, y1], DOTS)).toBe(true);
    expect(candidates(d, 2)).toBe(0);
    expect(openSlot(d, 2)).toBe(0);
    // A newer write of actor 0 rules out every set holding actor 0.
    placeWrites(d, [x2, y1], DOTS);
    expect(candidates(d, 2)).toBe(0);
    expect(openSlot(d, 2)).toBe(1);
    placeWrites(d, [x3, y1], DOTS);
    expect(openSlot(d, 2)).toBe(2);
    closeOldest(d);
    expect([d.first, d.open]).toEqual([1, 2]);
    // Open: {x2, y1} at slot 1 (position 0) and {x3, y1} at slot 2 (position 1). x2 keeps only the first; z1's
    // actor is in no set.
    placeWrites(d, [x2, z1], DOTS);
    expect(candidates(d, 2)).toBe(0b01);
    expect(decidedAt(d, 1, 2)).toBe(true);
    expect([heldAt(d, 1, 0), heldAt(d, 1, 1)]).toEqual([true, false]);
    // A new set takes the slot closed last (0), its old entries cleared.
    expect(openSlot(d, 2)).toBe(0);
    closeOldest(d);
    expect([d.first, d.open]).toEqual([2, 2]);
    // Open: {x3, y1} at slot 2 (position 0), {x2, z1} at slot 0 (position 1): y1 is in one and in no set's
    // way in the other, x3 only in the first.
    placeWrites(d, [y1, x3], DOTS);
    expect(candidates(d, 2)).toBe(0b01);
    placeWrites(d, [y1, z1], DOTS);
    expect(candidates(d, 2)).toBe(0b11);
    // x2 asked again: the counter asked before x3 (kept up while the new set took slot 0).
    placeWrites(d, [x2], DOTS);
    expect(candidates(d, 1)).toBe(0b10);
  });

  it('leaves to the causal test a set with a write without a single dot, or two of one actor', () => {
    const d = newColumns(4);
    const a = w(0, 1);
    const b = w(1, 1);
    const plain = w(-1, 0);
    expect(placeWrites(d, [a, plain], DOTS)).toBe(false);
    expect(openSlot(d, 2)).toBe(0);
    placeWrites(d, [b], DOTS);
    expect(candidates(d, 1)).toBe(0b1);
    expect(decidedAt(d, 0, 1)).toBe(false);
    placeWrites(d, [a, b], DOTS);
    expect(openSlot(d, 2)).toBe(1);
    markWrite(d, 1, w(1, 2), DOTS);
    placeWrites(d, [b, a], DOTS);
    // Slot 1 holds two writes of actor 1: never ruled out by them, never answered by the columns.
    expect(candidates(d, 2) & 0b10).toBe(0b10);
    expect(decidedAt(d, 1, 2)).toBe(false);
  });
});
