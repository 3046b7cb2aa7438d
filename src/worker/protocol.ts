/**
 * The one wire protocol between the UI thread and the simulation worker. Both sides switch over these unions
 * exhaustively (a `never` default), so adding a message type is a compile error until both sides handle it.
 *
 * Every reply carries the `epoch` of the `load` that started the run it belongs to: after a new load the UI
 * drops replies from the previous run that were already in flight.
 */
import type { Action, Scenario } from '../sim/scenario.ts';
import type { Snapshot } from '../sim/types.ts';

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
  | { readonly type: 'action'; readonly action: Action }
  | { readonly type: 'reset'; readonly keepActions: boolean }
  /**
   * Flow control: the UI has taken `count` snapshots off the wire (rendered, or dropped as superseded). While
   * playing, the worker keeps at most a couple of snapshots unacknowledged, so a page that renders slower than
   * the worker simulates is never buried under stale frames it would only deserialize and throw away.
   */
  | { readonly type: 'rendered'; readonly count: number };

/** Worker -> UI. */
export type FromWorker =
  | {
      readonly type: 'snapshot';
      readonly epoch: number;
      readonly snapshot: Snapshot;
      readonly playing: boolean;
      /** Simulated milliseconds per wall-clock second. */
      readonly speed: number;
    }
  /** The recorded scenario (with the user's actions in its timeline), sent whenever the timeline changes. */
  | { readonly type: 'scenario'; readonly epoch: number; readonly scenario: Scenario }
  | { readonly type: 'error'; readonly epoch: number; readonly message: string };

export type ToWorkerType = ToWorker['type'];
export type FromWorkerType = FromWorker['type'];
