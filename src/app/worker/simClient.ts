/**
 * The simulation worker's client: the page's one owner of that worker's transport. It creates the worker, posts
 * commands (src/worker/protocol.ts), and feeds replies into the store (store.ts keeps state only):
 *
 * - replies from an older run (epoch) are dropped; a full check's answer is taken only if it is the latest asked
 *   for, and an export resolves the promise of its own request;
 * - snapshots are shown at most once per animation frame, the newest winning (their logs are all kept, in
 *   order), and acknowledged to the worker (`rendered`, with what the latest cost: afterRendering.ts), which
 *   holds playback snapshots back until the page has caught up, and spaces them by that cost;
 * - seeks are coalesced: while one is under way only the newest target waits (no backlog of replays);
 * - a worker that dies is noticed: its `error` and `messageerror` events, or 3 s without a word once it has
 *   started (it beats `alive` every second; loading its code may take longer), make a notice with a Restart
 *   button, which ends it and starts a new worker on the recorded scenario at the last time shown, with the
 *   speed and view settings kept. A worker that was only slow and speaks again takes its notice back.
 */

import type { MetricsReport } from '../../sim/analysis/metrics.ts';
import type { Action, Scenario } from '../../sim/scenarios/schema.ts';
import type {
  Decoded,
  FromWorker,
  HistoryFormat,
  ScenarioInput,
  SnapshotLog,
  ToSimWorker,
} from '../../worker/protocol.ts';
import { withModelUi } from '../models/loadUi.ts';
import { withAnswer } from '../oracle/oracleState.ts';
import {
  beginRun,
  dismissNotice,
  labStore,
  notify,
  type ScenarioSource,
  type SnapshotReply,
  setLeftRun,
  setScenario,
  setSpeedShown,
  setWorkerHealth,
  showSnapshot,
} from '../store.ts';
import { type FrameCost, frameCost } from './afterRendering.ts';
import { browserWorker } from './browserWorker.ts';

/** The worker as the client uses it: the real one (`browserWorker`) or a fake in tests. */
export interface WorkerPort {
  post(message: ToSimWorker): void;
  terminate(): void;
}

/** Creates a worker whose replies and failures go to `events`. */
export type CreateWorker = (events: {
  /** `readMs`: wall ms spent reading the reply off the wire (its structured clone), when measured. */
  message(reply: FromWorker, readMs?: number): void;
  failed(reason: string): void;
}) => WorkerPort;

export interface ClientOptions {
  createWorker: CreateWorker;
  /** Wall clock in milliseconds. */
  now: () => number;
  /** Calls `fn` every `ms`; returns a cancel function. */
  every: (fn: () => void, ms: number) => () => void;
  /** Runs `fn` before the next paint; null: apply every snapshot at once (tests, no rendering). */
  frame: ((fn: () => void) => void) | null;
  /** What the frame under way cost from a time to its end (afterRendering.ts); absent: to a microtask (tests). */
  frameCost?: FrameCost;
}

/** Silence longer than this, while the worker should be beating, means it is gone. */
export const SILENCE_MS = 3000;
/** A worker still loading its code has not beaten yet: it gets this long before its silence counts. */
export const STARTUP_MS = 20_000;
const WATCHDOG_MS = 1000;

export interface LoadOptions {
  readonly source: ScenarioSource;
  /** Run to this simulated time and pause there (a shared link with a time). */
  readonly seekToUs?: number | null;
  readonly play?: boolean;
}

