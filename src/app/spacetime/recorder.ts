/**
 * The space-time diagram's memory. Snapshots carry only in-flight messages and recent drops, so this module
 * watches every applied snapshot (a store subscription: a few hundred packed messages per frame at most) and
 * keeps what it saw: a message seen in flight and then gone was delivered at its `deliverAt`, unless it is in
 * `snapshot.drops` (or was doomed), in which case it died. Crash and partition intervals are read off
 * successive snapshots the same way. That alone misses what no snapshot showed (a link opened at t = 5 s, or
 * messages sent and delivered between two frames at high speed), so the diagram also polls the worker's message
 * log (`pollLog`): the messages finished since the last answer, and the fault intervals, merged in by id.
 * Everything resets when a run is loaded or reset (epoch change, or the clock going back).
 */
import type { MessageKind, NodeId } from '../../sim/types.ts';
import { MESSAGE_KIND_ORDER, type ViewSnapshot } from '../../worker/protocol.ts';
import { type LabState, type LogReply, labStore, onLogReply, requestMessageLog } from '../store.ts';

export interface MessageRecord {
  readonly id: number;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly kind: MessageKind;
  readonly sentUs: number;
  readonly deliverUs: number;
  /** Where it ends: delivered at `deliverUs`, dropped at `endUs` (`position` of the way along), or still flying. */
  status: 'flying' | 'delivered' | 'dropped';
  endUs: number;
  position: number;
}

export interface Interval {
  readonly startUs: number;
  endUs: number | null;
}

export interface DownInterval extends Interval {
  readonly node: NodeId;
}

export interface PartitionInterval extends Interval {
  readonly groups: readonly (readonly NodeId[])[];
  /** One link cut (between two nodes or regions) rather than a partition of the cluster. */
  readonly cut?: boolean;
}

export const RING_SIZE = 2000;
const MAX_INTERVALS = 200;

export interface Recording {
  /** Bumped on every change, for views that poll. */
  version: number;
  /** Completed messages, oldest first, at most RING_SIZE. */
  readonly done: MessageRecord[];
  readonly flying: Map<number, MessageRecord>;
  readonly downs: DownInterval[];
  readonly partitions: PartitionInterval[];
}

export const recording: Recording = { version: 0, done: [], flying: new Map(), downs: [], partitions: [] };

let lastEpoch = -1;
let lastNowUs = -1;
let lastSnapshot: ViewSnapshot | null = null;
let partitionKey = '';
/** The messages in `done` by id, so a message both seen and logged is kept once (the log's account wins). */
const doneIds = new Map<number, MessageRecord>();
/** Off while the diagram is out of view: snapshots are not diffed (the log fills the gap when it is back). */
let active = true;
/** The log has been read up to this completion time; bumped on every reset so stale answers are dropped. */
let loggedUpTo = -1;
let generation = 0;
let nextRequest = 1;
let pending: { id: number; generation: number; sentAt: number } | null = null;

function clear(): void {
  recording.done.length = 0;
  recording.flying.clear();
  recording.downs.length = 0;
  recording.partitions.length = 0;
  doneIds.clear();
  partitionKey = '';
  loggedUpTo = -1;
  generation++;
  pending = null;
  recording.version++;
}

function finish(record: MessageRecord): void {
  if (doneIds.has(record.id)) return;
  doneIds.set(record.id, record);
  recording.done.push(record);
  trimDone();
}

function trimDone(): void {
  if (recording.done.length <= RING_SIZE) return;
  for (const r of recording.done.splice(0, recording.done.length - RING_SIZE)) doneIds.delete(r.id);
}

function trim<T>(list: T[]): void {
  if (list.length > MAX_INTERVALS) list.splice(0, list.length - MAX_INTERVALS);
}

/** Folds one snapshot into the recording. Exported for tests. */
export function observe(snapshot: ViewSnapshot, epoch: number): void {
  const now = snapshot.nowUs;
  if (epoch !== lastEpoch || now < lastNowUs) clear();
  lastEpoch = epoch;
  lastNowUs = now;

  const m = snapshot.messages;
  const seen = new Set<number>();
  for (let i = 0; i < m.count; i++) {
    const id = m.id[i] ?? 0;
    seen.add(id);
    if (recording.flying.has(id)) continue;
    recording.flying.set(id, {
      id,
      from: m.names[m.from[i] ?? 0] ?? '?',
      to: m.names[m.to[i] ?? 0] ?? '?',
      kind: MESSAGE_KIND_ORDER[m.kind[i] ?? 0] ?? 'request',
      sentUs: m.sentAt[i] ?? now,
      deliverUs: m.deliverAt[i] ?? now,
      status: (m.doomed[i] ?? 0) > 0 ? 'dropped' : 'flying',
      endUs: m.deliverAt[i] ?? now,
      position: 1,
    });
  }
  let drops: Map<number, { at: number; position: number }> | null = null;
  for (const [id, record] of recording.flying) {
    if (seen.has(id)) continue;
    recording.flying.delete(id);
    if (!drops) drops = new Map(snapshot.drops.map((d) => [d.id, { at: d.at, position: d.position }]));
    const drop = drops.get(id);
    if (drop) {
      record.status = 'dropped';
      record.endUs = drop.at;
      record.position = drop.position;
    } else if (record.status === 'dropped') {
      // Doomed: it died at its deliverAt.
      record.endUs = record.deliverUs;
    } else {
      record.status = 'delivered';
      record.endUs = record.deliverUs;
    }
    finish(record);
  }

  for (const node of snapshot.nodes) {
    let open: DownInterval | undefined;
    for (let i = recording.downs.length - 1; i >= 0; i--) {
      const d = recording.downs[i];
      if (d && d.node === node.id && d.endUs === null) {
        open = d;
        break;
      }
    }
    if (!node.up && !open) {
      recording.downs.push({ node: node.id, startUs: now, endUs: null });
      trim(recording.downs);
    } else if (node.up && open) open.endUs = now;
  }

  const groups = snapshot.network.partition;
  const key = JSON.stringify(groups);
  if (key !== partitionKey) {
    partitionKey = key;
    const open = recording.partitions.findLast((p) => !p.cut && p.endUs === null);
    if (open) open.endUs = now;
    if (groups.length > 0) {
      recording.partitions.push({ groups, startUs: now, endUs: null });
      trim(recording.partitions);
    }
  }
  recording.version++;
}

