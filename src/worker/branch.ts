/**
 * The host's bookkeeping of the branch of the run it drives: how far the branch has got (its frontier, the
 * furthest simulated time reached), the events run since t = 0 on it, and the checkpoints taken along it. Batches
 * at the frontier stop where the next checkpoint falls due, so checkpoints land at their spacing in events; one is
 * copied only once the copying has been paid for in simulating time (ClonePacer).
 */

import { ClonePacer } from './checkpoints.ts';
import type { Pacing, SimCore } from './simCore.ts';

export class Branch {
  /** The furthest simulated time this branch of the run has reached. */
  endUs = 0;
  /** Events processed since t = 0 on this branch (checkpoints are spaced in events). */
  events = 0;
  /** When the next checkpoint may be copied, by what copying costs. */
  private readonly pacer = new ClonePacer();

  private readonly pace: Pacing;
  private readonly now: () => number;

  constructor(pace: Pacing, now: () => number) {
    this.pace = pace;
    this.now = now;
  }

  /** A new run from t = 0: no checkpoints, nothing run. */
  start(): void {
    this.pace.checkpoints.clear();
    this.endUs = 0;
    this.events = 0;
    this.pacer.restart();
  }

  /** The run was resumed from a checkpoint taken after `events` events (or started again: 0) for a seek. */
  resumed(events: number): void {
    this.events = events;
    this.pacer.restart();
  }

  /** The run forked at `atUs` (a user action before the branch's end): the later checkpoints go with its end. */
  forked(atUs: number): void {
    this.pace.checkpoints.discardAfter(atUs);
    this.endUs = atUs;
  }

  /** Simulated times of the checkpoints held. */
  checkpointTimes(): number[] {
    return this.pace.checkpoints.times();
  }

  /**
   * Events the next batch may run. At the branch's frontier a batch stops where the next checkpoint falls due,
   * so checkpoints land at their spacing rather than a whole event budget apart; one overdue (waiting for the
   * copying to be paid for) is retried every `spacing` events.
   */
  budget(sim: SimCore): number {
    if (sim.nowUs() < this.endUs) return this.pace.eventBudget;
    const due = this.pace.checkpoints.eventsUntilDue(this.events);
    return Math.min(this.pace.eventBudget, due > 0 ? due : this.pace.checkpoints.spacingEvents);
  }

  /** After `sim` ran `events` in `wallMs`: the branch's end, and a checkpoint when one is due (only at the frontier). */
  advanced(sim: SimCore, events: number, wallMs: number): void {
    this.events += events;
    this.pacer.simulated(wallMs);
    const nowUs = sim.nowUs();
    if (nowUs < this.endUs) return;
    this.endUs = nowUs;
    if (!this.pace.checkpoints.due(nowUs, this.events)) return;
    if (!this.pacer.ready()) return;
    const started = this.now();
    const resume = sim.checkpoint();
    this.pacer.copied(this.now() - started);
    this.pace.checkpoints.add({ atUs: nowUs, events: this.events, resume });
  }
}
