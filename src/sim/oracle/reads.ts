/**
 * The read checkers: stale reads, monotonic reads, reads of failed writes and non-linearizable reads.
 *
 * Each is judged against the ground truth as it stood when the read was invoked (a stale read missed a write
 * acknowledged before it began; a non-linearizable read saw older data than a read that had returned before it
 * began), so `ReadJudge` replays the history's events in the exact order the clients saw them (`invokeSeq`,
 * `completeSeq`): at an invocation it notes what the read must see, at its completion it compares. That order
 * separates a write acknowledged at the very instant a read began from one acknowledged just after. The findings
 * are then worded by `readAnomalies`, when the driver files the read in completion-time order.
 *
 * - Stale: the read returned an older log position than the newest write of its key acknowledged before it
 *   began, or (models with version vectors) its causal context misses the dot of such a write, or (last write
 *   wins) it returned an older timestamp than such a write's.
 * - Monotonic reads: the read returned an older version than an earlier read of the key by the same client.
 * - Read of a failed write: it returned a version written by an operation already reported as failed.
 * - Non-linearizable read: its causal context is older than the merged contexts of the reads of its key that
 *   had returned before it began.
 */
import type { Order, VersionVector } from '../models/shared/versionVector.ts';
import type { ModelName } from '../scenarios/schema.ts';
import type { Operation } from '../types.ts';
import type { AckedWrites } from './acked.ts';
import { type Anomaly, doneAt, ms, name, opById, servedBy, shown } from './anomaly.ts';
import { IdMap } from './idMap.ts';
import { type AckedDots, type Floor, type KeyRecord, Records } from './records.ts';

/** What the read checkers found about one read. */
export interface ReadFinding {
  /** Stale; `expectedVersion` is the newest log position of its key acknowledged before it began. */
  readonly stale?: { readonly expectedVersion: number };
  /** The earlier read by the same client that saw a newer version. */
  readonly regressedFrom?: number;
  /** The failed write whose value it returned. */
  readonly failedWrite?: number;
  /** The read that had returned newer data before this one began. */
  readonly newerReadBefore?: number;
}

const NO_DOTS: readonly never[] = [];

/** What a read must see, noted when it was invoked. */
interface AtInvoke {
  /** The read's key (its record, kept so the completion finds it without a lookup). */
  readonly key: KeyRecord;
  readonly expectedVersion: number;
  readonly acked: AckedDots | undefined;
  readonly floor: Floor | undefined;
}

export class ReadJudge {
  /**
   * Per key (newest acknowledged log position, dots, completed reads' merged contexts) and per client and key
   * (the newest version the client has read, and the read that saw it): the records the checkers share.
   */
  private readonly records: Records;
  /** What each read in flight must see, by its id. */
  private readonly pending = new IdMap<AtInvoke>();
  /** Writes reported as failed so far. */
  private failedWrites = 0;
  /** The last read's causal context by node number (`denseContext`), and that read. */
  private readonly dense: number[] = [];
  private denseOf: Operation | null = null;

  constructor(records: Records = new Records()) {
    this.records = records;
  }

  /** An operation was invoked: a read notes what it must see. */
  invoked(op: Operation): void {
    if (op.f !== 'read') return;
    const k = this.records.keyOf(op);
    this.pending.set(op.id, { key: k, expectedVersion: k.version, acked: k.dots, floor: k.floor });
    k.dotsHeld = true;
  }