export class SimClient {
  private readonly options: ClientOptions;
  private worker: WorkerPort | null = null;
  private stopWatchdog: (() => void) | null = null;
  private lastHeardMs = 0;
  private lastWatchMs = 0;
  private deathNotice: number | null = null;
  /** The notice is about silence only: a worker that speaks again takes it back. */
  private silent = false;
  /** The worker has said something since it was started (before that it is loading). */
  private heard = false;
  /** The newest snapshot not yet shown, the newest metrics among those skipped, and every skipped one's log. */
  private pending: SnapshotReply | null = null;
  private pendingMetrics: MetricsReport | null = null;
  private pendingLogs: SnapshotLog[] = [];
  private frameRequested = false;
  /** Snapshot replies taken off the wire since the last `rendered` acknowledgement. */
  private unacknowledged = 0;
  /** Wall ms reading the snapshots not yet shown, what showing the latest cost (sent with `rendered`), flushes. */
  private readMs = 0;
  private costMs = 0;
  private flushes = 0;
  /** Replies held back, in order, until the page's code for their run's model has arrived (models/loadUi.ts). */
  private held: FromWorker[] | null = null;
  /** Counts loads, so a load that waited for its model's page code is dropped when another came meanwhile. */
  private loads = 0;
  private nextRequestId = 1;
  private latestCheck = 0;
  private readonly exports = new Map<number, (text: string | null) => void>();
  private readonly decodes = new Map<number, (result: Decoded) => void>();
  /** The seek sent and not yet finished, and the newest target waiting behind it. */
  private seekSent: number | null = null;
  private seekWaiting: number | null = null;

  constructor(options: ClientOptions) {
    this.options = options;
  }

  /** Starts a worker (idempotent while one runs). */
  start(): void {
    if (this.worker) return;
    const worker = this.options.createWorker({
      message: (reply, readMs) => {
        if (this.worker === worker) this.receive(reply, readMs);
      },
      failed: (reason) => {
        if (this.worker === worker) this.died(`The simulation worker failed: ${reason}.`);
      },
    });
    this.worker = worker;
    this.heard = false;
    this.lastHeardMs = this.options.now();
    this.lastWatchMs = this.lastHeardMs;
    this.stopWatchdog?.();
    this.stopWatchdog = this.options.every(() => this.watch(), WATCHDOG_MS);
    setWorkerHealth('starting');
  }

  /** Stops the worker and the watchdog (tests; a page never needs to). */
  stop(): void {
    this.stopWatchdog?.();
    this.stopWatchdog = null;
    this.worker?.terminate();
    this.worker = null;
    for (const resolve of this.decodes.values())
      resolve({ ok: false, error: 'the simulation worker stopped before it read the scenario' });
    this.decodes.clear();
  }

  send(message: ToSimWorker): void {
    this.worker?.post(message);
  }

  // ---------------------------------------------------------------- commands

  loadScenario(scenario: Scenario, options: LoadOptions, clear = true): void {
    const ticket = ++this.loads;
    // The store never names a model the page has no code for: the old picture stays until it has arrived.
    const again = () => ticket === this.loads && this.loadScenario(scenario, options, clear);
    if (!withModelUi(scenario.model, again)) return;
    const epoch = labStore.getState().epoch + 1;
    const play = options.play ?? true;
    const seekToUs = options.seekToUs ?? null;
    this.newRun();
    beginRun(epoch, { scenario, source: options.source, playing: play && seekToUs === null }, clear);
    this.send({ type: 'load', epoch, scenario, seekToUs, play });
    this.send({ type: 'setSpeed', simMsPerSec: labStore.getState().speed });
    this.send({ type: 'setStory', on: labStore.getState().storyMode === 'story' });
  }

  /**
   * Loads a built-in preset by id: the worker holds the presets' scenarios (the page has only their catalog),
   * and its `scenario` reply fills the store's before the first snapshot.
   */
  loadPreset(id: string, play = true): void {
    this.loads++;
    const epoch = labStore.getState().epoch + 1;
    this.newRun();
    beginRun(epoch, { scenario: null, source: { kind: 'preset', id }, playing: play }, true);
    this.send({ type: 'loadPreset', epoch, id, play });
    this.send({ type: 'setSpeed', simMsPerSec: labStore.getState().speed });
    this.send({ type: 'setStory', on: labStore.getState().storyMode === 'story' });
  }

