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

export class ConflictLog {
  /** The kept conflicts from index `head` on (the ones before it are let go, spliced out now and then). */
  private kept: ConflictView[] = [];
  private head = 0;
  /** Every conflict reported so far. */
  total = 0;

  add(conflict: ConflictView): void {
    this.total++;
    // Never changed once reported: frozen, a checkpoint shares it rather than copying it (clone.ts).
    this.kept.push(Object.freeze(conflict));
    if (this.kept.length - this.head <= MAX_CONFLICTS_KEPT) return;
    this.head++;
    // Splice the let-go prefix out once it is as long as the kept part, so each conflict costs O(1).
    if (this.head >= MAX_CONFLICTS_KEPT) {
      this.kept = this.kept.slice(this.head);
      this.head = 0;
    }
  }

  /** The latest conflicts kept, oldest first (at most MAX_CONFLICTS_KEPT). */
  latest(): readonly ConflictView[] {
    if (this.head > 0) {
      this.kept = this.kept.slice(this.head);
      this.head = 0;
    }
    return this.kept;
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

/** How many conflicts one key keeps open to join (older ones are closed: a write joining them counts anew). */
const OPEN_PER_KEY = 8;

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
 * `concurrent` is passed at each call, never kept (the state must hold no closures: clone.ts).
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
    // The common finding is a set already counted (the same conflict, detected by another replica): the newest
    // set holding every write is found by write ids alone. Only the sets newer than it need the causal test (the
    // first set, newest first, that holds them all or that they all join, takes them: as a test of each in turn).
    let held = -1;
    for (let i = sets.length - 1; i >= 0 && held < 0; i--) {
      const set = sets[i] as W[];
      let all = true;
      for (const w of writes)
        if (!holds(set, set.length, w.opId)) {
          all = false;
          break;
        }
      if (all) held = i;
    }
    for (let i = sets.length - 1; i > held; i--) {
      const set = sets[i] as W[];
      const size = set.length;
      let joins = true;
      for (const w of writes) {
        if (holds(set, size, w.opId)) continue;
        for (let k = 0; k < size && joins; k++) if (!concurrent(w, set[k] as W)) joins = false;
        // A write new to this set that does not join it: neither this set nor one it joins.
        if (!joins) break;
      }
      if (joins) {
        for (const w of writes) if (!holds(set, size, w.opId)) set.push(w);
        return false;
      }
    }
    if (held >= 0) return false;
    sets.push(writes.slice());
    if (sets.length > OPEN_PER_KEY) sets.shift();
    this.count++;
    return true;
  }
}
