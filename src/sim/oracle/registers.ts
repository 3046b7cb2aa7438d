/**
 * Linearizability of the history, key by key (a register per key), checked incrementally: only the keys with
 * new completions are re-checked, from the key's last cut, segment by segment between the points after it
 * (segments.ts: points with no operation in flight, where only the register's few possible configurations carry
 * on; indeterminate writes are carried as writes that may still take effect, so they hold no point open; a
 * stretch of writes alone keeps only the writes a later read may still see): a budget that runs out keeps the
 * segments it settled, and the next update goes on from there rather than from the start. Once the settled
 * prefix is long, the key lets it go (compaction). A key found not linearizable stays so (the property is
 * prefix-closed); a step budget bounds each update, and keys it did not reach wait for the next. The search
 * itself is linearizability.ts. An auto-increment write is a write of the id it completed with; while its id is
 * unknown (pending, or for good when indeterminate) the key's reads are checked only up to its invocation
 * (`knownPart`).
 */
import type { Operation } from '../types.ts';
import { type Anomaly, ms, name, opById, shown } from './anomaly.ts';
import { type CheckOptions, DEFAULT_MAX_STEPS, type Verdict } from './linearizability.ts';
import { Records } from './records.ts';
import {
  type Config,
  type Cut,
  checkFrom,
  checkSegments,
  LINEARIZABLE,
  NOT_SHORT,
  NOTHING,
  registerOps,
  SAME_CUT,
  type SegmentsFound,
  shortRunFrom,
  unknownId,
} from './segments.ts';
import { holding } from './sequential.ts';

export { registerOps } from './segments.ts';

/**
 * What a key check found, written anew by each (`checkSegments`' `out`): read at once, before the next, so one
 * object serves them all rather than one made per key check (thousands a run).
 */
const FOUND: SegmentsFound = {
  verdict: { result: 'linearizable' },
  cut: { index: 0, states: NOTHING },
  whole: true,
};

/** A key lets go of its settled operations once at least this many lie before its cut. */
const COMPACT_AT = 1_024;
/** A key found not linearizable in a segment is searched again whole while it keeps at most this many. */
const RECHECK_UP_TO = 4_096;
/** A key left unknown with more operations than this since its last settled point is given up on. */
const MAX_UNSETTLED = 20_000;

/**
 * One key's state, all in one place (a live update visits every key with a completion: one lookup, and its
 * fields side by side, rather than a lookup in each of six maps).
 */
export interface KeyState {
  readonly key: string;
  /** Its operations from its base on (the settled ones before it were let go), in invocation order. */
  readonly ops: Operation[];
  /** What the register may be before its first kept operation (null: nothing was let go). */
  base: readonly Config[] | null;
  /** A point of its history: where checking resumes, and what the register may be there (null: its start). */
  cut: Cut | null;
  verdict: Verdict | null;
  /** Completions not checked yet. */
  dirty: boolean;
  /** Left unknown with more than MAX_UNSETTLED operations unsettled: no longer followed (its verdict stays). */
  abandoned: boolean;
  /** Its auto-increment writes still pending (their ids are not known yet). */
  readonly generating: Operation[];
  /**
   * The invocation of its first auto-increment write that will never be known to have an id (indeterminate):
   * the key is checked no further than it (see `blindFrom`). Infinity: none.
   */
  blindAt: number;
  /**
   * `cut` as a key check reads it in its usual case (`Registers.quickCheck`), kept here beside the fields a live
   * update has just touched: the cut's index (its start: 0), its configurations, and whether they are one with
   * nothing to take effect, holding `cutValue`. The cut itself lies wherever the last check made it.
   */
  cutAt: number;
  cutStates: readonly Config[];
  cutSimple: boolean;
  cutValue: string | null;
}

export class Registers {
  /** The keys' states: the `register` of the per-key records the checkers share (records.ts). */
  private readonly records: Records;
  /** The keys' states in key order. */
  private sorted: KeyState[] = [];
  /** The keys' states in the order they were made (`op` asks them in it). */
  private readonly made: KeyState[] = [];
  /** The key the last update's budget ran out on: the next update starts after it (no key starves the rest). */
  private ranOutOn: string | null = null;

