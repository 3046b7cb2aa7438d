/**
 * Version vectors: for each origin node, the highest sequence number of its changes that a version (or a node)
 * has seen. Comparing two vectors tells whether one version causally follows the other or whether they are
 * concurrent (DDIA 5, "Detecting concurrent writes"; Dynamo section 4.4).
 *
 * Node ids are user text, so a vector must treat `__proto__` or `constructor` as ordinary entries: vectors are
 * built without a prototype (`Object.create(null)`) and read only through `entry`, which never sees an
 * inherited property. A vector that crossed `postMessage` or JSON gains a prototype again; `entry` still reads
 * it right.
 */
export type VersionVector = Readonly<Record<string, number>>;

export type Order = 'before' | 'after' | 'equal' | 'concurrent';

/** The empty vector: nothing seen. */
export const EMPTY_VECTOR: VersionVector = Object.freeze(Object.create(null) as Record<string, number>);

/** The node's entry: the highest sequence number of its changes the vector has seen (0: none). */
export function entry(v: VersionVector, node: string): number {
  return Object.hasOwn(v, node) ? (v[node] as number) : 0;
}

/** A copy of `v` with the node's entry set to `n`. */
export function withEntry(v: VersionVector, node: string, n: number): VersionVector {
  const out = copyOf(v);
  define(out, node, n);
  return out;
}

/** A copy of the vector, without a prototype. */
export function copyVector(v: VersionVector): VersionVector {
  return copyOf(v);
}

/** How `a` relates to `b`: before (b saw everything a saw and more), after, equal, or concurrent. */
export function compare(a: VersionVector, b: VersionVector): Order {
  let aAhead = false;
  let bAhead = false;
  for (const k of Object.keys(a)) {
    const x = entry(a, k);
    const y = entry(b, k);
    if (x > y) aAhead = true;
    else if (x < y) bAhead = true;
  }
  for (const k of Object.keys(b)) if (entry(a, k) < entry(b, k)) bAhead = true;
  if (aAhead && bAhead) return 'concurrent';
  if (aAhead) return 'after';
  if (bAhead) return 'before';
  return 'equal';
}

/** The pointwise maximum: a vector that has seen everything either has. */
export function merge(a: VersionVector, b: VersionVector): VersionVector {
  const out = copyOf(a);
  for (const k of Object.keys(b)) if (entry(b, k) > entry(out, k)) define(out, k, entry(b, k));
  return out;
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
  for (const k of Object.keys(v)) n += entry(v, k);
  return n;
}

function copyOf(v: VersionVector): Record<string, number> {
  const out = Object.create(null) as Record<string, number>;
  for (const k of Object.keys(v)) define(out, k, entry(v, k));
  return out;
}

/** Sets an own entry, even one named `__proto__` (a plain assignment would set the prototype instead). */
function define(v: Record<string, number>, node: string, n: number): void {
  Object.defineProperty(v, node, { value: n, enumerable: true, writable: true, configurable: true });
}
