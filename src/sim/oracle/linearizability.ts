/**
 * Linearizability of a history of register operations, per key (a register per key is linearizable iff the
 * whole key-value store is: linearizability is compositional, Herlihy & Wing 1990). For each key, the search of
 * Wing & Gong (1993) with Lowe's memoisation of (linearized set, state) pairs, as Porcupine does: walk the events
 * in time order, try to linearize any operation whose call has been seen and that the register model accepts,
 * and backtrack when stuck. A step budget bounds the work: past it the verdict is "unknown", never a hang.
 *
 * Operations: `ok` writes and reads take effect between invoke and completion; `info` writes (indeterminate) may
 * take effect at any time after their invoke, or never; `fail` operations and reads without a result are left
 * out, since they had no effect.
 */

import { sortFew } from '../models/shared/select.ts';
import { type Entry, entry, POOLED } from './searchEntries.ts';
import { type OperationSet, SMALL_SET, smallSet } from './smallSet.ts';

export interface RegisterOp {
  readonly id: number;
  readonly key: string;
  readonly f: 'read' | 'write';
  /** Value written, or value read (null: absent). */
  readonly value: string | null;
  readonly invokeUs: number;
  /** null: the operation never completed (indeterminate write). */
  readonly completeUs: number | null;
}

export type Verdict =
  | { readonly result: 'linearizable' }
  | {
      readonly result: 'not-linearizable';
      readonly key: string;
      /** The operations of the smallest window of the key's history that cannot be ordered, by id. */
      readonly ops: readonly number[];
    }
  | { readonly result: 'unknown'; readonly key: string; readonly steps: number };

export interface CheckOptions {
  /** Search steps allowed across all keys before giving up with "unknown". */
  readonly maxSteps?: number;
}

/** The default step budget of one check. */
export const DEFAULT_MAX_STEPS = 2_000_000;

export function checkLinearizable(ops: readonly RegisterOp[], options: CheckOptions = {}): Verdict {
  const budget = { left: options.maxSteps ?? DEFAULT_MAX_STEPS };
  const byKey = new Map<string, RegisterOp[]>();
  for (const op of ops) {
    const list = byKey.get(op.key) ?? [];
    list.push(op);
    byKey.set(op.key, list);
  }
  let unknown: Verdict | null = null;
  for (const key of [...byKey.keys()].sort()) {
    const verdict = checkKey(key, byKey.get(key) ?? [], budget);
    if (verdict.result === 'not-linearizable') return verdict;
    if (verdict.result === 'unknown' && !unknown)
      unknown = { ...verdict, steps: (options.maxSteps ?? DEFAULT_MAX_STEPS) - Math.max(0, budget.left) };
  }
  return unknown ?? { result: 'linearizable' };
}

/**
 * One key's register history (every op of `ops` on `key`), starting from the register holding `initial`;
 * spends steps from the shared `budget`. `small` false keeps even a search of a few operations in the general
 * set and memo (for the tests that compare the two: the same verdicts, the same steps).
 */
