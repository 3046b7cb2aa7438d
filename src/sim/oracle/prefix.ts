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

/** How many recent writes (on distinct keys) a client's next write is taken to depend on. */
const CAUSAL_MEMORY = 4;

/** A write a client made or read (`via` that read), and when it learned of it (that op's completion). */
interface Seen {
  readonly write: Operation;
  readonly atUs: number;
  readonly via?: Operation;
}

/** A write the reader has seen another write depend on: its reads of that key must show it from now on. */
interface Obligation {
  /** The write the reader must see. */
  readonly write: Operation;
  /** The reader's read that saw `source`. */
  readonly read: Operation;
  /** The write, made after `write` was seen (or written) by its client, that the read returned. */
  readonly source: Operation;
  /** The read by which `source`'s client had seen `write` (none: it wrote `write` itself). */
  readonly via?: Operation;
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
  /** What each write followed. */
  private readonly follows = new BoundedMap<number, readonly Seen[]>(CHECKER_MEMORY);

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
      for (const { write, via } of follows) {
        if (write.key === op.key || write.client === op.client) continue;
        const current = owed.get(write.key);
        if (!current || (current.write.completeUs ?? 0) < (write.completeUs ?? 0))
          owed.set(write.key, via ? { write, read: op, source, via } : { write, read: op, source });
      }
    remember(seen, source, done, op);
    return found;
  }

  /** Judges the reader's obligation on this key, at its first read begun after the read that created it. */
  private settle(op: Operation, owed: Map<string, Obligation>, done: number): readonly Anomaly[] {
    const due = owed.get(op.key);
    if (!due || (due.read.completeUs ?? 0) > op.invokeUs) return NONE;
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
  let before: Seen[] | null = null;
  for (let i = 0; i < seen.length; i++) {
    const s = seen[i] as Seen;
    if (s.write.key === op.key || s.atUs > op.invokeUs) continue;
    if (before) before.push(s);
    else before = [s];
  }
  return before;
}

/** Adds a write to a client's recent memory: one entry per key, newest last, at most CAUSAL_MEMORY. */
function remember(seen: Seen[], write: Operation, atUs: number, via?: Operation): void {
  // A short list (CAUSAL_MEMORY): the entry of the same key, if any, is taken out by shifting the rest down.
  let i = 0;
  while (i < seen.length && (seen[i] as Seen).write.key !== write.key) i++;
  if (i < seen.length) {
    for (; i < seen.length - 1; i++) seen[i] = seen[i + 1] as Seen;
    seen.length--;
  }
  seen.push(Object.freeze(via ? { write, atUs, via } : { write, atUs }));
  if (seen.length > CAUSAL_MEMORY) seen.shift();
}
