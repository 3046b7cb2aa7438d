/**
 * A calendar queue: events kept in slots of `slotUs` microseconds by their due time instead of in the heap
 * (simQueue.ts puts timers, due up to about two seconds ahead, in one, and messages in flight in another).
 *
 * Why: a model's timers are most of what a large cluster keeps queued. A follower restarts its election timer
 * on every AppendEntries (a timer cannot be cancelled: the earlier one fires and is ignored), so the
 * 100-follower leader-follower preset held about 3,300 election timers beside some 130 other events; every
 * push and pop of every event then sifted through twelve levels of a heap they filled. Here an event costs an
 * insertion among the few of its slot, and taking the first is reading the first of the earliest slot. The
 * messages in flight, some 80 in that preset and 100 in the 5-node benches, then left the heap as well: in one
 * process, runs alternating with and without their calendar, events per CPU second rose by 5.8% (100
 * followers), 15.6% (leader-follower, 5 nodes), 9.4% (multi-leader) and 4.8% (leaderless).
 *
 * The order is exactly the heap's: items carry the keys the queue stamped (time, order), each slot is kept
 * sorted by them, and the slots are taken in time order. The slots form a ring of `slots`; an item is taken only
 * when it is due within the ring's span of `now`'s slot (`slotFor`), and every item queued is due no earlier than
 * `now`, so the items present lie within one turn of the ring and each slot holds the items of one slot time.
 */
import type { Queued } from './queue.ts';

/**
 * One slot's items, places `head` to `end`, sorted by (time, order), with their keys beside them. The arrays are
 * never shortened: an array emptied by `length = 0` lets go of its storage, and each slot's three grew theirs
 * again on every turn of the ring (some 60 bytes per timer in the 100-follower preset's allocation profile).
 */
interface Slot<T> {
  items: (T | undefined)[];
  times: number[];
  orders: number[];
  head: number;
  end: number;
}

export class Calendar<T extends Queued> {
  /** A slot's width in microseconds, and how many slots the ring has. */
  private readonly slotUs: number;
  private readonly ring: number;
  /** The ring; a slot is made when first used and kept, emptied, for its next turn. */
  private readonly slots: (Slot<T> | undefined)[];
  /** How many items it holds. */
  size = 0;
  /** The slot time (due time / `slotUs`, rounded down) of the first item, when there is one. */
  private front = 0;
  /** The first item's keys (Infinity when empty), read before every event: kept here, not off the item. */
  firstTime = Number.POSITIVE_INFINITY;
  firstOrder = 0;

  constructor(slotUs: number, slots: number) {
    this.slotUs = slotUs;
    this.ring = slots;
    this.slots = new Array(slots).fill(undefined);
  }

  /**
   * The slot time an item due at `time` goes in when the current time is `now`, or -1 when it is not for the
   * calendar (before `now`'s slot, or past the ring's turn from it).
   */
  slotFor(time: number, now: number): number {
    const at = Math.floor(time / this.slotUs);
    const d = at - Math.floor(now / this.slotUs);
    return d >= 0 && d < this.ring ? at : -1;
  }

  /** Adds an item the queue has stamped with `time` and `order`, in slot time `at` (`slotFor`). */
  add(at: number, time: number, order: number, item: T): void {
    const slot = this.slotAt(at);
    const { items, times, orders } = slot;
    let j = slot.end++;
    // Insertion from the end: the newest item has the highest order, so it moves only past later times.
    while (j > slot.head) {
      const t = times[j - 1] as number;
      if (t < time || (t === time && (orders[j - 1] as number) < order)) break;
      items[j] = items[j - 1];
      times[j] = t;
      orders[j] = orders[j - 1] as number;
      j--;
    }
    items[j] = item;
    times[j] = time;
    orders[j] = order;
    if (this.size++ === 0 || at < this.front) this.front = at;
    if (at === this.front && j === slot.head) {
      this.firstTime = time;
      this.firstOrder = order;
    }
  }

  /** Takes the first item (the calendar must not be empty). */
  take(): T {
    const slot = this.slots[this.front % this.ring] as Slot<T>;
    const item = slot.items[slot.head] as T;
    // Let go of it: the slot's array lives on for the ring's next turn.
    slot.items[slot.head++] = undefined;
    this.size--;
    if (slot.head === slot.end) {
      slot.head = 0;
      slot.end = 0;
      if (this.size === 0) {
        this.firstTime = Number.POSITIVE_INFINITY;
        return item;
      }
      this.front = this.nextFront(this.front + 1);
    }
    const first = this.slots[this.front % this.ring] as Slot<T>;
    this.firstTime = first.times[first.head] as number;
    this.firstOrder = first.orders[first.head] as number;
    return item;
  }

  /** The first slot time from `at` on that holds an item (there must be one within a turn). */
  private nextFront(at: number): number {
    let b = at;
    for (;;) {
      const slot = this.slots[b % this.ring];
      if (slot !== undefined && slot.head < slot.end) return b;
      b++;
    }
  }

  private slotAt(at: number): Slot<T> {
    const i = at % this.ring;
    let slot = this.slots[i];
    if (slot === undefined) {
      slot = { items: [], times: [], orders: [], head: 0, end: 0 };
      this.slots[i] = slot;
    }
    return slot;
  }

  /** The first item, or undefined. */
  peek(): T | undefined {
    if (this.size === 0) return undefined;
    const slot = this.slots[this.front % this.ring] as Slot<T>;
    return slot.items[slot.head];
  }

  /** Every item, in no particular order. */
  items(): T[] {
    const out: T[] = [];
    for (const slot of this.slots)
      if (slot !== undefined) for (let j = slot.head; j < slot.end; j++) out.push(slot.items[j] as T);
    return out;
  }

  /** Takes every item `drop` picks out; returns how many. The rest keep their keys and their order. */
  removeWhere(drop: (item: T) => boolean): number {
    const kept = this.items().filter((item) => !drop(item));
    const removed = this.size - kept.length;
    if (removed === 0) return 0;
    for (const slot of this.slots) {
      if (slot === undefined) continue;
      slot.items.fill(undefined);
      slot.head = 0;
      slot.end = 0;
    }
    this.size = 0;
    this.firstTime = Number.POSITIVE_INFINITY;
    for (const item of kept) this.add(Math.floor(item.time / this.slotUs), item.time, item.order, item);
    return removed;
  }
}
