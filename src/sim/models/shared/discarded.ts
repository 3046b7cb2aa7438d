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

/** Room for this many records before the first growth (and the ring's first size). */
const FIRST_CAPACITY = 64;

/**
 * The discards a model remembers, by op id: the first discard of each write, the oldest forgotten beyond
 * MAX_DISCARDED.
 *
 * Records sit in a ring in the order they were recorded (oldest at `head`), and an open-addressing index of
 * integers (linear probing, by op id) finds a record's place in the ring. A last-write-wins model asks for a
 * record on most changes it applies (`letGo`: was the version it replaces discarded elsewhere?), and with a full
 * record every new discard forgets the oldest: two Maps of 10,000 entries (records, and who let each go) cost a
 * probe into each, a new object per `letGo`, and a rehash of a Map full of deleted entries every few thousand
 * discards, a large share of such a run. Here a lookup is a few reads of typed arrays, `letGo` writes two slots,
 * and forgetting the oldest reuses its place in the ring.
 */
export class Discards<D> {
  /** The ring, by place: op id, record, and the latest replica to let the write go after its first discard. */
  private opIds: number[] = [];
  /** Each place's record; undefined for one a subclass keeps as fields of its own until asked for (`made`). */
  private records: (D | undefined)[] = [];
  private goneNode: (NodeId | null)[] = [];
  private goneAtUs: number[] = [];
  /**
   * Each place's lost-write report once made (`discardedWrites`): the same frozen report at every asking, let go
   * of with its place. Not a weak table keyed by the record: a model that drops most writes makes tens of
   * thousands of reports a minute that soon die, and a weak table's room grows with the dead keys waiting for a
   * full collection (in the multi-leader hour run, the heap stepped up 4-8 MB as such tables doubled).
   */
  private reports: (LostWrite | undefined)[] = [];
  /** The oldest record's place, and how many records there are. */
  private head = 0;
  private count = 0;
  /** The ring's size: it grows by doubling up to MAX_DISCARDED, then stays, the oldest making room. */
  private capacity = 0;
  /** Open-addressing index: 1 + a record's place in the ring, or 0 for an empty slot; its size is a power of two. */
  private slots = new Int32Array(0);
  private mask = -1;

  get size(): number {
    return this.count;
  }

  /** The ring place of `opId`'s record, or -1. */
  private find(opId: number): number {
    const slots = this.slots;
    const mask = this.mask;
    if (mask < 0) return -1;
    for (let i = hashOf(opId) & mask; ; i = (i + 1) & mask) {
      const at = slots[i] as number;
      if (at === 0) return -1;
      if (this.opIds[at - 1] === opId) return at - 1;
    }
  }

  has(opId: number): boolean {
    return this.find(opId) >= 0;
  }

  get(opId: number): D | undefined {
    const at = this.find(opId);
    if (at < 0) return undefined;
    const d = this.records[at];
    if (d !== undefined) return d;
    // Made once, when first asked for, and kept: the same object at every asking (reports are cached by it).
    const made = this.made(at);
    this.records[at] = made;
    return made;
  }

  /**
   * The record at ring place `at` that a subclass recorded by `rememberPlace`, keeping its fields in columns of its
   * own by place rather than as an object (a record for most writes, most never read: MlDiscards in
   * multi-leader/records.ts).
   */
  protected made(_at: number): D | undefined {
    return undefined;
  }

  /**
   * A replica let go of a write already discarded elsewhere (it took the winner from a peer): where a write is
   * lost only once no replica holds it, the last of these is when and where it was lost. Returns whether the write
   * is recorded (`has`), which a caller about to record it would otherwise look up again.
   */
  letGo(opId: number, node: NodeId, atUs: TimeUs): boolean {
    const at = this.find(opId);
    if (at < 0) return false;
    this.goneNode[at] = node;
    this.goneAtUs[at] = atUs;
    return true;
  }

  /** The report kept for `opId`'s record (`keepReport`), if any. */
  reportOf(opId: number): LostWrite | undefined {
    const at = this.find(opId);
    return at < 0 ? undefined : this.reports[at];
  }

  /** Keeps `report` for `opId`'s record until its place is reused. */
  keepReport(opId: number, report: LostWrite): void {
    const at = this.find(opId);
    if (at >= 0) this.reports[at] = report;
  }

