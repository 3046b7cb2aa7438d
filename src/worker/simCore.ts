/** What the host drives (a simulation with its oracle and metrics) and how it is set up. */
import type { MetricsReport } from '../sim/analysis/metrics.ts';
import type { LeaderRules, Leadership } from '../sim/analysis/moments.ts';
import type { FaultInterval } from '../sim/engine/messageLog.ts';
import type { AnomalyCounts, OracleResult } from '../sim/oracle/oracle.ts';
import type { Action, Scenario, TimelineEntry } from '../sim/scenarios/schema.ts';
import type { Counts, NodeId, QuorumView } from '../sim/types.ts';
import { Checkpoints } from './checkpoints.ts';
import type { FromWorker, HistoryFormat, SnapshotLog, ViewSnapshot } from './protocol.ts';

/** How far the page has read the run's message log: messages logged, and fault changes, so far. */
export interface LogCursor {
  readonly messages: number;
  readonly faults: number;
}

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
  /**
   * The current state, with its messages packed (and capped) for the page, and on a large cluster the keys of
   * the `detail` nodes only (see `viewSnapshot`, pack.ts).
   */
  snapshot(detail?: ReadonlySet<NodeId>): ViewSnapshot;
  /** What the message log holds past `since`, and the cursor after it; from null, a fresh start (`reset`). */
  finished(since: LogCursor | null): { log: SnapshotLog; cursor: LogCursor };
  /** The scenario as recorded so far: the loaded one plus the user's actions in its timeline. */
  scenario(): Scenario;
  /** The user's recorded actions of this branch (executed, and adopted ones still to come). */
  recorded(): readonly TimelineEntry[];
  /** Makes `branch` the run's recorded actions (see Simulation.adoptRecorded). */
  adoptRecorded(branch: readonly TimelineEntry[]): void;
  /** A copy of the whole run as it is now; each call of the returned function resumes a fresh core from it. */
  checkpoint(): () => SimCore;
  /** Every checker over the history so far (the linearizability search is step-bounded: "unknown", not a hang). */
  check(): OracleResult;
  /** The same, incrementally, with a small linearizability budget: cheap enough to run a few times a second. */
  liveCheck(): OracleResult;
  /**
   * The per-operation checkers brought up to date (cheap: linear in the new operations) and the anomalies
   * counted by kind; divergence and linearizability as of the last `check` or `liveCheck`.
   */
  anomalyCounts(): AnomalyCounts;
  /** Fault intervals that started or ended after log version `version`, and the log's version now. */
  faultsSince(version: number): { faults: readonly FaultInterval[]; version: number };
  /** Whether the model has leaders to watch (leader-follower), and the up nodes that believe they lead. */
  readonly hasLeaders: boolean;
  leaders(): readonly Leadership[];
  /** The leader-follower rules in force (moments.ts `leaderRulesOf`), which say what two leaders at once are. */
  leaderRules(): LeaderRules | null;
  /** A leaderless run's recent and in-progress quorums (the story finds a sloppy quorum's write in them). */
  quorums?(): readonly QuorumView[];
  /** The history so far as text: the JSON report, or a Jepsen EDN history. */
  exportHistory(format: HistoryFormat): string;
  /** The verdict in words, naming the operations from the full history. */
  describeVerdict(verdict: OracleResult['linearizability']): string;
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
  /** The checkpoints kept of a run (see checkpoints.ts); tests pass small ones. */
  checkpoints?: Checkpoints<SimCore>;
  /**
   * While playing, a snapshot is posted only once this many times what the last one cost (building and posting
   * it) has passed since it: on a large cluster, where one costs tens of milliseconds, snapshots then take at
   * most a quarter of the worker's time and the run keeps its speed; on a small one it is every frame.
   */
  snapshotCostRatio?: number;
  /** While playing, wall milliseconds at least between two snapshots (0: every frame). */
  snapshotGapMs?: number;
  /** While playing, wall milliseconds at least between two snapshots when no event ran between them. */
  idleSnapshotGapMs?: number;
}

/** The host's options with their defaults filled in. */
export interface Pacing {
  readonly eventBudget: number;
  readonly wallBudgetMs: number;
  readonly frameMs: number;
  readonly maxUnacked: number;
  readonly oracleMs: number;
  readonly metricsEveryMs: number;
  readonly checkpoints: Checkpoints<SimCore>;
  readonly snapshots: SnapshotPacer;
}

export function pacing(options: HostOptions): Pacing {
  return {
    eventBudget: options.eventBudget ?? 50_000,
    wallBudgetMs: options.wallBudgetMs ?? 8,
    frameMs: options.frameMs ?? 16,
    maxUnacked: options.maxUnackedSnapshots ?? 2,
    oracleMs: options.oracleMs ?? 250,
    // Four metrics updates a second are plenty for KPI tiles and charts; they cost the worker a little each.
    metricsEveryMs: options.metricsEveryMs ?? 250,
    checkpoints: options.checkpoints ?? new Checkpoints<SimCore>(),
    snapshots: new SnapshotPacer(
      options.snapshotCostRatio ?? 4,
      options.snapshotGapMs ?? 0,
      options.idleSnapshotGapMs ?? 0,
    ),
  };
}

/**
 * Spaces playback snapshots by what they cost (see `HostOptions.snapshotCostRatio`), to the worker that builds
 * them and to the page that applies them (the cost it reports with `rendered`), and by what changed: at least
 * `minGapMs` apart, and `idleGapMs` apart while no event ran since the last one (only the clock moved: the page's
 * dots glide on by themselves, `graph/playClock.ts`). A page that spends 10 ms on a snapshot then gets one every
 * 40 ms at most, so applying them takes at most a quarter of its main thread, on a slow machine too.
 */
export class SnapshotPacer {
  private readonly ratio: number;
  private readonly minGapMs: number;
  private readonly idleGapMs: number;
  private lastStartMs = Number.NEGATIVE_INFINITY;
  private costMs = 0;
  private pageCostMs = 0;
  private lastEvents = -1;

  constructor(ratio: number, minGapMs = 0, idleGapMs = 0) {
    this.ratio = ratio;
    this.minGapMs = minGapMs;
    this.idleGapMs = idleGapMs;
  }

  /** Whether a playback snapshot may be posted at `nowMs`, `events` having run on the branch so far. */
  due(nowMs: number, events: number): boolean {
    const gap = Math.max(
      Math.max(this.costMs, this.pageCostMs) * this.ratio,
      events === this.lastEvents ? this.idleGapMs : this.minGapMs,
    );
    return nowMs - this.lastStartMs >= gap;
  }

  /** The page spent `ms` of its main thread reading and applying its latest snapshot (its last `rendered`). */
  pageCost(ms: number): void {
    this.pageCostMs = Number.isFinite(ms) ? Math.max(0, ms) : 0;
  }

  /** A snapshot was built and posted between these two wall times, `events` having run on the branch so far. */
  posted(startMs: number, endMs: number, events: number): void {
    this.lastStartMs = startMs;
    this.costMs = Math.max(0, endMs - startMs);
    this.lastEvents = events;
  }
}

/** Playback speeds, in simulated ms per wall second. */
export const DEFAULT_SPEED = 25;
export const MIN_SPEED = 1;
export const MAX_SPEED = 10_000;
/** A tick never makes up for more wall time than this (a throttled background tab, a debugger pause). */
export const MAX_ELAPSED_MS = 100;
/** A long seek shows where it has got a few times a second. */
export const SEEK_PROGRESS_MS = 250;

export function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : min;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
