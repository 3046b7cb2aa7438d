/**
 * The conflicts the replicas detected: the latest `MAX_CONFLICTS_KEPT` of them, oldest first, and the exact
 * count of all of them. A last-write-wins run at 1,000 writes/s detects tens of conflicts per simulated second,
 * so a log kept whole would grow for ever; the views show the latest few, the oracle counts them all (and words
 * the ones it has not seen yet, which are always among the latest), and the page and the CLI say when older ones
 * were let go.
 *
 * A model may hand in a record whose `versions` and `outcome` are worded only when first read (the multi-leader
 * resolution does: most conflicts of a long run are counted and never shown); the snapshot copies the ones it
 * sends into plain objects (`plainConflict`).
 */

import type { ConflictView } from '../types.ts';
import {
  candidates,
  closeOldest,
  columnsOf,
  type DotColumns,
  decidedAt,
  heldAt,
  markPlaced,
  openSlot,
  placeWrites,
  type SingleDots,
  slotAt,
} from './conflictDots.ts';
import { type DenseVector, dominates, mergeInto } from './denseOps.ts';

export type { SingleDots };

export const MAX_CONFLICTS_KEPT = 1_000;

/**
 * Conflicts per sealed chunk of the log. A record is never changed once reported, and a checkpoint shares what is
 * frozen (clone.ts): the log freezes each whole chunk, which a checkpoint then shares with every record in it,
 * rather than each record (`Object.freeze` on every one of the tens of thousands a run reports cost the
 * multi-leader core 6% of its time). A checkpoint copies only the records of the chunk still filling, fewer
 * than this.
 */
const SEALED_CHUNK = 32;

export class ConflictLog {
  /** The sealed chunks, oldest first, each SEALED_CHUNK conflicts, frozen; the oldest let go as whole chunks. */
  private sealed: (readonly ConflictView[])[] = [];
  /** The latest conflicts, after the sealed ones: fewer than SEALED_CHUNK. */
  private filling: ConflictView[] = [];
  /** Every conflict reported so far. */
  total = 0;

  add(conflict: ConflictView): void {
    this.total++;
    this.filling.push(conflict);
    if (this.filling.length < SEALED_CHUNK) return;
    this.sealed.push(Object.freeze(this.filling));
    this.filling = [];
    // The oldest chunk goes once the chunks after it hold the latest MAX_CONFLICTS_KEPT (and more).
    if ((this.sealed.length - 1) * SEALED_CHUNK >= MAX_CONFLICTS_KEPT) this.sealed.shift();
  }

  /** The latest conflicts kept, oldest first (at most MAX_CONFLICTS_KEPT): a new list. */
  latest(): readonly ConflictView[] {
    const held = this.sealed.length * SEALED_CHUNK + this.filling.length;
    const out: ConflictView[] = [];
    // The first records of the oldest chunk may be older than the latest MAX_CONFLICTS_KEPT.
    let skip = Math.max(0, held - MAX_CONFLICTS_KEPT);
    for (const chunk of this.sealed) {
      for (let i = skip; i < chunk.length; i++) out.push(chunk[i] as ConflictView);
      skip = Math.max(0, skip - chunk.length);
    }
    for (const c of this.filling) out.push(c);
    return out;
  }

  /**
   * The conflicts reported after the first `count` of them, of those kept, oldest first (a new list): the tail of
   * `latest()` that came since, without copying the rest of it (a live oracle asks at every update for the few new
   * ones). Read only.
   */
  since(count: number): ConflictView[] {
    const held = this.sealed.length * SEALED_CHUNK + this.filling.length;
    const n = Math.max(0, Math.min(this.total - count, held, MAX_CONFLICTS_KEPT));
    const out: ConflictView[] = new Array(n);
    // The n newest held: from position held - n on, through the sealed chunks (each SEALED_CHUNK long), then the
    // filling one.
    const sealedHeld = this.sealed.length * SEALED_CHUNK;
    for (let k = 0, at = held - n; k < n; k++, at++)
      out[k] = (
        at < sealedHeld
          ? (this.sealed[Math.floor(at / SEALED_CHUNK)] as readonly ConflictView[])[at % SEALED_CHUNK]
          : this.filling[at - sealedHeld]
      ) as ConflictView;
    return out;
  }
}

