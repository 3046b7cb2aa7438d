/**
 * The simulation worker's wire protocol (the compare and staleness workers have their own files beside this
 * one): what the page's client (src/app/worker/simClient.ts) and the host (host.ts) say to each other. Both
 * sides switch over these unions exhaustively (a `never` default), so adding a message type is a compile error
 * until both sides handle it.
 *
 * Every reply carries the `epoch` of the `load` that started the run it belongs to: after a new load the UI
 * drops replies from the previous run that were already in flight. `alive`, the worker's heartbeat, belongs to
 * no run.
 */

import type { MetricsReport } from '../sim/analysis/metrics.ts';
import type { Moment } from '../sim/analysis/moments.ts';
import type { FaultInterval, LoggedMessage } from '../sim/engine/messageLog.ts';
import type { Verdict } from '../sim/oracle/linearizability.ts';
import type { Anomaly, AnomalyKind } from '../sim/oracle/oracle.ts';
import type { Action, Scenario } from '../sim/scenarios/schema.ts';
import type { DropReason, MessageKind, Snapshot } from '../sim/types.ts';

/**
 * The in-flight messages of a snapshot, in columns: one typed array per field, endpoints as indexes into
 * `names`. A busy cluster has well over a thousand messages in flight; as objects they were nine tenths of the
 * cost of every snapshot crossing to the page (structured clone on both sides, and the garbage it leaves),
 * while the typed arrays are transferred without a copy. Only the message dots read them.
 */
export interface PackedMessages {
  readonly count: number;
  readonly id: Float64Array;
  readonly sentAt: Float64Array;
  readonly deliverAt: Float64Array;
  /** Indexes into `names`. */
  readonly from: Uint16Array;
  readonly to: Uint16Array;
  /** Indexes into MESSAGE_KIND_ORDER. */
  readonly kind: Uint8Array;
  /** 0: delivered as sent; otherwise 1 + the index of its DropReason in DOOM_ORDER. */
  readonly doomed: Uint8Array;
  /** Node ids, then client ids, in the snapshot's order (so the table is the same all through a run). */
  readonly names: readonly string[];
  /** Every message's label, joined; message i's is `labels.slice(labelEnd[i - 1] ?? 0, labelEnd[i])`. */
  readonly labels: string;
  readonly labelEnd: Uint32Array;
}

/** The worker posts `alive` this often; the page takes 3 s of silence while it expects traffic as a dead worker. */
export const HEARTBEAT_MS = 1000;

/** At most this many in-flight messages ride on one snapshot; the rest are counted by kind (`messagesOmitted`). */
export const MAX_MESSAGES_IN_SNAPSHOT = 10_000;
/** At most this many finished messages ride on one snapshot's log (the newest); `skipped` counts the rest. */
export const MAX_FINISHED_IN_SNAPSHOT = 2000;

/**
 * What finished since the previous snapshot: the messages delivered or dropped, and the fault intervals that
 * started or ended. The space-time diagram appends them. After a load, a reset or a seek (`reset`), it holds
 * instead the newest messages the run's log still has and every fault interval: the view starts over from it.
 */
export interface SnapshotLog {
  readonly reset: boolean;
  /** Oldest first. */
  readonly messages: readonly LoggedMessage[];
  /** Finished messages left out: over MAX_FINISHED_IN_SNAPSHOT, or gone from the log's ring. */
  readonly skipped: number;
  /** Intervals that started or ended (a changed one again, whole: merge by `id`). */
  readonly faults: readonly FaultInterval[];
}

/** The run as an axis: how far this branch has got, a seek under way, and whether the run forked. */
export interface RunTimeline {
  /** The furthest simulated time this branch of the run has reached: a scrubber spans 0..runEndUs. */
  readonly runEndUs: number;
  /** A seek under way (its snapshots are progress), or null. */
  readonly seeking: { readonly fromUs: number; readonly toUs: number } | null;
  /** The `requestId` of the latest seek the worker took up (finished, under way or cancelled); 0: none. */
  readonly seekRequest: number;
  /** How many checkpoints the worker holds (bounded: they are thinned as the run grows). */
  readonly checkpoints: number;
}

/** The run's story: whether playback stops at key moments, the moments found on this branch, the stop shown. */
export interface StoryView {
  /** Story mode (stops at key moments) or free mode (plays through). */
  readonly on: boolean;
  /** Every key moment found on this branch so far, in time order (the scrubber marks them). */
  readonly moments: readonly Moment[];
  /** The moments playback is stopped at now (several when they share an instant), or null. */
  readonly stopped: readonly Moment[] | null;
}

/** A snapshot as the page receives it: the core's, with its messages packed. */
export type ViewSnapshot = Omit<Snapshot, 'messages'> & { readonly messages: PackedMessages };