  constructor(records: Records = new Records()) {
    this.records = records;
  }

  /** Files a newly invoked operation under its key (a key already found not linearizable needs no more). */
  invoked(op: Operation): void {
    const record = this.records.keyOf(op);
    let state = record.register;
    if (state && (state.verdict?.result === 'not-linearizable' || state.abandoned)) return;
    // Nothing invoked after an indeterminate auto-increment write can be held against the key (`blindFrom`).
    if (state && op.invokeUs >= state.blindAt) return;
    if (!state) {
      state = {
        key: op.key,
        ops: [],
        base: null,
        cut: null,
        verdict: null,
        dirty: false,
        abandoned: false,
        generating: [],
        blindAt: Number.POSITIVE_INFINITY,
        // The cut a check starts from before any: the start, the register holding nothing (NOTHING).
        cutAt: 0,
        cutStates: NOTHING,
        cutSimple: true,
        cutValue: null,
      };
      record.register = state;
      this.made.push(state);
      // Into its place in key order (as a sort of the keys would put it), without sorting them all again.
      const sorted = this.sorted;
      let lo = 0;
      let hi = sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((sorted[mid] as KeyState).key < op.key) lo = mid + 1;
        else hi = mid;
      }
      sorted.splice(lo, 0, state);
    }
    state.ops.push(op);
    if (op.autoIncrement && op.f === 'write') state.generating.push(op);
  }

  /** An operation of this key completed: the key is checked again. */
  completed(op: Operation): void {
    const state = this.records.keyOf(op).register;
    if (state && op.invokeUs < state.blindAt) state.dirty = true;
  }

  /**
   * Re-checks the keys with new completions (in key order, within this update's step budget; keys the budget
   * did not reach wait for the next update), then answers for the whole store: the first non-linearizable key,
   * else the first key still unknown, else linearizable.
   */
  check(options: CheckOptions, nowUs: number): Verdict {
    const budget = { left: options.maxSteps ?? DEFAULT_MAX_STEPS };
    // Keys with new completions first; then keys left unknown by an earlier budget, while this one lasts (so a
    // full check settles what live updates could not, and a hard key cannot starve the others).
    const dirty: KeyState[] = [];
    const unknownKeys: KeyState[] = [];
    for (const state of this.sorted)
      if (state.dirty) dirty.push(state);
      else if (state.verdict?.result === 'unknown') unknownKeys.push(state);
    const after = this.ranOutOn;
    const first = after === null ? 0 : dirty.findIndex((s) => s.key > after);
    this.ranOutOn = null;
    // The dirty keys from `first` on, then those before it, then the unknown ones: walked in place (no list of
    // them all made at every update).
    const start = Math.max(first, 0);
    const total = dirty.length + unknownKeys.length;
    for (let i = 0; i < total; i++) {
      const state = (
        i < dirty.length ? dirty[(start + i) % dirty.length] : unknownKeys[i - dirty.length]
      ) as KeyState;
      if (state.verdict?.result === 'not-linearizable' || state.abandoned) {
        state.dirty = false;
        continue;
      }
      if (budget.left <= 0) break;
      if (!this.quickCheck(state, budget, nowUs)) this.checkKeyNow(state, budget, nowUs);
      if (budget.left <= 0) this.ranOutOn = state.key;
    }
    let unknown: Verdict | null = null;
    for (const state of this.sorted) {
      const verdict = state.verdict;
      if (verdict?.result === 'not-linearizable') return verdict;
      if (!unknown && state.dirty) unknown = { result: 'unknown', key: state.key, steps: 0 };
      else if (!unknown && verdict?.result === 'unknown') unknown = verdict;
    }
    return unknown ?? { result: 'linearizable' };
  }

  /** A kept operation by id (those of a window that cannot be linearized are kept: the key stops there). */
  op(id: number): Operation | undefined {
    for (const state of this.made) {
      const op = opById(state.ops, id);
      if (op?.id === id) return op;
    }
    return undefined;
  }

  /** Operations kept across the keys (what compaction bounds). */
  get kept(): number {
    let n = 0;
    for (const state of this.sorted) n += state.ops.length;
    return n;
  }

  /**
   * `checkKeyNow` in a live check's usual case (`checkSegments`' short run: a few operations since the cut, which
   * follow one another, from one configuration with nothing to take effect, nothing of the key's unknown), read
   * off the key's own fields (`cutAt`...) rather than its cut, wherever that lies: the same cut, verdict and steps.
   * False when it is not that case (nothing changed, nothing spent): `checkKeyNow` decides. 5,493 of the 6,354 key
   * checks of the checker bench's live run.
   */
  private quickCheck(state: KeyState, budget: { left: number }, nowUs: number): boolean {
    // As `knownPart` sees the key: its own list when no auto-increment write's id is unknown.
    if (!state.cutSimple || state.generating.length > 0 || state.blindAt !== Number.POSITIVE_INFINITY)
      return false;
    const raw = state.ops;
    // A cut this far on lets the settled operations go (compaction): `checkKeyNow`'s.
    if (raw.length >= COMPACT_AT) return false;
    const found = shortRunFrom(raw, state.cutAt, state.cutValue, nowUs, budget);
    if (found === NOT_SHORT) return false;
    if (found === SAME_CUT) state.cut ??= { index: 0, states: state.base ?? NOTHING };
    else {
      const states = found === state.cutValue ? state.cutStates : holding(found);
      state.cut = { index: raw.length, states };
      state.cutAt = raw.length;
      state.cutStates = states;
      state.cutValue = found;
    }
    state.verdict = LINEARIZABLE;
    state.dirty = false;
    return true;
  }

  private checkKeyNow(state: KeyState, budget: { left: number }, nowUs: number): void {
    const before = budget.left;
    const key = state.key;
    const raw = knownPart(state);
    const base = state.base ?? NOTHING;
    const from = state.cut ?? { index: 0, states: base };
    const checked = checkSegments(key, raw, from, budget, nowUs, FOUND);
    let { verdict, cut } = checked;
    // Found out in part of what the key keeps: all of it decides (and gives the smallest window overall), while
    // it is short enough to search again (else the segment's window stands: the points are exact).
    if (verdict.result === 'not-linearizable' && !checked.whole && raw.length <= RECHECK_UP_TO) {
      const whole = checkFrom(key, registerOps(raw), base, budget);
      // Out of budget, the segment's window stands: the segment alone proves the key not linearizable.
      if (whole.result !== 'unknown') verdict = whole;
    }
    if (verdict.result !== 'not-linearizable' && cut.index >= COMPACT_AT) {
      state.ops.splice(0, cut.index);
      state.base = cut.states;
      cut = { index: 0, states: cut.states };
    }
    if (verdict.result === 'unknown' && raw.length - cut.index > MAX_UNSETTLED) {
      // Never quiet long enough to settle within the live budget: given up on, and said so (unknown).
      state.abandoned = true;
      state.ops.length = 0;
    }
    state.cut = cut;
    const states = cut.states;
    const simple = states.length === 1 && (states[0] as Config).pending.length === 0;
    state.cutAt = cut.index;
    state.cutStates = states;
    state.cutSimple = simple;
    state.cutValue = simple ? (states[0] as Config).value : null;
    state.verdict =
      verdict.result === 'unknown' ? { ...verdict, steps: before - Math.max(0, budget.left) } : verdict;
    state.dirty = false;
  }
}

