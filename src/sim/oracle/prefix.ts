/**
 * Consistent prefix (Terry et al.; DDIA 5, "Consistent Prefix Reads"): a write follows the writes its client had
 * seen or made before it (the last few, on other keys). Once a client has read a write, its later reads of the
 * keys that write followed must show what it followed (or something newer), or it sees an answer before its
 * question. Each obligation is judged once, at the reader's next read of that key.
 *
 * Operations are filed in completion order, one at a time; each returns the anomalies it completes.
 */
import type { Operation } from '../types.ts';
import type { AckedWrites } from './acked.ts';
import { type Anomaly, doneAt, ms, NONE, name, shown } from './anomaly.ts';
import { BoundedMap, CHECKER_MEMORY } from './bounded.ts';
import { IdMap } from './idMap.ts';
import { type ClientRecord, type Records, type Seen, slot } from './records.ts';

/** How many recent writes (on distinct keys) a client's next write is taken to depend on. */
const CAUSAL_MEMORY = 4;

export class ConsistentPrefix {
  private readonly acked: AckedWrites;
  /**
   * Per client, what it has seen or made lately, and what it owes as a reader, per key: the `seen`, `owing` and
   * `owed` of the records the checkers share (`acked.records`). A `Seen` entry copies the write's key, key
   * number, client and completion beside it when it is made (the write was just looked at): the checks that read
   * an entry later (other clients' reads, long after) then find them without going back to the write itself.
   */
  private readonly records: Records;
  /** What each write followed (by the write's id: a ring of 4,096 slots to start with, as most runs fill it). */
  private readonly follows = new BoundedMap<number, readonly Seen[]>(
    CHECKER_MEMORY,
    new IdMap(1 << 16, 1 << 12),
  );

  constructor(acked: AckedWrites) {
    this.acked = acked;
    this.records = acked.records;
  }

  /** Files an operation that completed ok. */
  file(op: Operation): readonly Anomaly[] {
    const done = doneAt(op);
    const client = this.records.clientOf(op);
    const seen = client.seen;
    const keyIndex = this.records.keyOf(op).index;
    if (op.f === 'write') {
      // Only what the client knew when it issued the write: clients may have several operations in flight.
      const before = knownBefore(seen, op);
      // Never changed again (its entries are frozen too): a checkpoint shares it rather than copying it.
      if (before !== null) this.follows.set(op.id, Object.freeze(before));
      remember(seen, op, keyIndex, done);
      return NONE;
    }
    const found = client.owing > 0 ? this.settle(op, client, done) : NONE;
    const source = this.acked.sourceOf(op);
    if (!source) return found;
    const follows = source.client !== op.client ? this.follows.get(source.id) : undefined;
    if (follows)
      for (let i = 0; i < follows.length; i++) {
        const s = follows[i] as Seen;
        if (s.key === op.key || s.client === op.client) continue;
        const theirs = slot(client, s.keyIndex);
        const current = theirs.owed;
        if (!current || current.writeDoneUs < s.doneUs) {
          if (!current) client.owing++;
          theirs.owed = {
            write: s.write,
            writeDoneUs: s.doneUs,
            read: op,
            readDoneUs: op.completeUs ?? 0,
            source,
            via: s.via,
          };
        }
      }
    // The source is a write of the read's key (`sourceOf` looks it up under that key).
    remember(seen, source, keyIndex, done, op);
    return found;
  }

  /** Judges the reader's obligation on this key, at its first read begun after the read that created it. */
  private settle(op: Operation, client: ClientRecord, done: number): readonly Anomaly[] {
    const mine = this.records.clientKeyOf(op);
    const due = mine.owed;
    if (!due || due.readDoneUs > op.invokeUs) return NONE;
    mine.owed = undefined;
    client.owing--;
    if (this.acked.covers(op, due.write)) return NONE;
    const { write, read, source, via } = due;
    return [
      {
        kind: 'consistent-prefix',
        explanation: `${op.client}'s read ${name(op)} on ${op.node} at ${ms(op.invokeUs)} returned ${shown(op.value)} for ${op.key}, though its read ${name(read)} at ${ms(read.invokeUs)} had seen write ${name(source)} (${source.key} = ${shown(source.value)}), which ${source.client} made after ${via ? `its read ${name(via)} saw` : 'its own'} write ${name(write)} (${shown(write.value)})`,
        ops: [op.id, read.id, source.id, ...(via ? [via.id] : []), write.id],
        nodes: [op.node, read.node].filter((n): n is string => n !== null),
        atUs: done,
      },
    ];
  }
}

/**
 * The entries of a client's recent memory (`seen`) that a write of it follows: on other keys, learned of by the
 * time it was issued. Null when none (most writes of a busy key follow some: a list then, in memory order).
 */
function knownBefore(seen: readonly Seen[], op: Operation): Seen[] | null {
  // At most CAUSAL_MEMORY entries: those kept are marked in a bit mask, then the list made at its size.
  const key = op.key;
  const invokeUs = op.invokeUs;
  let mask = 0;
  let n = 0;
  for (let i = 0; i < seen.length; i++) {
    const s = seen[i] as Seen;
    if (s.key === key || s.atUs > invokeUs) continue;
    mask |= 1 << i;
    n++;
  }
  if (n === 0) return null;
  if (n === seen.length) return seen.slice();
  const before: Seen[] = new Array(n);
  let k = 0;
  for (let i = 0; k < n; i++) if (mask & (1 << i)) before[k++] = seen[i] as Seen;
  return before;
}

/** Adds a write to a client's recent memory: one entry per key, newest last, at most CAUSAL_MEMORY. */
function remember(seen: Seen[], write: Operation, keyIndex: number, atUs: number, via?: Operation): void {
  // A short list (CAUSAL_MEMORY): the entry of the same key, if any, is taken out by shifting the rest down over
  // it, and the new one goes last; when none is and the list is full, the oldest goes the same way. The list's
  // length is set only while it grows (setting it, or a shift, costs more than moving four entries).
  const key = write.key;
  let i = 0;
  while (i < seen.length && (seen[i] as Seen).key !== key) i++;
  const doneUs = write.completeUs ?? 0;
  const entry = Object.freeze({ write, key, keyIndex, client: write.client, doneUs, atUs, via });
  if (i === seen.length && seen.length < CAUSAL_MEMORY) {
    seen.push(entry);
    return;
  }
  if (i === seen.length) i = 0;
  for (; i < seen.length - 1; i++) seen[i] = seen[i + 1] as Seen;
  seen[seen.length - 1] = entry;
}
