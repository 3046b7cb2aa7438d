/**
 * The worker's driver loop, kept free of Worker globals so it runs (and is tested) in Node.
 *
 * It owns one simulation and is the only place that meets the wall clock: while playing, each tick advances
 * simulated time by the wall time elapsed times the speed, in bounded batches (an event budget and a wall-time
 * budget), and posts one snapshot. If the core cannot keep up, simulated time falls behind the wall clock
 * instead of the worker freezing: the debt is dropped, not carried.
 */

import type { MetricsReport } from '../sim/analysis/metrics.ts';
import type { FaultInterval, LoggedMessage } from '../sim/engine/messageLog.ts';
import type { AnomalyKind, OracleResult } from '../sim/oracle/oracle.ts';
import type { Action, Scenario } from '../sim/scenarios/schema.ts';
import type { Counts } from '../sim/types.ts';
import {
  type FlaggedOp,
  type FromWorker,
  type HistoryFormat,
  MAX_ANOMALIES_SENT,
  MAX_FLAGGED_SENT,
  type ToWorker,
  type ViewSnapshot,
} from './protocol.ts';

/** The part of the simulation the host drives. `core.ts` adapts the real `Simulation` to it. */
export interface SimCore {
  nowUs(): number;
  /**
   * Processes queued events with time <= `targetUs`, at most `maxEvents` of them. When it stops for want of
   * events (not for the budget) the clock moves on to `targetUs`, so messages keep flying between events.
   * Returns the number of events processed.
   */
  runUntil(targetUs: number, maxEvents: number): number;
  /** Processes every event at the next instant that has one. */
  stepInstant(): void;
  apply(action: Action): void;
  /** The current state, with its messages packed for the page (see `packSnapshot`). */
  snapshot(): ViewSnapshot;
  /** The scenario as recorded so far: the loaded one plus the user's actions in its timeline. */
  scenario(): Scenario;
  /** Every checker over the history so far (the linearizability search is step-bounded: "unknown", not a hang). */
  check(): OracleResult;
  /** The same, incrementally, with a small linearizability budget: cheap enough to run a few times a second. */
  liveCheck(): OracleResult;
  /** The history so far as text: the JSON report, or a Jepsen EDN history. */
  exportHistory(format: HistoryFormat): string;
  /** The verdict in words, naming the operations from the full history. */
  describeVerdict(verdict: OracleResult['linearizability']): string;
  /** Messages finished after `sinceUs` (oldest first) and the fault intervals so far. */
  messageLog(sinceUs: number): { messages: readonly LoggedMessage[]; faults: readonly FaultInterval[] };
  /**
   * The run's metrics and their time series, brought up to date (costs O(operations since the last call)).
   * `counts` are the simulation's counts at this instant when the caller already has them (a snapshot's).
   */
  metrics(counts?: Counts): MetricsReport;
}

export type CreateSim = (scenario: Scenario) => SimCore;
/** Runs `fn` after `delayMs`; returns a cancel function. */
export type Schedule = (fn: () => void, delayMs: number) => () => void;

export interface HostOptions {
  post: (message: FromWorker) => void;
  createSim: CreateSim;
  /** Wall clock in milliseconds (performance.now in the worker, a fake in tests). */
  now: () => number;
  schedule: Schedule;
  /** Events per batch; a tick runs batches until the wall budget is spent. */
  eventBudget?: number;
  /** Wall milliseconds one tick may spend simulating. */
  wallBudgetMs?: number;
  /** Wall milliseconds between ticks: one snapshot per frame. */
  frameMs?: number;
  /** Playback posts no new snapshot while this many are unacknowledged (see `rendered`). */
  maxUnackedSnapshots?: number;
  /** Wall milliseconds between live oracle updates while playing. */
  oracleMs?: number;
  /** While playing or seeking, a snapshot carries the metrics at most this often (wall ms). */
  metricsEveryMs?: number;
}

