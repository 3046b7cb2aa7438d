/**
 * The UI's one store: a vanilla zustand store with its actions at module level, so anything (components,
 * the boot code, tests) can call `play()` or `act(action)` without a hook.
 *
 * The worker is the source of truth for the run; the store keeps the latest snapshot and recorded scenario it
 * sent, plus purely visual state. Components select narrowly, so a snapshot arriving every frame re-renders only
 * the views that read what changed.
 */
import { createStore } from 'zustand/vanilla';
import type { MetricsReport } from '../sim/analysis/metrics.ts';
import type { Action, Scenario } from '../sim/scenarios/schema.ts';
import type { NodeId } from '../sim/types.ts';
import type { FromWorker, ToWorker, ViewSnapshot } from '../worker/protocol.ts';

/** Where the loaded scenario came from, for the preset picker. */
export type ScenarioSource = { readonly kind: 'preset'; readonly id: string } | { readonly kind: 'custom' };

export interface Notice {
  readonly id: number;
  readonly tone: 'error' | 'info';
  readonly title: string;
  readonly message: string;
  /** Untrusted text the user may want to copy (a bad share link), shown in a read-only field. */
  readonly detail?: string;
}

export interface LabState {
  /** Bumped by every load; replies from older runs are dropped. */
  readonly epoch: number;
  /** The latest state, its in-flight messages packed in columns (see `PackedMessages`). */
  readonly snapshot: ViewSnapshot | null;
  /** The run's metrics and their series, as of the last snapshot that carried them (a few times a second). */
  readonly metrics: MetricsReport | null;
  /** The run's scenario with every recorded action: what Share and Export encode. */
  readonly scenario: Scenario | null;
  readonly source: ScenarioSource;
  readonly playing: boolean;
  /** Simulated milliseconds per wall second. */
  readonly speed: number;
  readonly showHeartbeats: boolean;
  /** Crashes from a click or the slider also wipe the node's disk (`durable: false`). */
  readonly loseDiskOnCrash: boolean;
  readonly selectedNode: NodeId | null;
  readonly notices: readonly Notice[];
}

export const DEFAULT_SPEED_MS_PER_S = 25;

const initialState: LabState = {
  epoch: 0,
  snapshot: null,
  metrics: null,
  scenario: null,
  source: { kind: 'custom' },
  playing: false,
  speed: DEFAULT_SPEED_MS_PER_S,
  showHeartbeats: true,
  loseDiskOnCrash: false,
  selectedNode: null,
  notices: [],
};

export const labStore = createStore<LabState>()(() => initialState);

/** Anything that carries protocol messages to the simulation: a Worker, or a fake in tests. */
export interface WorkerPort {
  postMessage(message: ToWorker): void;
}

let port: WorkerPort | null = null;
let nextNoticeId = 1;

function send(message: ToWorker): void {
  port?.postMessage(message);
}

/** Attaches the store to a worker. Replies must be fed to `receive`. */
export function connect(worker: WorkerPort): void {
  port = worker;
}

type SnapshotReply = Extract<FromWorker, { type: 'snapshot' }>;

/** The newest snapshot not yet shown: snapshots are applied once per animation frame, the latest winning. */
let pendingSnapshot: SnapshotReply | null = null;
/** The newest metrics not yet shown: they ride on some snapshots only, so they survive a skipped snapshot. */
let pendingMetrics: MetricsReport | null = null;
let frameRequested = false;
/** Snapshot replies taken off the wire since the last `rendered` acknowledgement. */
let unacknowledged = 0;

function acknowledge(): void {
  if (unacknowledged === 0) return;
  send({ type: 'rendered', count: unacknowledged });
  unacknowledged = 0;
}

function applySnapshot(message: SnapshotReply, metrics: MetricsReport | null): void {
  if (message.epoch !== labStore.getState().epoch) return;
  const freeze = import.meta.env.DEV ? deepFreeze : <T>(x: T) => x;
  labStore.setState({
    snapshot: freeze(message.snapshot),
    playing: message.playing,
    speed: message.speed,
    ...(metrics ? { metrics: freeze(metrics) } : {}),
  });
}

function flushSnapshot(): void {
  frameRequested = false;
  const message = pendingSnapshot;
  const metrics = pendingMetrics;
  pendingSnapshot = null;
  pendingMetrics = null;
  if (message) applySnapshot(message, metrics);
  acknowledge();
}

/**
 * If the page falls behind the worker (a slow machine, a huge cluster), this coalescing keeps it rendering
 * the newest state instead of working through a backlog of stale frames.
 */
function queueSnapshot(message: SnapshotReply): void {
  if (typeof requestAnimationFrame !== 'function') {
    applySnapshot(message, message.metrics ?? null);
    acknowledge();
    return;
  }
  pendingSnapshot = message;
  if (message.metrics) pendingMetrics = message.metrics;
  if (!frameRequested) {
    frameRequested = true;
    requestAnimationFrame(flushSnapshot);
  }
}

