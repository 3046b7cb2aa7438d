/**
 * The page's one store: a vanilla zustand store composed of slices, with its actions at module level so anything
 * (components, the boot code, tests) can call them without a hook. It keeps state only: the transport to the
 * simulation worker lives in worker/simClient.ts, which feeds the replies in through the actions below.
 *
 * - run: the worker's latest snapshot, metrics and recorded scenario, playback, the run's timeline (time travel),
 *   the worker's health;
 * - oracle: the consistency oracle's answer and what the user picked out of it (oracle/oracle.ts acts on it);
 * - recording: the space-time diagram's memory of finished messages and fault intervals (spacetime/recorder.ts);
 * - story: story or free mode, the run's key moments and the one playback is stopped at (story/storyState.ts);
 * - ui: selections and view settings (the selected node, the leaderless key, heartbeats shown, notices).
 *
 * Components select narrowly (hooks.ts), so a snapshot arriving every frame re-renders only what changed.
 */
import { createStore } from 'zustand/vanilla';
import type { MetricsReport } from '../sim/analysis/metrics.ts';
import type { FaultInterval } from '../sim/engine/messageLog.ts';
import type { Scenario } from '../sim/scenarios/schema.ts';
import type { NodeId } from '../sim/types.ts';
import type { FromWorker, RunTimeline, SnapshotLog, ViewSnapshot } from '../worker/protocol.ts';
import { initialOracle, type OracleState } from './oracle/oracleState.ts';
import { appendLog, emptyRecording, mergeFaults, type Recording } from './spacetime/recorder.ts';
import { initialStory, type StorySlice, storyFromSnapshot } from './story/storyState.ts';

/** Where the loaded scenario came from, for the preset picker. */
export type ScenarioSource = { readonly kind: 'preset'; readonly id: string } | { readonly kind: 'custom' };

export interface Notice {
  readonly id: number;
  readonly tone: 'error' | 'info';
  readonly title: string;
  readonly message: string;
  /** Untrusted text the user may want to copy (a bad share link), shown in a read-only field. */
  readonly detail?: string;
  /** A button that fixes what the notice is about (Restart a dead worker); it also dismisses the notice. */
  readonly action?: { readonly label: string; readonly run: () => void };
  /**
   * The notice tells what runs in place of what was asked ("the default scenario is running instead"): it is
   * dismissed when another run replaces that one, which would make it false.
   */
  readonly untilNextRun?: boolean;
}

/** The run the user left by acting in the past: "back to the run you left" loads it at its end. */
export interface LeftRun {
  readonly scenario: Scenario;
  readonly endUs: number;
}

export interface RunSlice {
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
  /** The run as an axis (its end so far, a seek under way), from the latest snapshot. */
  readonly timeline: RunTimeline | null;
  /** Set when an action in the past forked the run. */
  readonly left: LeftRun | null;
  /**
   * Every fault interval of this branch seen so far, merged by id (the scrubber's bands): unlike the recording,
   * a seek back does not forget the ones after the cursor.
   */
  readonly runFaults: readonly FaultInterval[];
  /** The simulation worker: starting, answering, or silent/failed (a notice offers a restart). */
  readonly worker: 'starting' | 'alive' | 'dead';
}

export interface OracleSlice {
  readonly oracle: OracleState;
}

export interface RecordingSlice {
  /** The space-time diagram's memory: finished messages and fault intervals, appended from every snapshot. */
  readonly recording: Recording;
}

export interface UiSlice {
  readonly showHeartbeats: boolean;
  /** Crashes from a click or the slider also wipe the node's disk (`durable: false`). */
  readonly loseDiskOnCrash: boolean;
  readonly selectedNode: NodeId | null;
  /** Leaderless: the key whose home replicas and fallbacks are highlighted; null: the first key placed. */
  readonly selectedKey: string | null;
  readonly notices: readonly Notice[];
}

export type LabState = RunSlice & OracleSlice & RecordingSlice & UiSlice & StorySlice;

export const DEFAULT_SPEED_MS_PER_S = 25;

const runSlice: RunSlice = {
  epoch: 0,
  snapshot: null,
  metrics: null,
  scenario: null,
  source: { kind: 'custom' },
  playing: false,
  speed: DEFAULT_SPEED_MS_PER_S,
  timeline: null,
  left: null,
  runFaults: [],
  worker: 'starting',
};

