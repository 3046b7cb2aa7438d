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

/** How many recent writes (on distinct keys) a client's next write is taken to depend on. */
const CAUSAL_MEMORY = 4;

/**
 * A write a client made or read (`via` that read), and when it learned of it (that op's completion). The write's
 * key, client and completion are copied beside it when the entry is made (the write was just looked at): the
 * checks that read an entry later (other clients' reads, long after) then find them without going back to the
 * write itself, an object the run has long left behind.
 */
interface Seen {
  readonly write: Operation;
  readonly key: string;
  readonly client: string;
  /** The write's completion (0 if none, as the obligations compare it). */
  readonly doneUs: number;
  readonly atUs: number;
  readonly via: Operation | undefined;
}

/** A write the reader has seen another write depend on: its reads of that key must show it from now on. */
interface Obligation {
  /** The write the reader must see. */
  readonly write: Operation;
  /** Its completion (0 if none). */
  readonly writeDoneUs: number;
  /** The reader's read that saw `source`. */
  readonly read: Operation;
  /** Its completion (0 if none). */
  readonly readDoneUs: number;
  /** The write, made after `write` was seen (or written) by its client, that the read returned. */
  readonly source: Operation;
  /** The read by which `source`'s client had seen `write` (none: it wrote `write` itself). */
  readonly via: Operation | undefined;
}

/** A client's part: what it has seen or made lately (newest last), and its obligations as a reader, per key. */
interface ClientState {
  readonly seen: Seen[];
  readonly owed: Map<string, Obligation>;
}

export class ConsistentPrefix {
  private readonly acked: AckedWrites;
  /** Per client: what it has seen or made lately, and what it owes as a reader, per key (one lookup for both). */
  private readonly clients = new Map<string, ClientState>();
  /** What each write followed (by the write's id: a ring of 4,096 slots to start with, as most runs fill it). */
  private readonly follows = new BoundedMap<number, readonly Seen[]>(
    CHECKER_MEMORY,
    new IdMap(1 << 16, 1 << 12),
  );

  constructor(acked: AckedWrites) {
    this.acked = acked;
  }

  /** Files an operation that completed ok. */
  file(op: Operation): readonly Anomaly[] {
    const done = doneAt(op);
    let client = this.clients.get(op.client);
    if (!client) {
      client = { seen: [], owed: new Map() };
      this.clients.set(op.client, client);
    }
    const { seen, owed } = client;
    if (op.f === 'write') {
      // Only what the client knew when it issued the write: clients may have several operations in flight.
      const before = knownBefore(seen, op);
      // Never changed again (its entries are frozen too): a checkpoint shares it rather than copying it.
      if (before !== null) this.follows.set(op.id, Object.freeze(before));
      remember(seen, op, done);
      return NONE;
    }
    const found = owed.size > 0 ? this.settle(op, owed, done) : NONE;
    const source = this.acked.sourceOf(op);
    if (!source) return found;
    const follows = source.client !== op.client ? this.follows.get(source.id) : undefined;
    if (follows)
      for (let i = 0; i < follows.length; i++) {
        const s = follows[i] as Seen;
        if (s.key === op.key || s.client === op.client) continue;
        const current = owed.get(s.key);
        if (!current || current.writeDoneUs < s.doneUs)
          owed.set(s.key, {
            write: s.write,
            writeDoneUs: s.doneUs,
            read: op,
            readDoneUs: op.completeUs ?? 0,
            source,
            via: s.via,
          });
      }
    remember(seen, source, done, op);
    return found;
  }

  /** Judges the reader's obligation on this key, at its first read begun after the read that created it. */
  private settle(op: Operation, owed: Map<string, Obligation>, done: number): readonly Anomaly[] {
    const due = owed.get(op.key);
    if (!due || due.readDoneUs > op.invokeUs) return NONE;
    owed.delete(op.key);
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
function remember(seen: Seen[], write: Operation, atUs: number, via?: Operation): void {
  // A short list (CAUSAL_MEMORY): the entry of the same key, if any, is taken out by shifting the rest down.
  const key = write.key;
  let i = 0;
  while (i < seen.length && (seen[i] as Seen).key !== key) i++;
  if (i < seen.length) {
    for (; i < seen.length - 1; i++) seen[i] = seen[i + 1] as Seen;
    seen.length--;
  }
  const doneUs = write.completeUs ?? 0;
  seen.push(Object.freeze({ write, key, client: write.client, doneUs, atUs, via }));
  if (seen.length > CAUSAL_MEMORY) seen.shift();
}