/** A conflict as plain data (for postMessage and JSON), whatever record the model handed in. */
export function plainConflict(c: ConflictView): ConflictView {
  return {
    key: c.key,
    node: c.node,
    atUs: c.atUs,
    versions: c.versions.map((v) => ({ value: v.value, origin: v.origin, opId: v.opId })),
    resolution: c.resolution,
    outcome: c.outcome,
  };
}

/** A write as a conflict names it: its operation id (and whatever the model compares it by). */
export interface ConflictWrite {
  readonly opId: number;
}

/** Whether the first `size` writes of `set` include `opId`. */
function holds(set: readonly ConflictWrite[], size: number, opId: number): boolean {
  for (let k = 0; k < size; k++) if ((set[k] as ConflictWrite).opId === opId) return true;
  return false;
}

/**
 * Whether set `set` (its first `size` writes) takes `writes`: each write new to it is concurrent with all of it
 * (one that is not belongs neither to this set nor to one it joins).
 */
function takesAll<W extends ConflictWrite>(
  set: readonly W[],
  size: number,
  writes: readonly W[],
  concurrent: (a: W, b: W) => boolean,
): boolean {
  for (let j = 0; j < writes.length; j++) {
    const w = writes[j] as W;
    if (!holds(set, size, w.opId) && !joinsAll(w, set, size, concurrent)) return false;
  }
  return true;
}

/** Whether `w` is concurrent with each of the first `size` writes of `set`. */
function joinsAll<W>(w: W, set: readonly W[], size: number, concurrent: (a: W, b: W) => boolean): boolean {
  for (let k = 0; k < size; k++) if (!concurrent(w, set[k] as W)) return false;
  return true;
}

/**
 * How many conflicts one key keeps open to join (older ones are closed: writes found concurrent again then count
 * anew). A replica that lags finds a key's conflicts late, after newer ones of the key were counted. At 8, the
 * strict-quorum-fresh preset counted 112 conflicts where keeping every one open counts 105, bench-1000-nodes 1,774
 * for 1,655, and the 5-node core benches 4 (multi-leader) and 58 (leaderless) too many. At 16 every preset but
 * bench-1000-nodes (1,666) and every bench run count what keeping all open counts, for about 2% of the leaderless
 * core's speed; 32 is exact on all of them but cost it a sixth (a new conflict walks every open one, with causal
 * tests). Closing a conflict once no replica can find it again would be exact at any length; the model knows
 * that, this count does not.
 */
const OPEN_PER_KEY = 16;

/** A write's version vector, dense (an index past its end reads 0), as the model that noted it compares it. */
export type VectorOf<W> = (w: W) => DenseVector;

/** What a model may tell of its writes besides `concurrent` (`ConflictSets.note`): their vectors or single dots. */
export type ConflictHint<W> = VectorOf<W> | SingleDots<W>;

/** One key's open conflicts, and (with the model's vectors) what lets a walk over them stop early. */
interface KeyConflicts {
  /**
   * The latest conflicts counted (at most OPEN_PER_KEY), each the writes in it: oldest first, or with dot columns
   * by slot (`DotColumns`: the open ones from its `first`, round; a closed one's list is refilled by the next new
   * set, which takes its slot).
   */
  readonly sets: ConflictWrite[][];
  /**
   * Per set, a vector covering the writes of that set and of every older one (pointwise maximum), and the
   * highest write id among them: at least those, as a set let go stays in the newer ones' (which only makes
   * them cover more). Null for a key whose writes came without vectors.
   */
  joins: number[][] | null;
  maxIds: number[] | null;
  /** With the model's single dots, per actor the counter of its write in each open set (`DotColumns`). */
  dots: DotColumns | null;
  /** Whether a detection of the key came without dots: it never gets columns then. */
  undotted: boolean;
}