  /** Untrusted text (a share link, a file) read as a scenario by the worker, which holds the schema. */
  decode(input: ScenarioInput): Promise<Decoded> {
    const requestId = this.nextRequestId++;
    return new Promise((resolve) => {
      this.decodes.set(requestId, resolve);
      this.send({ type: 'decode', requestId, input });
    });
  }

  /** Back to t = 0 as a new run, with or without the recorded actions. */
  restartRun(keepActions: boolean): void {
    this.loads++;
    const epoch = labStore.getState().epoch + 1;
    this.newRun();
    beginRun(epoch, {}, false);
    this.send({ type: 'reset', keepActions, epoch });
  }

  setSpeed(simMsPerSec: number): void {
    setSpeedShown(simMsPerSec);
    this.send({ type: 'setSpeed', simMsPerSec });
  }

  /** Shows the run at `toUs`; while a seek is under way, only the newest target waits for it. */
  seek(toUs: number): void {
    if (this.seekSent !== null) {
      this.seekWaiting = toUs;
      return;
    }
    const requestId = this.nextRequestId++;
    this.seekSent = requestId;
    this.send({ type: 'seek', toUs: Math.max(0, Math.round(toUs)), requestId });
  }

  cancelSeek(): void {
    this.seekWaiting = null;
    this.send({ type: 'cancelSeek' });
  }

  requestCheck(): void {
    this.latestCheck = this.nextRequestId++;
    this.send({ type: 'check', requestId: this.latestCheck });
  }

  /** The run's history as text; null when the run was replaced before the answer came. */
  requestExport(format: HistoryFormat): Promise<string | null> {
    const requestId = this.nextRequestId++;
    return new Promise((resolve) => {
      this.exports.set(requestId, resolve);
      this.send({ type: 'exportHistory', requestId, format });
    });
  }

  /**
   * A new worker on the recorded scenario, at the last time shown, paused there: the speed, the selection and
   * the view settings stay as they were.
   */
  restartWorker(): void {
    const { scenario, snapshot, source } = labStore.getState();
    if (this.deathNotice !== null) dismissNotice(this.deathNotice);
    this.deathNotice = null;
    this.silent = false;
    this.stop();
    this.start();
    if (scenario)
      this.loadScenario(scenario, { source, seekToUs: snapshot?.nowUs ?? null, play: false }, false);
  }

  /** A test hook: the worker vanishes without a word (killed by the browser, out of memory). */
  killSilently(): void {
    this.worker?.terminate();
  }

  // ---------------------------------------------------------------- replies

  /** Applies one reply from the worker. Replies from a previous run are dropped. */
  receive(message: FromWorker, readMs = 0): void {
    this.lastHeardMs = this.options.now();
    this.heard = true;
    if (this.silent) this.revived();
    setWorkerHealth('alive');
    if (message.type === 'alive') return;
    if (message.type === 'decoded') {
      this.decodes.get(message.requestId)?.(message.result);
      this.decodes.delete(message.requestId);
      return;
    }
    if (message.type === 'snapshot') {
      this.unacknowledged++;
      this.readMs += readMs;
    }
    this.admit(message);
  }

  /**
   * A reply of the current run, held back (with every reply behind it) while the page's code for its run's model
   * is on its way: a preset's `scenario` names the model first.
   */
  private admit(message: Exclude<FromWorker, { type: 'alive' | 'decoded' }>): void {
    if (message.epoch !== labStore.getState().epoch) {
      this.acknowledge();
      return;
    }
    if (this.held) {
      this.held.push(message);
      return;
    }
    if (message.type === 'scenario') {
      const held: FromWorker[] = [message];
      const release = () => {
        if (this.held !== held) return;
        this.held = null;
        for (const reply of held) this.admit(reply as typeof message);
      };
      if (!withModelUi(message.scenario.model, release)) {
        this.held = held;
        return;
      }
    }
    this.apply(message);
  }

