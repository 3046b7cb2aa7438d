/**
 * Events the run is done with, kept to carry later ones. Every message sent, timer set, client timeout and
 * workload arrival was an object of its own: in the leaderless bench a message alone was 128 bytes, 40% of all it
 * allocated (313 bytes an event), and what a run allocates sets how often the young generation is collected. An
 * event is done with once it has run (`Simulation.process` hands it back here): nothing keeps one (a model's
 * handlers take a message's sender and body, a timer's body; the message log and the drops copy what they show;
 * a queue lets go of what it hands out), so the next event of its kind is written into it instead of a new object.
 *
 * Each kind's objects are made by one object literal and refilled field by field, so every event of a kind keeps
 * one hidden class. At most MAX_SPARE of each are kept: a flood of messages leaves no more than that behind.
 */
import type { TimerBody } from '../models/model.ts';
import type { DropReason, MessageBody, MessageKind, Mutable, NodeId, TimeUs } from '../types.ts';
import { COPY_EMPTY } from './clone.ts';
import type { InFlight, SimEvent } from './events.ts';
import type { NodeLife } from './members.ts';

export const MAX_SPARE = 1_024;

/**
 * What a spare message or timer holds in place of the body it carried: that body is let go of at once rather
 * than when the spare next carries one (a model's message bodies can be large: a batch of changes, a key's
 * versions), and a checkpoint of the run (clone.ts) copies this one stand-in once rather than every spare's body.
 * Never changed, though not frozen: frozen, the multi-leader bench ran 2-4% slower in three paired runs of ten.
 */
const SPENT_BODY: MessageBody = { type: 'spent', kind: 'heartbeat' };
const SPENT_TIMER: TimerBody = { type: 'spent' };

export type TimerEvent = Extract<SimEvent, { t: 'timer' }>;
export type TimeoutEvent = Extract<SimEvent, { t: 'clientTimeout' }>;
export type ArrivalEvent = Extract<SimEvent, { t: 'workload' }>;

export class SpareEvents {
  /** A copy of the run (a checkpoint, a fork) starts with no spares (clone.ts). */
  get [COPY_EMPTY](): boolean {
    return true;
  }

  private readonly messages: Mutable<InFlight>[] = [];
  private readonly timers: Mutable<TimerEvent>[] = [];
  private readonly timeouts: Mutable<TimeoutEvent>[] = [];
  private readonly arrivals: Mutable<ArrivalEvent>[] = [];

  /** A message in flight (its queue keys are the queue's to stamp). */
  message(
    id: number,
    from: NodeId,
    to: NodeId,
    sentAt: TimeUs,
    deliverAt: TimeUs,
    body: MessageBody,
    doomed: DropReason | null,
    fromEp: number,
    toEp: number,
    typeCode: number,
    kind: MessageKind,
  ): InFlight {
    const t = doomed ? 'drop' : 'deliver';
    const msg = this.messages.pop();
    if (msg === undefined)
      return {
        t,
        time: 0,
        order: 0,
        id,
        from,
        to,
        sentAt,
        deliverAt,
        body,
        doomed,
        fromEp,
        toEp,
        typeCode,
        kind,
      };
    msg.t = t;
    msg.id = id;
    msg.from = from;
    msg.to = to;
    msg.sentAt = sentAt;
    msg.deliverAt = deliverAt;
    msg.body = body;
    msg.doomed = doomed;
    msg.fromEp = fromEp;
    msg.toEp = toEp;
    msg.typeCode = typeCode;
    msg.kind = kind;
    return msg;
  }

  /** A timer of `node`, for its life's current incarnation. */
  timer(node: NodeId, life: NodeLife, body: TimerBody, typeCode: number): TimerEvent {
    const incarnation = life.incarnation;
    const ev = this.timers.pop();
    if (ev === undefined) return { t: 'timer', node, life, incarnation, body, typeCode, time: 0, order: 0 };
    ev.node = node;
    ev.life = life;
    ev.incarnation = incarnation;
    ev.body = body;
    ev.typeCode = typeCode;
    return ev;
  }

  /** A client's timeout of attempt `attempt` of operation `opId`. */
  timeout(opId: number, attempt: number): TimeoutEvent {
    const ev = this.timeouts.pop();
    if (ev === undefined) return { t: 'clientTimeout', opId, attempt, time: 0, order: 0 };
    ev.opId = opId;
    ev.attempt = attempt;
    return ev;
  }

  /** A workload arrival of `generation`. */
  arrival(generation: number): ArrivalEvent {
    const ev = this.arrivals.pop();
    if (ev === undefined) return { t: 'workload', generation, time: 0, order: 0 };
    ev.generation = generation;
    return ev;
  }

  /**
   * Each kind's event has run: it is kept to carry a later event of its kind (a timeline action is not: they are
   * few). One method a kind, called where the kind is known, rather than one that asks each event its kind.
   */
  releaseMessage(msg: InFlight): void {
    if (this.messages.length >= MAX_SPARE) return;
    const spare = msg as Mutable<InFlight>;
    spare.body = SPENT_BODY;
    this.messages.push(spare);
  }

  releaseTimer(ev: TimerEvent): void {
    if (this.timers.length >= MAX_SPARE) return;
    const spare = ev as Mutable<TimerEvent>;
    spare.body = SPENT_TIMER;
    this.timers.push(spare);
  }

  releaseTimeout(ev: TimeoutEvent): void {
    if (this.timeouts.length < MAX_SPARE) this.timeouts.push(ev as Mutable<TimeoutEvent>);
  }

  releaseArrival(ev: ArrivalEvent): void {
    if (this.arrivals.length < MAX_SPARE) this.arrivals.push(ev as Mutable<ArrivalEvent>);
  }
}

/** Spent records of one kind kept for reuse, at most `max`; a copy of the run starts with none (clone.ts). */
export class SpareList<T> {
  private readonly items: T[] = [];
  private readonly max: number;

  constructor(max = MAX_SPARE) {
    this.max = max;
  }

  get [COPY_EMPTY](): boolean {
    return true;
  }

  /** A spare record, or undefined when none is left. */
  take(): T | undefined {
    return this.items.pop();
  }

  /** Keeps `item`, which nothing else holds any longer, unless `max` are kept already. */
  give(item: T): void {
    if (this.items.length < this.max) this.items.push(item);
  }

  get size(): number {
    return this.items.length;
  }
}
