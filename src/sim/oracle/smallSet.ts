/**
 * The linearizability search's set of linearized operations and memo for a search of at most SMALL_SET
 * operations (src/sim/oracle/linearizability.ts keeps larger ones in its LinearizedSet).
 */

/** What the search asks of its set of linearized operations and memo (see LinearizedSet). */
export interface OperationSet {
  tryAdd(i: number, state: string | null): boolean;
  remove(i: number): void;
}

/** The most operations a search keeps in a SmallSet. */
export const SMALL_SET = 16;

/**
 * The set and memo of a search of at most SMALL_SET operations (most of a live check's: segments of a few
 * operations, a probe and what the configuration carries), as LinearizedSet keeps them but in one number: the
 * set is a 16-bit word, and a memo entry is that word with the state's id above it, exact (no hash, no bucket),
 * in a Set of small integers. It holds exactly the pairs LinearizedSet would, so the search takes the same steps.
 */
class SmallSet implements OperationSet {
  private bits = 0;
  /** The register states met, by id (a search of n operations meets at most n + 1: a scan is enough). */
  private readonly states: (string | null)[] = [];
  private readonly memo = new Set<number>();

  reset(): void {
    this.bits = 0;
    this.states.length = 0;
    this.memo.clear();
  }

  tryAdd(i: number, state: string | null): boolean {
    const bits = this.bits | (1 << i);
    let sid = this.states.indexOf(state);
    if (sid < 0) {
      sid = this.states.length;
      this.states.push(state);
    }
    const key = (sid << SMALL_SET) | bits;
    if (this.memo.has(key)) return false;
    this.memo.add(key);
    this.bits = bits;
    return true;
  }

  remove(i: number): void {
    this.bits &= ~(1 << i);
  }
}

const small = new SmallSet();

/** The module's SmallSet, emptied for a new search (one search runs at a time, and a set never outlives it). */
export function smallSet(): SmallSet {
  const set = small;
  set.reset();
  return set;
}
