/**
 * The timers' calendar (engine/calendar.ts): slots of 2,048 us in a ring of 1,024. It takes an item only within
 * one turn of the ring from the current time's slot, keeps each slot sorted by (time, order), and gives its
 * items back in that order across slots and turns of the ring; its first item's keys are kept beside it.
 */
import { describe, expect, it } from 'vitest';
import { Calendar } from '../../src/sim/engine/calendar.ts';

interface Ev {
  readonly id: number;
  time: number;
  order: number;
}

/** Adds an item as the queue would: stamped with `time` and the next `order`, in its slot. */
function add(cal: Calendar<Ev>, now: number, time: number, order: number): boolean {
  const at = cal.slotFor(time, now);
  if (at < 0) return false;
  cal.add(at, time, order, { id: order, time, order });
  return true;
}

function drain(cal: Calendar<Ev>): number[] {
  const out: number[] = [];
  while (cal.size > 0) {
    const first = cal.peek();
    expect(cal.firstTime).toBe(first?.time);
    expect(cal.firstOrder).toBe(first?.order);
    out.push(cal.take().id);
  }
  return out;
}

describe('Calendar', () => {
  it('takes an item due from the current slot to the end of one turn of the ring, no other', () => {
    const cal = new Calendar<Ev>(2_048, 1_024);
    // The current time 5,000 us is in slot 2 (4,096 to 6,143); the ring reaches slot 1,025.
    expect(cal.slotFor(4_096, 5_000)).toBe(2);
    expect(cal.slotFor(4_095, 5_000)).toBe(-1);
    expect(cal.slotFor(1_025 * 2_048 + 2_047, 5_000)).toBe(1_025);
    expect(cal.slotFor(1_026 * 2_048, 5_000)).toBe(-1);
  });

  it('gives items back by time, then by order, within a slot and across slots', () => {
    const cal = new Calendar<Ev>(2_048, 1_024);
    // Slot 1 gets 3,000 (order 0), 2,100 (1), 3,000 (2), 2,100 (3); slot 0 gets 10 (4); slot 500 gets 1,024,000 (5).
    for (const [time, order] of [
      [3_000, 0],
      [2_100, 1],
      [3_000, 2],
      [2_100, 3],
      [10, 4],
      [1_024_000, 5],
    ] as const)
      expect(add(cal, 0, time, order)).toBe(true);
    expect(cal.size).toBe(6);
    expect(cal.firstTime).toBe(10);
    expect(cal.items().map((e) => e.id)).toHaveLength(6);
    expect(drain(cal)).toEqual([4, 1, 3, 0, 2, 5]);
    expect(cal.firstTime).toBe(Number.POSITIVE_INFINITY);
  });

  it('reuses its slots on the ring’s next turns, in order', () => {
    const cal = new Calendar<Ev>(2_048, 1_024);
    const taken: number[] = [];
    let order = 0;
    // Three turns of the ring: an item every 1,000 us, each due 1.5 s after the one taken before it.
    add(cal, 0, 1_500_000, order++);
    for (let i = 0; i < 6_000; i++) {
      const e = cal.take();
      taken.push(e.time);
      expect(add(cal, e.time, e.time + 1_000, order++)).toBe(true);
    }
    expect(taken[0]).toBe(1_500_000);
    expect(taken[5_999]).toBe(1_500_000 + 5_999 * 1_000);
    expect(cal.size).toBe(1);
  });

  it('keeps order when many items of one instant go in before a later one of their slot', () => {
    const cal = new Calendar<Ev>(2_048, 1_024);
    // Slot 1: an item at 4,000 first, then 1,000 at 2,500, then one at 2,400 (before them all) and one at 2,500.
    add(cal, 0, 4_000, 0);
    for (let order = 1; order <= 1_000; order++) add(cal, 0, 2_500, order);
    add(cal, 0, 2_400, 1_001);
    add(cal, 0, 2_500, 1_002);
    const out = drain(cal);
    expect(out.slice(0, 3)).toEqual([1_001, 1, 2]);
    expect(out.slice(-3)).toEqual([1_000, 1_002, 0]);
    expect(out).toHaveLength(1_003);
  });

  it('removes what it is told to and goes on in order', () => {
    const cal = new Calendar<Ev>(2_048, 1_024);
    for (let i = 0; i < 20; i++) add(cal, 0, 100_000 - i * 4_000, i);
    expect(cal.removeWhere((e) => e.id % 3 === 0)).toBe(7);
    expect(cal.removeWhere(() => false)).toBe(0);
    expect(cal.size).toBe(13);
    expect(drain(cal)).toEqual([19, 17, 16, 14, 13, 11, 10, 8, 7, 5, 4, 2, 1]);
  });
});