export const DEFAULT_SPEED = 25;
export const MIN_SPEED = 1;
export const MAX_SPEED = 10_000;
/** A tick never makes up for more wall time than this (a throttled background tab, a debugger pause). */
const MAX_ELAPSED_MS = 100;
/** Four metrics updates a second are plenty for KPI tiles and charts; they cost the worker a little each. */
const METRICS_EVERY_MS = 250;

export class SimHost {
  private readonly post: (message: FromWorker) => void;
  private readonly createSim: CreateSim;
  private readonly now: () => number;
  private readonly schedule: Schedule;
  private readonly eventBudget: number;
  private readonly wallBudgetMs: number;
  private readonly frameMs: number;
  private readonly maxUnacked: number;
  private readonly oracleMs: number;
  private lastOracleWallMs = Number.NEGATIVE_INFINITY;
  /** Simulated time of the last live oracle update (none is posted while nothing moved). */
  private lastOracleUs = -1;
  private readonly metricsEveryMs: number;

  private sim: SimCore | null = null;
  private loaded: Scenario | null = null;
  private epoch = 0;
  private playing = false;
  private speed = DEFAULT_SPEED;
  /** Simulated time the loop is heading for; fractional microseconds accumulate here. */
  private targetUs = 0;
  private lastWallMs = 0;
  private lastPostWallMs = Number.NEGATIVE_INFINITY;
  private lastMetricsWallMs = Number.NEGATIVE_INFINITY;
  private seekToUs: number | null = null;
  private cancelTimer: (() => void) | null = null;
  /** Snapshots posted and not yet acknowledged by a `rendered` message. */
  private unacked = 0;

  constructor(options: HostOptions) {
    this.post = options.post;
    this.createSim = options.createSim;
    this.now = options.now;
    this.schedule = options.schedule;
    this.eventBudget = options.eventBudget ?? 50_000;
    this.wallBudgetMs = options.wallBudgetMs ?? 8;
    this.frameMs = options.frameMs ?? 16;
    this.maxUnacked = options.maxUnackedSnapshots ?? 2;
    this.oracleMs = options.oracleMs ?? 250;
    this.metricsEveryMs = options.metricsEveryMs ?? METRICS_EVERY_MS;
  }

  /** The one entry point: every message from the UI. Never throws; failures go back as `error`. */
  handle(message: ToWorker): void {
    try {
      this.dispatch(message);
    } catch (error) {
      this.post({ type: 'error', epoch: this.epoch, message: errorText(error) });
    }
  }

  isPlaying(): boolean {
    return this.playing;
  }

  /** Stops the timer; the host can still be loaded again. */
  dispose(): void {
    this.stopTimer();
  }

  private dispatch(message: ToWorker): void {
    switch (message.type) {
      case 'load':
        this.load(message.epoch, message.scenario, message.seekToUs ?? null, message.play);
        return;
      case 'play':
        this.setPlaying(true);
        return;
      case 'pause':
        this.setPlaying(false);
        this.postSnapshot();
        return;
      case 'step':
        this.step();
        return;
      case 'setSpeed':
        this.speed = clamp(message.simMsPerSec, MIN_SPEED, MAX_SPEED);
        this.postSnapshot();
        return;
      case 'action':
        this.applyAction(message.action);
        return;
      case 'reset':
        this.reset(message.keepActions, message.epoch);
        return;
      case 'rendered':
        this.unacked = Math.max(0, this.unacked - message.count);
        return;
      case 'check':
        this.check(message.requestId);
        return;
      case 'exportHistory':
        this.exportHistory(message.requestId, message.format);
        return;
      case 'messageLog': {
        const sim = this.requireSim();
        const { messages, faults } = sim.messageLog(message.sinceUs);
        this.post({
          type: 'messageLog',
          epoch: this.epoch,
          requestId: message.requestId,
          nowUs: sim.nowUs(),
          messages,
          faults: faults.map((f) => ({ ...f })),
        });
        return;
      }
      default: {
        const unknown: never = message;
        throw new Error(`unknown message ${JSON.stringify(unknown)}`);
      }
    }
  }

