/**
 * What the simulation's event queue holds: messages in flight, timers, timeline actions, the workload's arrivals
 * and client timeouts, and the code each kind feeds the trace hash. The workload's Poisson arrivals live here too:
 * they are events the simulation schedules for itself.
 */

import type { TimerBody } from '../models/model.ts';
import type { TimelineEntry } from '../scenarios/schema.ts';
import type { DropReason, Message, MessageKind, NodeId, TimeUs } from '../types.ts';
import type { NodeLife } from './members.ts';
import type { EventQueue, Queued } from './queue.ts';
import type { Rng } from './rng.ts';
import type { SpareEvents } from './spares.ts';

/**
 * A message in flight is its own queue event (one allocation per message on the hot path): it is delivered at
 * `deliverAt`, or, when the network has doomed it, dropped part-way along its link.
 */
export interface InFlight extends Message, Queued {
  readonly t: 'deliver' | 'drop';
  readonly doomed: DropReason | null;
  /** The sender's and receiver's endpoint indexes in the network (`Network.endpointOf`), resolved at send. */
  readonly fromEp: number;
  readonly toEp: number;
  /** The body's type as the trace hash takes it (`stringCode`), worked out once per body at send. */
  readonly typeCode: number;
  /**
   * The body's kind, as the sender read it: the log reads it at delivery, where reading it off the body (of some
   * twenty shapes) was a lookup by shape.
   */
  readonly kind: MessageKind;
}

export type SimEvent =
  | InFlight
  | (Queued & {
      readonly t: 'timer';
      readonly node: NodeId;
      /** The node's life (members.ts): the timer fires only while it is still in `incarnation`. */
      readonly life: NodeLife;
      readonly incarnation: number;
      readonly body: TimerBody;
      /** The body's type as the trace hash mixes it (`stringCode(body.type)`), worked out when it was set. */
      readonly typeCode: number;
    })
  | (Queued & { readonly t: 'action'; readonly entry: TimelineEntry })
  | (Queued & { readonly t: 'workload'; readonly generation: number })
  | (Queued & { readonly t: 'clientTimeout'; readonly opId: number; readonly attempt: number });

/** What each kind of event feeds the trace hash: part of the pinned hashes, so never renumbered. */
export const EVENT_CODE: Record<SimEvent['t'], number> = {
  deliver: 1,
  drop: 2,
  timer: 3,
  action: 4,
  workload: 5,
  clientTimeout: 6,
};

/** Queues a timeline action to run after every other event of its instant (class 1), live or on replay. */
export function queueAction(queue: EventQueue<SimEvent>, entry: TimelineEntry): void {
  queue.push(entry.atUs, { t: 'action', entry, time: 0, order: 0 }, 1);
}

/**
 * The workload generator's clock: whether it runs, its mean rate, and a generation that retires the arrival
 * already queued whenever the workload is switched or retuned.
 */
export class Arrivals {
  enabled = false;
  ratePerSec: number;
  generation = 0;
  private readonly queue: EventQueue<SimEvent>;
  private readonly rng: Rng;
  private readonly spares: SpareEvents;

  constructor(queue: EventQueue<SimEvent>, rng: Rng, ratePerSec: number, spares: SpareEvents) {
    this.queue = queue;
    this.rng = rng;
    this.ratePerSec = ratePerSec;
    this.spares = spares;
  }

  /** Switches the workload on or off at `now` with `ratePerSec`; the arrival already queued no longer counts. */
  set(enabled: boolean, ratePerSec: number, now: TimeUs): void {
    this.enabled = enabled;
    this.ratePerSec = ratePerSec;
    this.generation++;
    if (enabled) this.schedule(now);
  }

  /** Whether an arrival event of `generation` is still the live one. */
  live(generation: number): boolean {
    return generation === this.generation && this.enabled;
  }

  /** Poisson arrivals: exponential gaps with the workload's mean rate. */
  schedule(now: TimeUs): void {
    const meanUs = 1_000_000 / this.ratePerSec;
    const gap = Math.max(1, Math.round(this.rng.exponential(meanUs)));
    this.queue.push(now + gap, this.spares.arrival(this.generation));
  }
}