/**
 * Conflicts as the literature counts them (DDIA 5, "Handling write conflicts"; Dynamo §4.4): one per key and set
 * of concurrent writes, however many replicas detect or resolve it. Three leaders writing one key at once are one
 * 3-way conflict, though each leader detects it (twice, as the other two writes arrive).
 *
 * A replica reports the writes it found mutually concurrent; they join a conflict of the key already counted when
 * they are already in it, or when every one of them is concurrent with every write in it (the same set, seen from
 * another replica or in another order); otherwise they are a new conflict. Writes that causally follow one another
 * are never one conflict: after `a || b`, a `c` that saw `a` but not `b` makes a second conflict `{b, c}`.
 *
 * `concurrent` is passed at each call, never kept (the state must hold no closures: clone.ts); nor is the list
 * `writes` (a new conflict keeps a copy), so a caller may hand in the same list refilled every time.
 *
 * A model whose `concurrent` is "neither vector covers the other" may pass `vectorOf` too (multi-leader does): a
 * pair of writes is then compared only with the conflicts that could take it. A write whose id is above every id
 * in a set and all older ones, and whose vector covers all their writes, is in none of them and concurrent with
 * none of their writes, so none of them takes the pair: the newest-first walk stops there with the answer it
 * would have reached at the oldest. Most new conflicts (a quarter of the 5-leader bench's 60,882 detections) are
 * settled by the newest two or three sets instead of all sixteen.
 *
 * A model may pass its `dots` as the hint instead (leaderless does): a write's dot when its vector has one
 * positive entry, as every blind write's has. Blind writes never cover one another, so the early stop above never
 * stops their walk; but two dots of one actor with different counters are never concurrent, so a set holding
 * another write of a write's actor cannot take it (unless it holds the write itself, which has that very dot).
 * Per key and actor, the counter of its write in each open set (`DotColumns`) rules such sets out on integers
 * alone; only the sets left get the full test, newest first as before, and where they and the writes all have
 * single dots the columns answer that too (`noteDotted`). The 5-replica leaderless bench's 60,508 detections in
 * 20 s (38,692 new conflicts) made 968,591 causal tests; now 1,542, all before their keys had columns.
 */
export class ConflictSets {
  /** Per key, its open conflicts. */
  private readonly open = new Map<string, KeyConflicts>();
  /** Every conflict counted so far. */
  count = 0;

  /** The replica found `writes` (two or more) mutually concurrent; returns whether they are a new conflict. */
  note<W extends ConflictWrite>(
    key: string,
    writes: readonly W[],
    concurrent: (a: W, b: W) => boolean,
    hint?: ConflictHint<W>,
  ): boolean {
    if (writes.length < 2) return false;
    const vectorOf = typeof hint === 'function' ? hint : undefined;
    const dots = typeof hint === 'object' ? hint : undefined;
    const k = this.keyOf(key, vectorOf, dots);
    if (k.dots !== null && dots) {
      if (!noteDotted(k, k.dots, writes, concurrent, dots)) return false;
      this.count++;
      return true;
    }
    const taken =
      writes.length === 2
        ? takePair(k, writes as readonly W[], concurrent, vectorOf)
        : takeAll(k, writes, concurrent, vectorOf);
    if (taken) return false;
    openSet(k, writes, vectorOf);
    this.count++;
    return true;
  }

  /**
   * The key's open conflicts, made on its first detection. A detection without vectors clears the key's joins,
   * one without dots its columns, for good (they would no longer cover every open set). A key gets its columns
   * once it has COLUMNS_FROM sets open.
   */
  private keyOf<W extends ConflictWrite>(
    key: string,
    vectorOf?: VectorOf<W>,
    dots?: SingleDots<W>,
  ): KeyConflicts {
    let k = this.open.get(key);
    if (k === undefined) {
      k = {
        sets: [],
        joins: vectorOf ? [] : null,
        maxIds: vectorOf ? [] : null,
        dots: null,
        undotted: !dots,
      };
      this.open.set(key, k);
      return k;
    }
    if (!vectorOf && k.joins !== null) {
      k.joins = null;
      k.maxIds = null;
    }
    if (!dots && !k.undotted) {
      if (k.dots !== null) oldestFirst(k.sets, k.dots);
      k.dots = null;
      k.undotted = true;
    }
    if (dots && k.dots === null && !k.undotted && k.sets.length >= COLUMNS_FROM)
      k.dots = columnsOf(k.sets, OPEN_PER_KEY + 1, dots);
    return k;
  }
}

/**
 * The open sets a key has when it gets its dot columns: a walk of a few sets is cheaper than keeping columns (the
 * ring presets' keys have six open on average when a conflict is found; the 5-replica bench's, sixteen).
 */
const COLUMNS_FROM = OPEN_PER_KEY;

