/**
 * A multi-leader node's change log, indexed by origin so that anti-entropy costs what the asker misses, not the
 * whole log, and trimmed so that a run of any length keeps a bounded log.
 *
 * Each origin's changes are applied in sequence order and exactly once, so a node holds them as one contiguous
 * run per origin, each change beside its log position (the order in which the node applied it, a causal order).
 * Answering a sync request merges the origins' missing suffixes by log position and takes the first batch: the
 * same changes, in the same order, as filtering the whole log would give.
 *
 * Applying a change only writes it into the next slot of the node's `fresh` list (which keeps its room between
 * reads): it goes to its origin's run when the runs are next read (a sync request, a trim, a state transfer), in
 * order, with the position it had. Most nodes are asked for nothing most of the time (a follower nobody syncs
 * from, or a leader between two requests), and one write per change applied costs a fraction of the run's two,
 * and of the lookups to find it.
 *
 * Trimming: a node drops a change once every node that syncs from it has applied it (it learns what they have
 * from their sync requests' `have` vectors), keeping the latest `keep` changes all the same, so a syncer whose
 * request crossed a change in flight never finds it gone. A syncer that never asked is waited for, but only up
 * to `retain` changes: past that the oldest go anyway. A node that asks for changes already trimmed (it lost its
 * disk, joined late, or fell that far behind) gets a state transfer instead (state.ts).
 */
import type { NodeId } from '../../types.ts';
import { type DenseVector, denseEntry, EMPTY_DENSE, withDenseEntry } from '../shared/denseVector.ts';
import type { Change } from './messages.ts';

/**
 * How much of its log a node keeps (see above). Tests lower these to trim early, or set `keep` to Infinity to
 * turn trimming off and compare the two runs; `every` is how many applied changes pass between trims.
 */
export const CHANGE_LOG_LIMITS = { keep: 2_000, retain: 20_000, every: 256 };

/** One origin's changes this node still holds: sequence numbers `from`, `from + 1`, ... from index `head`. */
interface OriginRun {
  /** The origin's actor index (its entry in vectors). */
  readonly origin: number;
  /**
   * The changes at indexes `head .. end - 1`. The lists keep their length past `end` (the slots after it empty)
   * when a trimmed prefix is spliced out: shortening them would give their room back, and the next change would
   * copy the whole run into a new list.
   */
  readonly changes: (Change | undefined)[];
  /** Each change's log position. */
  readonly positions: number[];
  /** The index of the first change still held: the ones before it are trimmed (spliced out now and then). */
  head: number;
  /** The index after the last change held. */
  end: number;
}

export interface ChangeLog {
  /**
   * Each origin's run by its actor index (an array rather than a map: it is read for every change applied, and
   * actor indexes are small and dense). Holes are origins the node holds nothing of.
   */
  readonly byOrigin: (OriginRun | undefined)[];
  /**
   * The changes applied since the runs were last brought up to date (`indexRuns`), in order, in the first
   * `freshCount` slots: `fresh[i]` has log position `applied - freshCount + i`. They are held (`held` counts them)
   * but in no run yet. The list keeps its length when the runs take them (the slots emptied), as a run's lists do:
   * a node applies a few hundred changes between two requests, and a list emptied by `length = 0` gives its room
   * back, to grow again by copies as they come.
   */
  readonly fresh: (Change | undefined)[];
  freshCount: number;
  /** How many changes the node applied (since it last lost its disk): the next change's log position. */
  applied: number;
  /** How many changes it holds. */
  held: number;
  /** Per origin, the highest sequence number no longer held here: an asker below it needs a state transfer. */
  trimmed: DenseVector;
  /** The latest `have` of each node that asked this one for changes. */
  readonly haves: Map<NodeId, DenseVector>;
}

export function emptyChangeLog(): ChangeLog {
  return {
    byOrigin: [],
    fresh: [],
    freshCount: 0,
    applied: 0,
    held: 0,
    trimmed: EMPTY_DENSE,
    haves: new Map(),
  };
}

/** Records a change the node has just applied (the next of its origin): its run gets it when next read. */
export function logChange(log: ChangeLog, ch: Change): void {
  const at = log.freshCount++;
  if (at < log.fresh.length) log.fresh[at] = ch;
  else log.fresh.push(ch);
  log.applied++;
  log.held++;
}

/** Moves the fresh changes into their origins' runs, each with its log position, in the order applied. */
function indexRuns(log: ChangeLog): void {
  const fresh = log.fresh;
  const count = log.freshCount;
  if (count === 0) return;
  const byOrigin = log.byOrigin;
  let position = log.applied - count;
  for (let i = 0; i < count; i++) {
    const ch = fresh[i] as Change;
    // The slot lets go of the change, which its run holds from now on.
    fresh[i] = undefined;
    let run = ch.originIx < byOrigin.length ? byOrigin[ch.originIx] : undefined;
    if (!run) {
      run = { origin: ch.originIx, changes: [], positions: [], head: 0, end: 0 };
      while (byOrigin.length < ch.originIx) byOrigin.push(undefined);
      byOrigin[ch.originIx] = run;
    }
    const at = run.end++;
    if (at < run.changes.length) {
      run.changes[at] = ch;
      run.positions[at] = position++;
    } else {
      run.changes.push(ch);
      run.positions.push(position++);
    }
  }
  log.freshCount = 0;
}

