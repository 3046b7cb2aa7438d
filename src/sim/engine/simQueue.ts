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
 *
 * Timers go to a calendar of their own (calendar.ts, which says why), and messages in flight to another, of
 * finer slots, by the same rule: whichever of the heap's top, the lane's head and the calendars' firsts comes
 * first in (time, order) runs next.
 */
import { Calendar } from './calendar.ts';
import { EventQueue, type Queued } from './queue.ts';

/** The lane's first room (a power of two; it doubles when full). */
const LANE_ROOM = 256;

/** The parts of the queue, as `source` names the one whose event runs next. */
const HEAP = 0;
const LANE = 1;
const CALENDAR = 2;
const SOON = 3;

/**
 * The timers' calendar: slots of 2,048 us, a ring of 1,024 (a span of 2.1 s, past the 1 s an election timeout of
 * 500 ms may reach); the 100-follower preset keeps about 7 timers in a slot.
 */
const TIMER_SLOT_US = 2_048;
const TIMER_SLOTS = 1_024;
/**
 * The messages' calendar: slots of 256 us, a ring of 512 (a span of 131 ms): a message on a 10 ms link lands
 * among a few others.
 */
const MESSAGE_SLOT_US = 256;
const MESSAGE_SLOTS = 512;

export class SimQueue<T extends Queued> extends EventQueue<T> {
  /**
   * The lane: a ring of `laneCount` items from `laneHead`, sorted by (time, order), in `laneItems` (room for a
   * power of two). Its items' keys are kept beside them, in the same places (`laneTimes`, `laneOrders`), as the
   * heap keeps its own: the run compares the lane's first with the heap's first before every event, and the lane's
   * first is a timeout set a second earlier, out of the processor's caches by then (reading its time off it was
   * about 3% of the leader-follower bench's profile, on one line). A ring, not lists taken from the front and
   * compacted now and then: those grew and were copied again all run (5 bytes an event in the leaderless bench).
   */
  private laneItems: (T | undefined)[] = new Array(LANE_ROOM).fill(undefined);
  private laneTimes = new Float64Array(LANE_ROOM);
  private laneOrders = new Float64Array(LANE_ROOM);
  private laneHead = 0;
  private laneCount = 0;
  private readonly calendar = new Calendar<T>(TIMER_SLOT_US, TIMER_SLOTS);
  private readonly soon = new Calendar<T>(MESSAGE_SLOT_US, MESSAGE_SLOTS);
  /**
   * `lastTime[0]`: the time of the last event taken. No event is queued before it, which the calendars' rings rely
   * on. Kept in an array, where the run reads it as a plain double: read through a getter V8 did not inline, it
   * was a new heap number per event (7 bytes an event in the leaderless bench, by heapUsed across a run).
   */
  readonly lastTime = new Float64Array(1);

  override get size(): number {
    return super.size + this.laneCount + this.calendar.size + this.soon.size;
  }

  /** Queues `item` at `time` like `push` (class 0), in the messages' calendar when it is due within its span. */
  pushSoon(time: number, item: T): void {
    const at = this.soon.slotFor(time, this.lastTime[0] as number);
    if (at < 0) {
      this.push(time, item);
      return;
    }
    this.stamp(time, item, 0);
    this.soon.add(at, time, item.order, item);
  }

  /** Queues `item` at `time` like `push` (class 0), in the calendar when it is due within its span. */
  pushTimer(time: number, item: T): void {
    const at = this.calendar.slotFor(time, this.lastTime[0] as number);
    if (at < 0) {
      this.push(time, item);
      return;
    }
    this.stamp(time, item, 0);
    this.calendar.add(at, time, item.order, item);
  }

  /**
   * Queues `item` at `time` like `push` (class 0), in the lane when it comes due no earlier than the lane's last
   * event: for events scheduled a fixed delay after the current time, that is always.
   */
  pushInOrder(time: number, item: T): void {
    const n = this.laneCount;
    const mask = this.laneItems.length - 1;
    if (n > 0 && time < (this.laneTimes[(this.laneHead + n - 1) & mask] as number)) {
      this.push(time, item);
      return;
    }
    this.stamp(time, item, 0);
    if (n > mask) this.growLane();
    const at = (this.laneHead + n) & (this.laneItems.length - 1);
    this.laneItems[at] = item;
    this.laneTimes[at] = time;
    this.laneOrders[at] = item.order;
    this.laneCount = n + 1;
  }

