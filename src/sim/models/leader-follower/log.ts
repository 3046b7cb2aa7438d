/**
 * A leader-follower node's log with compaction (Raft section 7). The node keeps its log only after a snapshot
 * point: the snapshot holds the index, term and leader of the last entry it covers, the data as of it (each
 * key's latest write, with the op that wrote it) and the epochs of the entries it covers (where each run of one
 * term and leader starts), so the consistency check still knows the epoch at every index. Log positions stay
 * absolute: the entry at index i is `log[i - snap.index - 1]`.
 *
 * What is compacted: entries that are committed and applied, less a margin (`keep`) so that ordinary lag never
 * needs a snapshot; the leader also keeps what some follower has not matched yet, up to `retain` entries (a
 * follower further behind, or one that lost its disk, gets the snapshot: InstallSnapshot, snapshot.ts).
 *
 * Lost writes and the snapshot. An entry compacted into a snapshot is no longer an entry: the snapshot keeps only
 * each key's latest write. Under majority failover committed entries are never truncated, so nothing compacted is
 * ever discarded. Under the unsafe modes (asynchronous acknowledgement with manual or naive failover) a later
 * truncation can reach behind the snapshot point; the node then discards its whole state (it cannot cut a
 * snapshot in two) and reports, for the compacted part, the snapshot's latest write of each key, as an entry at
 * that write's index and epoch: writes that a later write of the same key had overwritten within the compacted
 * part are not reported. Every scenario the presets and tests run stays below `keep`, so their reports are exact.
 */
import type { NodeId } from '../../types.ts';
import type { ConfigPoint, LogEntry } from './messages.ts';

/**
 * How much log a node keeps. Tests lower these to compact early, or set `keep` to Infinity to turn compaction
 * off and compare the two runs; a node compacts once `every` entries beyond the margin have piled up.
 */
export const LOG_LIMITS = { keep: 2_000, retain: 20_000, every: 256 };

/**
 * A key's value as a node's state machine holds it: the latest write applied, by its log index (the version the
 * node reports). A log entry is one: a node applying an entry keeps the entry itself, which every node holding it
 * shares, rather than a cell of its own (two allocations per write and node, 16 bytes an event in the
 * leader-follower bench).
 */
export interface DataCell {
  readonly value: string;
  /** The write's log index. */
  readonly index: number;
}

/** A key's latest write as a snapshot keeps it. */
export interface SnapshotCell extends DataCell {
  readonly op: number;
}

export interface Epoch {
  readonly term: number;
  readonly leader: NodeId;
}

/** Where a run of entries of one epoch starts. */
export interface EpochRun extends Epoch {
  readonly from: number;
}

export interface LfSnapshot {
  /** The last index the snapshot covers (0: none). */
  index: number;
  term: number;
  leader: NodeId;
  readonly data: Map<string, SnapshotCell>;
  /** The epochs of the covered entries, oldest first (a new run at each change of term or leader). */
  readonly epochs: EpochRun[];
  /** The latest configuration entry covered (null: none). */
  config: ConfigPoint | null;
}

export function emptySnapshot(): LfSnapshot {
  return { index: 0, term: 0, leader: '', data: new Map(), epochs: [], config: null };
}

/** The part of a node's state the log helpers read. */
export interface LogHolder {
  log: LogEntry[];
  snap: LfSnapshot;
}

export function lastIndex(n: LogHolder): number {
  return n.snap.index + n.log.length;
}

/** The entry at index i, if the log holds it (not compacted, not past the end). */
export function entryAt(n: LogHolder, i: number): LogEntry | undefined {
  return i > n.snap.index ? n.log[i - n.snap.index - 1] : undefined;
}

const NO_EPOCH: Epoch = { term: 0, leader: '' };

/** The epoch of the entry at index i, compacted or not (term 0 before the first entry or past the end). */
export function epochAt(n: LogHolder, i: number): Epoch {
  if (i > n.snap.index) return n.log[i - n.snap.index - 1] ?? NO_EPOCH;
  if (i <= 0) return NO_EPOCH;
  return runAt(n.snap.epochs, i) ?? NO_EPOCH;
}

