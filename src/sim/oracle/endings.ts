/**
 * What a key's register may be left as where a segment ends (segments.ts `settle`): the configurations the
 * operations before a point may leave there, probed one value at a time with the linearizability search, kept
 * when no other can do all they can; and the operations that still count at the point (those in flight freed to
 * take effect or not, the indeterminate writes no read can need dropped).
 */
import { checkKey, type RegisterOp } from './linearizability.ts';
import type { Config } from './segments.ts';

/**
 * The most operations in flight across a point (an indeterminate write aside). Cutting across operations in
 * flight is exact (tests/unit/oracle/live-vs-full.test.ts passed at 2), but at 2 the probes of each subset cost
 * more than the live budget on a busy key with reads (the leaderless window test kept 17,850 operations against
 * its bound of 12,038), so the live check cuts only where none is.
 *
 * No cheaper cut is exact. A cut must carry every configuration the register may be in there, and each
 * operation in flight across it may have taken effect before it or not: a read that returned the value of a
 * write whose predecessors are all settled does not settle the prefix, since a write in flight across that read
 * may still be ordered before the write it read (invisible) or after the read (to come), and the two differ for
 * every later read. Carrying both is exactly a cut across operations in flight (a subset per configuration).
 */
export const MAX_SPANNING = 0;
/** The most configurations a point may carry on. */
export const MAX_STATES = 8;
/** The most indeterminate writes a configuration may carry as not yet taken effect. */
const MAX_FLOATING = 32;

/**
 * `ops` with those still in flight at `timeUs` (they return after it) free to take effect or not: as
 * indeterminate writes. The list itself when none is (no copy).
 */
export function freedAfter(ops: readonly RegisterOp[], timeUs: number): readonly RegisterOp[] {
  let any = false;
  for (const o of ops)
    if (o.completeUs !== null && o.completeUs > timeUs) {
      any = true;
      break;
    }
  if (!any) return ops;
  return ops.map((o) => (o.completeUs !== null && o.completeUs > timeUs ? { ...o, completeUs: null } : o));
}

/**
 * `ops` without the indeterminate writes whose value no read of `reads` returned (they could help none): the
 * list itself when it holds no indeterminate write (no copy).
 */
export function relevant(
  ops: readonly RegisterOp[],
  reads: readonly RegisterOp[],
  also?: string | null,
): readonly RegisterOp[] {
  let indeterminate = false;
  for (const o of ops)
    if (o.f !== 'read' && o.completeUs === null) {
      indeterminate = true;
      break;
    }
  if (!indeterminate) return ops;
  const read = new Set<string | null>();
  for (const o of reads) if (o.f === 'read') read.add(o.value);
  if (also !== undefined) read.add(also);
  return ops.filter((o) => o.f === 'read' || o.completeUs !== null || read.has(o.value));
}

/**
 * The configurations the operations `all` (a configuration's pending ones and a segment's) may leave at
 * `timeUs`, from the register holding `start`: for each set of the operations in flight across it that have
 * taken effect by then, those the completed ones and these may leave. Null when they cannot be told apart or are
 * too many, "unknown" when the budget ran out.
 */
export function endings(
  key: string,
  start: string | null,
  all: readonly RegisterOp[],
  timeUs: number,
  budget: { left: number },
): Config[] | null | 'unknown' {
  const floating = all.filter((o) => o.completeUs === null);
  const done = all.filter((o) => o.completeUs !== null && o.completeUs < timeUs);
  const spanning = all.filter((o) => o.completeUs !== null && o.completeUs > timeUs);
  if (spanning.length > MAX_SPANNING) return null;
  let probeAt = timeUs;
  if (!Number.isFinite(timeUs)) {
    probeAt = Number.NEGATIVE_INFINITY;
    for (const o of done) probeAt = Math.max(probeAt, (o.completeUs as number) + 1);
  }
  const none: readonly RegisterOp[] = [];
  // None in flight across the point (the live check cuts only there): one set, the one taken by none.
  if (spanning.length === 0)
    return endingsAfter(key, { start, prefix: done, floating, left: none, probeAt }, budget);
  const out: Config[] = [];
  for (let mask = 0; mask < 1 << spanning.length; mask++) {
    const taken = spanning
      .filter((_, b) => mask & (1 << b))
      .map((o) => ({ ...o, completeUs: timeUs - 0.25 }));
    const left = spanning.filter((_, b) => !(mask & (1 << b)));
    const after = { start, prefix: [...done, ...taken], floating, left, probeAt };
    const found = endingsAfter(key, after, budget);
    if (found === null || found === 'unknown') return found;
    out.push(...found);
  }
  return out;
}

