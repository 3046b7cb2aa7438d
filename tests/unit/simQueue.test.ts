/**
 * The simulation's queue (engine/simQueue.ts): a heap plus an in-order lane for fixed-delay events and calendars
 * for timers and messages must run every event in exactly the order one heap holding them all runs them,
 * whatever mix of pushes, in-order pushes (some due before the lane's last event), timer and message pushes
 * (some past their calendar's span), pops and removals; its size and items count every part.
 */
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/sim/engine/queue.ts';
import { Rng } from '../../src/sim/engine/rng.ts';
import { SimQueue } from '../../src/sim/engine/simQueue.ts';

interface Ev {
  readonly id: number;
  time: number;
  order: number;
}

/** Drives a SimQueue and a plain heap alike; returns both pop orders (event ids). */
function drive(seed: number, steps: number): { lane: number[]; heap: number[]; sizes: [number, number][] } {
  const rng = new Rng(seed);
  const sq = new SimQueue<Ev>();
  const q = new EventQueue<Ev>();
  const lane: number[] = [];
  const heap: number[] = [];
  const sizes: [number, number][] = [];
  let now = 0;
  let id = 0;
  for (let s = 0; s < steps; s++) {
    const roll = rng.float();
    if (roll < 0.2) {
      // A timer: mostly within the calendar's span (2,097,152 us: 1,024 slots of 2,048), now and then due at once,
      // about the span's end (in its last slots or just past them) or far beyond it.
      const roll2 = rng.float();
      const delay =
        roll2 < 0.2
          ? rng.int(0, 3)
          : roll2 < 0.3
            ? rng.int(2_090_000, 2_102_000)
            : roll2 < 0.35
              ? rng.int(3_000_000, 4_000_000)
              : rng.int(0, 1_000_000);
      const t = now + delay;
      sq.pushTimer(t, { id, time: 0, order: 0 });
      q.push(t, { id: id++, time: 0, order: 0 });
    } else if (roll < 0.45) {
      // A fixed delay, now and then a shorter one (due before the lane's last event: it goes to the heap).
      const t = now + (rng.chance(0.1) ? rng.int(0, 50) : 1_000);
      sq.pushInOrder(t, { id, time: 0, order: 0 });
      q.push(t, { id: id++, time: 0, order: 0 });
    } else if (roll < 0.55) {
      // A message: mostly within the messages' calendar's span (131,072 us: 512 slots of 256), now and then due
      // at once, about the span's end or past it.
      const roll2 = rng.float();
      const delay =
        roll2 < 0.1
          ? rng.int(0, 3)
          : roll2 < 0.25
            ? rng.int(130_000, 132_000)
            : roll2 < 0.3
              ? rng.int(200_000, 400_000)
              : rng.int(5_000, 15_000);
      const t = now + delay;
      sq.pushSoon(t, { id, time: 0, order: 0 });
      q.push(t, { id: id++, time: 0, order: 0 });
    } else if (roll < 0.7) {
      const t = now + (rng.chance(0.2) ? rng.int(0, 1_000_000) : rng.int(0, 2_000));
      const cls = rng.chance(0.05) ? 1 : 0;
      sq.push(t, { id, time: 0, order: 0 }, cls);
      q.push(t, { id: id++, time: 0, order: 0 }, cls);
    } else {
      // The next time, read from the keys, is the next event's, in both queues.
      expect(sq.peekTime()).toBe(sq.peek()?.time ?? Number.POSITIVE_INFINITY);
      expect(q.peekTime()).toBe(q.peek()?.time ?? Number.POSITIVE_INFINITY);
      const a = sq.pop();
      const b = q.pop();
      if (a) lane.push(a.id);
      if (b) heap.push(b.id);
      if (b) now = b.time;
      expect(a?.time).toBe(b?.time);
    }
    sizes.push([sq.size, q.size]);
  }
  for (let a = sq.pop(); a; a = sq.pop()) lane.push(a.id);
  for (let b = q.pop(); b; b = q.pop()) heap.push(b.id);
  return { lane, heap, sizes };
}

