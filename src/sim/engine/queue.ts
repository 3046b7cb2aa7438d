/**
 * The event queue: a binary min-heap ordered by (time, priority class, sequence number). The sequence number is
 * the insertion order, so two events at the same time always run in the order they were scheduled: that is
 * what makes a run reproducible. Class 1 runs after class 0 at the same time; timeline actions use it so that an
 * action the user took "at" time t runs after everything else that happened at t, live and on replay alike.
 *
 * The heap is intrusive: an event carries its own `time` and `order` (set by `push`), which saves an allocation
 * per event on the simulation's hot path. An event object must be queued at most once at a time.
 */
export interface Queued {
  time: number;
  /** Priority class and sequence number folded into one number: cls * 2^42 + seq. */
  order: number;
}

const CLASS_STRIDE = 2 ** 42;

export class EventQueue<T extends Queued> {
  private heap: T[] = [];
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
    item.order = cls * CLASS_STRIDE + this.nextSeq++;
  }

  push(time: number, item: T, cls = 0): void {
    item.time = time;
    item.order = cls * CLASS_STRIDE + this.nextSeq++;
    const heap = this.heap;
    let i = heap.length;
    heap.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as T;
      if (!before(item, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = item;
  }

  peek(): T | undefined {
    return this.heap[0];
  }

  pop(): T | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    const n = heap.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let child = l;
      let c = heap[l] as T;
      if (r < n) {
        const rc = heap[r] as T;
        if (before(rc, c)) {
          child = r;
          c = rc;
        }
      }
      if (!before(c, last)) break;
      heap[i] = c;
      i = child;
    }
    heap[i] = last;
    return top;
  }

  /**
   * Takes every item that `drop` picks out of the queue (a forked run's recorded future); returns how many. The
   * rest keep their time and sequence, so they run in the same order as before: a sorted array is a valid heap.
   */
  removeWhere(drop: (item: T) => boolean): number {
    const kept = this.heap.filter((item) => !drop(item));
    const removed = this.heap.length - kept.length;
    if (removed > 0) this.heap = kept.sort((a, b) => (before(a, b) ? -1 : 1));
    return removed;
  }

  /** Every queued item, in no particular order. */
  items(): readonly T[] {
    return this.heap;
  }
}

/** Whether `a` runs before `b`: earlier, or at the same time and earlier in the order. */
export function before(a: Queued, b: Queued): boolean {
  return a.time < b.time || (a.time === b.time && a.order < b.order);
}