  private apply(message: Exclude<FromWorker, { type: 'alive' | 'decoded' }>): void {
    switch (message.type) {
      case 'snapshot':
        this.seekProgress(message);
        this.queueSnapshot(message);
        return;
      case 'scenario':
        setScenario(message.scenario);
        return;
      case 'forked':
        setLeftRun(message.left);
        return;
      case 'error':
        // A refused seek would otherwise hold every later one back.
        this.seekSent = null;
        notify({ tone: 'error', title: 'The simulation stopped', message: message.message });
        return;
      case 'checked': {
        const full = message.requestId !== 0;
        if (full && message.requestId !== this.latestCheck) return;
        labStore.setState((s) => ({ oracle: withAnswer(s.oracle, message, full) }));
        return;
      }
      case 'moment':
        // Story mode stopped at a key moment: the caption shows it at once (the snapshot there follows).
        labStore.setState({ stoppedAt: [message.moment, ...message.alongside] });
        return;
      case 'exported': {
        const resolve = this.exports.get(message.requestId);
        this.exports.delete(message.requestId);
        resolve?.(message.text);
        return;
      }
      default: {
        const unknown: never = message;
        throw new Error(`unknown reply ${JSON.stringify(unknown)}`);
      }
    }
  }

  /** A seek that finished (or was cancelled, or overtaken by a load) lets the newest waiting target go. */
  private seekProgress(message: SnapshotReply): void {
    const { seekRequest, seeking } = message.timeline;
    if (this.seekSent === null || seekRequest < this.seekSent || seeking !== null) return;
    this.seekSent = null;
    const next = this.seekWaiting;
    this.seekWaiting = null;
    if (next !== null) this.seek(next);
  }

  private queueSnapshot(message: SnapshotReply): void {
    this.pending = message;
    if (message.metrics) this.pendingMetrics = message.metrics;
    this.pendingLogs.push(message.log);
    const frame = this.options.frame;
    if (!frame) {
      this.flush();
      return;
    }
    if (this.frameRequested) return;
    this.frameRequested = true;
    frame(() => this.flush());
  }

  private flush(): void {
    this.frameRequested = false;
    const message = this.pending;
    const metrics = this.pendingMetrics;
    const logs = this.pendingLogs;
    this.pending = null;
    this.pendingMetrics = null;
    this.pendingLogs = [];
    const started = this.options.now();
    if (message) showSnapshot(message, metrics, logs);
    this.acknowledge();
    // The cost includes React's render and the browser's (on a slow machine layout and paint often cost more).
    const [readMs, flushes] = [this.readMs, ++this.flushes];
    this.readMs = 0;
    const done = (ms: number) => {
      if (flushes === this.flushes) this.costMs = readMs + ms;
    };
    if (this.options.frameCost) this.options.frameCost(started, done);
    else queueMicrotask(() => done(this.options.now() - started));
  }

  private acknowledge(): void {
    if (this.unacknowledged === 0) return;
    this.send({ type: 'rendered', count: this.unacknowledged, costMs: Math.round(this.costMs * 10) / 10 });
    this.unacknowledged = 0;
  }

  /** Forgets what belonged to the run being replaced. */
  private newRun(): void {
    this.held = null;
    this.pending = null;
    this.pendingMetrics = null;
    this.pendingLogs = [];
    this.seekSent = null;
    this.seekWaiting = null;
    for (const resolve of this.exports.values()) resolve(null);
    this.exports.clear();
  }

  // ---------------------------------------------------------------- health

  private watch(): void {
    const now = this.options.now();
    // The page itself was asleep (a background tab, a debugger): its silence says nothing of the worker's.
    if (now - this.lastWatchMs > 2.5 * WATCHDOG_MS) this.lastHeardMs = now;
    this.lastWatchMs = now;
    const allowed = this.heard ? SILENCE_MS : STARTUP_MS;
    if (this.worker && this.deathNotice === null && now - this.lastHeardMs > allowed) {
      this.died(
        `The simulation worker has not answered for ${Math.round((now - this.lastHeardMs) / 1000)} s.`,
      );
      this.silent = true;
    }
  }