/** A key's sets kept by slot (`KeyConflicts.sets`) put back in a list of the open ones, oldest first. */
function oldestFirst(sets: ConflictWrite[][], d: DotColumns): void {
  const open: ConflictWrite[][] = [];
  for (let i = 0; i < d.open; i++) open.push(sets[slotAt(d, i)] as ConflictWrite[]);
  sets.length = 0;
  for (const set of open) sets.push(set);
}

/**
 * `note` for a key with dot columns; returns whether the writes are a new conflict. Only the sets their dots do
 * not rule out are looked at, newest first, each found from the candidates' mask (its highest bit): the set that
 * `takePair` or `takeAll` would find among them (neither has more to go on without vectors). When the writes and
 * the set all have single dots, the columns say which writes it holds and that it takes the others
 * (`decidedAt`), without a look at the writes in it. A new set takes the slot of the one closed last, and its
 * list: no list shifted down or made anew (the key keeps OPEN_PER_KEY open, so every new set closes one). With the
 * rows of `DotColumns`, the conflict count's share of the 5-replica leaderless bench's CPU profile went from 10.5%
 * to 6.8% (the shift of a key's sets and their copies, and a dozen arrays read per detection, were most of it).
 */
function noteDotted<W extends ConflictWrite>(
  k: KeyConflicts,
  d: DotColumns,
  writes: readonly W[],
  concurrent: (a: W, b: W) => boolean,
  dots: SingleDots<W>,
): boolean {
  const count = writes.length;
  const single = placeWrites(d, writes, dots);
  let cand = candidates(d, count);
  while (cand !== 0) {
    const i = 31 - Math.clz32(cand);
    cand ^= 1 << i;
    const slot = slotAt(d, i);
    const set = k.sets[slot] as W[];
    const size = set.length;
    if (single && decidedAt(d, slot, count)) {
      for (let j = 0; j < count; j++) {
        if (heldAt(d, slot, j)) continue;
        set.push(writes[j] as W);
        markPlaced(d, slot, j);
      }
      return false;
    }
    if (!takesAll(set, size, writes, concurrent)) continue;
    for (let j = 0; j < count; j++) {
      if (holds(set, size, (writes[j] as W).opId)) continue;
      set.push(writes[j] as W);
      markPlaced(d, slot, j);
    }
    return false;
  }
  const slot = openSlot(d, count);
  const sets = k.sets;
  if (slot === sets.length) sets.push(writes.slice());
  else {
    const set = sets[slot] as W[];
    for (let j = 0; j < count; j++) set[j] = writes[j] as W;
    // Setting a length is a call into the runtime: only when the closed set had more writes.
    if (set.length !== count) set.length = count;
  }
  if (d.open > OPEN_PER_KEY) closeOldest(d);
  return true;
}

/**
 * The writes as the key's newest open set (a key without dot columns), with its join and highest id when the key
 * has vectors. A key with OPEN_PER_KEY sets open closes its oldest, whose lists take the new set and join, refilled
 * in place. A copy of the writes and one of the newest join for every new conflict (15,920 in a 20-s run of the
 * 5-leader bench, nearly all of them on keys with sixteen open), and each copy's growth when a write joined it
 * later, were 23 of that bench's 369 bytes per event (sampling heap profile).
 */
function openSet<W extends ConflictWrite>(
  k: KeyConflicts,
  writes: readonly W[],
  vectorOf: VectorOf<W> | undefined,
): void {
  const sets = k.sets as W[][];
  const { joins, maxIds } = k;
  const full = sets.length >= OPEN_PER_KEY;
  let set: W[];
  if (full) {
    set = sets.shift() as W[];
    sets.push(set);
    copyInto(set, writes);
  } else {
    set = writes.slice();
    sets.push(set);
  }
  if (!joins || !maxIds || !vectorOf) return;
  const last = joins.length - 1;
  const newest = last >= 0 ? (joins[last] as number[]) : null;
  let maxId = last >= 0 ? (maxIds[last] as number) : Number.NEGATIVE_INFINITY;
  for (let j = 0; j < writes.length; j++) {
    const id = (writes[j] as W).opId;
    if (id > maxId) maxId = id;
  }
  let join: number[];
  if (full && last >= 0) {
    join = joins.shift() as number[];
    joins.push(join);
    maxIds.shift();
    maxIds.push(maxId);
    copyInto(join, newest as number[]);
  } else {
    join = newest ? newest.slice() : [];
    joins.push(join);
    maxIds.push(maxId);
  }
  for (let j = 0; j < writes.length; j++) mergeInto(join, vectorOf(writes[j] as W));
}