  /** An operation completed: an acknowledged write raises the floor, a read is judged. */
  completed(op: Operation, history: readonly Operation[]): ReadFinding | null {
    if (op.f === 'write') {
      // Only reads note anything at their invocation.
      if (op.status === 'fail') this.failedWrites++;
      else if (op.status === 'ok') this.acknowledge(op);
      return null;
    }
    const at = this.pending.get(op.id);
    if (at !== undefined) this.pending.delete(op.id);
    if (op.status !== 'ok') return null;
    const expectedVersion = at?.expectedVersion ?? 0;
    const stale = op.version < expectedVersion || this.missesAckedDot(op, at?.acked);
    // Until a write has failed, no read can have returned a failed write.
    const failedWrite = this.failedWrites > 0 ? failedWriteRead(op, history) : undefined;
    const k = at !== undefined ? at.key : this.records.keyOf(op);
    const newerReadBefore = this.belowFloor(op, k, at?.floor);
    const regressedFrom = this.regression(op, k);
    // Most reads are fine: a finding is made only for one that is not (this runs for every read of a run).
    if (!stale && failedWrite === undefined && newerReadBefore === undefined && regressedFrom === undefined)
      return null;
    return {
      ...(stale ? { stale: { expectedVersion } } : {}),
      ...(regressedFrom !== undefined ? { regressedFrom } : {}),
      ...(failedWrite !== undefined ? { failedWrite } : {}),
      ...(newerReadBefore !== undefined ? { newerReadBefore } : {}),
    };
  }

  /** The client's earlier read of the key that saw a newer version, if any; else this read is its newest. */
  private regression(op: Operation, k: KeyRecord): number | undefined {
    const mine = this.records.clientKeyAt(op, k);
    if (mine.hasRead && op.version < mine.readVersion) return mine.readId;
    // One record per client and key, updated in place: the earlier read itself is not looked at again (an object
    // the run has long left behind), nor is a record made per read.
    mine.hasRead = true;
    mine.readVersion = op.version;
    mine.readId = op.id;
    return undefined;
  }

  /** A write acknowledged ok raises what later reads must see: its log position, its dot and its timestamp. */
  private acknowledge(op: Operation): void {
    const k = this.records.keyOf(op);
    if (op.version > k.version) k.version = op.version;
    if (!op.dot) return;
    const { node, n } = op.dot;
    const dots = k.dots;
    const ts = Math.max(dots?.ts ?? Number.NEGATIVE_INFINITY, op.ts ?? Number.NEGATIVE_INFINITY);
    const counters = dots?.counters ?? NO_DOTS;
    const i = this.records.nodeIndex(node);
    const raises = n > (i < counters.length ? (counters[i] as number) : 0);
    if (dots && !raises && ts === dots.ts) return;
    if (dots && !k.dotsHeld) {
      // No read holds them (none began since they were made): raised in place, their list too when it is theirs
      // alone (garbage made during a live update is collected on its clock: one list and one object per
      // acknowledged write, thousands a run, otherwise).
      const own = dots as { counters: readonly number[]; ts: number };
      if (raises) own.counters = raisedAt(counters, i, n, k.countersOwned);
      own.ts = ts;
      k.countersOwned ||= raises;
      return;
    }
    // A new list when raised (small: one entry per node), never a change to the one reads hold.
    k.dots = { counters: raises ? raisedAt(counters, i, n, false) : counters, ts };
    k.dotsHeld = false;
    k.countersOwned = raises;
  }

  /**
   * Whether a read misses a write acknowledged before it began: its causal context does not cover the write's
   * dot (a context covering a node's dot n covers its smaller ones), or, under last-write-wins, it returned an
   * older timestamp.
   */
  private missesAckedDot(op: Operation, acked: AckedDots | undefined): boolean {
    const ctx = op.context;
    if (!ctx || !acked) return false;
    if (op.ts !== undefined) return acked.ts > op.ts;
    const counters = acked.counters;
    if (counters.length === 0) return false;
    const seen = this.denseContext(op, ctx);
    for (let i = 0; i < counters.length; i++)
      if ((i < seen.length ? (seen[i] as number) : 0) < (counters[i] as number)) return true;
    return false;
  }