  /** A worker only slow to answer (a long task on a loaded machine) spoke again: the notice was premature. */
  private revived(): void {
    this.silent = false;
    if (this.deathNotice !== null) dismissNotice(this.deathNotice);
    this.deathNotice = null;
  }

  /** Says the worker is gone, with a Restart; the worker itself is ended only by Restart. */
  private died(reason: string): void {
    if (this.deathNotice !== null) return;
    setWorkerHealth('dead');
    const at = labStore.getState().snapshot?.nowUs;
    this.deathNotice = notify({
      tone: 'error',
      title: 'The simulation stopped',
      message: `${reason} Restart runs the recorded scenario again${at === undefined ? '' : ` to ${(at / 1000).toFixed(3)} ms`}, with your settings kept.`,
      action: { label: 'Restart', run: () => this.restartWorker() },
    });
  }
}

/** The page's client. */
export const simClient = new SimClient({
  createWorker: browserWorker,
  now: () => performance.now(),
  every: (fn, ms) => {
    const handle = setInterval(fn, ms);
    return () => clearInterval(handle);
  },
  frame: typeof requestAnimationFrame === 'function' ? (fn) => requestAnimationFrame(fn) : null,
  frameCost: typeof MessageChannel === 'function' ? frameCost() : undefined,
});

// Module-level commands, so components and the boot code call them without reaching for the client.
export const startSimWorker = (): void => simClient.start();
export const loadScenario = (scenario: Scenario, options: LoadOptions): void =>
  simClient.loadScenario(scenario, options);
export const loadPresetRun = (id: string): void => simClient.loadPreset(id);
/** A share link's fragment or a file's text, read by the worker: the scenario, or what is wrong with it. */
export const decodeScenario = (input: ScenarioInput): Promise<Decoded> => simClient.decode(input);
// Play, pause and step are not applied optimistically: the button shows what the worker confirmed, so once it
// reads "Play" no snapshot of the running clock can still arrive behind it.
export const play = (): void => simClient.send({ type: 'play' });
export const pause = (): void => simClient.send({ type: 'pause' });
export const togglePlay = (): void => (labStore.getState().playing ? pause() : play());
export const step = (): void => simClient.send({ type: 'step' });
export const setSpeed = (simMsPerSec: number): void => simClient.setSpeed(simMsPerSec);
/** A user action: the worker applies it at the current simulated time and records it in the timeline. */
export const act = (action: Action): void => simClient.send({ type: 'action', action });
/** Restarts the loaded scenario from t = 0, forgetting the user's actions. */
export const reset = (): void => simClient.restartRun(false);
/** Restarts from t = 0 with every recorded action replayed at the time it was taken. */
export const replayWithActions = (): void => simClient.restartRun(true);
export const seek = (toUs: number): void => simClient.seek(toUs);
export const cancelSeek = (): void => simClient.cancelSeek();
export const requestCheck = (): void => simClient.requestCheck();

let detailSent = '';
/** Asks for the keys of these nodes in every snapshot (a cluster of more than 30 nodes sends only theirs). */
export function showInDetail(nodes: readonly string[]): void {
  const key = JSON.stringify(nodes);
  if (key === detailSent) return;
  detailSent = key;
  simClient.send({ type: 'detail', nodes });
}
export const requestExport = (format: HistoryFormat): Promise<string | null> =>
  simClient.requestExport(format);

/** Loads the run the user left by acting in the past, at its end. */
export function backToLeftRun(): void {
  const { left, source } = labStore.getState();
  if (left) loadScenario(left.scenario, { source, seekToUs: left.endUs, play: false });
}