const uiSlice: UiSlice = {
  showHeartbeats: true,
  loseDiskOnCrash: false,
  selectedNode: null,
  selectedKey: null,
  notices: [],
};

export const labStore = createStore<LabState>()(() => ({
  ...runSlice,
  oracle: initialOracle,
  recording: emptyRecording(),
  ...uiSlice,
  ...initialStory(),
}));

let nextNoticeId = 1;

// ---------------------------------------------------------------- run

/**
 * A new run (a load, or a restart from t = 0): a new epoch, so every slice keyed on the run (the oracle, the
 * recording, the metrics) starts over. `clear` also drops the old picture and the selection (a load of another
 * scenario); a restart of the same one keeps them until its first snapshot.
 */
export function beginRun(
  epoch: number,
  run: Partial<Pick<RunSlice, 'scenario' | 'source' | 'playing'>>,
  clear: boolean,
): void {
  labStore.setState({
    epoch,
    metrics: null,
    left: null,
    timeline: null,
    runFaults: [],
    oracle: initialOracle,
    recording: emptyRecording(),
    moments: [],
    stoppedAt: null,
    ...(clear ? { snapshot: null, selectedNode: null } : {}),
    ...run,
  });
  // A new run (not a restart of this one) makes "... is running instead" false.
  if (clear) labStore.setState((s) => ({ notices: s.notices.filter((n) => !n.untilNextRun) }));
}

export type SnapshotReply = Extract<FromWorker, { type: 'snapshot' }>;

/**
 * Shows a snapshot: the newest of those that arrived since the last frame, with the newest metrics among them
 * and every one's log (the diagram appends them all, in order).
 */
export function showSnapshot(
  message: SnapshotReply,
  metrics: MetricsReport | null,
  logs: readonly SnapshotLog[],
): void {
  const state = labStore.getState();
  if (message.epoch !== state.epoch) return;
  const freeze = import.meta.env.DEV ? deepFreeze : <T>(x: T) => x;
  let recording = state.recording;
  let runFaults = state.runFaults;
  for (const log of logs) {
    recording = appendLog(recording, log);
    if (log.faults.length > 0) runFaults = mergeFaults(runFaults, log.faults);
  }
  labStore.setState({
    snapshot: freeze(message.snapshot),
    playing: message.playing,
    speed: message.speed,
    timeline: message.timeline,
    recording,
    runFaults,
    ...(metrics ? { metrics: freeze(metrics) } : {}),
    ...storyFromSnapshot(state, message.story),
  });
}

export function setScenario(scenario: Scenario): void {
  labStore.setState({ scenario });
}

export function setSpeedShown(speed: number): void {
  labStore.setState({ speed });
}

/** The run forked at the cursor: the fault intervals after it belonged to the run left behind. */
export function setLeftRun(left: LeftRun): void {
  labStore.setState((s) => ({ left, runFaults: s.recording.faults }));
}

export function setWorkerHealth(worker: RunSlice['worker']): void {
  if (labStore.getState().worker !== worker) labStore.setState({ worker });
}

// ---------------------------------------------------------------- ui

export function setShowHeartbeats(show: boolean): void {
  labStore.setState({ showHeartbeats: show });
}

export function setLoseDiskOnCrash(lose: boolean): void {
  labStore.setState({ loseDiskOnCrash: lose });
}

export function selectNode(node: NodeId | null): void {
  labStore.setState({ selectedNode: node });
}

/** The selection there was when the pointer (or focus) came to rest on a node; undefined while nothing points. */
let selectionBeforePointing: NodeId | null | undefined;

/**
 * Pointing at a node (hovering or focusing its card, lane or an operation it served) selects it for as long as the
 * pointing lasts; {@link stopPointing} gives back the selection there was, so an anomaly's node stays selected
 * after the pointer passes over the graph.
 */
export function pointAtNode(node: NodeId): void {
  if (selectionBeforePointing === undefined) selectionBeforePointing = labStore.getState().selectedNode;
  selectNode(node);
}

export function stopPointing(): void {
  if (selectionBeforePointing === undefined) return;
  const back = selectionBeforePointing;
  selectionBeforePointing = undefined;
  selectNode(back);
}

export function selectKey(key: string | null): void {
  labStore.setState({ selectedKey: key });
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
