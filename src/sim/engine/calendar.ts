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
 *
 * A slot is a list threaded through arrays of nodes (an item, its keys, the next node), which the calendar keeps
 * for the whole run and hands out again from a free list: the first version gave each slot an object and three
 * arrays of its own, some 1,500 slots made afresh in every run, which the leaderless-100 preset, sparse in
 * events, paid for at 30 bytes an event (7% fewer events per CPU second than the heap alone). A slot keeps its
 * last node too, so an item due after all of its slot (a message on a FIFO link, mostly) is added at once.
 */
import type { Queued } from './queue.ts';

const INITIAL_NODES = 64;

export class Calendar<T extends Queued> {
  /** A slot's width in microseconds, and how many slots the ring has. */
  private readonly slotUs: number;
  private readonly ring: number;
  /** Each slot's first and last node (-1: an empty slot). */
  private readonly heads: Int32Array;
  private readonly tails: Int32Array;
  /** The nodes: an item, its keys, the next node of its slot (-1: none); free nodes are chained from `free`. */
  private held: (T | undefined)[] = [];
  private times = new Float64Array(INITIAL_NODES);
  private orders = new Float64Array(INITIAL_NODES);
  private next = new Int32Array(INITIAL_NODES);
  private free = -1;
  /** The node added last and its slot's place in the ring (-1: none, or taken since). */
  private finger = -1;
  private fingerSlot = -1;
  /** How many nodes were ever handed out (the free ones among them are chained from `free`). */
  private made = 0;
  /** How many items it holds. */
  size = 0;
  /** The slot time (due time over the slot width, rounded down) of the first item, when there is one. */
  private front = 0;
  /** The first item's keys (Infinity when empty), read before every event: kept here, not off the item. */
  firstTime = Number.POSITIVE_INFINITY;
  firstOrder = 0;

  constructor(slotUs: number, slots: number) {
    this.slotUs = slotUs;
    this.ring = slots;
    this.heads = new Int32Array(slots).fill(-1);
    this.tails = new Int32Array(slots).fill(-1);
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
    const node = this.nodeFor(item, time, order);
    const i = at % this.ring;
    const { heads, tails, times, orders, next } = this;
    const tail = tails[i] as number;
    if (tail < 0) {
      heads[i] = node;
      tails[i] = node;
      next[node] = -1;
    } else if (!before(time, order, times[tail] as number, orders[tail] as number)) {
      next[tail] = node;
      next[node] = -1;
      tails[i] = node;
    } else {
      // Before the last: in front of the first node it comes before (there is one, the last at the latest),
      // looked for from the node added last when this one goes after it: a thousand timers set at one instant
      // for one instant, in a slot whose last item is due later, went in one after another, each walking past
      // all those before it (the leaderless-1000 preset's handoff timers, at a quarter of its speed).
      const finger = this.finger;
      const fromFinger =
        finger >= 0 &&
        this.fingerSlot === i &&
        !before(time, order, times[finger] as number, orders[finger] as number);
      let prev = fromFinger ? finger : -1;
      let cur = fromFinger ? (next[finger] as number) : (heads[i] as number);
      while (!before(time, order, times[cur] as number, orders[cur] as number)) {
        prev = cur;
        cur = next[cur] as number;
      }
      next[node] = cur;
      if (prev < 0) heads[i] = node;
      else next[prev] = node;
    }
    this.finger = node;
    this.fingerSlot = i;
    if (this.size++ === 0 || at < this.front) this.front = at;
    if (at === this.front && heads[i] === node) {
      this.firstTime = time;
      this.firstOrder = order;
    }
  }

  /** A node holding the item and its keys: a free one, or one more. */
  private nodeFor(item: T, time: number, order: number): number {
    let node = this.free;
    if (node >= 0) this.free = this.next[node] as number;
    else {
      node = this.made++;
      if (node === this.times.length) this.grow();
    }
    this.held[node] = item;
    this.times[node] = time;
    this.orders[node] = order;
    return node;
  }

  /** Doubles the nodes' room. */
  private grow(): void {
    const n = this.times.length * 2;
    const times = new Float64Array(n);
    const orders = new Float64Array(n);
    const next = new Int32Array(n);
    times.set(this.times);
    orders.set(this.orders);
    next.set(this.next);
    this.times = times;
    this.orders = orders;
    this.next = next;
  }

  /** Takes the first item (the calendar must not be empty). */
  take(): T {
    const i = this.front % this.ring;
    const node = this.heads[i] as number;
    const item = this.held[node] as T;
    // Let go of it, and free its node.
    this.held[node] = undefined;
    const after = this.next[node] as number;
    if (node === this.finger) this.finger = -1;
    this.next[node] = this.free;
    this.free = node;
    this.size--;
    if (after >= 0) {
      this.heads[i] = after;
      this.firstTime = this.times[after] as number;
      this.firstOrder = this.orders[after] as number;
      return item;
    }
    this.heads[i] = -1;
    this.tails[i] = -1;
    if (this.size === 0) {
      this.firstTime = Number.POSITIVE_INFINITY;
      return item;
    }
    let b = this.front + 1;
    while ((this.heads[b % this.ring] as number) < 0) b++;
    this.front = b;
    const first = this.heads[b % this.ring] as number;
    this.firstTime = this.times[first] as number;
    this.firstOrder = this.orders[first] as number;
    return item;
  }

  /** The first item, or undefined. */
  peek(): T | undefined {
    return this.size === 0 ? undefined : this.held[this.heads[this.front % this.ring] as number];
  }

  /** Every item, in no particular order. */
  items(): T[] {
    const out: T[] = [];
    for (let k = 0; k < this.made; k++) {
      const item = this.held[k];
      if (item !== undefined) out.push(item);
    }
    return out;
  }

  /** Takes every item `drop` picks out; returns how many. The rest keep their keys and their order. */
  removeWhere(drop: (item: T) => boolean): number {
    const kept = this.items().filter((item) => !drop(item));
    const removed = this.size - kept.length;
    if (removed === 0) return 0;
    this.heads.fill(-1);
    this.tails.fill(-1);
    this.held = [];
    this.free = -1;
    this.finger = -1;
    this.made = 0;
    this.size = 0;
    this.firstTime = Number.POSITIVE_INFINITY;
    for (const item of kept) this.add(Math.floor(item.time / this.slotUs), item.time, item.order, item);
    return removed;
  }
}

/** Whether (time, order) comes before (t, o). */
function before(time: number, order: number, t: number, o: number): boolean {
  return time < t || (time === t && order < o);
}
