/**
 * The worker's driver loop, kept free of Worker globals so it runs (and is tested) in Node.
 *
 * It owns one simulation and is the only place that meets the wall clock: while playing, each tick advances
 * simulated time by the wall time elapsed times the speed, in bounded batches (an event budget and a wall-time
 * budget), and posts one snapshot. If the core cannot keep up, simulated time falls behind the wall clock
 * instead of the worker freezing: the debt is dropped, not carried.
 */

import type { Moment } from '../sim/analysis/moments.ts';
import type { OracleResult } from '../sim/oracle/oracle.ts';
import type { Action, Scenario } from '../sim/scenarios/schema.ts';
import { Branch } from './branch.ts';
import { checkedReply } from './checked.ts';
import type { FromWorker, HistoryFormat, ToWorker } from './protocol.ts';
import {
  type CreateSim,
  clamp,
  DEFAULT_SPEED,
  errorText,
  type HostOptions,
  type LogCursor,
  MAX_ELAPSED_MS,
  MAX_SPEED,
  MIN_SPEED,
  type Pacing,
  pacing,
  type Schedule,
  SEEK_PROGRESS_MS,
  type SimCore,
} from './simCore.ts';
import { type AdvanceHost, type SeekHost, Story } from './story.ts';

export class SimHost {
  private readonly post: (message: FromWorker) => void;
  private readonly createSim: CreateSim;
  private readonly now: () => number;
  private readonly schedule: Schedule;
  private readonly pace: Pacing; // Batches, frames, acknowledgements, oracle and metrics rates, checkpoints.
  /** The run's key moments, and where story mode stops playback for them (story.ts). */
  private readonly story = new Story();
  private lastOracleWallMs = Number.NEGATIVE_INFINITY;
  private lastOracleUs = -1; // Simulated time of the last live oracle update (none while nothing moved).

  private sim: SimCore | null = null;
  private detail: ReadonlySet<string> = new Set(); // The nodes the page shows in full (`detail`).
  /** The scenario as loaded (a reset without actions goes back to it). */
  private loaded: Scenario | null = null;
  /** The scenario this run was created from: a seek before the first checkpoint starts it afresh. */
  private base: Scenario | null = null;
  private epoch = 0;
  private playing = false;
  private speed = DEFAULT_SPEED;
  /** Simulated time the loop is heading for; fractional microseconds accumulate here. */
  private targetUs = 0;
  private lastWallMs = 0;
  private lastPostWallMs = Number.NEGATIVE_INFINITY;
  private lastMetricsWallMs = Number.NEGATIVE_INFINITY;
  /** A seek under way: where its replay started and where it is going. */
  private seek: { readonly fromUs: number; readonly toUs: number } | null = null;
  private cancelTimer: (() => void) | null = null;
  private unacked = 0; // Snapshots posted and not yet acknowledged by a `rendered` message.
  /** The latest seek request taken up (the page sends its next seek once this one is done). */
  private seekRequest = 0;
  /** How far the page has been sent the message log; null: the next snapshot starts its diagram over. */
  private logCursor: LogCursor | null = null;
  /** How far this branch of the run has got, the events run on it, and its checkpoints. */
  private readonly branch: Branch;

