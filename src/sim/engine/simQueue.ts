/**
 * The simulation's event queue: the binary heap (queue.ts) plus a first-in-first-out lane for events scheduled a
 * fixed delay ahead. A client gives every attempt the same timeout, so its timeout events come due in the order
 * they were scheduled: they need no heap. At 1,000 operations a second with a one-second timeout they were about
 * a thousand of the heap's eleven hundred events, so every push and pop of every other event (messages, timers)
 * sifted through four more levels of them, each a read of an event object somewhere in memory.
 *
 * The order is exactly the heap's alone: an event in the lane takes its sequence number from the same counter
 * (`EventQueue.stamp`), and the lane is sorted by (time, order) (an event due before the lane's last one goes to
 * the heap instead), so taking the earlier of the heap's top and the lane's head runs the events in the same
 * (time, class, sequence) order as one heap holding them all.
 */
import { CLASS_STRIDE, EventQueue, type Queued } from './queue.ts';

/** How many taken events the lane's list may hold at its start before it is compacted. */
const COMPACT_AFTER = 1_024;

export class SimQueue<T extends Queued> extends EventQueue<T> {
  /**
   * The lane: `lane[head]` onwards, sorted by (time, order); the places before `head` were taken. Its items' keys
   * are kept beside them, in the same places (`laneTimes`, `laneOrders`), as the heap keeps its own: the run
   * compares the lane's first with the heap's first before every event, and the lane's first is a timeout set a
   * second earlier, out of the processor's caches by then (reading its time off it was about 3% of the
   * leader-follower bench's profile, on one line).
   */
  private lane: T[] = [];
  private laneTimes: number[] = [];
  private laneOrders: number[] = [];
  private head = 0;

  /**
   * The place in the order of the next event of class `cls`: the heap's (cls * 2^42 + sequence), worked out so
   * that a class-0 order is the sequence number itself, a small integer. The heap's own sum is a double even
   * when it is 0 * 2^42 + n (V8's interpreter multiplies into a heap number), and one double stored in an event's
   * `order` makes that field a boxed double in every event of the shape: 16 bytes more per event, each one a
   * queued event's companion that the young-generation collections copy. The value is the same number.
   */
  private nextOrder(cls: number): number {
    return cls === 0 ? this.nextSeq++ : cls * CLASS_STRIDE + this.nextSeq++;
  }

  /** The heap's `stamp`, with the order as `nextOrder` gives it. */
  protected override stamp(time: number, item: T, cls: number): void {
    item.time = time;
    item.order = this.nextOrder(cls);
  }

  /** The heap's `push` (the same sift up), with the order as `nextOrder` gives it. */
  override push(time: number, item: T, cls = 0): void {
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

  override get size(): number {
    return super.size + this.lane.length - this.head;
  }

  /**
   * Queues `item` at `time` like `push` (class 0), in the lane when it comes due no earlier than the lane's last
   * event: for events scheduled a fixed delay after the current time, that is always.
   */
  pushInOrder(time: number, item: T): void {
    const lane = this.lane;
    if (lane.length > this.head && time < (this.laneTimes[lane.length - 1] as number)) {
      this.push(time, item);
      return;
    }
    this.stamp(time, item, 0);
    lane.push(item);
    this.laneTimes.push(time);
    this.laneOrders.push(item.order);
  }

  /** Whether the lane's first runs before the heap's (false when the lane is empty). */
  private laneFirst(): boolean {
    const h = this.head;
    return (
      h !== this.lane.length && this.beforeTop(this.laneTimes[h] as number, this.laneOrders[h] as number)
    );
  }

  override peek(): T | undefined {
    return this.laneFirst() ? this.lane[this.head] : super.peek();
  }

  override peekTime(): number {
    return this.laneFirst() ? (this.laneTimes[this.head] as number) : super.peekTime();
  }

  override pop(): T | undefined {
    if (!this.laneFirst()) return super.pop();
    const first = this.lane[this.head] as T;
    this.lane[this.head++] = undefined as unknown as T;
    if (this.head === this.lane.length) {
      this.lane.length = 0;
      this.laneTimes.length = 0;
      this.laneOrders.length = 0;
      this.head = 0;
    } else if (this.head >= COMPACT_AFTER && this.head * 2 >= this.lane.length) {
      this.lane = this.lane.slice(this.head);
      this.laneTimes = this.laneTimes.slice(this.head);
      this.laneOrders = this.laneOrders.slice(this.head);
      this.head = 0;
    }
    return first;
  }

  override removeWhere(drop: (item: T) => boolean): number {
    const removed = super.removeWhere(drop);
    const kept = this.lane.slice(this.head).filter((item) => !drop(item));
    const fromLane = this.lane.length - this.head - kept.length;
    this.lane = kept;
    this.laneTimes = kept.map((item) => item.time);
    this.laneOrders = kept.map((item) => item.order);
    this.head = 0;
    return removed + fromLane;
  }

  override items(): readonly T[] {
    const heap = super.items();
    if (this.head === this.lane.length) return heap;
    return [...heap, ...this.lane.slice(this.head)];
  }
}