  /** The read that had returned newer data before this one began, if any; then raises the key's floor. */
  private belowFloor(op: Operation, k: KeyRecord, floor: Floor | undefined): number | undefined {
    const ctx = op.context;
    if (!ctx) return undefined;
    const current = k.floor;
    const order = current ? this.order(op, ctx, current) : 'after';
    // The floor is often still the one the read began with: one comparison then serves both questions.
    const sinceInvoke =
      floor === undefined ? undefined : floor === current ? order : this.order(op, ctx, floor);
    if (order === 'after') k.floor = { vv: ctx, counters: this.denseContext(op, ctx).slice(), op: op.id };
    else if (order === 'concurrent' && current)
      k.floor = { vv: undefined, counters: maxOf(current.counters, this.denseContext(op, ctx)), op: op.id };
    return sinceInvoke === 'before' ? floor?.op : undefined;
  }

  /**
   * How a read's causal context stands to a floor, as `compare(ctx, floor)` of the version vectors answers
   * (entry by entry, a missing one 0), read off the dense forms.
   */
  private order(op: Operation, ctx: VersionVector, floor: Floor): Order {
    if (floor.vv === ctx) return 'equal';
    const a = this.denseContext(op, ctx);
    const b = floor.counters;
    let aAhead = false;
    let bAhead = false;
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const x = i < a.length ? (a[i] as number) : 0;
      const y = i < b.length ? (b[i] as number) : 0;
      if (x > y) aAhead = true;
      else if (x < y) bAhead = true;
    }
    if (aAhead && bAhead) return 'concurrent';
    if (aAhead) return 'after';
    if (bAhead) return 'before';
    return 'equal';
  }

  /**
   * A read's causal context as counters by node number (`Records.nodeIndex`; a node it has no entry for: 0), read
   * once per read: the checks that follow compare these numbers rather than look each node up in the vector.
   */
  private denseContext(op: Operation, ctx: VersionVector): readonly number[] {
    const dense = this.dense;
    if (this.denseOf === op) return dense;
    for (let i = 0; i < dense.length; i++) dense[i] = 0;
    // for...in sees only the vector's own entries (see versionVector.ts), which are numbers.
    for (const node in ctx) {
      const n = ctx[node];
      if (typeof n !== 'number') continue;
      const i = this.records.nodeIndex(node);
      while (dense.length <= i) dense.push(0);
      dense[i] = n;
    }
    this.denseOf = op;
    return dense;
  }
}

/** Two counter lists merged: the greater of each entry (a missing one 0). */
function maxOf(a: readonly number[], b: readonly number[]): number[] {
  const out = new Array<number>(Math.max(a.length, b.length));
  for (let i = 0; i < out.length; i++) {
    const x = i < a.length ? (a[i] as number) : 0;
    const y = i < b.length ? (b[i] as number) : 0;
    out[i] = Math.max(x, y);
  }
  return out;
}

/** The first write the read returned that had been reported as failed before the read completed. */
function failedWriteRead(op: Operation, history: readonly Operation[]): number | undefined {
  for (const id of op.opIds ?? []) {
    const w = opById(history, id);
    if (
      w?.f === 'write' &&
      w.status === 'fail' &&
      w.completeSeq !== null &&
      op.completeSeq !== null &&
      w.completeSeq < op.completeSeq
    )
      return id;
  }
  return undefined;
}

/** Where the wording of a finding looks up the operations it names. */
export interface ReadContext {
  readonly history: readonly Operation[];
  readonly acked: AckedWrites;
  readonly model: ModelName;
}

/**
 * A read's findings as anomalies, each explained in one sentence. An operation a finding names may have slid out
 * of the history's window (workload/recent.ts): the anomaly is still counted, named by its id alone.
 */
