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

interface Entry {
  readonly op: RegisterOp;
  readonly index: number;
  readonly isCall: boolean;
  readonly time: number;
  match: Entry | null;
  prev: Entry | null;
  next: Entry | null;
}

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
 * spends steps from the shared `budget`.
 */
export function checkKey(
  key: string,
  ops: readonly RegisterOp[],
  budget: { left: number },
  initial: string | null = null,
): Verdict {
  const n = ops.length;
  if (n === 0) return { result: 'linearizable' };
  // Events in time order; at equal times calls come before returns (touching intervals are concurrent).
  const events: { op: RegisterOp; index: number; isCall: boolean; time: number }[] = [];
  ops.forEach((op, index) => {
    events.push({ op, index, isCall: true, time: op.invokeUs });
    events.push({ op, index, isCall: false, time: op.completeUs ?? Number.POSITIVE_INFINITY });
  });
  events.sort((a, b) => a.time - b.time || Number(b.isCall) - Number(a.isCall) || a.index - b.index);
  const head: Entry = {
    op: ops[0] as RegisterOp,
    index: -1,
    isCall: false,
    time: -1,
    match: null,
    prev: null,
    next: null,
  };
  let tail = head;
  const calls = new Map<number, Entry>();
  for (const e of events) {
    const entry: Entry = {
      op: e.op,
      index: e.index,
      isCall: e.isCall,
      time: e.time,
      match: null,
      prev: tail,
      next: null,
    };
    tail.next = entry;
    tail = entry;
    if (e.isCall) calls.set(e.index, entry);
    else {
      const call = calls.get(e.index) as Entry;
      call.match = entry;
      entry.match = call;
    }
  }
  const linearized = new Uint8Array(n);
  // The set of linearized operations, hashed incrementally (Zobrist hashing: two 32-bit lanes, XOR per member),
  // so that each memo lookup costs O(1) instead of O(n).
  const zob1 = new Int32Array(n);
  const zob2 = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    zob1[i] = mix(i * 2 + 1);
    zob2[i] = mix(i * 2 + 2 + 0x5bd1e995);
  }
  let h1 = 0;
  let h2 = 0;
  // Memo of (state, linearized set) as one 53-bit number: the set's hash mixed with the interned state's id.
  const stateIds = new Map<string | null, number>();
  const seen = new Set<number>();
  const visited = (st: string | null, a: number, b: number): boolean => {
    let sid = stateIds.get(st);
    if (sid === undefined) {
      sid = stateIds.size;
      stateIds.set(st, sid);
    }
    const key = ((a ^ Math.imul(sid + 1, 0x9e3779b1)) >>> 0) * 2_097_152 + ((b >>> 0) & 0x1fffff);
    if (seen.has(key)) return true;
    seen.add(key);
    return false;
  };
  const stack: { entry: Entry; state: string | null }[] = [];
  let state: string | null = initial;
  let entry = head.next;
  let deepest: { count: number; stuckAt: Entry | null; done: number[] } = {
    count: -1,
    stuckAt: null,
    done: [],
  };
  let count = 0;
  while (entry !== null) {
    if (--budget.left < 0) return { result: 'unknown', key, steps: 0 };
    if (entry.isCall) {
      const op = entry.op;
      const accepted = op.f === 'write' || op.value === state;
      const nextState: string | null = op.f === 'write' ? op.value : state;
      if (accepted) {
        linearized[entry.index] = 1;
        const i = entry.index;
        if (!visited(nextState, h1 ^ (zob1[i] as number), h2 ^ (zob2[i] as number))) {
          h1 ^= zob1[i] as number;
          h2 ^= zob2[i] as number;
          stack.push({ entry, state });
          state = nextState;
          count++;
          lift(entry);
          entry = head.next;
          continue;
        }
        linearized[entry.index] = 0;
      }
      entry = entry.next;
      continue;
    }
    // A return whose operation was not linearized yet: backtrack, unless the operation may never take effect.
    if (entry.op.completeUs === null) {
      entry = entry.next;
      continue;
    }
    if (count > deepest.count) deepest = { count, stuckAt: entry, done: stack.map((s) => s.entry.op.id) };
    const top = stack.pop();
    if (!top) return { result: 'not-linearizable', key, ops: smallestWindow(ops, deepest) };
    count--;
    state = top.state;
    linearized[top.entry.index] = 0;
    h1 ^= zob1[top.entry.index] as number;
    h2 ^= zob2[top.entry.index] as number;
    unlift(top.entry);
    entry = top.entry.next;
  }
  return { result: 'linearizable' };
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
function smallestWindow(
  ops: readonly RegisterOp[],
  deepest: { stuckAt: Entry | null; done: number[] },
): number[] {
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