/** Turns snapshot diffing on or off (the diagram is in view or not). */
export function setRecorderActive(on: boolean): void {
  if (on === active) return;
  active = on;
  // Back in view: what was in flight when it left is long gone; the log will say how each message ended.
  if (on) recording.flying.clear();
}

function onState(state: LabState): void {
  const snapshot = state.snapshot;
  if (!snapshot || snapshot === lastSnapshot) return;
  if (!active && state.epoch === lastEpoch && snapshot.nowUs >= lastNowUs) return;
  lastSnapshot = snapshot;
  observe(snapshot, state.epoch);
}

/**
 * Merges an answer of the worker's message log: messages not recorded yet (oldest first), and the fault
 * intervals, which replace the ones read off snapshots (the worker saw every change). Exported for tests.
 */
export function absorbLog(reply: Pick<LogReply, 'messages' | 'faults'>): void {
  let added = false;
  for (const m of reply.messages) {
    if (m.endUs > loggedUpTo) loggedUpTo = m.endUs;
    const status = m.dropped ? 'dropped' : 'delivered';
    const seen = doneIds.get(m.id);
    if (seen) {
      // Guessed from snapshots (a message gone from one frame to the next); the log knows how it ended.
      seen.status = status;
      seen.endUs = m.endUs;
      seen.position = m.position;
      continue;
    }
    recording.flying.delete(m.id);
    const record: MessageRecord = {
      id: m.id,
      from: m.from,
      to: m.to,
      kind: m.kind,
      sentUs: m.sentUs,
      deliverUs: m.endUs,
      status,
      endUs: m.endUs,
      position: m.position,
    };
    doneIds.set(m.id, record);
    recording.done.push(record);
    added = true;
  }
  if (added) {
    recording.done.sort((a, b) => a.endUs - b.endUs || a.id - b.id);
    trimDone();
  }
  recording.downs.length = 0;
  recording.partitions.length = 0;
  for (const f of reply.faults) {
    if (f.fault === 'down' && f.node !== undefined)
      recording.downs.push({ node: f.node, startUs: f.startUs, endUs: f.endUs });
    else if (f.groups)
      recording.partitions.push({
        groups: f.groups,
        startUs: f.startUs,
        endUs: f.endUs,
        ...(f.fault === 'cut' ? { cut: true } : {}),
      });
  }
  trim(recording.downs);
  trim(recording.partitions);
  const open = recording.partitions.findLast((p) => !p.cut && p.endUs === null);
  partitionKey = JSON.stringify(open ? open.groups : []);
  recording.version++;
  // A paused run sends no snapshot that would redraw the diagram: say so directly.
  for (const listener of changeListeners) listener();
}

const changeListeners = new Set<() => void>();

/** Calls `listener` whenever the worker's log filled in the recording (returns the unsubscribe function). */
export function onRecordingFilled(listener: () => void): () => void {
  changeListeners.add(listener);
  return () => changeListeners.delete(listener);
}

/** Asks the worker for what finished since the last answer (one request at a time; a lost one expires). */
export function pollLog(wallNowMs: number): void {
  if (pending && wallNowMs - pending.sentAt < 2000) return;
  pending = { id: nextRequest++, generation, sentAt: wallNowMs };
  requestMessageLog(pending.id, loggedUpTo);
}

function onLog(reply: LogReply): void {
  if (!pending || reply.requestId !== pending.id) return;
  const stale = pending.generation !== generation;
  pending = null;
  if (!stale) absorbLog(reply);
}

let started = false;

/** Starts recording (idempotent); called when the diagram module loads, before the first snapshot. */
export function startRecording(): void {
  if (started) return;
  started = true;
  onState(labStore.getState());
  labStore.subscribe(onState);
  onLogReply(onLog);
}
