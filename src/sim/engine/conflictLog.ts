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
 */
export class ConflictSets {
  /** Per key, the latest conflicts counted (at most OPEN_PER_KEY), oldest first; each the writes in it. */
  private readonly open = new Map<string, ConflictWrite[][]>();
  /** Every conflict counted so far. */
  count = 0;

  /** The replica found `writes` (two or more) mutually concurrent; returns whether they are a new conflict. */
  note<W extends ConflictWrite>(
    key: string,
    writes: readonly W[],
    concurrent: (a: W, b: W) => boolean,
  ): boolean {
    if (writes.length < 2) return false;
    let sets = this.open.get(key);
    if (sets === undefined) {
      sets = [];
      this.open.set(key, sets);
    }
    // Newest first, the first set that holds every write or that they all join takes them. The common finding
    // is a set already counted (the same conflict, detected by another replica): its writes are all in it, and
    // it takes them on write ids alone, with no causal test. A pair (last-write-wins finds nothing else) is
    // looked for in one walk of each set.
    const count = writes.length;
    if (count === 2) {
      const a = writes[0] as W;
      const b = writes[1] as W;
      const aId = a.opId;
      const bId = b.opId;
      for (let i = sets.length - 1; i >= 0; i--) {
        const set = sets[i] as W[];
        const size = set.length;
        let hasA = false;
        let hasB = false;
        for (let k = 0; k < size; k++) {
          const id = (set[k] as W).opId;
          if (id === aId) hasA = true;
          if (id === bId) hasB = true;
        }
        if (hasA && hasB) return false;
        if (!hasA && !joinsAll(a, set, size, concurrent)) continue;
        if (!hasB && !joinsAll(b, set, size, concurrent)) continue;
        if (!hasA) set.push(a);
        if (!hasB) set.push(b);
        return false;
      }
    } else {
      for (let i = sets.length - 1; i >= 0; i--) {
        const set = sets[i] as W[];
        const size = set.length;
        let joins = true;
        for (let j = 0; j < count && joins; j++) {
          const w = writes[j] as W;
          // A write new to this set that is not concurrent with all of it: neither this set nor one it joins.
          if (!holds(set, size, w.opId)) joins = joinsAll(w, set, size, concurrent);
        }
        if (!joins) continue;
        for (let j = 0; j < count; j++) {
          const w = writes[j] as W;
          if (!holds(set, size, w.opId)) set.push(w);
        }
        return false;
      }
    }
    sets.push(writes.slice());
    if (sets.length > OPEN_PER_KEY) sets.shift();
    this.count++;
    return true;
  }
}