const KIND_CODES: Record<MessageKind, number> = {
  request: 0,
  replicate: 1,
  ack: 2,
  read: 3,
  response: 4,
  heartbeat: 5,
  vote: 6,
};
export const MESSAGE_KIND_ORDER: readonly MessageKind[] = (Object.keys(KIND_CODES) as MessageKind[]).sort(
  (a, b) => KIND_CODES[a] - KIND_CODES[b],
);
export const DOOM_ORDER: readonly DropReason[] = ['loss', 'partition', 'crashed'];

export function kindCode(kind: MessageKind): number {
  return KIND_CODES[kind];
}

/** Message i's label, cut out of the joined labels. */
export function messageLabel(messages: PackedMessages, i: number): string {
  return messages.labels.slice(i > 0 ? (messages.labelEnd[i - 1] ?? 0) : 0, messages.labelEnd[i] ?? 0);
}

/** UI -> worker. */
export type ToWorker =
  | {
      readonly type: 'load';
      readonly epoch: number;
      readonly scenario: Scenario;
      /** Run to this simulated time (in bounded batches) and pause there. */
      readonly seekToUs?: number | null;
      readonly play: boolean;
    }
  | { readonly type: 'play' }
  | { readonly type: 'pause' }
  | { readonly type: 'step' }
  | { readonly type: 'setSpeed'; readonly simMsPerSec: number }
  /** Story mode on (playback stops at each key moment, see `moment`) or off (free: it plays through). */
  | { readonly type: 'setStory'; readonly on: boolean }
  /** Resume playback after a stop at a key moment (the same as `play`). */
  | { readonly type: 'continue' }
  | { readonly type: 'action'; readonly action: Action }
  /**
   * Show the run at `toUs` (any moment of it so far, or further on: the run goes forward), paused there. The
   * worker replays from its nearest checkpoint at or before `toUs`, in bounded slices with progress; an action
   * taken while the cursor is before the run's end forks the run there (see `forked`).
   */
  | { readonly type: 'seek'; readonly toUs: number; readonly requestId: number }
  /** Stop a seek under way: the run stays paused where the seek got to. */
  | { readonly type: 'cancelSeek' }
  /** Back to t = 0 as a new run: everything after it is tagged with `epoch` (the page forgets the old run's). */
  | { readonly type: 'reset'; readonly keepActions: boolean; readonly epoch: number }
  /**
   * Flow control: the UI has taken `count` snapshots off the wire (rendered, or dropped as superseded). While
   * playing, the worker keeps at most a couple of snapshots unacknowledged, so a page that renders slower than
   * the worker simulates is never buried under stale frames it would only deserialize and throw away.
   * `costMs`: the wall ms the page's main thread spent reading and applying the latest snapshot (its render
   * included); playback spaces snapshots by it (`SnapshotPacer`, simCore.ts).
   */
  | { readonly type: 'rendered'; readonly count: number; readonly costMs?: number }
  /**
   * The nodes the page shows in full (the replica panel's). On a cluster of more than FULL_DETAIL_NODES, every
   * other node's keys are left out of snapshots (`dataOmitted` says how many): a thousand nodes' data would
   * make each snapshot megabytes.
   */
  | { readonly type: 'detail'; readonly nodes: readonly string[] }
  /** Run the consistency oracle (every checker) over the current run's history; answered by `checked`. */
  | { readonly type: 'check'; readonly requestId: number }
  /** The current run's history as text (a JSON report or a Jepsen EDN history); answered by `exported`. */
  | { readonly type: 'exportHistory'; readonly requestId: number; readonly format: HistoryFormat };

export type HistoryFormat = 'json' | 'edn';

/**
 * Untrusted text for the worker to read as a scenario: a share link's fragment (`s=...`, maybe `&t=...`) or a
 * scenario file. The page loads neither the schema nor the decompressor: the worker reads it (src/codec) and
 * answers `decoded` with the scenario or the same message the codec gives.
 */
export type ScenarioInput =
  | { readonly kind: 'link'; readonly hash: string }
  /** `source` names the file in messages (`"my run.json"`). */
  | { readonly kind: 'file'; readonly text: string; readonly source: string };

export type Decoded =
  | { readonly ok: true; readonly scenario: Scenario; readonly atUs: number | null }
  | { readonly ok: false; readonly error: string };

/**
 * UI -> worker, everything: the host's commands (`ToWorker`) and what the worker's entry answers itself, before
 * any code they need is loaded (src/worker/inbox.ts); later messages wait behind them, in order.
 */
