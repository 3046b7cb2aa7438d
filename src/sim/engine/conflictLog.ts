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
    this.kept.push(conflict);
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