/**
 * The configurations a prefix may leave (`prefix`: the operations that have taken effect by `probeAt`, with
 * `floating` free to): only a write not followed by a write of the prefix may be the last, or an indeterminate
 * one whose value was read; each such value is kept if a read of it right after the prefix can be linearized too.
 * In each, the indeterminate writes still to take effect are all those whose value no read returned (the others
 * must have taken effect: their values are their own), but the one whose value the register holds.
 */
function endingsAfter(
  key: string,
  p: {
    start: string | null;
    prefix: readonly RegisterOp[];
    floating: readonly RegisterOp[];
    left: readonly RegisterOp[];
    probeAt: number;
  },
  budget: { left: number },
): Config[] | null | 'unknown' {
  const settled = p.prefix.filter((o) => o.f === 'write');
  const read = new Set<string | null>();
  for (const o of p.prefix) if (o.f === 'read') read.add(o.value);
  if (p.floating.length > 0 && !distinct(p.floating, settled, p.start)) return null;
  let lastInvoke = Number.NEGATIVE_INFINITY;
  for (const w of settled) lastInvoke = Math.max(lastInvoke, w.invokeUs);
  const values = new Set<string | null>(settled.length === 0 ? [p.start] : []);
  for (const w of settled) if ((w.completeUs as number) >= lastInvoke) values.add(w.value);
  for (const w of p.floating) if (read.has(w.value)) values.add(w.value);
  const unread = p.floating.filter((w) => !read.has(w.value));
  if (values.size > MAX_STATES || unread.length > MAX_FLOATING) return null;
  const out: Config[] = [];
  for (const value of values) {
    const probe: RegisterOp = { id: -1, key, f: 'read', value, invokeUs: p.probeAt, completeUs: p.probeAt };
    const ops = [...relevant(p.floating, p.prefix, value), ...p.prefix, probe];
    const found = checkKey(key, ops, budget, p.start);
    if (found.result === 'unknown') return 'unknown';
    if (found.result === 'linearizable')
      out.push({ value, pending: [...p.left, ...unread.filter((w) => w.value !== value)] });
  }
  return out;
}

/**
 * Whether each indeterminate write's value is its own: written by no other write of the prefix nor carried
 * (else a read of it does not say it took effect), and not the register's value at the start, nor absent.
 */
function distinct(
  floating: readonly RegisterOp[],
  settled: readonly RegisterOp[],
  start: string | null,
): boolean {
  const seen = new Set<string | null>([start, null]);
  for (const w of settled) seen.add(w.value);
  for (const w of floating) {
    if (seen.has(w.value)) return false;
    seen.add(w.value);
  }
  return true;
}

/**
 * Adds `c` to `out` unless a configuration there can do all it can, dropping those `c` can do all of.
 */
export function keepUndominated(out: Config[], c: Config): void {
  if (out.some((o) => covers(o, c))) return;
  for (let i = out.length - 1; i >= 0; i--) if (covers(c, out[i] as Config)) out.splice(i, 1);
  out.push(c);
}

/**
 * Whether configuration `a` can do all `b` can: the same operations in flight, b's indeterminate writes to come
 * are a's, and a holds b's value or has yet to write it.
 */
function covers(a: Config, b: Config): boolean {
  if (a.pending.length < b.pending.length) return false;
  for (const w of b.pending) if (!hasOp(a.pending, w.id)) return false;
  if (inFlight(a) !== inFlight(b)) return false;
  if (a.value === b.value) return true;
  return a.pending.some(
    (w) => w.completeUs === null && w.value === b.value && !b.pending.some((x) => x.id === w.id),
  );
}

/** Whether `ops` holds the operation `id` (a configuration carries a few: a scan beats building a set). */
function hasOp(ops: readonly RegisterOp[], id: number): boolean {
  for (const o of ops) if (o.id === id) return true;
  return false;
}

/** How many of a configuration's operations are in flight (not indeterminate writes). */
function inFlight(c: Config): number {
  let n = 0;
  for (const o of c.pending) if (o.completeUs !== null) n++;
  return n;
}