export function readAnomalies(op: Operation, finding: ReadFinding, ctx: ReadContext): Anomaly[] {
  const out: Anomaly[] = [];
  if (finding.stale) out.push(staleRead(op, finding.stale.expectedVersion, ctx));
  const earlier = opById(ctx.history, finding.regressedFrom);
  if (!earlier && finding.regressedFrom !== undefined)
    out.push(
      outOfWindow(
        op,
        'monotonic-reads',
        finding.regressedFrom,
        'older than what an earlier read by its client saw',
      ),
    );
  if (earlier)
    out.push({
      kind: 'monotonic-reads',
      explanation: `${op.client}'s read ${name(op)} on ${op.node} at ${ms(op.invokeUs)} returned ${shown(op.value)}, older than what its read ${name(earlier)} on ${earlier.node} saw at ${ms(earlier.invokeUs)} (${shown(earlier.value)})`,
      ops: [op.id, earlier.id],
      nodes: [op.node, earlier.node].filter((n): n is string => n !== null),
      atUs: doneAt(op),
    });
  const failed = opById(ctx.history, finding.failedWrite);
  if (!failed && finding.failedWrite !== undefined)
    out.push(
      outOfWindow(op, 'read-of-failed-write', finding.failedWrite, 'the value of a write reported as failed'),
    );
  if (failed)
    out.push({
      kind: 'read-of-failed-write',
      explanation: `read ${name(op)} on ${op.node} at ${ms(op.invokeUs)} returned ${shown(op.value)}, the value of write ${name(failed)}, which was reported as failed at ${ms(failed.completeUs ?? 0)}`,
      ops: [op.id, failed.id],
      nodes: servedBy(op),
      atUs: doneAt(op),
    });
  const newer = opById(ctx.history, finding.newerReadBefore);
  if (!newer && finding.newerReadBefore !== undefined)
    out.push(
      outOfWindow(
        op,
        'non-linearizable-read',
        finding.newerReadBefore,
        'older than a read that returned before it began',
      ),
    );
  if (newer)
    out.push({
      kind: 'non-linearizable-read',
      explanation: `read ${name(op)} by ${op.client} began at ${ms(op.invokeUs)}, after read ${name(newer)} by ${newer.client} had returned ${shown(newer.value)} at ${ms(newer.completeUs ?? 0)}, yet returned the older ${shown(op.value)}`,
      ops: [op.id, newer.id],
      nodes: [op.node, newer.node].filter((n): n is string => n !== null),
      atUs: doneAt(op),
    });
  return out;
}

/** An anomaly whose other operation has left the history's window: named by its id. */
function outOfWindow(op: Operation, kind: Anomaly['kind'], other: number, what: string): Anomaly {
  return {
    kind,
    explanation: `read ${name(op)} on ${op.node} at ${ms(op.invokeUs)} returned ${shown(op.value)}, ${what} (operation ${other}, no longer in the history's window)`,
    ops: [op.id, other],
    nodes: servedBy(op),
    atUs: doneAt(op),
  };
}

/** A stale read names the acknowledged write it missed: by log position in leader-follower, else the latest. */
function staleRead(op: Operation, expectedVersion: number, ctx: ReadContext): Anomaly {
  const missed =
    ctx.model === 'leader-follower' ? ctx.acked.atVersion(op.key, expectedVersion) : ctx.acked.lastBefore(op);
  return {
    kind: 'stale-read',
    explanation: missed
      ? `read ${name(op)} on ${op.node} at ${ms(op.invokeUs)} returned ${shown(op.value)}, but write ${name(missed)} (${shown(missed.value)}) was acknowledged at ${ms(missed.completeUs ?? 0)}`
      : `read ${name(op)} on ${op.node} at ${ms(op.invokeUs)} returned ${shown(op.value)}, older than a write of ${op.key} acknowledged before it began`,
    ops: missed ? [op.id, missed.id] : [op.id],
    nodes: servedBy(op),
    atUs: doneAt(op),
  };
}

/** `counters` with node `i`'s counter raised to `n` (0 for the nodes between): the list itself when `inPlace`, else a copy. */
function raisedAt(counters: readonly number[], i: number, n: number, inPlace: boolean): readonly number[] {
  const raised = inPlace ? (counters as number[]) : counters.slice();
  while (raised.length < i) raised.push(0);
  raised[i] = n;
  return raised;
}