export function checkKey(
  key: string,
  ops: readonly RegisterOp[],
  budget: { left: number },
  initial: string | null = null,
  small = true,
): Verdict {
  const n = ops.length;
  if (n === 0) return LINEARIZABLE;
  if (sequentialAccepts(ops, budget, initial)) return LINEARIZABLE;
  const head = eventList(ops);
  const linearized: OperationSet = small && n <= SMALL_SET ? smallSet() : new LinearizedSet(n);
  // The linearized calls, newest last, and the register's state before each (two lists: no object per step).
  const stack: Entry[] = [];
  const before: (string | null)[] = [];
  let state: string | null = initial;
  let entry = head.next;
  // Where the deepest attempt got stuck (none yet: one shared object, replaced at the first backtrack).
  let deepest: Deepest = NOT_STUCK;
  while (entry !== null) {
    if (--budget.left < 0) return { result: 'unknown', key, steps: 0 };
    if (entry.isCall) {
      const op = entry.op;
      const accepted = op.f === 'write' || op.value === state;
      const nextState: string | null = op.f === 'write' ? op.value : state;
      if (accepted && linearized.tryAdd(entry.index, nextState)) {
        stack.push(entry);
        before.push(state);
        state = nextState;
        lift(entry);
        entry = head.next;
        continue;
      }
      entry = entry.next;
      continue;
    }
    // A return whose operation was not linearized yet: backtrack, unless the operation may never take effect.
    if (entry.op.completeUs === null) {
      entry = entry.next;
      continue;
    }
    if (stack.length > deepest.count)
      deepest = { count: stack.length, stuckAt: entry, done: stack.map((e) => e.op.id) };
    const top = stack.pop();
    if (!top) return { result: 'not-linearizable', key, ops: smallestWindow(ops, deepest) };
    state = before.pop() as string | null;
    linearized.remove(top.index);
    unlift(top);
    entry = top.next;
  }
  return LINEARIZABLE;
}

/** Where a search's deepest attempt got stuck: how many it had linearized (their ids) and the return it met. */
interface Deepest {
  readonly count: number;
  readonly stuckAt: Entry | null;
  readonly done: readonly number[];
}

/** A search not stuck yet (one object for all, never changed). */
const NOT_STUCK: Deepest = Object.freeze({ count: -1, stuckAt: null, done: Object.freeze([]) });

/** A key check's verdict when linearizable: one object for all, never changed (frozen; none made per check). */
const LINEARIZABLE: Verdict = Object.freeze({ result: 'linearizable' });

/**
 * Whether the operations follow one another (each began after the one before it returned, none indeterminate)
 * and the register accepts them in that, their only order, or are all indeterminate writes (any order: the
 * search takes each at its call). The search would walk them in one step each, and as
 * many are spent from the budget; a history this does not accept, or that does not fit the budget, is left to
 * the search (whose verdict names the window, or runs out where it would have). Most of a live check's segments
 * are such: a key's operations rarely overlap.
 */
function sequentialAccepts(
  ops: readonly RegisterOp[],
  budget: { left: number },
  initial: string | null,
): boolean {
  if (budget.left < ops.length) return false;
  if (!onlyIndeterminateWrites(ops) && sequentialEnd(completedFirst(ops), initial) === undefined)
    return false;
  budget.left -= ops.length;
  return true;
}

/**
 * Whether every operation is a write that never returned (a live check's tail, when the key's last operation is
 * still in flight): the search linearizes each at its call, one step each, whatever the register holds.
 */
function onlyIndeterminateWrites(ops: readonly RegisterOp[]): boolean {
  for (const o of ops) if (o.f !== 'write' || o.completeUs !== null) return false;
  return true;
}

/**
 * `ops` without their indeterminate writes when each began after every other operation had returned (writes
 * still in flight at the end of a live check's history): the search takes them last, one step each, and they
 * change no verdict. Else `ops` as they are.
 */
function completedFirst(ops: readonly RegisterOp[]): readonly RegisterOp[] {
  let lastEnd = Number.NEGATIVE_INFINITY;
  let open = 0;
  for (const o of ops) {
    if (o.completeUs === null) open++;
    else lastEnd = Math.max(lastEnd, o.completeUs);
  }
  if (open === 0 || open === ops.length) return ops;
  for (const o of ops) if (o.completeUs === null && (o.f !== 'write' || o.invokeUs <= lastEnd)) return ops;
  return ops.filter((o) => o.completeUs !== null);
}

/**
 * The register's value after operations that follow one another (as `sequentialAccepts` says), from `initial`;
 * undefined when they overlap, one is indeterminate, or a read returned what the register did not hold.
 */
