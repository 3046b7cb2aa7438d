/**
 * The space-time diagram's memory. Snapshots carry only in-flight messages and recent drops, so this module
 * watches every applied snapshot (a store subscription: a few hundred packed messages per frame at most) and
 * keeps what it saw: a message seen in flight and then gone was delivered at its `deliverAt`, unless it is in
 * `snapshot.drops` (or was doomed), in which case it died. Crash and partition intervals are read off
 * successive snapshots the same way. Everything resets when a run is loaded or reset (epoch change, or the
 * clock going back).
 */
import type { MessageKind, NodeId } from '../../sim/types.ts';
import { MESSAGE_KIND_ORDER, type ViewSnapshot } from '../../worker/protocol.ts';
import { type LabState, labStore } from '../store.ts';

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

function clear(): void {
  recording.done.length = 0;
  recording.flying.clear();
  recording.downs.length = 0;
  recording.partitions.length = 0;
  partitionKey = '';
  recording.version++;
}

function finish(record: MessageRecord): void {
  recording.done.push(record);
  if (recording.done.length > RING_SIZE) recording.done.splice(0, recording.done.length - RING_SIZE);
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
    const open = recording.partitions.at(-1);
    if (open && open.endUs === null) open.endUs = now;
    if (groups.length > 0) {
      recording.partitions.push({ groups, startUs: now, endUs: null });
      trim(recording.partitions);
    }
  }
  recording.version++;
}

function onState(state: LabState): void {
  const snapshot = state.snapshot;
  if (!snapshot || snapshot === lastSnapshot) return;
  lastSnapshot = snapshot;
  observe(snapshot, state.epoch);
}

let started = false;

/** Starts recording (idempotent); called when the diagram module loads, before the first snapshot. */
export function startRecording(): void {
  if (started) return;
  started = true;
  onState(labStore.getState());
  labStore.subscribe(onState);
}