  private load(epoch: number, scenario: Scenario, seekToUs: number | null, play: boolean): void {
    // A second load (React StrictMode mounts twice, or the user picks a preset) replaces the run outright.
    this.stopTimer();
    this.epoch = epoch;
    this.loaded = scenario;
    this.unacked = 0;
    this.start(scenario);
    this.post({ type: 'scenario', epoch, scenario: this.requireSim().scenario() });
    if (seekToUs !== null && seekToUs > 0) {
      this.playing = false;
      this.seekToUs = seekToUs;
      this.seekBatch();
      return;
    }
    this.setPlaying(play);
    this.postSnapshot();
  }

  private start(scenario: Scenario): void {
    this.sim = null;
    this.seekToUs = null;
    this.sim = this.createSim(scenario);
    this.targetUs = this.sim.nowUs();
    this.lastOracleUs = -1;
    // A new run's first snapshot carries its metrics, so the page never shows the previous run's.
    this.lastMetricsWallMs = Number.NEGATIVE_INFINITY;
  }

  private reset(keepActions: boolean, epoch: number): void {
    const sim = this.requireSim();
    const scenario = keepActions ? sim.scenario() : this.loaded;
    if (!scenario) return;
    this.stopTimer();
    this.epoch = epoch;
    this.unacked = 0;
    const wasPlaying = this.playing;
    this.start(scenario);
    this.post({ type: 'scenario', epoch: this.epoch, scenario: this.requireSim().scenario() });
    this.playing = false;
    this.setPlaying(wasPlaying);
    this.postSnapshot();
  }

  private step(): void {
    const sim = this.requireSim();
    this.setPlaying(false);
    this.seekToUs = null;
    sim.stepInstant();
    this.targetUs = sim.nowUs();
    this.postSnapshot();
  }

  private applyAction(action: Action): void {
    const sim = this.requireSim();
    sim.apply(action);
    this.post({ type: 'scenario', epoch: this.epoch, scenario: sim.scenario() });
    this.postSnapshot();
  }

  private check(requestId: number): void {
    const sim = this.requireSim();
    this.postOracle(requestId, sim.check(), sim.nowUs());
  }

  /** A live oracle update, unless the run has not moved since the last one. */
  private liveCheck(): void {
    const sim = this.sim;
    if (!sim || sim.nowUs() === this.lastOracleUs) return;
    this.postOracle(0, sim.liveCheck(), sim.nowUs());
  }

  private postOracle(requestId: number, result: OracleResult, nowUs: number): void {
    this.lastOracleWallMs = this.now();
    this.lastOracleUs = nowUs;
    const counts: Partial<Record<AnomalyKind, number>> = {};
    for (const a of result.anomalies) counts[a.kind] = (counts[a.kind] ?? 0) + 1;
    const flagged: FlaggedOp[] = [];
    for (const a of result.anomalies.slice(-MAX_FLAGGED_SENT))
      if (a.ops[0] !== undefined) flagged.push({ op: a.ops[0], kind: a.kind });
    this.post({
      type: 'checked',
      epoch: this.epoch,
      requestId,
      nowUs,
      ...listed(result.anomalies),
      total: result.anomalies.length,
      counts,
      flagged,
      linearizability: result.linearizability,
      verdictText: this.requireSim().describeVerdict(result.linearizability),
    });
  }

  private exportHistory(requestId: number, format: HistoryFormat): void {
    const text = this.requireSim().exportHistory(format);
    this.post({ type: 'exported', epoch: this.epoch, requestId, format, text });
  }

  private setPlaying(playing: boolean): void {
    if (this.seekToUs !== null) return; // A seek ends paused, whatever was asked for meanwhile.
    this.playing = playing;
    this.stopTimer();
    if (playing) {
      this.lastWallMs = this.now();
      this.targetUs = this.requireSim().nowUs();
      this.cancelTimer = this.schedule(() => this.tick(), this.frameMs);
    }
  }

