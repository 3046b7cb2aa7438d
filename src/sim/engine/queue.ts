/**
 * The event queue: a binary min-heap ordered by (time, priority class, sequence number). The sequence number is
 * the insertion order, so two events at the same time always run in the order they were scheduled: that is
 * what makes a run reproducible. Class 1 runs after class 0 at the same time; timeline actions use it so that an
 * action the user took "at" time t runs after everything else that happened at t, live and on replay alike.
 *
 * An event still carries its own `time` and `order` (set by `push`), for whoever reads them, but the heap keeps
 * both in typed arrays beside its items, in the same places: sifting compares numbers in two Float64Arrays and
 * never reads an event object. Reading `time` off events of several shapes scattered in memory was most of the
 * heap's cost (the simulation's events come in about four shapes, each read a lookup by shape); with the keys in
 * arrays a comparison is two loads from memory that sits together. An event object must be queued at most once
 * at a time.
 */
export interface Queued {
  time: number;
  /** Priority class and sequence number folded into one number: cls * 2^42 + seq. */
  order: number;
}

const CLASS_STRIDE = 2 ** 42;
const INITIAL_CAPACITY = 64;

export class EventQueue<T extends Queued> {
  /** The heap's items; `times[i]` and `orders[i]` are `heap[i]`'s keys (places at `heap.length` on: unused). */
  private heap: T[] = [];
  private times = new Float64Array(INITIAL_CAPACITY);
  private orders = new Float64Array(INITIAL_CAPACITY);
  private nextSeq = 0;

  get size(): number {
    return this.heap.length;
  }

  /**
   * Gives `item` its time and its place in the order (class `cls`, the next sequence number) without queuing it:
   * for a lane that keeps events in order beside the heap (simQueue.ts).
   */
  protected stamp(time: number, item: T, cls: number): void {
    item.time = time;
    item.order = this.nextOrder(cls);
  }

  /**
   * The place in the order of the next event of class `cls`: cls * 2^42 + sequence, worked out so that a class-0
   * order is the sequence number itself, a small integer. The sum is a double even when it is 0 * 2^42 + n (V8's
   * interpreter multiplies into a heap number), and one double stored in an event's `order` makes that field a
   * boxed double in every event of the shape: 16 bytes more per queued event, which the young-generation
   * collections copy. The value is the same number.
   */
  private nextOrder(cls: number): number {
    return cls === 0 ? this.nextSeq++ : cls * CLASS_STRIDE + this.nextSeq++;
  }

  push(time: number, item: T, cls = 0): void {
    const order = this.nextOrder(cls);
    item.time = time;
    item.order = order;
    const heap = this.heap;
    let i = heap.length;
    if (i === this.times.length) this.grow();
    const times = this.times;
    const orders = this.orders;
    heap.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent] as number;
      if (!(time < pt || (time === pt && order < (orders[parent] as number)))) break;
      heap[i] = heap[parent] as T;
      times[i] = pt;
      orders[i] = orders[parent] as number;
      i = parent;
    }
    heap[i] = item;
    times[i] = time;
    orders[i] = order;
  }

  peek(): T | undefined {
    return this.heap[0];
  }

  /** The first item's time (Infinity when empty), read from the keys rather than off the item. */
  peekTime(): number {
    return this.heap.length === 0 ? Number.POSITIVE_INFINITY : (this.times[0] as number);
  }

  /**
   * Whether an event at (`time`, `order`) runs before the heap's first (true when the heap is empty): for a lane
   * beside the heap, comparing with the heap's keys instead of reading its first event (of any shape).
   */
  protected beforeTop(time: number, order: number): boolean {
    if (this.heap.length === 0) return true;
    const t = this.times[0] as number;
    return time < t || (time === t && order < (this.orders[0] as number));
  }

  pop(): T | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    const n = heap.length;
    if (top === undefined || last === undefined || n === 0) return top;
    const times = this.times;
    const orders = this.orders;
    const lt = times[n] as number;
    const lo = orders[n] as number;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      let ct = times[child] as number;
      let co = orders[child] as number;
      const r = child + 1;
      if (r < n) {
        const rt = times[r] as number;
        if (rt < ct || (rt === ct && (orders[r] as number) < co)) {
          child = r;
          ct = rt;
          co = orders[r] as number;
        }
      }
      if (!(ct < lt || (ct === lt && co < lo))) break;
      heap[i] = heap[child] as T;
      times[i] = ct;
      orders[i] = co;
      i = child;
    }
    heap[i] = last;
    times[i] = lt;
    orders[i] = lo;
    return top;
  }

  /**
   * Takes every item that `drop` picks out of the queue (a forked run's recorded future); returns how many. The
   * rest keep their time and sequence, so they run in the same order as before: a sorted array is a valid heap.
   */
  removeWhere(drop: (item: T) => boolean): number {
    const kept = this.heap.filter((item) => !drop(item));
    const removed = this.heap.length - kept.length;
    if (removed === 0) return 0;
    kept.sort((a, b) => (before(a, b) ? -1 : 1));
    this.heap = kept;
    for (let i = 0; i < kept.length; i++) {
      const item = kept[i] as T;
      this.times[i] = item.time;
      this.orders[i] = item.order;
    }
    return removed;
  }

  /** Every queued item, in no particular order. */
  items(): readonly T[] {
    return this.heap;
  }

  /** Doubles the key arrays' room. */
  private grow(): void {
    const times = new Float64Array(this.times.length * 2);
    const orders = new Float64Array(this.orders.length * 2);
    times.set(this.times);
    orders.set(this.orders);
    this.times = times;
    this.orders = orders;
  }
}

/** Whether `a` runs before `b`: earlier, or at the same time and earlier in the order. */
export function before(a: Queued, b: Queued): boolean {
  return a.time < b.time || (a.time === b.time && a.order < b.order);
}