export function sequentialEnd(ops: readonly RegisterOp[], initial: string | null): string | null | undefined {
  const n = ops.length;
  let sorted = true;
  for (let i = 1; i < n && sorted; i++)
    sorted = (ops[i] as RegisterOp).invokeUs >= (ops[i - 1] as RegisterOp).invokeUs;
  const order = sorted ? ops : [...ops].sort((a, b) => a.invokeUs - b.invokeUs);
  let state = initial;
  let lastEnd = Number.NEGATIVE_INFINITY;
  for (const op of order) {
    if (op.completeUs === null || op.invokeUs <= lastEnd) return undefined;
    if (op.f === 'write') state = op.value;
    else if (op.value !== state) return undefined;
    lastEnd = op.completeUs;
  }
  return state;
}

/**
 * The key's calls and returns as a doubly linked list after a sentinel head, in time order; at equal times calls
 * come before returns (touching intervals are concurrent). Each call and its return point at each other.
 */
function eventList(ops: readonly RegisterOp[]): Entry {
  // Each call and its return are made together and point at each other from the start (no lookup to pair
  // them), then sorted into time order in one array of the entries themselves. A search of up to POOLED
  // operations takes its entries from the pool (the last such search's, which kept none once it returned).
  const pooled = ops.length <= POOLED;
  const events: Entry[] = new Array(2 * ops.length);
  for (let index = 0; index < ops.length; index++) {
    const op = ops[index] as RegisterOp;
    const call = entry(pooled, 2 * index + 1, op, index, true, op.invokeUs);
    const ret = entry(pooled, 2 * index + 2, op, index, false, op.completeUs ?? Number.POSITIVE_INFINITY);
    call.match = ret;
    ret.match = call;
    events[2 * index] = call;
    events[2 * index + 1] = ret;
  }
  // A search is most often of a few operations: sorted in place by insertion (byTime is a total order, so any
  // sort gives this one), without the library sort's calls through a comparator; a long one by the library.
  sortFew(events, byTime, 32);
  const head = entry(pooled, 0, ops[0] as RegisterOp, -1, false, -1);
  let tail = head;
  for (const entry of events) {
    entry.prev = tail;
    tail.next = entry;
    tail = entry;
  }
  return head;
}

/** Time order; at equal times calls before returns, then by operation index (a total order: ties cannot be). */
function byTime(a: Entry, b: Entry): number {
  return a.time - b.time || Number(b.isCall) - Number(a.isCall) || a.index - b.index;
}

const ALL_ONES = 0xffffffff;

/**
 * The set of operations the search has linearized (by index into the key's operations), and the memo of the
 * (set, register state) pairs it has already explored: reaching one again cannot succeed where it failed before
 * (Lowe's memoisation). Like Porcupine, the memo keeps each set itself as a bitset and compares it exactly; a
 * hash only picks the bucket. The hash is Zobrist's (two 32-bit lanes, XOR of a fixed random value per member,
 * kept up to date on each add and remove), so a lookup costs O(1) plus the comparison on a bucket hit. Folded
 * into 53 bits it collides for some sets (54 members always have a subset whose hashes cancel), which an
 * adversarial history can place on the only valid path; the exact comparison keeps such a path alive.
 *
 * A stored set keeps only its words from the first one not full to the last one not empty: the search
 * linearizes operations roughly in invocation order (index order), so the words below are all ones and the
 * words above all zeros, and a memo entry costs the width of the concurrency window, not the whole history.
 */
class LinearizedSet implements OperationSet {
  private readonly bits: Uint32Array;
  private readonly lane1: Int32Array;
  private readonly lane2: Int32Array;
  /** Words of `bits` this set uses (the scratch may be longer). */
  private readonly words: number;
  private h1 = 0;
  private h2 = 0;
  /** Words below `low` are all ones (low is the first word not full); words from `high` on are all zeros. */
  private low = 0;
  private high = 0;
  private readonly stateIds: Map<string | null, number>;
  /** Folded hash to the newest memo entry in its bucket. */
  private readonly buckets: Map<number, number>;
  /**
   * The memo's entries, five numbers each: state id, low word, high word, where its words start in
   * `pool`, and the next (older) entry of the same bucket (-1: none).
   */
  private readonly entries: number[];
  private pool: Uint32Array;
  private poolUsed = 0;