  constructor(options: HostOptions) {
    this.post = options.post;
    this.createSim = options.createSim;
    this.now = options.now;
    this.schedule = options.schedule;
    this.pace = pacing(options);
    this.branch = new Branch(this.pace, this.now);
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

  /** Simulated times of the checkpoints held (for tests and the seek benchmark). */
  checkpointTimes(): number[] {
    return this.branch.checkpointTimes();
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
      case 'continue':
        this.setPlaying(true);
        return;
      case 'setStory':
        this.story.setOn(message.on);
        this.postStop(this.story.stopAtLanding());
        return;
      case 'pause': // A paused run shows whole instants: the last batch may have stopped inside one.
        this.setPlaying(false);
        if (this.seek === null) this.finishInstant();
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
        if (message.costMs !== undefined) this.pace.snapshots.pageCost(message.costMs);
        return;
      case 'seek':
        this.seekRequest = message.requestId;
        this.seekTo(message.toUs);
        return;
      case 'cancelSeek':
        this.cancelSeek();
        return;
      case 'detail': // From now on these nodes' keys come with every snapshot; a paused run shows them at once.
        this.detail = new Set(message.nodes);
        if (!this.playing) this.postSnapshot();
        return;
      case 'check':
        this.postOracle(message.requestId, this.requireSim().check(), this.requireSim().nowUs());
        return;
      case 'exportHistory':
        this.exportHistory(message.requestId, message.format);
        return;
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
    this.startRun(scenario);
    this.post({ type: 'scenario', epoch, scenario: this.requireSim().scenario() });
    if (seekToUs !== null && seekToUs > 0) {
      this.playing = false;
      this.beginSeek(seekToUs);
      return;
    }
    this.setPlaying(play);
    this.postSnapshot();
  }

  /** A new run of `scenario` from t = 0: no checkpoints, no history of branches. */
  private startRun(scenario: Scenario): void {
    this.base = scenario;
    this.story.start(scenario);
    this.branch.start();
    this.driveCore(this.createSim(scenario));
  }

  /** Drives `core` from now on (a new run, or a checkpoint resumed): the page's diagram starts over. */
  private driveCore(core: SimCore): void {
    this.sim = core;
    this.story.coreChanged();
    this.seek = null;
    this.targetUs = core.nowUs();
    this.lastOracleUs = -1;
    this.logCursor = null;
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
    this.startRun(scenario);
    this.post({ type: 'scenario', epoch: this.epoch, scenario: this.requireSim().scenario() });
    this.playing = false;
    this.setPlaying(wasPlaying);
    this.postSnapshot();
  }

  private step(): void {
    const sim = this.requireSim();
    this.setPlaying(false);
    this.endSeek();
    this.story.clearStop();
    this.finishInstant();
    sim.stepInstant();
    this.targetUs = sim.nowUs();
    this.advanced(0, 0);
    this.postSnapshot();
  }

  /** A user action, now. Before the run's end it forks the run first (later actions and checkpoints go). */
  private applyAction(action: Action): void {
    const sim = this.requireSim();
    this.endSeek();
    this.story.clearStop();
    if (sim.nowUs() < this.branch.endUs) this.fork(sim);
    sim.apply(action);
    this.post({ type: 'scenario', epoch: this.epoch, scenario: sim.scenario() });
    this.postSnapshot();
  }

  private fork(sim: SimCore): void {
    const atUs = sim.nowUs();
    const left = { scenario: sim.scenario(), endUs: this.branch.endUs };
    sim.adoptRecorded(sim.recorded().filter((e) => e.atUs <= atUs));
    this.branch.forked(atUs);
    this.story.forked(atUs);
    this.post({ type: 'forked', epoch: this.epoch, atUs, left });
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
    const landing = this.story.anomalies(result.anomalies);
    const verdictText = this.requireSim().describeVerdict(result.linearizability);
    this.post(checkedReply(this.epoch, requestId, nowUs, result, verdictText));
    if (landing) this.postStop(landing);
  }

  private exportHistory(requestId: number, format: HistoryFormat): void {
    const text = this.requireSim().exportHistory(format);
    this.post({ type: 'exported', epoch: this.epoch, requestId, format, text });
  }

  private setPlaying(playing: boolean): void {
    if (this.seek !== null) return; // A seek ends paused, whatever was asked for meanwhile.
    this.playing = playing;
    this.stopTimer();
    if (playing) {
      this.lastWallMs = this.now();
      this.targetUs = this.requireSim().nowUs();
      this.story.played(this.targetUs);
      this.cancelTimer = this.schedule(() => this.tick(), this.pace.frameMs);
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
      const goal = Math.floor(this.targetUs);
      const deadline = wallNow + this.pace.wallBudgetMs;
      this.story.advance(sim, goal, this.storyHost(sim, deadline));
      // Behind schedule: let simulated time lag rather than chase an ever-growing debt. A debt of up to
      // MAX_ELAPSED_MS of wall time (a tick that overran its budget on a busy machine) is made up next ticks.
      if (sim.nowUs() < goal) this.targetUs = Math.min(goal, sim.nowUs() + MAX_ELAPSED_MS * this.speed);
      // Story mode stops exactly at the first moment crossed, seeking back there when a batch overshot it.
      const stop = this.story.stopIfDue(sim.nowUs());
      if (stop) {
        this.playing = false;
        if (stop.overshot) this.beginSeek(stop.atUs);
        else this.postStop(stop.moments);
        return;
      }
      // A page that has not caught up with earlier snapshots skips this one, as does a frame too soon after a
      // costly one (a large cluster); the clock keeps running.
      if (this.unacked < this.pace.maxUnacked && this.pace.snapshots.due(this.now(), this.branch.events))
        this.postSnapshot();
    } catch (error) {
      this.playing = false;
      this.post({ type: 'error', epoch: this.epoch, message: errorText(error) });
      this.postSnapshot();
      return;
    }
    this.cancelTimer = this.schedule(() => this.tick(), this.pace.frameMs);
  }

  /** Tells the page where playback stopped (if it stopped at moments), then shows it there. */
  private postStop(moments: readonly Moment[] | null): void {
    const [moment, ...alongside] = moments ?? [];
    if (moment) this.post({ type: 'moment', epoch: this.epoch, moment, alongside });
    this.postSnapshot();
  }

  /** What the story needs of the host to move the run on until the wall clock passes `deadline` (story.ts). */
  private storyHost(sim: SimCore, deadline: number): AdvanceHost & SeekHost {
    return {
      now: this.now,
      run: (to) => this.runToward(sim, to, deadline),
      finishInstant: (atUs) => this.finishInstant(sim, atUs),
      check: () => this.liveCheck(),
      events: () => this.branch.events,
      budget: () => this.branch.budget(sim),
      ran: (events, wallMs) => this.advanced(events, wallMs),
      deadline,
    };
  }

  /** Runs batches toward `goal` until it is reached or the wall clock passes `deadline`. */
  private runToward(sim: SimCore, goal: number, deadline: number): void {
    while (sim.nowUs() < goal) {
      const started = this.now();
      const events = sim.runUntil(goal, this.branch.budget(sim));
      this.advanced(events, this.now() - started);
      if (this.now() >= deadline) break;
    }
  }

  /** After the run moved: the branch's end, and a checkpoint when one is due. */
  private advanced(events: number, wallMs: number): void {
    if (this.sim) this.branch.advanced(this.sim, events, wallMs);
  }

  /** `seek {toUs}`: show the run at that time, paused there. */
  private seekTo(toUs: number): void {
    const sim = this.requireSim();
    if (!Number.isFinite(toUs) || toUs < 0) throw new Error(`cannot seek to ${toUs} µs`);
    this.stopTimer();
    this.seek = null;
    this.playing = false;
    this.story.clearStop();
    const target = Math.floor(toUs);
    if (target !== sim.nowUs()) this.beginSeek(target);
    else {
      this.finishInstant(sim);
      this.postSnapshot();
    }
  }

  /**
   * Starts the replay toward `target` from the latest state at or before it: the run as it is (going forward,
   * unless a checkpoint is nearer), the nearest checkpoint, or t = 0. A resumed run adopts the branch's
   * recorded actions, so it goes on exactly as the run did.
   */
  private beginSeek(target: number): void {
    const sim = this.requireSim();
    const checkpoint = this.pace.checkpoints.nearest(target);
    const here = sim.nowUs();
    if (target < here || (checkpoint !== null && checkpoint.atUs > here)) {
      const branch = sim.recorded();
      const base = this.base;
      if (!base) throw new Error('no scenario loaded');
      this.driveCore(checkpoint ? checkpoint.resume() : this.createSim(base));
      this.branch.resumed(checkpoint?.events ?? 0);
      this.requireSim().adoptRecorded(branch);
    }
    this.seek = { fromUs: this.requireSim().nowUs(), toUs: target };
    this.seekBatch();
  }

  /** Runs toward the seek's target one bounded slice at a time, yielding to the message loop in between. */
  private seekBatch(): void {
    this.cancelTimer = null;
    const sim = this.sim;
    const goal = this.seek?.toUs;
    if (!sim || goal === undefined) return;
    try {
      this.story.seekAdvance(sim, goal, this.storyHost(sim, this.now() + this.pace.wallBudgetMs));
    } catch (error) {
      this.seek = null;
      this.post({ type: 'error', epoch: this.epoch, message: errorText(error) });
      this.postSnapshot();
      return;
    }
    if (sim.nowUs() >= goal) {
      this.endSeek();
      const stop = this.story.arrived();
      // A seek lands on its instant whole, even where its last batch was cut by the event budget.
      this.finishInstant();
      this.postStop(stop ?? this.story.landed(sim, goal));
      return;
    }
    if (this.now() - this.lastPostWallMs >= SEEK_PROGRESS_MS) this.postSnapshot();
    this.cancelTimer = this.schedule(() => this.seekBatch(), 0);
  }

  /** `cancelSeek`: paused where the seek got to, its last instant run whole (a link with its time opens it). */
  private cancelSeek(): void {
    if (this.seek === null || !this.sim) return;
    this.finishInstant();
    this.endSeek();
    this.postSnapshot();
  }

  /**
   * Runs every event up to `atUs` (by default the rest of the current instant, inside which a batch may have
   * stopped).
   */
  private finishInstant(sim = this.requireSim(), atUs = sim.nowUs()): void {
    this.advanced(sim.runUntil(atUs, Number.POSITIVE_INFINITY), 0);
  }

  private endSeek(): void {
    if (this.seek === null) return;
    this.stopTimer();
    this.seek = null;
    this.targetUs = this.requireSim().nowUs();
  }

  private postSnapshot(): void {
    const sim = this.sim;
    if (!sim) return;
    const wallNow = this.now();
    this.lastPostWallMs = wallNow;
    this.unacked++;
    // A still picture (paused, stepped, acted on, a seek's end) always carries fresh metrics; a moving one a
    // few times a second.
    const still = !this.playing && this.seek === null;
    const withMetrics = still || wallNow - this.lastMetricsWallMs >= this.pace.metricsEveryMs;
    if (withMetrics) this.lastMetricsWallMs = wallNow;
    const snapshot = sim.snapshot(this.detail);
    const { log, cursor } = sim.finished(this.logCursor);
    this.logCursor = cursor;
    this.post({
      type: 'snapshot',
      epoch: this.epoch,
      snapshot,
      playing: this.playing,
      speed: this.speed,
      ...(withMetrics ? { metrics: sim.metrics(snapshot.counts) } : {}),
      log,
      timeline: {
        runEndUs: Math.max(this.branch.endUs, snapshot.nowUs),
        seeking: this.seek,
        seekRequest: this.seekRequest,
        checkpoints: this.pace.checkpoints.count,
      },
      story: this.story.view(),
    });
    this.pace.snapshots.posted(wallNow, this.now(), this.branch.events);
    // The oracle follows the run: a few times a second while it plays or seeks, and at once when it stops.
    if (still || this.now() - this.lastOracleWallMs >= this.pace.oracleMs) this.liveCheck();
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
