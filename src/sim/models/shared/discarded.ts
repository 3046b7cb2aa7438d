/**
 * Lost writes of the models that resolve conflicts by dropping versions (multi-leader and leaderless
 * last-write-wins): an acknowledged write a resolution discarded, once no replica holds it any more.
 */
import type { LostWrite, NodeId, Operation, TimeUs } from '../../types.ts';
import { entry, type VersionVector } from './versionVector.ts';

/**
 * How many discarded writes a model remembers for lost-write reports. The record is kept per op id (the first
 * discard of a write is the one reported) and the oldest are forgotten first once there are more: a run of any
 * length keeps a bounded record. The oracle judges lost writes over a recent window of the history, and a write
 * discarded 10,000 discards ago has long left it (a run that discards that many acknowledged writes has reported
 * each of them when it happened; a later report only repeats it). Were the window ever to reach further back, this
 * bound is the one to raise.
 */
export const MAX_DISCARDED = 10_000;

/**
 * The discards a model remembers, by op id: the first discard of each write, the oldest forgotten beyond
 * MAX_DISCARDED. The order of recording is kept in a queue beside the map: asking a Map for its oldest key
 * walks past every entry deleted before it, which made each discard of a long run cost thousands of steps.
 */
export class Discards<D> {
  private readonly byOp = new Map<number, D>();
  /** Per discarded write, the latest replica to let it go after the first discard (`letGo`). */
  private readonly gone = new Map<number, { readonly node: NodeId; readonly atUs: TimeUs }>();
  /** Op ids in the order they were recorded; those before `head` are forgotten (spliced out now and then). */
  private order: number[] = [];
  private head = 0;

  get size(): number {
    return this.byOp.size;
  }

  has(opId: number): boolean {
    return this.byOp.has(opId);
  }

  get(opId: number): D | undefined {
    return this.byOp.get(opId);
  }

  /**
   * A replica let go of a write already discarded elsewhere (it took the winner from a peer): where a write is
   * lost only once no replica holds it, the last of these is when and where it was lost.
   */
  letGo(opId: number, node: NodeId, atUs: TimeUs): void {
    if (this.byOp.has(opId)) this.gone.set(opId, { node, atUs });
  }

  /** The last replica that let go of a discarded write after its first discard, if any did. */
  lastGone(opId: number): { readonly node: NodeId; readonly atUs: TimeUs } | undefined {
    return this.gone.get(opId);
  }

  /** The op ids remembered, oldest record first. */
  ids(): IterableIterator<number> {
    return this.byOp.keys();
  }

  /** Records the first discard of a write, forgetting the oldest record beyond MAX_DISCARDED. */
  remember(opId: number, d: D): void {
    if (this.byOp.has(opId)) return;
    this.byOp.set(opId, d);
    this.order.push(opId);
    if (this.byOp.size <= MAX_DISCARDED) return;
    const forgotten = this.order[this.head++] as number;
    this.byOp.delete(forgotten);
    this.gone.delete(forgotten);
    if (this.head >= MAX_DISCARDED) {
      this.order = this.order.slice(this.head);
      this.head = 0;
    }
  }
}

/** Why and where a resolution (or a lost disk) discarded an acknowledged write. */
export interface Discarded {
  readonly node: NodeId;
  readonly atUs: TimeUs;
  readonly reason: string;
  /** The discarded version's dot. */
  readonly dot: { readonly origin: string; readonly seq: number };
  /**
   * `resolution`: a conflict resolution dropped it (last-write-wins): lost unless a replica still holds it.
   * `disk`: the replica holding it lost its disk: lost unless a replica holds it or a version that follows it.
   */
  readonly cause: 'resolution' | 'disk';
}

/** A version a replica holds, as far as lost writes are concerned: its write and its causal history. */
export interface HeldVersion<V = VersionVector> {
  readonly opId: number;
  readonly vv: V;
}

/**
 * Whether a discarded write survives somewhere: a replica still holds it, or, for a write lost with a disk,
 * holds a version whose vector covers its dot (it was superseded before the loss, so nothing was lost). A
 * last-write-wins drop is judged by the write alone: the winner's vector may cover the loser's dot without
 * having seen it (a coordinator's counter runs across keys), so coverage would hide real losses. `entryOf` reads
 * a vector's entry for an origin (a model with dense vectors passes its own).
 */
export function heldOrSuperseded<V = VersionVector>(
  op: Operation,
  d: Discarded,
  held: Iterable<HeldVersion<V>>,
  entryOf: (vv: V, origin: string) => number = entry as (vv: V, origin: string) => number,
): boolean {
  for (const v of held) {
    if (v.opId === op.id) return true;
    if (d.cause === 'disk' && entryOf(v.vv, d.dot.origin) >= d.dot.seq) return true;
  }
  return false;
}

/** The acknowledged writes of `acked` that were discarded (`discarded`, by op id) and that no replica still holds. */
export function discardedWrites(
  acked: readonly Operation[],
  discarded: Discards<Discarded>,
  stillHeld: (op: Operation, d: Discarded) => boolean,
): LostWrite[] {
  if (discarded.size === 0) return [];
  const lost: LostWrite[] = [];
  for (const op of discardedOps(acked, discarded)) {
    if (op.f !== 'write' || op.status !== 'ok') continue;
    const d = discarded.get(op.id);
    // Still held somewhere (a replica that has not heard of the winner yet)? Not lost yet.
    if (!d || stillHeld(op, d)) continue;
    // Lost when the last copy went: the first discard, or the last replica that let it go after it.
    const last = discarded.lastGone(op.id) ?? d;
    let report = reports.get(d);
    if (report?.opId !== op.id || report.lostAtUs !== last.atUs) {
      report = Object.freeze({
        opId: op.id,
        client: op.client,
        key: op.key,
        value: op.value,
        ackedAtUs: op.completeUs ?? op.invokeUs,
        ackedBy: op.node ?? d.node,
        term: 0,
        index: 0,
        lostAtUs: last.atUs,
        lostOn: last.node,
        reason: d.reason,
      });
      reports.set(d, report);
    }
    lost.push(report);
  }
  return lost;
}

/**
 * The operations of `acked` that may have been discarded, in their order: all of them, or, when `acked` has
 * consecutive ids (a recorded history or its window) and holds more operations than there are discards, those
 * the discards name (a window of 50,000 operations beside a few thousand discards is not walked whole).
 */
function discardedOps(acked: readonly Operation[], discarded: Discards<unknown>): readonly Operation[] {
  if (discarded.size >= acked.length) return acked;
  const first = acked[0]?.id ?? 0;
  for (let i = 0; i < acked.length; i++) if ((acked[i] as Operation).id !== first + i) return acked;
  const at: number[] = [];
  for (const id of discarded.ids()) if (id >= first && id - first < acked.length) at.push(id - first);
  at.sort((a, b) => a - b);
  return at.map((i) => acked[i] as Operation);
}

/**
 * Each discard's report, made once: its write has completed and its record never changes, so the report is the
 * same at every asking (a model that dropped thousands of writes is asked for them on every snapshot, and each
 * report words its reason). Frozen, as it is shared between askings.
 */
const reports = new WeakMap<object, LostWrite>();