  /** Doubles the lane's room, its items first to last from place 0. */
  private growLane(): void {
    const room = this.laneItems.length;
    const items: (T | undefined)[] = new Array(2 * room).fill(undefined);
    const times = new Float64Array(2 * room);
    const orders = new Float64Array(2 * room);
    for (let k = 0; k < this.laneCount; k++) {
      const from = (this.laneHead + k) & (room - 1);
      items[k] = this.laneItems[from];
      times[k] = this.laneTimes[from] as number;
      orders[k] = this.laneOrders[from] as number;
    }
    this.laneItems = items;
    this.laneTimes = times;
    this.laneOrders = orders;
    this.laneHead = 0;
  }

  /** The lane's items, first to last. */
  private laneList(): T[] {
    const out: T[] = [];
    const mask = this.laneItems.length - 1;
    for (let k = 0; k < this.laneCount; k++) out.push(this.laneItems[(this.laneHead + k) & mask] as T);
    return out;
  }

  /** Which part holds the next event: HEAP, LANE, CALENDAR or SOON (the heap when all are empty). */
  private source(): number {
    const cal = this.calendar;
    const soon = this.soon;
    let src = HEAP;
    let t = 0;
    let o = 0;
    if (cal.size > 0) {
      src = CALENDAR;
      t = cal.firstTime;
      o = cal.firstOrder;
    }
    if (soon.size > 0) {
      const st = soon.firstTime;
      const so = soon.firstOrder;
      if (src === HEAP || st < t || (st === t && so < o)) {
        src = SOON;
        t = st;
        o = so;
      }
    }
    if (this.laneCount > 0) {
      const h = this.laneHead;
      const lt = this.laneTimes[h] as number;
      const lo = this.laneOrders[h] as number;
      if (src === HEAP || lt < t || (lt === t && lo < o)) {
        src = LANE;
        t = lt;
        o = lo;
      }
    }
    return src !== HEAP && this.beforeTop(t, o) ? src : HEAP;
  }

  override peek(): T | undefined {
    const src = this.source();
    if (src === LANE) return this.laneItems[this.laneHead];
    if (src === SOON) return this.soon.peek();
    return src === CALENDAR ? this.calendar.peek() : super.peek();
  }

  override peekTime(): number {
    const src = this.source();
    if (src === LANE) return this.laneTimes[this.laneHead] as number;
    if (src === SOON) return this.soon.firstTime;
    return src === CALENDAR ? this.calendar.firstTime : super.peekTime();
  }

  /**
   * Takes the next event if it is due at or before `target` (else undefined; its time: `lastTime[0]`): `peekTime`
   * and `pop` in one, as the run asks before every event, which finds the part that holds it once, not twice.
   */
  popDue(target: number): T | undefined {
    const src = this.source();
    const time =
      src === SOON
        ? this.soon.firstTime
        : src === CALENDAR
          ? this.calendar.firstTime
          : src === LANE
            ? (this.laneTimes[this.laneHead] as number)
            : super.peekTime();
    if (time > target || time === Number.POSITIVE_INFINITY) return undefined;
    // From the keys, not off the event (of several shapes).
    this.lastTime[0] = time;
    if (src === SOON) return this.soon.take();
    if (src === CALENDAR) return this.calendar.take();
    return src === LANE ? this.takeFromLane() : super.pop();
  }

  override pop(): T | undefined {
    return this.popDue(Number.POSITIVE_INFINITY);
  }

  private takeFromLane(): T {
    const h = this.laneHead;
    const first = this.laneItems[h] as T;
    this.laneItems[h] = undefined;
    this.laneHead = (h + 1) & (this.laneItems.length - 1);
    this.laneCount--;
    return first;
  }

  override removeWhere(drop: (item: T) => boolean): number {
    const removed = super.removeWhere(drop);
    const lane = this.laneList();
    const kept = lane.filter((item) => !drop(item));
    const mask = this.laneItems.length - 1;
    for (let k = 0; k < lane.length; k++) this.laneItems[(this.laneHead + k) & mask] = undefined;
    this.laneHead = 0;
    this.laneCount = 0;
    for (const item of kept) {
      const at = this.laneCount++;
      this.laneItems[at] = item;
      this.laneTimes[at] = item.time;
      this.laneOrders[at] = item.order;
    }
    return (
      removed + lane.length - kept.length + this.calendar.removeWhere(drop) + this.soon.removeWhere(drop)
    );
  }

  override items(): readonly T[] {
    const heap = super.items();
    if (this.laneCount === 0 && this.calendar.size === 0 && this.soon.size === 0) return heap;
    return [...heap, ...this.laneList(), ...this.calendar.items(), ...this.soon.items()];
  }
}
