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
import { EventQueue, type Queued } from './queue.ts';

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