/** Applies one reply from the worker. Replies from a previous load are dropped. */
export function receive(message: FromWorker): void {
  if (message.type === 'snapshot') unacknowledged++;
  const state = labStore.getState();
  if (message.epoch !== state.epoch) {
    acknowledge();
    return;
  }
  switch (message.type) {
    case 'snapshot':
      queueSnapshot(message);
      return;
    case 'scenario':
      labStore.setState({ scenario: message.scenario });
      return;
    case 'error':
      notify({ tone: 'error', title: 'The simulation stopped', message: message.message });
      return;
    case 'checked':
    case 'exported':
      for (const listener of oracleListeners) listener(message);
      return;
    case 'messageLog':
      for (const listener of logListeners) listener(message);
      return;
    default: {
      const unknown: never = message;
      throw new Error(`unknown reply ${JSON.stringify(unknown)}`);
    }
  }
}

export type OracleReply = Extract<FromWorker, { type: 'checked' | 'exported' }>;
const oracleListeners = new Set<(reply: OracleReply) => void>();

/** Replies to `check` and `exportHistory` requests of the current run go to these listeners (src/app/oracle). */
export function onOracleReply(listener: (reply: OracleReply) => void): () => void {
  oracleListeners.add(listener);
  return () => oracleListeners.delete(listener);
}

/** Asks the worker to check the run, or to export its history (see `onOracleReply`). */
export function requestOracle(message: Extract<ToWorker, { type: 'check' | 'exportHistory' }>): void {
  send(message);
}

export type LogReply = Extract<FromWorker, { type: 'messageLog' }>;
const logListeners = new Set<(reply: LogReply) => void>();

/** Replies to `messageLog` requests of the current run go to these listeners (the space-time recorder). */
export function onLogReply(listener: (reply: LogReply) => void): () => void {
  logListeners.add(listener);
  return () => logListeners.delete(listener);
}

/** Asks the worker for the messages finished after `sinceUs` and the fault intervals (see `onLogReply`). */
export function requestMessageLog(requestId: number, sinceUs: number): void {
  if (labStore.getState().scenario) send({ type: 'messageLog', requestId, sinceUs });
}

export interface LoadOptions {
  readonly source: ScenarioSource;
  /** Run to this simulated time and pause there (a shared link with a time). */
  readonly seekToUs?: number | null;
  readonly play?: boolean;
}

export function loadScenario(scenario: Scenario, options: LoadOptions): void {
  const epoch = labStore.getState().epoch + 1;
  const play = options.play ?? true;
  const seekToUs = options.seekToUs ?? null;
  pendingSnapshot = null;
  pendingMetrics = null;
  labStore.setState({
    epoch,
    snapshot: null,
    metrics: null,
    scenario,
    source: options.source,
    playing: play && seekToUs === null,
    selectedNode: null,
  });
  send({ type: 'load', epoch, scenario, seekToUs, play });
  const { speed } = labStore.getState();
  send({ type: 'setSpeed', simMsPerSec: speed });
}

// Play, pause and step are not applied optimistically: the button shows what the worker confirmed, so once it
// reads "Play" no snapshot of the running clock can still arrive behind it.
export function play(): void {
  send({ type: 'play' });
}

export function pause(): void {
  send({ type: 'pause' });
}

export function togglePlay(): void {
  if (labStore.getState().playing) pause();
  else play();
}

export function step(): void {
  send({ type: 'step' });
}

export function setSpeed(simMsPerSec: number): void {
  labStore.setState({ speed: simMsPerSec });
  send({ type: 'setSpeed', simMsPerSec });
}

/** A user action: the worker applies it at the current simulated time and records it in the timeline. */
export function act(action: Action): void {
  send({ type: 'action', action });
}

/** Restarts the loaded scenario from t = 0, forgetting the user's actions. */
export function reset(): void {
  restart(false);
}

/** Restarts from t = 0 with every recorded action replayed at the time it was taken. */
export function replayWithActions(): void {
  restart(true);
}

/**
 * A restart is a new run: a new epoch, so every view keyed on it (the oracle, the recorder, the metrics) starts
 * over, and replies of the old run still in flight are dropped. The old picture stays until the first snapshot.
 */
function restart(keepActions: boolean): void {
  const epoch = labStore.getState().epoch + 1;
  pendingSnapshot = null;
  pendingMetrics = null;
  labStore.setState({ epoch, metrics: null });
  send({ type: 'reset', keepActions, epoch });
}

export function setShowHeartbeats(show: boolean): void {
  labStore.setState({ showHeartbeats: show });
}

export function setLoseDiskOnCrash(lose: boolean): void {
  labStore.setState({ loseDiskOnCrash: lose });
}

export function selectNode(node: NodeId | null): void {
  labStore.setState({ selectedNode: node });
}

export function notify(notice: Omit<Notice, 'id'>): number {
  const id = nextNoticeId++;
  labStore.setState((s) => ({ notices: [...s.notices, { ...notice, id }] }));
  return id;
}

export function dismissNotice(id: number): void {
  labStore.setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
}

/** Snapshots are immutable: in development, freezing them makes an accidental mutation throw at once. */
function deepFreeze<T>(value: T): T {
  // Typed arrays cannot be frozen; the packed message columns are read-only by convention.
  if (value && typeof value === 'object' && !ArrayBuffer.isView(value) && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
