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

export class ConsistentPrefix {
  private readonly acked: AckedWrites;
  /** What each client has seen or made lately. */
  private readonly observed = new Map<string, Seen[]>();
  /** What each write followed. */
  private readonly follows = new BoundedMap<number, readonly Seen[]>(CHECKER_MEMORY);
  /** What each reader owes, per key. */
  private readonly owed = new Map<string, Map<string, Obligation>>();

  constructor(acked: AckedWrites) {
    this.acked = acked;
  }

  /** Files an operation that completed ok. */
  file(op: Operation): readonly Anomaly[] {
    const done = doneAt(op);
    const seen = this.observed.get(op.client) ?? [];
    this.observed.set(op.client, seen);
    if (op.f === 'write') {
      // Only what the client knew when it issued the write: clients may have several operations in flight.
      const before = seen.filter((s) => s.write.key !== op.key && s.atUs <= op.invokeUs);
      // Never changed again (its entries are frozen too): a checkpoint shares it rather than copying it.
      if (before.length > 0) this.follows.set(op.id, Object.freeze(before));
      remember(seen, op, done);
      return NONE;
    }
    const owed = this.owed.get(op.client) ?? new Map<string, Obligation>();
    this.owed.set(op.client, owed);
    const found = this.settle(op, owed, done);
    const source = this.acked.sourceOf(op);
    if (!source) return found;
    if (source.client !== op.client)
      for (const { write, via } of this.follows.get(source.id) ?? []) {
        if (write.key === op.key || write.client === op.client) continue;
        const current = owed.get(write.key);
        if (!current || (current.write.completeUs ?? 0) < (write.completeUs ?? 0))
          owed.set(write.key, { write, read: op, source, ...(via ? { via } : {}) });
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

/** Adds a write to a client's recent memory: one entry per key, newest last, at most CAUSAL_MEMORY. */
function remember(seen: Seen[], write: Operation, atUs: number, via?: Operation): void {
  const i = seen.findIndex((s) => s.write.key === write.key);
  if (i >= 0) seen.splice(i, 1);
  seen.push(Object.freeze(via ? { write, atUs, via } : { write, atUs }));
  if (seen.length > CAUSAL_MEMORY) seen.shift();
}
