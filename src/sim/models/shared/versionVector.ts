/**
 * Version vectors: for each origin node, the highest sequence number of its changes that a version (or a node)
 * has seen. Comparing two vectors tells whether one version causally follows the other or whether they are
 * concurrent (DDIA 5, "Detecting concurrent writes"; Dynamo section 4.4).
 *
 * Node ids are user text, so a vector must treat `__proto__` or `constructor` as ordinary entries: vectors are
 * built on a prototype that has no properties at all and whose own prototype is null (`VECTOR_PROTO`), so no
 * name is inherited and assigning `__proto__` creates an own entry, and they are read only through `entry`,
 * which accepts only numbers. Unlike `Object.create(null)` objects (which V8 keeps in slow dictionary mode),
 * these are ordinary fast objects: leaderless replicas compare and merge them on every version they store, so this
 * is a hot path. A vector that crossed `postMessage` or JSON gains `Object.prototype` again; `entry` still reads
 * it right, since no inherited property is a number. This is also the form every vector takes once it leaves a
 * model (a read's context in the history, the oracle, exports); multi-leader works on dense vectors inside
 * (denseVector.ts) and names them at that boundary.
 */
export type VersionVector = Readonly<Record<string, number>>;

export type Order = 'before' | 'after' | 'equal' | 'concurrent';

/** The empty vector: nothing seen. */
const VECTOR_PROTO: object = Object.freeze(Object.create(null) as object);

export const EMPTY_VECTOR: VersionVector = Object.freeze(
  Object.create(VECTOR_PROTO) as Record<string, number>,
);

/** The node's entry: the highest sequence number of its changes the vector has seen (0: none). */
export function entry(v: VersionVector, node: string): number {
  // Only own entries are numbers: an inherited `constructor` or `toString` of a vector that crossed JSON is not.
  const n = v[node];
  return typeof n === 'number' ? n : 0;
}

/** A copy of `v` with the node's entry set to `n`. */
export function withEntry(v: VersionVector, node: string, n: number): VersionVector {
  const out = copyOf(v);
  out[node] = n;
  return out;
}

/** A new, empty vector its maker may fill (on the property-free prototype: any node id is an entry). */
export function blankVector(): Record<string, number> {
  return Object.create(VECTOR_PROTO) as Record<string, number>;
}

/** A copy of the vector, without a prototype. */
export function copyVector(v: VersionVector): VersionVector {
  return copyOf(v);
}

/** How `a` relates to `b`: before (b saw everything a saw and more), after, equal, or concurrent. */
export function compare(a: VersionVector, b: VersionVector): Order {
  if (a === b) return 'equal';
  let aAhead = false;
  let bAhead = false;
  // for...in sees no inherited entry: a vector's prototype has none, and Object.prototype's are not enumerable;
  // so `a[k]` is one of a's own entries, a number.
  for (const k in a) {
    const x = a[k] as number;
    const y = entry(b, k);
    if (x > y) aAhead = true;
    else if (x < y) bAhead = true;
  }
  if (!bAhead)
    for (const k in b)
      if (entry(a, k) < (b[k] as number)) {
        bAhead = true;
        break;
      }
  if (aAhead && bAhead) return 'concurrent';
  if (aAhead) return 'after';
  if (bAhead) return 'before';
  return 'equal';
}

/**
 * Whether `a` comes before `b` (`compare(a, b) === 'before'`), stopping at the first entry where `a` is ahead:
 * the common answer for concurrent versions, which `compare` reaches only after reading both vectors whole.
 */
export function precedes(a: VersionVector, b: VersionVector): boolean {
  if (a === b) return false;
  let behind = false;
  for (const k in a) {
    const x = a[k] as number;
    const y = entry(b, k);
    if (x > y) return false;
    if (x < y) behind = true;
  }
  if (behind) return true;
  for (const k in b) if (entry(a, k) < (b[k] as number)) return true;
  return false;
}

/** The pointwise maximum: a vector that has seen everything either has. */
export function merge(a: VersionVector, b: VersionVector): VersionVector {
  // Vectors are never changed once made, so when b adds nothing, a itself is the answer.
  let out: Record<string, number> | null = null;
  for (const k in b) {
    const y = b[k] as number;
    if (y <= entry(out ?? a, k)) continue;
    out ??= copyOf(a);
    out[k] = y;
  }
  return out ?? a;
}

/** Sorted, compact text: `{eu:2, us:3}`. */
export function formatVector(v: VersionVector): string {
  const parts = Object.keys(v)
    .sort()
    .map((k) => `${k}:${entry(v, k)}`);
  return `{${parts.join(', ')}}`;
}

/** The sum of all entries: how many changes a version has seen (a size, not an order). */
export function vectorSize(v: VersionVector): number {
  let n = 0;
  for (const k in v) n += entry(v, k);
  return n;
}

/**
 * A copy on the property-free prototype. Assigning `__proto__` there creates an own entry: the `__proto__`
 * accessor lives on Object.prototype, which is not in the chain.
 */
function copyOf(v: VersionVector): Record<string, number> {
  const out = blankVector();
  for (const k in v) {
    const n = v[k];
    if (typeof n === 'number') out[k] = n;
  }
  return out;
}
