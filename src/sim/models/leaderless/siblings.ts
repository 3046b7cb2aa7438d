/**
 * Sibling sets of a leaderless key (cluster.ts merges with these): new versions merged onto a resolved set, the
 * causal order of two versions, and the order and identity of sets of versions by their dots.
 */
import { CONCURRENT, type DenseVector, denseRelation, precedesDense } from '../shared/denseVector.ts';
import { sortFew } from '../shared/select.ts';
import { precedes } from '../shared/versionVector.ts';
import { dotKey, type LlVersion } from './messages.ts';

/**
 * `resolve(current.concat(incoming))` under siblings, for a `current` that a resolve made: its dots are distinct
 * and none of its versions comes before another, so only the pairs with a new version need comparing (a store
 * of four siblings meeting one write: 8 comparisons instead of 20). Nothing new: `current` itself, unchanged.
 */
export function siblingsOnto(current: readonly LlVersion[], incoming: readonly LlVersion[]): LlVersion[] {
  if (incoming.length === 1) return oneOnto(current, incoming[0] as LlVersion);
  const fresh: LlVersion[] = [];
  for (const v of incoming) if (!hasDot(current, v) && !hasDot(fresh, v)) fresh.push(v);
  if (fresh.length === 0) return current as LlVersion[];
  let k = 0;
  for (const v of current) if (!followedByAny(v, fresh)) KEEP[k++] = v;
  // A fresh version is checked against current and fresh ones alike (no list of both is built).
  for (const v of fresh) if (!followedByAny(v, current) && !followedByAny(v, fresh)) KEEP[k++] = v;
  return keptList(k);
}

/**
 * `siblingsOnto(current, [v])`, what a store carries: `current` itself when it has v's dot; else the versions of
 * `current` that v does not follow, and v unless one of them follows it, each pair compared once
 * (`relation`) rather than once each way.
 */
function oneOnto(current: readonly LlVersion[], v: LlVersion): LlVersion[] {
  let k = 0;
  let followed = false;
  for (const c of current) {
    // v's dot found (`hasDot`): nothing changes, whatever was gathered so far; one walk looks and compares.
    if (c === v || (c.origin === v.origin && c.seq === v.seq)) return current as LlVersion[];
    const r = relation(c, v);
    if (r < 0) continue;
    KEEP[k++] = c;
    if (r > 0) followed = true;
  }
  if (followed) return KEEP.slice(0, k);
  // The versions kept of `current` are in dot order already (a store's list is, as every list a resolve or a
  // merge makes), and v's dot is none of theirs: v goes in at its place, found from the end, which is where the
  // full sort of the list put it (its order is total on distinct dots), with fewer comparisons.
  KEEP[k] = v;
  const out = KEEP.slice(0, k + 1);
  let j = k;
  while (j > 0 && byDot(out[j - 1] as LlVersion, v) > 0) {
    out[j] = out[j - 1] as LlVersion;
    j--;
  }
  out[j] = v;
  return out;
}

/**
 * How two distinct versions are ordered: -1 when `a` comes before `b`, 1 when `b` comes before `a`, 0 when
 * neither does (`before` both ways, by one walk of their dense vectors where both have one).
 */
export function relation(a: LlVersion, b: LlVersion): number {
  const x = a.dv;
  const y = b.dv;
  if (x === undefined || y === undefined) return before(a, b) ? -1 : before(b, a) ? 1 : 0;
  // One positive entry each (every blind write's vector): different actors are concurrent (each is ahead at its
  // own entry), the same actor is ordered by its counter. `keys` lists exactly a dense vector's positive entries.
  const ka = a.keys;
  const kb = b.keys;
  if (ka !== undefined && kb !== undefined && ka.length === 1 && kb.length === 1) {
    const i = ka[0] as number;
    if (i !== kb[0]) return 0;
    const p = x[i] as number;
    const q = y[i] as number;
    return p < q ? -1 : p > q ? 1 : 0;
  }
  const r = denseRelation(x, y);
  return r === CONCURRENT ? 0 : r;
}

/**
 * A version's dot for the conflict count (engine/conflictLog.ts `SingleDots`), when its dense vector has one
 * positive entry (every blind write's): that entry's actor and counter. Two such versions of one actor with
 * different counters are ordered (`relation`, the keyed case), so never concurrent; and a version's id is its
 * write's, which one coordinator made once (coordination.ts), so one id has one dot: as the count requires.
 */
