/**
 * The space-time diagram's memory, kept in the store's `recording` slice. Every snapshot carries what finished
 * since the previous one (the worker reads its message log: messages delivered or dropped, fault intervals that
 * started or ended), so this only appends: nothing is guessed from successive snapshots and nothing is polled.
 * After a load, a reset or a seek the worker sends a fresh start (`log.reset`) and the memory starts over.
 * Messages still in flight are not kept here: they are the snapshot's own (`flyingRecords`).
 */
import type { FaultInterval, LoggedMessage } from '../../sim/engine/messageLog.ts';
import type { MessageKind, NodeId } from '../../sim/types.ts';
import { MESSAGE_KIND_ORDER, type SnapshotLog, type ViewSnapshot } from '../../worker/protocol.ts';

export interface MessageRecord {
  readonly id: number;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly kind: MessageKind;
  readonly sentUs: number;
  readonly deliverUs: number;
  /** Where it ends: delivered at `deliverUs`, dropped at `endUs` (`position` of the way along), or still flying. */
  readonly status: 'flying' | 'delivered' | 'dropped';
  readonly endUs: number;
  readonly position: number;
}

export interface Interval {
  readonly startUs: number;
  readonly endUs: number | null;
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
  readonly version: number;
  /** Completed messages, oldest first, at most RING_SIZE. */
  readonly done: readonly MessageRecord[];
  /** Finished messages the worker left out of its snapshots (a flood) since the memory started over. */
  readonly skipped: number;
  /** The fault intervals as the worker logged them, oldest first (at most MAX_INTERVALS). */
  readonly faults: readonly FaultInterval[];
  readonly downs: readonly DownInterval[];
  readonly partitions: readonly PartitionInterval[];
}

export function emptyRecording(version = 0): Recording {
  return { version, done: [], skipped: 0, faults: [], downs: [], partitions: [] };
}

function finishedRecord(m: LoggedMessage): MessageRecord {
  return {
    id: m.id,
    from: m.from,
    to: m.to,
    kind: m.kind,
    sentUs: m.sentUs,
    deliverUs: m.endUs,
    status: m.dropped ? 'dropped' : 'delivered',
    endUs: m.endUs,
    position: m.position,
  };
}

/** The recording with one snapshot's log appended (the same object when the log holds nothing new). */
export function appendLog(recording: Recording, log: SnapshotLog): Recording {
  const base = log.reset ? emptyRecording(recording.version) : recording;
  if (!log.reset && log.messages.length === 0 && log.faults.length === 0 && log.skipped === 0)
    return recording;
  let done = base.done;
  if (log.messages.length > 0) {
    const added = log.messages.map(finishedRecord);
    done = [...done, ...added];
    if (done.length > RING_SIZE) done = done.slice(done.length - RING_SIZE);
  }
  const faults = log.faults.length > 0 ? mergeFaults(base.faults, log.faults) : base.faults;
  const intervals = faults === base.faults && !log.reset ? base : splitFaults(faults);
  return {
    version: recording.version + 1,
    done,
    skipped: base.skipped + log.skipped,
    faults,
    downs: intervals.downs,
    partitions: intervals.partitions,
  };
}

/** Intervals merged by id: a changed one replaces its older version (never the other way round). */
export function mergeFaults(
  known: readonly FaultInterval[],
  changed: readonly FaultInterval[],
): FaultInterval[] {
  const byId = new Map(known.map((f) => [f.id, f]));
  for (const f of changed) {
    const old = byId.get(f.id);
    if (!old || old.version <= f.version) byId.set(f.id, f);
  }
  const all = [...byId.values()].sort((a, b) => a.id - b.id);
  return all.length > MAX_INTERVALS ? all.slice(all.length - MAX_INTERVALS) : all;
}

function splitFaults(faults: readonly FaultInterval[]): Pick<Recording, 'downs' | 'partitions'> {
  const downs: DownInterval[] = [];
  const partitions: PartitionInterval[] = [];
  for (const f of faults) {
    if (f.fault === 'down' && f.node !== undefined)
      downs.push({ node: f.node, startUs: f.startUs, endUs: f.endUs });
    else if (f.groups)
      partitions.push({
        groups: f.groups,
        startUs: f.startUs,
        endUs: f.endUs,
        ...(f.fault === 'cut' ? { cut: true } : {}),
      });
  }
  return { downs, partitions };
}

/** The snapshot's messages in flight as records (a doomed one is drawn as dropping where it dies). */
export function flyingRecords(snapshot: ViewSnapshot | null): MessageRecord[] {
  if (!snapshot) return [];
  const m = snapshot.messages;
  const out: MessageRecord[] = [];
  for (let i = 0; i < m.count; i++)
    out.push({
      id: m.id[i] ?? 0,
      from: m.names[m.from[i] ?? 0] ?? '?',
      to: m.names[m.to[i] ?? 0] ?? '?',
      kind: MESSAGE_KIND_ORDER[m.kind[i] ?? 0] ?? 'request',
      sentUs: m.sentAt[i] ?? snapshot.nowUs,
      deliverUs: m.deliverAt[i] ?? snapshot.nowUs,
      status: (m.doomed[i] ?? 0) > 0 ? 'dropped' : 'flying',
      endUs: m.deliverAt[i] ?? snapshot.nowUs,
      position: 1,
    });
  return out;
}
