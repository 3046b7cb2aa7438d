/**
 * What a leaderless read answers for the versions its quorum merged: the value, the siblings, the causal context
 * (the pointwise maximum of the versions' vectors) and their op ids, kept per key while the versions stay the same.
 */
import type { DenseVector } from '../shared/denseVector.ts';
import { blankVector, EMPTY_VECTOR, entry, type VersionVector } from '../shared/versionVector.ts';
import type { LlCluster } from './cluster.ts';
import type { LlVersion } from './messages.ts';

/**
 * The pointwise maximum of the versions' vectors (a read's causal context), as merging them in turn from the
 * empty vector gives it: the same entries in the same order (each where it first appears), filled into one new
 * vector. Worked out on the versions' dense vectors, in the order of their `keys`, with the cluster's scratch
 * counters (left all zero again); versions without a dense form merge by name.
 */
export function contextOf(c: LlCluster, versions: readonly LlVersion[]): VersionVector {
  // One version (most reads): merging its vector into the empty one copies it, entry for entry in its order, so
  // the vector itself is the answer (a version's vector is made by withEntry and never changed), unless it has
  // an entry that is not positive (which the copy would leave out) or none at all (the empty vector's answer).
  if (versions.length === 1) {
    const v = versions[0] as LlVersion;
    // A version a write made knows whether its vector is all positive (no walk over the vector's names).
    let positive = v.positive;
    if (positive === undefined) {
      positive = false;
      for (const k in v.vv) {
        positive = (v.vv[k] as number) > 0;
        if (!positive) break;
      }
    }
    if (positive) return v.vv;
  }
  for (const v of versions) if (v.dv === undefined || v.keys === undefined) return mergeByName(versions);
  const max = c.scratchCounters;
  const order = c.scratchOrder;
  for (const v of versions) {
    const dv = v.dv as DenseVector;
    for (const i of v.keys as readonly number[]) {
      const y = dv[i] as number;
      while (max.length <= i) max.push(0);
      const held = max[i] as number;
      if (y <= held) continue;
      if (held === 0) order.push(i);
      max[i] = y;
    }
  }
  if (order.length === 0) return EMPTY_VECTOR;
  const out = blankVector();
  for (const i of order) {
    out[c.actors.name(i)] = max[i] as number;
    max[i] = 0;
  }
  order.length = 0;
  return out;
}

/**
 * What a read of `key` answers for its merged versions: the value (one version's, or the siblings' joined), the
 * siblings' values, the causal context and the versions' op ids. A key's versions often stay the same from one
 * read to the next, so the answer last worked out for the key is kept (`LlCluster.readAnswers`) and given again
 * when it came from the very same versions in the same order (the same objects: a version is one object for its
 * whole life, and nothing in it changes); otherwise the key's record is filled anew. The lists it gives are never
 * changed: replies share them (a client copies what it keeps), as they share a single version's vector.
 */
export function readAnswer(c: LlCluster, key: string, versions: readonly LlVersion[]): ReadAnswer {
  const held = c.readAnswers.get(key);
  if (held && sameList(held.versions, versions)) return held;
  // One version's value is the joined text itself (no list made for it).
  const siblings = versions.length > 1 ? versions.map((v) => v.value) : null;
  const value = siblings ? siblings.join(' | ') : versions.length ? (versions[0] as LlVersion).value : null;
  const context = contextOf(c, versions);
  const opIds = versions.map((v) => v.opId);
  if (!held) {
    const made: ReadAnswer = { versions, value, siblings, context, opIds };
    c.readAnswers.set(key, made);
    return made;
  }
  held.versions = versions;
  held.value = value;
  held.siblings = siblings;
  held.context = context;
  held.opIds = opIds;
  return held;
}

/** A read's answer for a key's versions (`readAnswer`), kept per key. */
export interface ReadAnswer {
  versions: readonly LlVersion[];
  value: string | null;
  siblings: readonly string[] | null;
  context: VersionVector;
  opIds: readonly number[];
}

/** Whether two lists hold the same version objects in the same order. */
function sameList(a: readonly LlVersion[], b: readonly LlVersion[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** `contextOf` by name: each vector's entries in turn, into one new vector. */
function mergeByName(versions: readonly LlVersion[]): VersionVector {
  let out: Record<string, number> | null = null;
  for (const v of versions)
    for (const k in v.vv) {
      const y = v.vv[k] as number;
      if (y <= (out ? entry(out, k) : 0)) continue;
      out ??= blankVector();
      out[k] = y;
    }
  return out ?? EMPTY_VECTOR;
}