/** The run of compacted epochs that holds index i. */
export function runAt(epochs: readonly EpochRun[], i: number): EpochRun | undefined {
  let lo = 0;
  let hi = epochs.length - 1;
  let found: EpochRun | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const run = epochs[mid] as EpochRun;
    if (run.from <= i) {
      found = run;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

export function sameEpoch(a: Epoch, b: Epoch): boolean {
  return a.term === b.term && a.leader === b.leader;
}

/** compactTo's scratch: each key's latest write among the entries compacted (empty between calls). */
const latestOf = new Map<string, LogEntry>();

/**
 * Compacts the log up to index `upTo` (at most its last index) into the snapshot. The snapshot keeps each key's
 * latest write: found walking back from the last entry compacted, each key is set once per compaction, where a
 * walk forward set it (a new cell and a map update) at every write, most of them overwritten a few entries later
 * (the leader-follower bench: 256 entries and 5 keys per compaction, 3.9% of its CPU profile in compactTo).
 * `keys` bounds how many keys the entries compacted write (a node's state machine holds every key its applied
 * entries wrote): once the walk back has found that many, no entry before can be a key's latest, and it stops
 * (in the bench after some 15 of the 256 entries: a map lookup per entry was 1.2% of the profile).
 */
export function compactTo(n: LogHolder, upTo: number, keys = Number.POSITIVE_INFINITY): void {
  const snap = n.snap;
  const count = upTo - snap.index;
  if (count <= 0) return;
  let fresh = false;
  for (let k = count - 1; k >= 0; k--) {
    const e = n.log[k] as LogEntry;
    if (e.op === 0 || latestOf.has(e.key)) continue;
    latestOf.set(e.key, e);
    if (!snap.data.has(e.key)) fresh = true;
    if (latestOf.size >= keys) break;
  }
  // A key new to the snapshot takes its place in the data's order at its first write compacted, as it did.
  if (fresh)
    for (let k = 0; k < count; k++) {
      const e = n.log[k] as LogEntry;
      if (e.op !== 0 && !snap.data.has(e.key)) snap.data.set(e.key, cellOf(latestOf.get(e.key) as LogEntry));
    }
  for (const [key, e] of latestOf) snap.data.set(key, cellOf(e));
  latestOf.clear();
  for (let k = 0; k < count; k++) {
    const e = n.log[k] as LogEntry;
    if (e.config) snap.config = { index: e.index, nodes: e.config };
    const last = snap.epochs[snap.epochs.length - 1];
    if (!last || !sameEpoch(last, e)) snap.epochs.push({ from: e.index, term: e.term, leader: e.leader });
  }
  const lastEntry = n.log[count - 1] as LogEntry;
  snap.index = upTo;
  snap.term = lastEntry.term;
  snap.leader = lastEntry.leader;
  n.log.splice(0, count);
}

/** The snapshot's cell for a write. */
function cellOf(e: LogEntry): SnapshotCell {
  return { value: e.value, index: e.index, op: e.op };
}

/** The latest configuration in the node's log or snapshot (null: none, the bootstrap configuration holds). */
export function latestConfig(n: LogHolder): ConfigPoint | null {
  for (let k = n.log.length - 1; k >= 0; k--) {
    const e = n.log[k] as LogEntry;
    if (e.config) return { index: e.index, nodes: e.config };
  }
  return n.snap.config;
}

/** The snapshot's latest writes as the entries they were: what a node reports when it discards a snapshot. */
export function snapshotWrites(snap: LfSnapshot): LogEntry[] {
  const out: LogEntry[] = [];
  for (const [key, cell] of snap.data) {
    const epoch = runAt(snap.epochs, cell.index) ?? NO_EPOCH;
    out.push({
      index: cell.index,
      term: epoch.term,
      leader: epoch.leader,
      key,
      value: cell.value,
      op: cell.op,
    });
  }
  return out;
}
