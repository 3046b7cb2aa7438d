/**
 * The worker host driven in Node with a fake wall clock and a fake scheduler, so every tick is deterministic.
 */
import { createSimCore } from '../../src/worker/core.ts';
import { SimHost } from '../../src/worker/host.ts';
import type { FromWorker, ViewSnapshot } from '../../src/worker/protocol.ts';
import type { HostOptions } from '../../src/worker/simCore.ts';

/** A wall clock and timer queue that only move when the test says so. */
export class FakeTime {
  nowMs = 1000;
  private timers: { at: number; seq: number; fn: () => void; cancelled: boolean }[] = [];
  private seq = 0;

  readonly now = () => this.nowMs;

  readonly schedule = (fn: () => void, delayMs: number) => {
    const timer = { at: this.nowMs + delayMs, seq: this.seq++, fn, cancelled: false };
    this.timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  };

  pending(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }

  /** Moves the clock forward, running every timer that falls due, in order. */
  advance(ms: number): void {
    const end = this.nowMs + ms;
    for (;;) {
      const due = this.timers
        .filter((t) => !t.cancelled && t.at <= end)
        .sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      due.cancelled = true;
      this.nowMs = Math.max(this.nowMs, due.at);
      due.fn();
    }
    this.timers = this.timers.filter((t) => !t.cancelled);
    // A timer callback may itself have spent (fake) wall time past `end`.
    this.nowMs = Math.max(this.nowMs, end);
  }
}

export function setupHost(overrides: Partial<HostOptions> & { time?: FakeTime } = {}) {
  const { time = new FakeTime(), ...options } = overrides;
  const posts: FromWorker[] = [];
  const host = new SimHost({
    post: (m) => posts.push(m),
    createSim: createSimCore,
    now: time.now,
    schedule: time.schedule,
    // Most tests play without a page acknowledging snapshots; flow control has its own test.
    maxUnackedSnapshots: Number.POSITIVE_INFINITY,
    ...options,
  });
  const snapshots = () =>
    posts.filter((m): m is Extract<FromWorker, { type: 'snapshot' }> => m.type === 'snapshot');
  const lastSnapshot = (): ViewSnapshot => {
    const s = snapshots().at(-1);
    if (!s) throw new Error('no snapshot posted');
    return s.snapshot;
  };
  const scenarios = () =>
    posts.filter((m): m is Extract<FromWorker, { type: 'scenario' }> => m.type === 'scenario');
  return { time, posts, host, snapshots, lastSnapshot, scenarios };
}