  /** One frame of playback: advance, post, schedule the next frame. */
  private tick(): void {
    this.cancelTimer = null;
    if (!this.playing || !this.sim) return;
    try {
      const sim = this.sim;
      const wallNow = this.now();
      const elapsedMs = clamp(wallNow - this.lastWallMs, 0, MAX_ELAPSED_MS);
      this.lastWallMs = wallNow;
      // speed is simulated ms per wall second, so a wall millisecond is worth `speed` simulated microseconds.
      this.targetUs += elapsedMs * this.speed;
      const deadline = wallNow + this.wallBudgetMs;
      const goal = Math.floor(this.targetUs);
      while (sim.nowUs() < goal) {
        sim.runUntil(goal, this.eventBudget);
        if (this.now() >= deadline) break;
      }
      // Behind schedule: let simulated time lag rather than chase an ever-growing debt.
      if (sim.nowUs() < goal) this.targetUs = sim.nowUs();
      // A page that has not caught up with earlier snapshots skips this one; the clock keeps running.
      if (this.unacked < this.maxUnacked) this.postSnapshot();
    } catch (error) {
      this.playing = false;
      this.post({ type: 'error', epoch: this.epoch, message: errorText(error) });
      this.postSnapshot();
      return;
    }
    this.cancelTimer = this.schedule(() => this.tick(), this.frameMs);
  }

  /** Runs toward `seekToUs` one bounded slice at a time, yielding to the message loop in between. */
  private seekBatch(): void {
    this.cancelTimer = null;
    const sim = this.sim;
    const goal = this.seekToUs;
    if (!sim || goal === null) return;
    try {
      const deadline = this.now() + this.wallBudgetMs;
      while (sim.nowUs() < goal) {
        sim.runUntil(goal, this.eventBudget);
        if (this.now() >= deadline) break;
      }
    } catch (error) {
      this.seekToUs = null;
      this.post({ type: 'error', epoch: this.epoch, message: errorText(error) });
      this.postSnapshot();
      return;
    }
    if (sim.nowUs() >= goal) {
      this.seekToUs = null;
      this.targetUs = sim.nowUs();
      this.postSnapshot();
      return;
    }
    // Show progress while a long seek runs, at most once per frame.
    if (this.now() - this.lastPostWallMs >= this.frameMs) this.postSnapshot();
    this.cancelTimer = this.schedule(() => this.seekBatch(), 0);
  }

  private postSnapshot(): void {
    if (!this.sim) return;
    const wallNow = this.now();
    this.lastPostWallMs = wallNow;
    this.unacked++;
    // A still picture (paused, stepped, acted on, a seek's end) always carries fresh metrics; a moving one a
    // few times a second.
    const still = !this.playing && this.seekToUs === null;
    const withMetrics = still || wallNow - this.lastMetricsWallMs >= this.metricsEveryMs;
    if (withMetrics) this.lastMetricsWallMs = wallNow;
    const snapshot = this.sim.snapshot();
    this.post({
      type: 'snapshot',
      epoch: this.epoch,
      snapshot,
      playing: this.playing,
      speed: this.speed,
      ...(withMetrics ? { metrics: this.sim.metrics(snapshot.counts) } : {}),
    });
    // The oracle follows the run: a few times a second while it plays or seeks, and at once when it stops.
    const moving = this.playing || this.seekToUs !== null;
    if (!moving || this.now() - this.lastOracleWallMs >= this.oracleMs) this.liveCheck();
  }

  private stopTimer(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
  }

  private requireSim(): SimCore {
    if (!this.sim) throw new Error('no scenario loaded');
    return this.sim;
  }
}

/** All anomalies, or the first and the latest MAX_ANOMALIES_SENT / 2 with where the rest were left out. */
function listed(all: OracleResult['anomalies']): {
  anomalies: OracleResult['anomalies'];
  gapAt: number | null;
} {
  if (all.length <= MAX_ANOMALIES_SENT) return { anomalies: all, gapAt: null };
  const half = MAX_ANOMALIES_SENT / 2;
  return { anomalies: [...all.slice(0, half), ...all.slice(-half)], gapAt: half };
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : min;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