  /**
   * A set over `n` operations. Its arrays and maps are the module's scratch (one search runs at a time, and a set never
   * outlives its search): a live check searches thousands of small segments, and allocating four typed arrays
   * for each cost more than the search itself.
   */
  constructor(n: number) {
    this.words = (n + 31) >>> 5;
    if (scratch.bits.length < this.words)
      scratch.bits = new Uint32Array(Math.max(this.words, 2 * scratch.bits.length));
    this.bits = scratch.bits;
    this.bits.fill(0, 0, this.words);
    lanesFor(n);
    this.lane1 = scratch.lane1;
    this.lane2 = scratch.lane2;
    this.pool = scratch.pool;
    scratch.stateIds.clear();
    scratch.buckets.clear();
    scratch.entries.length = 0;
    this.stateIds = scratch.stateIds;
    this.buckets = scratch.buckets;
    this.entries = scratch.entries;
  }

  /**
   * Adds operation `i`, after which the register holds `state`, unless that (set, state) pair was explored
   * before: then the set is left as it was and the answer is false.
   */
  tryAdd(i: number, state: string | null): boolean {
    this.add(i);
    if (this.remember(state)) return true;
    this.remove(i);
    return false;
  }

  remove(i: number): void {
    const w = i >>> 5;
    const bits = this.bits;
    bits[w] = (bits[w] as number) & ~(1 << (i & 31));
    this.h1 ^= this.lane1[i] as number;
    this.h2 ^= this.lane2[i] as number;
    if (w < this.low) this.low = w;
    if (w === this.high - 1) while (this.high > 0 && bits[this.high - 1] === 0) this.high--;
  }

  private add(i: number): void {
    const w = i >>> 5;
    const bits = this.bits;
    bits[w] = (bits[w] as number) | (1 << (i & 31));
    this.h1 ^= this.lane1[i] as number;
    this.h2 ^= this.lane2[i] as number;
    if (w >= this.high) this.high = w + 1;
    if (w === this.low) while (this.low < this.words && bits[this.low] === ALL_ONES) this.low++;
  }

  /** Records the current set with `state` in the memo; false if it was there already. */
  private remember(state: string | null): boolean {
    let sid = this.stateIds.get(state);
    if (sid === undefined) {
      sid = this.stateIds.size;
      this.stateIds.set(state, sid);
    }
    const key = memoBucketKey(sid, this.h1, this.h2);
    const first = this.buckets.get(key) ?? -1;
    for (let e = first; e >= 0; e = this.entries[e + 4] as number) if (this.matches(e, sid)) return false;
    const { low, high, bits } = this;
    const offset = this.poolUsed;
    if (offset + high - low > this.pool.length) {
      const grown = new Uint32Array(Math.max(this.pool.length * 2, offset + high - low));
      grown.set(this.pool);
      this.pool = grown;
      scratch.pool = grown;
    }
    // A plain loop: the window is a few words, and a subarray view would allocate on every step.
    for (let w = low; w < high; w++) this.pool[offset + w - low] = bits[w] as number;
    this.poolUsed = offset + Math.max(0, high - low);
    this.buckets.set(key, this.entries.length);
    this.entries.push(sid, low, high, offset, first);
    return true;
  }

  /** Whether the memo entry at `e` holds exactly the current set with state `sid`. */
  private matches(e: number, sid: number): boolean {
    const entries = this.entries;
    if (entries[e] !== sid || entries[e + 1] !== this.low || entries[e + 2] !== this.high) return false;
    const offset = (entries[e + 3] as number) - this.low;
    for (let w = this.low; w < this.high; w++) if (this.pool[offset + w] !== this.bits[w]) return false;
    return true;
  }
}