  /** The last replica that let go of a discarded write after its first discard, if any did. */
  lastGone(opId: number): { readonly node: NodeId; readonly atUs: TimeUs } | undefined {
    const at = this.find(opId);
    const node = at < 0 ? null : this.goneNode[at];
    return node === null || node === undefined ? undefined : { node, atUs: this.goneAtUs[at] as number };
  }

  /** The op ids remembered, oldest record first. */
  *ids(): IterableIterator<number> {
    for (let k = 0; k < this.count; k++) yield this.opIds[(this.head + k) % this.capacity] as number;
  }

  /** Records the first discard of a write, forgetting the oldest record beyond MAX_DISCARDED. */
  remember(opId: number, d: D): void {
    if (this.find(opId) < 0) this.rememberNew(opId, d);
  }

  /**
   * `remember` for a write the caller has just found unrecorded (`has` or `letGo` answered false, and nothing was
   * recorded since): the lookup is not made again.
   */
  rememberNew(opId: number, d: D): void {
    this.records[this.rememberPlace(opId)] = d;
  }

  /**
   * `rememberNew` without a record: returns the ring place the write took, where a subclass keeps the record's
   * fields until `made` makes it. The places fill 0, 1, 2, ... while the ring grows, then are reused oldest first.
   */
  protected rememberPlace(opId: number): number {
    let at: number;
    if (this.count < this.capacity) {
      // Room left: the place after the newest (the ring has not wrapped while it grows).
      at = this.count++;
    } else if (this.capacity < MAX_DISCARDED) {
      this.grow();
      at = this.count++;
    } else {
      // Full: the oldest is forgotten and its place takes the new record.
      at = this.head;
      this.unindex(at);
      this.head = (this.head + 1) % this.capacity;
    }
    this.opIds[at] = opId;
    this.records[at] = undefined;
    this.goneNode[at] = null;
    this.goneAtUs[at] = 0;
    this.reports[at] = undefined;
    this.index(opId, at);
    return at;
  }

  private index(opId: number, at: number): void {
    const slots = this.slots;
    const mask = this.mask;
    let i = hashOf(opId) & mask;
    while ((slots[i] as number) !== 0) i = (i + 1) & mask;
    slots[i] = at + 1;
  }

  /** Removes the record at ring place `at` from the index (backward-shift deletion keeps probe runs whole). */
  private unindex(at: number): void {
    const slots = this.slots;
    const mask = this.mask;
    let i = hashOf(this.opIds[at] as number) & mask;
    while ((slots[i] as number) !== at + 1) i = (i + 1) & mask;
    for (let j = (i + 1) & mask; ; j = (j + 1) & mask) {
      const next = slots[j] as number;
      if (next === 0) break;
      const home = hashOf(this.opIds[next - 1] as number) & mask;
      // The entry at j may move into the hole at i unless its home lies cyclically in (i, j].
      if (i <= j ? home <= i || home > j : home <= i && home > j) {
        slots[i] = next;
        i = j;
      }
    }
    slots[i] = 0;
  }

  /** Doubles the ring (up to MAX_DISCARDED) and rebuilds the index at least twice its size. */
  private grow(): void {
    // While growing the ring has never wrapped: its records are at places 0 .. count-1, oldest first.
    this.capacity = Math.min(MAX_DISCARDED, Math.max(FIRST_CAPACITY, this.capacity * 2));
    let size = 1;
    while (size < this.capacity * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    for (let at = 0; at < this.count; at++) this.index(this.opIds[at] as number, at);
  }
}

/**
 * An op id's home slot: the id itself (masked by the caller). Op ids are consecutive integers and a model asks
 * about recent writes, so the slots it reads sit together in a few cache lines, as the ring's places do; and
 * the records of a ring spanning fewer ids than the index has slots never share a home. Fibonacci hashing spread
 * consecutive ids over the whole 128 kB index: replaying the 348,218 calls (`letGo`, `has`, `rememberNew`) of a
 * 60-s run of the 5-leader bench, a call took 34.3 and 17.9 ns with it in two runs, 26.9 and 14.7 with this.
 */
function hashOf(opId: number): number {
  return opId & 0x7fffffff;
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
    // Made once and kept with its record (a model that dropped thousands of writes is asked for them on every
    // snapshot, and each report words its reason): frozen, the same report at every asking.
    let report = discarded.reportOf(op.id);
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
      discarded.keepReport(op.id, report);
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