export const SINGLE_DOTS = {
  actorOf(v: LlVersion): number {
    const keys = v.keys;
    return v.dv !== undefined && keys !== undefined && keys.length === 1 ? (keys[0] as number) : -1;
  },
  counterOf(v: LlVersion): number {
    return (v.dv as DenseVector)[(v.keys as readonly number[])[0] as number] as number;
  },
};

/**
 * Where `siblingsOnto` gathers the versions they keep, copied out at their exact count by `keptList`
 * (a list grown by push from empty takes room for 16 versions or more, on every store). Module scratch, not state:
 * only its first entries, written just before, are ever read.
 */
const KEEP: LlVersion[] = [];

/** A new list of the first `k` versions of KEEP, in dot order. */
function keptList(k: number): LlVersion[] {
  const out = KEEP.slice(0, k);
  if (k > 1) sortFew(out, byDot);
  return out;
}

/** Whether `list` holds a version with the dot of `v`. */
export function hasDot(list: readonly LlVersion[], v: LlVersion): boolean {
  // A version travels by reference (one object per write), so the same object is the common match.
  for (const o of list) if (o === v || (o.origin === v.origin && o.seq === v.seq)) return true;
  return false;
}

/** Whether another version of `all` causally follows `v` (so `v` is no sibling). */
export function followedByAny(v: LlVersion, all: readonly LlVersion[]): boolean {
  for (const o of all) if (o !== v && before(v, o)) return true;
  return false;
}

/** Whether `a`'s vector comes before `b`'s: by their dense forms when both have one (every version a run makes). */
export function before(a: LlVersion, b: LlVersion): boolean {
  const x = a.dv;
  const y = b.dv;
  return x !== undefined && y !== undefined ? precedesDense(x, y) : precedes(a.vv, b.vv);
}

/**
 * Versions in the order of their dots' text, "origin:seq", without building the texts: origins that differ
 * before either ends decide it alone; where one origin begins the other, the shorter one's ':' meets the longer
 * one's next character (only a ':' there needs the texts); the same origin compares the counters as text.
 * This sorts every sibling set, and ring node names (kv1, kv13) often begin one another.
 */
export function byDot(a: LlVersion, b: LlVersion): number {
  const p = a.origin;
  const q = b.origin;
  if (p === q) return byText(String(a.seq), String(b.seq));
  // Different origins of one length (n1 and n4, kv17 and kv42): neither begins the other, so they decide alone,
  // without the prefix test (a call into the runtime, on every insertion into a sibling list).
  if (p.length === q.length) return p < q ? -1 : 1;
  const pShorter = p.length < q.length;
  if (pShorter ? q.startsWith(p) : p.startsWith(q)) {
    const next = pShorter ? q.charCodeAt(p.length) : p.charCodeAt(q.length);
    if (next !== COLON) return next > COLON === pShorter ? -1 : 1;
    return byText(dotKey(a), dotKey(b));
  }
  return p < q ? -1 : 1;
}

/** The character code of ':', which joins a dot's origin and counter in its text. */
const COLON = 58;

/**
 * Whether two lists of versions hold the same dots: `signature(a) === signature(b)` for lists whose dots are
 * distinct (every list a resolve made, and every store's), without building the texts.
 */
export function sameDots(a: readonly LlVersion[], b: readonly LlVersion[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (const v of a) if (!hasDot(b, v)) return false;
  return true;
}

/** A deterministic signature of a set of versions (the dots it holds). */
export function signature(versions: readonly LlVersion[]): string {
  // None or one version (most keys, on every anti-entropy digest): the text itself, no list built and joined.
  if (versions.length < 2) return versions.length === 0 ? '' : dotKey(versions[0] as LlVersion);
  // A list in dot order (every list a resolve or a merge makes, so every store's) reads off in its own order,
  // which is the order of its dots' texts (`byDot`): no list of texts made, sorted and joined. Any other is sorted.
  let text = dotKey(versions[0] as LlVersion);
  for (let i = 1; i < versions.length; i++) {
    const v = versions[i] as LlVersion;
    if (byDot(versions[i - 1] as LlVersion, v) >= 0) return sortFew(versions.map(dotKey), byText).join(',');
    text += `,${dotKey(v)}`;
  }
  return text;
}

/** The default sort's order for strings: by UTF-16 code units. */
function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
