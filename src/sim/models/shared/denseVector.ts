/**
 * Dense version vectors: the models' hot-path form of a version vector (versionVector.ts). Each actor (a node, or
 * a node's incarnation after it lost its disk) gets a small index in its cluster's `Actors` table when first
 * seen, and a vector is a plain array of counters indexed by it; an index past the array's end reads as 0, so a
 * vector made before an actor joined stays valid. Comparing and merging walk two short arrays of small integers:
 * no `Object.keys`, no property lookups by name, no copies where nothing changes.
 *
 * A dense vector means something only with its table, so it never leaves the model: where a vector does (a
 * read's causal context, the page's view, a message's tooltip and size), `toNamed` and `formatDense` turn it
 * into the string-keyed form, and `fromNamed` takes a client's context in. Only positive counters are entries:
 * zeros are absent from the named form, as they are from vectors built by `withEntry` and `merge` there.
 *
 * Like named vectors, a dense vector is never changed once handed out; a model may update one it owns in place
 * (`mergeInto`, `setEntry`) as long as no message or other holder has it.
 */
import { type DenseVector, denseEntry, dominates, mergeInto } from '../../engine/denseOps.ts';
import { byKey } from './cells.ts';
import { blankVector, entry as namedEntry, type Order, type VersionVector } from './versionVector.ts';

export { type DenseVector, denseEntry, dominates, mergeInto };

/** The empty vector: nothing seen. */
export const EMPTY_DENSE: DenseVector = Object.freeze([]) as DenseVector;

/** A cluster's actor names and their indexes, in order of first sight (deterministic in a run). */
export class Actors {
  private readonly names: string[] = [];
  private readonly index = new Map<string, number>();

  /** The actor's index, giving it the next one when it is new. */
  id(name: string): number {
    const i = this.index.get(name);
    if (i !== undefined) return i;
    this.index.set(name, this.names.length);
    this.names.push(name);
    return this.names.length - 1;
  }

  /** The actor's index, or -1 when it was never seen (it has no entry in any vector). */
  find(name: string): number {
    return this.index.get(name) ?? -1;
  }

  name(i: number): string {
    const n = this.names[i];
    if (n === undefined) throw new Error(`no actor has index ${i}`);
    return n;
  }

  get size(): number {
    return this.names.length;
  }
}

/** A copy of `v` with entry `i` set to `n` (grown with zeros as needed). */
export function withDenseEntry(v: DenseVector, i: number, n: number): DenseVector {
  const out = v.slice();
  while (out.length <= i) out.push(0);
  out[i] = n;
  return out;
}

/** Sets entry `i` of a vector the caller owns, growing it with zeros as needed. */
export function setEntry(v: number[], i: number, n: number): void {
  while (v.length <= i) v.push(0);
  v[i] = n;
}

/** `denseRelation`'s answer when neither vector covers the other. */
export const CONCURRENT = 2;

/**
 * `compareDense` as a number, in one walk that stops as soon as each vector is seen ahead somewhere (the hot
 * paths: conflict detection, merging siblings): -1 when `a` is before `b`, 1 after, 0 equal, CONCURRENT.
 */
export function denseRelation(a: DenseVector, b: DenseVector): number {
  if (a === b) return 0;
  let aAhead = false;
  let bAhead = false;
  const common = Math.min(a.length, b.length);
  for (let i = 0; i < common; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (x > y) {
      if (bAhead) return CONCURRENT;
      aAhead = true;
    } else if (x < y) {
      if (aAhead) return CONCURRENT;
      bAhead = true;
    }
  }
  for (let i = common; i < a.length; i++) if ((a[i] as number) > 0) aAhead = true;
  for (let i = common; i < b.length; i++) if ((b[i] as number) > 0) bAhead = true;
  if (aAhead && bAhead) return CONCURRENT;
  return aAhead ? 1 : bAhead ? -1 : 0;
}

/** How `a` relates to `b`: before (b saw everything a saw and more), after, equal, or concurrent. */
export function compareDense(a: DenseVector, b: DenseVector): Order {
  const r = denseRelation(a, b);
  return r === CONCURRENT ? 'concurrent' : r > 0 ? 'after' : r < 0 ? 'before' : 'equal';
}

/**
 * Whether `a` comes before `b` (`compareDense(a, b) === 'before'`), stopping at the first entry where `a` is
 * ahead: the common answer for concurrent versions.
 */
export function precedesDense(a: DenseVector, b: DenseVector): boolean {
  if (a === b) return false;
  let behind = false;
  const common = Math.min(a.length, b.length);
  for (let i = 0; i < common; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (x > y) return false;
    if (x < y) behind = true;
  }
  for (let i = common; i < a.length; i++) if ((a[i] as number) > 0) return false;
  if (behind) return true;
  for (let i = common; i < b.length; i++) if ((b[i] as number) > 0) return true;
  return false;
}

/** The pointwise maximum; `a` itself when `b` adds nothing (vectors are never changed once handed out). */
export function mergeDense(a: DenseVector, b: DenseVector): DenseVector {
  if (dominates(a, b)) return a;
  const out = a.slice();
  mergeInto(out, b);
  return out;
}

/** The sum of all entries: how many changes a version has seen (a size, not an order). */
export function denseSize(v: DenseVector): number {
  let n = 0;
  for (let i = 0; i < v.length; i++) n += v[i] as number;
  return n;
}

/** The string-keyed form, for what leaves the model (entries in actor-name order). */
export function toNamed(actors: Actors, v: DenseVector): VersionVector {
  // On the property-free prototype, as every named vector: a node called `__proto__` is an entry like any other.
  const out = blankVector();
  for (const i of sortedIndexes(actors, v)) out[actors.name(i)] = v[i] as number;
  return out;
}

/** A string-keyed vector (a client's context) in the cluster's dense form; new actors get indexes. */
export function fromNamed(actors: Actors, vv: VersionVector): DenseVector {
  const out: number[] = [];
  for (const name in vv) {
    const n = namedEntry(vv, name);
    if (n > 0) setEntry(out, actors.id(name), n);
  }
  return out;
}

/** Sorted, compact text, as `formatVector` gives for the named form: `{eu:2, us:3}`. */
export function formatDense(actors: Actors, v: DenseVector): string {
  return `{${sortedIndexes(actors, v)
    .map((i) => `${actors.name(i)}:${v[i]}`)
    .join(', ')}}`;
}

/** The indexes of the positive entries, in actor-name order. */
function sortedIndexes(actors: Actors, v: DenseVector): number[] {
  const out: number[] = [];
  for (let i = 0; i < v.length; i++) if ((v[i] as number) > 0) out.push(i);
  return out.sort((x, y) => byKey(actors.name(x), actors.name(y)));
}