export type ToSimWorker =
  | ToWorker
  /** `load` of a built-in preset by id: the worker loads the presets' definitions (the page has only their catalog). */
  | { readonly type: 'loadPreset'; readonly epoch: number; readonly id: string; readonly play: boolean }
  /** Read untrusted text as a scenario (nothing is loaded); answered by `decoded`. */
  | { readonly type: 'decode'; readonly requestId: number; readonly input: ScenarioInput }
  /**
   * The page's address fragment as it opened, sent as the worker starts: fetch the code of the preset it names
   * (src/worker/prefetch.ts) before the page asks for it. Not answered; a hint, nothing runs.
   */
  | { readonly type: 'prefetch'; readonly hash: string };

/** An operation an anomaly names first (the read that was stale, the write that was lost...). */
export interface FlaggedOp {
  readonly op: number;
  readonly kind: AnomalyKind;
}

/** Anomalies listed in a `checked` message: the panel shows as many, the counts tell the rest. */
export const MAX_ANOMALIES_SENT = 200;
export const MAX_FLAGGED_SENT = 1000;

/** Worker -> UI. */
export type FromWorker =
  | {
      readonly type: 'snapshot';
      readonly epoch: number;
      readonly snapshot: ViewSnapshot;
      readonly playing: boolean;
      /** Simulated milliseconds per wall-clock second. */
      readonly speed: number;
      /**
       * The run's metrics at this snapshot's time: on every still snapshot (paused, stepped, after an action or
       * a seek) and a few times a second during playback; absent on the frames in between.
       */
      readonly metrics?: MetricsReport;
      /** What finished since the previous snapshot (the space-time diagram appends it). */
      readonly log: SnapshotLog;
      readonly timeline: RunTimeline;
      /** The story: its mode, the key moments found so far, and the one playback is stopped at. */
      readonly story?: StoryView;
    }
  /**
   * Story mode stopped playback at a key moment: the snapshot that follows shows the run at exactly
   * `moment.atUs`, paused. `alongside`: other moments of the same instant. `continue` resumes.
   */
  | {
      readonly type: 'moment';
      readonly epoch: number;
      readonly moment: Moment;
      readonly alongside: readonly Moment[];
    }
  /**
   * An action taken in the past forked the run at `atUs`: the later user actions and checkpoints are gone, and
   * the run the user left is kept here whole, so the page can offer to go back to it (a load at its end).
   */
  | {
      readonly type: 'forked';
      readonly epoch: number;
      readonly atUs: number;
      readonly left: { readonly scenario: Scenario; readonly endUs: number };
    }
  /** The worker's heartbeat, at least once a second while its thread is alive, whatever it is doing. */
  | { readonly type: 'alive' }
  /** The answer to `decode`; it belongs to no run (the page loads the scenario, or not, afterwards). */
  | { readonly type: 'decoded'; readonly requestId: number; readonly result: Decoded }
  /** The recorded scenario (with the user's actions in its timeline), sent whenever the timeline changes. */
  | { readonly type: 'scenario'; readonly epoch: number; readonly scenario: Scenario }
  | { readonly type: 'error'; readonly epoch: number; readonly message: string }
  /**
   * The consistency oracle's answer: to a `check` request, or (requestId 0) pushed as the run goes, a few times
   * a second while playing and at once when it pauses, steps or takes an action.
   */
  | {
      readonly type: 'checked';
      readonly epoch: number;
      /** The `check` request answered; 0 for a live update. */
      readonly requestId: number;
      /** Simulated time the history was checked at. */
      readonly nowUs: number;
      /**
       * At most MAX_ANOMALIES_SENT anomalies in time order: all of them, or the first and the latest half each,
       * `gapAt` being how many come before the ones left out (see `total` and `counts` for those).
       */
      readonly anomalies: readonly Anomaly[];
      readonly gapAt: number | null;
      /** How many anomalies of the oracle's list are not in `anomalies` (those of a long run's middle included). */
      readonly leftOut: number;
      /** Anomalies counted by kind, summed (the sum of `counts`). */
      readonly total: number;
      /** Distinct operations the anomalies are about (a read with two labels counts once; see oracleCounts.ts). */
      readonly anomalousOps: number;
      /** Anomalies about no single operation: conflicts, windows that cannot be linearized, divergent keys. */
      readonly otherAnomalies: number;
      readonly counts: Readonly<Partial<Record<AnomalyKind, number>>>;
      /** The operation each of the latest MAX_FLAGGED_SENT anomalies is about (its first), for the timeline. */
      readonly flagged: readonly FlaggedOp[];
      readonly linearizability: Verdict;
      /** The verdict in words, with the operations named ("not linearizable: w1, r2 on account_123"). */
      readonly verdictText: string;
    }
  | {
      readonly type: 'exported';
      readonly epoch: number;
      readonly requestId: number;
      readonly format: HistoryFormat;
      readonly text: string;
    };

export type ToWorkerType = ToWorker['type'];
export type FromWorkerType = FromWorker['type'];