/** Whether an asker with `have` lacks a change this node no longer holds. */
export function lacksTrimmed(log: ChangeLog, have: DenseVector): boolean {
  const trimmed = log.trimmed;
  for (let i = 0; i < trimmed.length; i++) if (denseEntry(have, i) < (trimmed[i] as number)) return true;
  return false;
}

/** No changes (never changed: a list handed out is read only). */
const NO_CHANGES: readonly Change[] = Object.freeze([]);

/** The index in `run` of the first change an asker with `have` lacks (`run.end`: none). */
function firstMissing(run: OriginRun, have: DenseVector): number {
  if (run.head >= run.end) return run.end;
  const first = (run.changes[run.head] as Change).seq;
  return Math.max(run.head, run.head + denseEntry(have, run.origin) - first + 1);
}

/** The changes an asker with `have` lacks, in log order, at most `max` of them. */
export function missingChanges(log: ChangeLog, have: DenseVector, max: number): readonly Change[] {
  indexRuns(log);
  // One cursor per origin with something missing, at its first missing change. (Log positions are unique, so
  // the order the runs are visited in does not change the batch.)
  // Most requests find nothing missing (pushes got there first): they cost no lists.
  let runs: OriginRun[] | null = null;
  let cursors: number[] | null = null;
  for (const run of log.byOrigin) {
    if (run === undefined) continue;
    const from = firstMissing(run, have);
    if (from < run.end) {
      runs ??= [];
      cursors ??= [];
      runs.push(run);
      cursors.push(from);
    }
  }
  if (runs === null || cursors === null) return NO_CHANGES;
  const out: Change[] = [];
  while (out.length < max) {
    let best = -1;
    let bestPosition = Number.POSITIVE_INFINITY;
    for (let i = 0; i < runs.length; i++) {
      const run = runs[i] as OriginRun;
      const at = cursors[i] as number;
      if (at < run.end && (run.positions[at] as number) < bestPosition) {
        best = i;
        bestPosition = run.positions[at] as number;
      }
    }
    if (best < 0) break;
    const at = cursors[best] as number;
    out.push((runs[best] as OriginRun).changes[at] as Change);
    cursors[best] = at + 1;
  }
  return out;
}

/**
 * Drops what every syncer has applied (beyond the latest `keep` changes), and whatever lies beyond `retain`.
 * `syncers` are the nodes the topology says sync from this one; the nodes that asked count too.
 */
export function trimLog(log: ChangeLog, syncers: readonly NodeId[]): void {
  const { keep, retain } = CHANGE_LOG_LIMITS;
  if (log.held <= keep) return;
  indexRuns(log);
  const keepFrom = log.applied - keep;
  const dropBefore = log.applied - retain;
  const askers = new Set<NodeId>([...syncers, ...log.haves.keys()]);
  for (const run of log.byOrigin) {
    if (run === undefined) continue;
    let upTo = Number.POSITIVE_INFINITY;
    for (const s of askers) upTo = Math.min(upTo, denseEntry(log.haves.get(s) ?? EMPTY_DENSE, run.origin));
    const end = run.end;
    if (run.head >= end) continue;
    // What goes is a prefix of the run, found without reading its changes: positions and sequence numbers both
    // rise along it (the latter one by one), so the changes beyond `retain` are those before the first position
    // from `dropBefore` on, and the ones every asker has applied within `keep` those before the first position
    // from `keepFrom` on that are also at most `upTo`.
    const firstSeq = (run.changes[run.head] as Change).seq;
    const beyondRetain = firstFrom(run.positions, run.head, end, dropBefore);
    const beyondKeep = firstFrom(run.positions, run.head, end, keepFrom);
    const applied = upTo - firstSeq + 1;
    const everyoneHas = applied < beyondKeep - run.head ? run.head + Math.max(0, applied) : beyondKeep;
    const head = Math.max(beyondRetain, everyoneHas);
    if (head === run.head) continue;
    log.trimmed = withDenseEntry(log.trimmed, run.origin, (run.changes[head - 1] as Change).seq);
    log.held -= head - run.head;
    run.head = head;
    // Splice the dropped prefix out once it is the larger part, so trimming costs O(1) per change.
    if (run.head * 2 >= end) {
      const kept = end - run.head;
      const changes = run.changes;
      const positions = run.positions;
      for (let i = 0; i < kept; i++) {
        changes[i] = changes[i + run.head];
        positions[i] = positions[i + run.head] as number;
      }
      // The vacated slots let go of their changes (the positions are plain numbers).
      for (let i = kept; i < end; i++) changes[i] = undefined;
      run.head = 0;
      run.end = kept;
    }
  }
}

/** The first index in `from .. end` of the rising `positions` whose position is `at` or more (`end`: none). */
function firstFrom(positions: readonly number[], from: number, end: number, at: number): number {
  let lo = from;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((positions[mid] as number) < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * After a state transfer the node holds the origin's state up to `seq` without its changes: it can no longer
 * serve the changes before, so they count as trimmed, and what it held of the origin is dropped.
 */
export function skipTo(log: ChangeLog, origin: number, seq: number): void {
  if (seq <= denseEntry(log.trimmed, origin)) return;
  log.trimmed = withDenseEntry(log.trimmed, origin, seq);
  indexRuns(log);
  const run = log.byOrigin[origin];
  if (!run) return;
  log.held -= run.end - run.head;
  log.byOrigin[origin] = undefined;
}
