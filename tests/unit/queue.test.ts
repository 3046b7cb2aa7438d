/**
 * The event queue (engine/queue.ts), a heap whose keys live in typed arrays beside its items: it must pop in
 * (time, class, sequence) order whatever the mix of pushes, pops and removals, past the arrays' first room, and a
 * deep copy of it (as a checkpoint takes) must go on exactly as the original, independently of it.
 */
import { describe, expect, it } from 'vitest';
import { cloneState } from '../../src/sim/engine/clone.ts';
import { EventQueue } from '../../src/sim/engine/queue.ts';
import { Rng } from '../../src/sim/engine/rng.ts';

interface Ev {
  readonly id: number;
  readonly cls: number;
  time: number;
  order: number;
}

/** The reference: every queued event with its time, class and sequence, the least taken by a scan. */
class Reference {
  private readonly evs: { id: number; time: number; cls: number; seq: number }[] = [];
  private seq = 0;

  push(id: number, time: number, cls: number): void {
    this.evs.push({ id, time, cls, seq: this.seq++ });
  }

  pop(): number | undefined {
    let best = -1;
    for (let i = 0; i < this.evs.length; i++) {
      const e = this.evs[i] as Reference['evs'][number];
      const b = this.evs[best];
      if (
        !b ||
        e.time < b.time ||
        (e.time === b.time && (e.cls < b.cls || (e.cls === b.cls && e.seq < b.seq)))
      )
        best = i;
    }
    return best < 0 ? undefined : this.evs.splice(best, 1)[0]?.id;
  }

  removeWhere(drop: (id: number) => boolean): number {
    const before = this.evs.length;
    for (let i = this.evs.length - 1; i >= 0; i--)
      if (drop((this.evs[i] as { id: number }).id)) this.evs.splice(i, 1);
    return before - this.evs.length;
  }

  get size(): number {
    return this.evs.length;
  }
}

/** Random pushes (many ties of time, some of class 1) and pops, with a removal now and then. */
function drive(q: EventQueue<Ev>, ref: Reference, rng: Rng, steps: number, from: number): number[] {
  const out: number[] = [];
  let id = from;
  let now = 0;
  for (let s = 0; s < steps; s++) {
    const roll = rng.float();
    if (roll < 0.55) {
      const t = now + rng.int(0, 40) * 25;
      const cls = rng.chance(0.1) ? 1 : 0;
      q.push(t, { id, cls, time: 0, order: 0 }, cls);
      ref.push(id++, t, cls);
    } else if (roll < 0.999) {
      const a = q.pop();
      expect(a?.id).toBe(ref.pop());
      if (a) {
        out.push(a.id);
        now = a.time;
      }
    } else {
      const k = rng.int(2, 5);
      expect(q.removeWhere((e) => e.id % k === 0)).toBe(ref.removeWhere((i) => i % k === 0));
    }
    expect(q.size).toBe(ref.size);
    expect(q.peek()?.id).toBe(
      q.items().reduce<Ev | undefined>((m, e) => (m && !earlier(e, m) ? m : e), undefined)?.id,
    );
  }
  return out;
}

function earlier(a: Ev, b: Ev): boolean {
  return a.time < b.time || (a.time === b.time && a.order < b.order);
}

describe('EventQueue', () => {
  it('pops in (time, class, sequence) order over random mixes, growing past its first room', () => {
    for (const seed of [1, 2, 3]) {
      const q = new EventQueue<Ev>();
      const ref = new Reference();
      drive(q, ref, new Rng(seed), 8_000, 0);
      for (let i = 0; i < 1_000; i++) {
        q.push(i % 7, { id: 100_000 + i, cls: 0, time: 0, order: 0 });
        ref.push(100_000 + i, i % 7, 0);
      }
      expect(q.size).toBe(ref.size);
      for (let e = q.pop(); e; e = q.pop()) expect(e.id).toBe(ref.pop());
      expect(ref.size).toBe(0);
      expect(q.pop()).toBeUndefined();
      expect(q.peek()).toBeUndefined();
    }
  });

  it('keeps its order after a removal, events of one time in the order they were queued', () => {
    const q = new EventQueue<Ev>();
    for (let i = 0; i < 200; i++) q.push(i % 3, { id: i, cls: 0, time: 0, order: 0 }, i % 10 === 0 ? 1 : 0);
    expect(q.removeWhere((e) => e.id % 4 === 1)).toBe(50);
    const out: number[] = [];
    for (let e = q.pop(); e; e = q.pop()) out.push(e.id);
    const expected = Array.from({ length: 200 }, (_, i) => i)
      .filter((i) => i % 4 !== 1)
      .sort((a, b) => (a % 3) - (b % 3) || Number(a % 10 === 0) - Number(b % 10 === 0) || a - b);
    expect(out).toEqual(expected);
  });

  it('a deep copy (a checkpoint) goes on exactly as the original, and independently of it', () => {
    const q = new EventQueue<Ev>();
    const ref = new Reference();
    drive(q, ref, new Rng(7), 3_000, 0);
    const copy = cloneState(q);
    const copyRef = cloneState(ref);
    const a = drive(q, ref, new Rng(8), 3_000, 50_000);
    const b = drive(copy, copyRef, new Rng(8), 3_000, 50_000);
    expect(b).toEqual(a);
    expect(a.length).toBeGreaterThan(1_000);
  });
});