/** `from`'s elements in `to`, which takes its length (by pushes and pops: setting a length calls the runtime). */
function copyInto<T>(to: T[], from: readonly T[]): void {
  const n = from.length;
  while (to.length > n) to.pop();
  for (let i = 0; i < n; i++) {
    if (i < to.length) to[i] = from[i] as T;
    else to.push(from[i] as T);
  }
}

/**
 * Newest first, the first set that holds both writes of a pair or that they join takes them: the common finding
 * is a set already counted (the same conflict, detected by another replica), which takes them on write ids alone,
 * with no causal test, each set looked through in one walk. For keys without dot columns (`noteDotted` has
 * its own walk). Returns whether a set took them.
 */
function takePair<W extends ConflictWrite>(
  k: KeyConflicts,
  writes: readonly W[],
  concurrent: (a: W, b: W) => boolean,
  vectorOf: VectorOf<W> | undefined,
): boolean {
  const sets = k.sets;
  const a = writes[0] as W;
  const b = writes[1] as W;
  const aId = a.opId;
  const bId = b.opId;
  for (let i = sets.length - 1; i >= 0; i--) {
    const set = sets[i] as W[];
    const size = set.length;
    let hasA = false;
    let hasB = false;
    for (let m = 0; m < size; m++) {
      const id = (set[m] as W).opId;
      if (id === aId) hasA = true;
      if (id === bId) hasB = true;
    }
    if (hasA && hasB) return true;
    const joins =
      (hasA || joinsAll(a, set, size, concurrent)) && (hasB || joinsAll(b, set, size, concurrent));
    if (joins) {
      if (!hasA) addTo(k, i, a, vectorOf);
      if (!hasB) addTo(k, i, b, vectorOf);
      return true;
    }
    // The sets older than this one: none takes the pair when either write settles them all.
    if (i > 0 && vectorOf && (settlesUpTo(k, i - 1, a, vectorOf) || settlesUpTo(k, i - 1, b, vectorOf)))
      return false;
  }
  return false;
}

/** `takePair` for three writes or more. */
function takeAll<W extends ConflictWrite>(
  k: KeyConflicts,
  writes: readonly W[],
  concurrent: (a: W, b: W) => boolean,
  vectorOf: VectorOf<W> | undefined,
): boolean {
  const sets = k.sets;
  const count = writes.length;
  for (let i = sets.length - 1; i >= 0; i--) {
    const set = sets[i] as W[];
    const size = set.length;
    if (!takesAll(set, size, writes, concurrent)) continue;
    for (let j = 0; j < count; j++) {
      const w = writes[j] as W;
      if (!holds(set, size, w.opId)) addTo(k, i, w, vectorOf);
    }
    return true;
  }
  return false;
}

/** `w` joins set `i` (of a key without dot columns): its vector and id go into that set's join and every newer one's. */
function addTo<W extends ConflictWrite>(
  k: KeyConflicts,
  i: number,
  w: W,
  vectorOf: VectorOf<W> | undefined,
): void {
  (k.sets[i] as W[]).push(w);
  const { joins, maxIds } = k;
  if (!joins || !maxIds || !vectorOf) return;
  const v = vectorOf(w);
  for (let j = i; j < joins.length; j++) {
    mergeInto(joins[j] as number[], v);
    if (w.opId > (maxIds[j] as number)) maxIds[j] = w.opId;
  }
}

/**
 * Whether `w` is in none of sets 0..i and concurrent with none of their writes: its id is above all of theirs and
 * its vector covers them all (so the model's `concurrent`, "neither covers the other", is false for each).
 */
function settlesUpTo<W extends ConflictWrite>(
  k: KeyConflicts,
  i: number,
  w: W,
  vectorOf: VectorOf<W>,
): boolean {
  const { joins, maxIds } = k;
  if (!joins || !maxIds) return false;
  return w.opId > (maxIds[i] as number) && dominates(vectorOf(w), joins[i] as number[]);
}