/**
 * Where a key's reads stop being checked: the earliest invocation among its auto-increment writes whose id is not
 * known, still pending or indeterminate (Infinity: none). Such a write may take effect at any time after its
 * invocation (an indeterminate one, at any time at all, or never) with a value no one was told, so any read that
 * may be ordered after its invocation could have returned it: nothing after it can be proved wrong without that
 * value. (Reading a value no known write wrote does not single it out: ids may repeat, ml-auto-increment-ids.)
 * Updates the key's pending and indeterminate auto-increment writes as they complete.
 */
function blindFrom(state: KeyState): number {
  const generating = state.generating;
  // Most keys have no auto-increment write at all: nothing to walk, nor a length to set.
  if (generating.length === 0) return state.blindAt;
  let from = Number.POSITIVE_INFINITY;
  let kept = 0;
  for (const op of generating) {
    if (op.status === 'pending') {
      generating[kept++] = op;
      from = Math.min(from, op.invokeUs);
    } else if (unknownId(op)) state.blindAt = Math.min(state.blindAt, op.invokeUs);
  }
  generating.length = kept;
  return Math.min(from, state.blindAt);
}

/**
 * The part of a key's operations its check sees: those invoked before `blindFrom` (one invoked after it cannot
 * precede, in any order, a read that ended before it), its reads that ended at or after it (or returned then)
 * left out. The key's own list when nothing stops it (no copy). An indeterminate write's stop is for good: the
 * operations after it are let go, and the reads across it are left out as failed ones (a cut may pass them). A
 * pending write's stop lasts until it returns with its id (or fails): the reads across it are held as still
 * pending, so no point is taken over them, nor at the end of what is seen (each check's answer is exact for what
 * it sees, and what it sees only grows: once the id is known, they are checked, from a cut before them). No cut
 * lies after the stop: points lie before an operation that began after every earlier one ended.
 */