/**
 * The search's scratch, reused from one search to the next: the memo's maps and entries, the set's words, its
 * memo's pool, and the Zobrist lanes of each operation index (fixed values, computed once as far as the longest search needed).
 */
const scratch = {
  stateIds: new Map<string | null, number>(),
  buckets: new Map<number, number>(),
  entries: [] as number[],
  bits: new Uint32Array(64),
  pool: new Uint32Array(512),
  lane1: new Int32Array(0),
  lane2: new Int32Array(0),
};

/** Makes the scratch lanes cover operation indexes 0 to n - 1. */
function lanesFor(n: number): void {
  const have = scratch.lane1.length;
  if (have >= n) return;
  const size = Math.max(n, 2 * have, 256);
  const lane1 = new Int32Array(size);
  const lane2 = new Int32Array(size);
  lane1.set(scratch.lane1);
  lane2.set(scratch.lane2);
  for (let i = have; i < size; i++) {
    lane1[i] = mix(i * 2 + 1);
    lane2[i] = mix(i * 2 + 2 + 0x5bd1e995);
  }
  scratch.lane1 = lane1;
  scratch.lane2 = lane2;
}

/**
 * The two 32-bit Zobrist lanes of operation index `i` (murmur3's finaliser of two seeds: well spread, fixed).
 * Exported, with `memoBucketKey`, for the tests that build colliding sets on purpose.
 */
export function setHashLanes(i: number): readonly [number, number] {
  // The same values as LinearizedSet's constructor computes inline (without allocating a pair per index).
  return [mix(i * 2 + 1), mix(i * 2 + 2 + 0x5bd1e995)];
}

/**
 * A memo bucket: the set's hash lanes folded with the interned state's id into one 53-bit number (an exact
 * integer in a double, so a Map keys it without allocating).
 */
export function memoBucketKey(stateId: number, h1: number, h2: number): number {
  return ((h1 ^ Math.imul(stateId + 1, 0x9e3779b1)) >>> 0) * 2_097_152 + ((h2 >>> 0) & 0x1fffff);
}

/** Removes a call and its return from the event list (the operation is linearized). */
function lift(call: Entry): void {
  unlink(call);
  if (call.match) unlink(call.match);
}

function unlink(e: Entry): void {
  if (e.prev) e.prev.next = e.next;
  if (e.next) e.next.prev = e.prev;
}

/** Puts a call and its return back, in reverse order of removal. */
function unlift(call: Entry): void {
  const ret = call.match;
  if (ret) {
    if (ret.prev) ret.prev.next = ret;
    if (ret.next) ret.next.prev = ret;
  }
  if (call.prev) call.prev.next = call;
  if (call.next) call.next.prev = call;
}

/** murmur3's 32-bit finaliser: a well-spread value per index. */
function mix(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/**
 * The operations around the point where the deepest attempt got stuck: the one whose return could not be
 * reached, with every operation concurrent with it and the last write linearized before it.
 */
function smallestWindow(ops: readonly RegisterOp[], deepest: Deepest): number[] {
  const stuck = deepest.stuckAt?.op;
  if (!stuck) return ops.map((o) => o.id);
  const end = (o: RegisterOp) => o.completeUs ?? Number.POSITIVE_INFINITY;
  const overlapping = ops.filter((o) => o.invokeUs <= end(stuck) && end(o) >= stuck.invokeUs);
  const priorWrites = ops.filter(
    (o) => o.f === 'write' && end(o) < stuck.invokeUs && deepest.done.includes(o.id),
  );
  const lastPrior = priorWrites.sort((a, b) => end(b) - end(a))[0];
  const ids = new Set(overlapping.map((o) => o.id));
  if (lastPrior) ids.add(lastPrior.id);
  return [...ids].sort((a, b) => a - b);
}
