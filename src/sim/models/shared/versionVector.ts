/**
 * Version vectors: for each origin node, the highest sequence number of its changes that a version (or a node)
 * has seen. Comparing two vectors tells whether one version causally follows the other or whether they are
 * concurrent (DDIA 5, "Detecting concurrent writes"; Dynamo section 4.4).
 */
export type VersionVector = Readonly<Record<string, number>>;

export type Order = 'before' | 'after' | 'equal' | 'concurrent';

/** How `a` relates to `b`: before (b saw everything a saw and more), after, equal, or concurrent. */
export function compare(a: VersionVector, b: VersionVector): Order {
  let aAhead = false;
  let bAhead = false;
  for (const k of Object.keys(a)) {
    const x = a[k] ?? 0;
    const y = b[k] ?? 0;
    if (x > y) aAhead = true;
    else if (x < y) bAhead = true;
  }
  for (const k of Object.keys(b)) if ((a[k] ?? 0) < (b[k] ?? 0)) bAhead = true;
  if (aAhead && bAhead) return 'concurrent';
  if (aAhead) return 'after';
  if (bAhead) return 'before';
  return 'equal';
}

/** The pointwise maximum: a vector that has seen everything either has. */
export function merge(a: VersionVector, b: VersionVector): VersionVector {
  const out: Record<string, number> = { ...a };
  for (const [k, v] of Object.entries(b)) if (v > (out[k] ?? 0)) out[k] = v;
  return out;
}

/** Sorted, compact text: `{eu:2, us:3}`. */
export function formatVector(v: VersionVector): string {
  const parts = Object.keys(v)
    .sort()
    .map((k) => `${k}:${v[k]}`);
  return `{${parts.join(', ')}}`;
}

/** The sum of all entries: how many changes a version has seen (a size, not an order). */
export function vectorSize(v: VersionVector): number {
  let n = 0;
  for (const x of Object.values(v)) n += x;
  return n;
}