describe('SimQueue', () => {
  it('stamps each event with the plain heap’s order: a class-0 order is its sequence number', () => {
    const sq = new SimQueue<Ev>();
    const q = new EventQueue<Ev>();
    const stamped: [number, number][] = [];
    for (let i = 0; i < 6; i++) {
      const cls = i === 2 ? 1 : 0;
      const a = { id: i, time: 0, order: 0 };
      const b = { id: i, time: 0, order: 0 };
      if (i === 4) {
        sq.pushInOrder(50, a);
        q.push(50, b);
      } else {
        sq.push(100 - i, a, cls);
        q.push(100 - i, b, cls);
      }
      stamped.push([a.order, b.order]);
    }
    expect(stamped.map(([a]) => a)).toEqual([0, 1, 2 ** 42 + 2, 3, 4, 5]);
    expect(stamped.map(([, b]) => b)).toEqual([0, 1, 2 ** 42 + 2, 3, 4, 5]);
  });

  it('pops in the order of one heap holding every event, over random mixes', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const { lane, heap, sizes } = drive(seed, 20_000);
      expect(lane).toEqual(heap);
      for (const [a, b] of sizes) expect(a).toBe(b);
    }
  });

  it('peeks what it pops next, and breaks ties of time by the order the events were queued', () => {
    const sq = new SimQueue<Ev>();
    sq.pushInOrder(10, { id: 1, time: 0, order: 0 });
    sq.push(10, { id: 2, time: 0, order: 0 });
    sq.pushInOrder(10, { id: 3, time: 0, order: 0 });
    sq.push(5, { id: 4, time: 0, order: 0 });
    sq.push(10, { id: 5, time: 0, order: 0 }, 1);
    const out: number[] = [];
    for (let e = sq.peek(); e; e = sq.peek()) {
      expect(sq.peekTime()).toBe(e.time);
      expect(sq.pop()).toBe(e);
      out.push(e.id);
    }
    expect(out).toEqual([4, 1, 2, 3, 5]);
    expect(sq.size).toBe(0);
    expect(sq.peekTime()).toBe(Number.POSITIVE_INFINITY);
  });

  it('lists and removes the lane’s events with the heap’s, and goes on in order after a removal', () => {
    const sq = new SimQueue<Ev>();
    for (let i = 0; i < 3_000; i++) sq.pushInOrder(i * 10, { id: i, time: 0, order: 0 });
    for (let i = 0; i < 1_500; i++) sq.pop();
    sq.push(15_005, { id: -1, time: 0, order: 0 });
    expect(sq.items().length).toBe(1_501);
    expect(sq.removeWhere((e) => e.id % 2 === 0)).toBe(750);
    expect(sq.size).toBe(751);
    const out: number[] = [];
    for (let e = sq.pop(); e; e = sq.pop()) out.push(e.id);
    expect(out.slice(0, 3)).toEqual([-1, 1501, 1503]);
    expect(out.length).toBe(751);
  });

  it('keeps the lane in order across the end of its ring, when it grows there and after a removal', () => {
    const sq = new SimQueue<Ev>();
    let next = 0;
    const out: number[] = [];
    const push = (n: number) => {
      for (let k = 0; k < n; k++, next++) sq.pushInOrder(next * 10, { id: next, time: 0, order: 0 });
    };
    const pop = (n: number) => {
      for (let k = 0; k < n; k++) out.push((sq.pop() as Ev).id);
    };
    // 256 places at first: 150 taken from the front, then the ring wraps, fills (250 held) and grows at 256.
    push(200);
    pop(150);
    push(200);
    expect(sq.size).toBe(250);
    push(300);
    pop(100);
    expect(sq.removeWhere((e) => e.id % 3 === 0)).toBe(150);
    expect(sq.items().map((e) => e.id)).toEqual(
      Array.from({ length: 450 }, (_, k) => 250 + k).filter((id) => id % 3 !== 0),
    );
    push(10);
    pop(sq.size);
    const kept = Array.from({ length: 450 }, (_, k) => 250 + k).filter((id) => id % 3 !== 0);
    expect(out).toEqual([
      ...Array.from({ length: 250 }, (_, k) => k),
      ...kept,
      ...Array.from({ length: 10 }, (_, k) => 700 + k),
    ]);
    expect(sq.size).toBe(0);
  });
});