function knownPart(state: KeyState): Operation[] {
  const raw = state.ops;
  const from = blindFrom(state);
  if (from === Number.POSITIVE_INFINITY) return raw;
  let end = raw.length;
  while (end > 0 && (raw[end - 1] as Operation).invokeUs >= from) end--;
  // What is invoked after an indeterminate write's invocation is never checked: let go.
  if (state.blindAt !== Number.POSITIVE_INFINITY) {
    let at = end;
    while (at < raw.length && (raw[at] as Operation).invokeUs < state.blindAt) at++;
    raw.length = at;
  }
  const seen = raw.slice(0, end);
  for (let i = state.cut?.index ?? 0; i < end; i++) {
    const op = seen[i] as Operation;
    if (op.f !== 'read' || op.status !== 'ok' || op.completeUs === null || op.completeUs < from) continue;
    const status = op.completeUs >= state.blindAt ? 'fail' : 'pending';
    seen[i] = { ...op, status, completeUs: null };
  }
  // A pending write's stop: the list's end is no point either (a write before it may be ordered after the id),
  // so an operation still pending stands there, a read (it has no effect) in the place of the first one after.
  if (from < state.blindAt)
    seen.push({ ...(raw[end] as Operation), f: 'read', status: 'pending', completeUs: null });
  return seen;
}

/** A verdict of "not linearizable" as an anomaly naming the window of operations that cannot be ordered. */
export function notLinearizable(
  verdict: Verdict,
  opOf: (id: number) => Operation | undefined,
): Anomaly | null {
  if (verdict.result !== 'not-linearizable') return null;
  const ops = verdict.ops.map(opOf).filter((o): o is Operation => o !== undefined);
  return {
    kind: 'not-linearizable',
    explanation: `the operations on ${verdict.key} cannot be ordered as one register: ${ops
      .map(
        (o) =>
          `${name(o)} ${o.f} ${shown(o.value)} [${ms(o.invokeUs)}, ${o.completeUs === null ? '…' : ms(o.completeUs)}]`,
      )
      .join(', ')}`,
    ops: verdict.ops,
    nodes: [...new Set(ops.map((o) => o.node).filter((n): n is string => n !== null))],
    atUs: Math.max(...ops.map((o) => o.completeUs ?? o.invokeUs)),
  };
}

/** "linearizable", "not linearizable: w1, r2 on account_123", "unknown: budget ran out (on k)". */
export function describeVerdict(verdict: Verdict, history: readonly Operation[]): string {
  switch (verdict.result) {
    case 'linearizable':
      return 'linearizable';
    case 'not-linearizable': {
      const names = verdict.ops.map((id) => {
        const op = opById(history, id);
        return op && op.id === id ? `${op.f === 'read' ? 'r' : 'w'}${id}` : `#${id}`;
      });
      return `not linearizable: ${names.join(', ')} on ${verdict.key}`;
    }
    case 'unknown':
      return `unknown: budget ran out (on ${verdict.key}, after ${verdict.steps.toLocaleString('en-US')} steps)`;
    default: {
      const unknown: never = verdict;
      return String(unknown);
    }
  }
}
