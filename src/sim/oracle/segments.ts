/**
 * A key's register history checked segment by segment (registers.ts drives it), so a live check costs what
 * completed since the last one and a long run can let the settled past go.
 *
 * A segment ends at a quiescent point: an instant when no operation of the key is in flight (every earlier one
 * has completed, no later one has begun). Every linearization puts all that came before such a point before all
 * that came after it, so the key is linearizable iff the segment is, from some configuration the register may be
 * in at the segment's start, and what follows is, from some configuration a linearization of the segment may
 * leave. Those possible configurations are all that carries on (`Config`): a value, and the indeterminate writes
 * that have not taken effect yet.
 *
 * An indeterminate write (`info`: it timed out, or its client crashed) may take effect at any time after its call,
 * or never (as Knossos and Porcupine treat it): it does not hold a point open. A point carries it as a write that
 * may still take effect, in each configuration where it has not; only one whose value a read returned must have
 * (values are told apart only when no other write wrote the same: else the point is passed over), and one whose
 * value no read returns can be left out of a search (taking effect could only be overwritten). A point with more
 * than MAX_STATES configurations, or more than MAX_FLOATING writes carried, is passed over (the segment runs on to
 * the next point), so the carried state stays small.
 *
 * Operations that had no effect (failed ones, reads without a register result) are ignored; one still pending
 * never ends, so no point comes after it until it does. Touching intervals count as concurrent, as in the search.
 * The answer is exactly the whole history's: only the window a "not linearizable" names is worked out again over
 * all the key keeps (registers.ts).
 */
import type { Operation } from '../types.ts';
import { endings, freedAfter, keepUndominated, MAX_SPANNING, MAX_STATES, relevant } from './endings.ts';
import { checkKey, type RegisterOp, type Verdict } from './linearizability.ts';
import {
  holding,
  isRegisterOp,
  sequentialRun,
  sequentialSettle,
  sequentialTail,
  sequentialValue,
} from './sequential.ts';

/** A segment is checked alone once it holds at least this many operations (shorter ones join the next). */
const MIN_SEGMENT = 16;
/** ... and at least this many when operations are in flight across its end (each one doubles the work). */
const MIN_BUSY_SEGMENT = 64;

/**
 * What the register may be at a point: its value, and the operations begun before the point that have not taken
 * effect yet: those in flight across it (they must before they return) and indeterminate writes (they may).
 */
export interface Config {
  readonly value: string | null;
  readonly pending: readonly RegisterOp[];
}

/** A key's register before anything happened to it. */
export const NOTHING: readonly Config[] = [{ value: null, pending: [] }];

/** Where checking resumes: at operation `index` of the key, the register in one of `states`. */
export interface Cut {
  readonly index: number;
  readonly states: readonly Config[];
}

/**
 * Whether an operation takes part in the register history (as `registerOps` and the points see it). An
 * auto-increment write whose id is known (it completed ok) is a write of that id; one still pending counts as
 * any pending operation (no point after it until it ends); one indeterminate wrote an id no one was told, and
 * cannot be checked as a write of a value: registers.ts stops the key's reads where it may have taken effect.
 */
function counts(op: Operation): boolean {
  if (op.status === 'fail' || (op.autoIncrement && op.status !== 'pending' && unknownId(op))) return false;
  return !(op.f === 'read' && (op.status === 'info' || (op.status === 'ok' && op.siblings)));
}

/** Whether an auto-increment write's id is unknown: it has not completed ok with one (yet, or ever). */
export function unknownId(op: Operation): boolean {
  return op.autoIncrement === true && op.status !== 'fail' && (op.status !== 'ok' || op.value === null);
}

/** A point: operation `index` is the first after it, and the point lies at `timeUs` (between two instants). */
export interface Point {
  readonly index: number;
  readonly timeUs: number;
  /** Operations in flight across it (indeterminate writes aside). */
  readonly spanning: number;
}

/**
 * The points of a key's operations from `from` on where it may be cut: before an operation i that began after
 * every earlier one (half a microsecond before it), with every earlier one complete and at most MAX_SPANNING of
 * them still in flight (`carried` are those in flight across the point `from` stands for); and the end of the
 * list if everything ended before now (an operation invoked at this very instant would touch the last one, and
 * may not have been recorded yet). An indeterminate write is in flight across none.
 */
export function cutPoints(
  ops: readonly Operation[],
  from: number,
  nowUs: number,
  carried: readonly RegisterOp[] = [],
): Point[] {
  const open: number[] = [];
  for (const o of carried) if (o.completeUs !== null) open.push(o.completeUs);
  let lastInvoke = Number.NEGATIVE_INFINITY;
  let any = carried.length > 0;
  const points: Point[] = [];
  for (let i = from; i < ops.length; i++) {
    const op = ops[i] as Operation;
    if (!counts(op)) continue;
    if (op.status === 'pending') return points;
    if (op.invokeUs > lastInvoke) {
      // Touching intervals are concurrent: an operation that returned at this instant is still in flight.
      let kept = 0;
      for (const end of open) if (end >= op.invokeUs) open[kept++] = end;
      open.length = kept;
      if (any && open.length <= MAX_SPANNING)
        points.push({ index: i, timeUs: op.invokeUs - 0.5, spanning: open.length });
    }
    lastInvoke = op.invokeUs;
    any = true;
    if (op.status === 'ok' && op.completeUs !== null) open.push(op.completeUs);
  }
  let latestEnd = Number.NEGATIVE_INFINITY;
  for (const end of open) if (end > latestEnd) latestEnd = end;
  if (any && latestEnd < nowUs)
    points.push({ index: ops.length, timeUs: Number.POSITIVE_INFINITY, spanning: 0 });
  return points;
}

/**
 * The history (its operations `from` to before `to`) as register operations for the linearizability checker
 * (failed ones had no effect). A range rather than a slice: a live check reads short stretches of long lists.
 */
export function registerOps(history: readonly Operation[], from = 0, to = history.length): RegisterOp[] {
  const ops: RegisterOp[] = [];
  for (let i = from; i < to; i++) {
    const op = history[i] as Operation;
    if (!isRegisterOp(op)) continue;
    ops.push({
      id: op.id,
      key: op.key,
      f: op.f,
      value: op.value,
      invokeUs: op.invokeUs,
      // A write still pending (or indeterminate) may already have taken effect, or may never.
      completeUs: op.status === 'ok' ? op.completeUs : null,
    });
  }
  return ops;
}

/**
 * `ops` from configuration `config`: the operations it has still to take effect first (those in flight, and the
 * indeterminate writes whose value some read of `ops` returned: taking effect could help no other read).
 */
function withPending(config: Config, ops: readonly RegisterOp[]): readonly RegisterOp[] {
  if (config.pending.length === 0) return ops;
  const read = new Set<string | null>();
  for (const o of ops) if (o.f === 'read') read.add(o.value);
  const relevant = config.pending.filter((w) => w.completeUs !== null || read.has(w.value));
  return relevant.length === 0 ? ops : [...relevant, ...ops];
}

/**
 * The verdict of `ops` from any of `states`: linearizable if it is from one; else unknown if the budget ran out
 * on one; else the first one's "not linearizable".
 */
export function checkFrom(
  key: string,
  ops: readonly RegisterOp[],
  states: readonly Config[],
  budget: { left: number },
): Verdict {
  let unknown: Verdict | null = null;
  let refuted: Verdict | null = null;
  for (const state of states) {
    const verdict = checkKey(key, withPending(state, ops), budget, state.value);
    if (verdict.result === 'linearizable') return verdict;
    if (verdict.result === 'unknown') unknown ??= verdict;
    else refuted ??= verdict;
    if (budget.left <= 0) break;
  }
  return unknown ?? refuted ?? { result: 'unknown', key, steps: 0 };
}

/** What `checkSegments` finds. */
export interface SegmentsFound {
  verdict: Verdict;
  cut: Cut;
  whole: boolean;
}

/** `out` (when given) or a new one, holding what `checkSegments` found. */
function found(out: SegmentsFound | undefined, verdict: Verdict, cut: Cut, whole: boolean): SegmentsFound {
  if (out === undefined) return { verdict, cut, whole };
  out.verdict = verdict;
  out.cut = cut;
  out.whole = whole;
  return out;
}

/**
 * Checks a key's operations from `from` on, segment by segment: the verdict, the cut reached (the last point
 * settled, when all is linearizable; the start of the segment that was not, or that the budget did not finish)
 * and whether that verdict's segment was all the key keeps. Written into `out` when given (a caller that reads it
 * at once: none made per key check, thousands a run), else into a new one.
 */
export function checkSegments(
  key: string,
  raw: readonly Operation[],
  from: Cut,
  budget: { left: number },
  nowUs: number,
  out?: SegmentsFound,
): SegmentsFound {
  const short = shortRun(raw, from, nowUs, budget);
  if (short) return found(out, LINEARIZABLE, short, true);
  let cut = dropFollowedWrites(raw, from, nowUs);
  const carried = pendingOf(cut.states);
  const points = cutPoints(raw, cut.index, nowUs, carried);
  for (let i = 0; i < points.length; i++) {
    const point = points[i] as Point;
    const length = point.index - cut.index;
    if (length < (point.spanning > 0 ? MIN_BUSY_SEGMENT : MIN_SEGMENT) && i < points.length - 1) continue;
    const quick = sequentialRun(raw, cut.index, point.index, cut.states, point.timeUs, budget);
    if (quick) {
      cut = { index: point.index, states: quick };
      continue;
    }
    const seg = registerOps(raw, cut.index, point.index);
    const settled = settle(key, seg, cut.states, point.timeUs, budget);
    if (settled.verdict.result !== 'linearizable')
      return found(out, settled.verdict, cut, cut.index === 0 && point.index === raw.length);
    if (settled.states) cut = { index: point.index, states: settled.states };
  }
  if (cut.index === raw.length && cut.states.every((s) => s.pending.every((o) => o.completeUs === null)))
    return found(out, LINEARIZABLE, cut, true);
  if (sequentialTail(raw, cut.index, cut.states, budget))
    return found(out, LINEARIZABLE, cut, cut.index === 0);
  const verdict = checkFrom(key, registerOps(raw, cut.index), cut.states, budget);
  return found(out, verdict, cut, cut.index === 0);
}

/** The verdict of every key check that finds its key linearizable: one object, never changed (frozen). */
export const LINEARIZABLE: Verdict = Object.freeze({ result: 'linearizable' });

/**
 * What `checkSegments` finds, without working out its points, in a live check's usual case: fewer than
 * MIN_SEGMENT operations since the cut, none still pending, all ended before now, from one configuration with
 * nothing to take effect. Then every point but the end of the list joins the next (too short to stand alone),
 * and the one segment, to that end, is `sequentialRun`'s to settle when its operations follow one another: the
 * cut after them, the same steps spent; when none of them takes part in the register history, the cut as it
 * stands. Null in any other case (and then nothing is spent): the points decide.
 */
function shortRun(raw: readonly Operation[], from: Cut, nowUs: number, budget: { left: number }): Cut | null {
  if (from.states.length !== 1) return null;
  const start = from.states[0] as Config;
  if (start.pending.length > 0) return null;
  const found = shortRunFrom(raw, from.index, start.value, nowUs, budget);
  if (found === NOT_SHORT) return null;
  if (found === SAME_CUT) return from;
  return { index: raw.length, states: found === start.value ? from.states : holding(found) };
}

/** What `shortRunFrom` answers when `shortRun` would answer null. */
export const NOT_SHORT: unique symbol = Symbol('not a short run');
/** What `shortRunFrom` answers when `shortRun` would answer the cut as it stands. */
export const SAME_CUT: unique symbol = Symbol('the cut as it stands');

/**
 * `shortRun` from a cut at `index` of `raw` where the register holds `value` with nothing to take effect (the
 * configuration itself need not be at hand: registers.ts keeps its value beside the key's cut): NOT_SHORT,
 * SAME_CUT, or the value the register holds at the end of the list (the cut there), the same steps spent.
 */
export function shortRunFrom(
  raw: readonly Operation[],
  index: number,
  value: string | null,
  nowUs: number,
  budget: { left: number },
): string | null | typeof NOT_SHORT | typeof SAME_CUT {
  if (raw.length - index >= MIN_SEGMENT) return NOT_SHORT;
  // The end of the list is a point: something counts, nothing is pending, and everything ended before now.
  let any = false;
  for (let i = index; i < raw.length; i++) {
    const op = raw[i] as Operation;
    if (!counts(op)) continue;
    if (op.status === 'pending' || (op.completeUs !== null && op.completeUs >= nowUs)) return NOT_SHORT;
    any = true;
  }
  // Nothing since the cut takes part (a leaderless key's reads of siblings, failed operations): the points would
  // find no point and the tail nothing to accept, linearizable from the cut as it stands, nothing spent.
  if (!any) return SAME_CUT;
  const end = sequentialValue(raw, index, raw.length, value, Number.POSITIVE_INFINITY, budget);
  return end === undefined ? NOT_SHORT : end;
}

/** The operations the configurations carry, in order (most often one configuration's: its own list). */
function pendingOf(states: readonly Config[]): readonly RegisterOp[] {
  if (states.length === 1) return (states[0] as Config).pending;
  const out: RegisterOp[] = [];
  for (const s of states) out.push(...s.pending);
  return out;
}

/**
 * A stretch of writes alone (no read since the cut, nor one in flight across it) up to the first operation
 * still pending: it is carried whole as operations to take effect, but for the writes followed by a write that
 * completed before anything after the stretch began. Such a write can never be read (the later one lies between
 * it and any read), so leaving it out changes no verdict, and a key under a steady load of writes keeps only the
 * few it may still be. Each configuration the cut may be in carries the stretch so (the key is linearizable from
 * one of them iff it is from that one so carried). Returns the cut after the stretch (or `from` unchanged).
 */
function dropFollowedWrites(raw: readonly Operation[], from: Cut, nowUs: number): Cut {
  // Too few operations left for a stretch (a live check's usual case): nothing to read.
  if (raw.length - from.index < MIN_SEGMENT) return from;
  for (const state of from.states) for (const o of state.pending) if (o.f === 'read') return from;
  let end = from.index;
  while (end < raw.length) {
    const op = raw[end] as Operation;
    if (counts(op) && (op.status === 'pending' || op.f === 'read')) break;
    end++;
  }
  if (end - from.index < MIN_SEGMENT) return from;
  const next = end < raw.length ? (raw[end] as Operation).invokeUs : nowUs;
  const stretch = registerOps(raw, from.index, end);
  const states = from.states.map((state) => {
    const writes = [...state.pending, ...stretch];
    // The latest invocation among the writes that completed before the next operation began.
    let latest = Number.NEGATIVE_INFINITY;
    for (const w of writes)
      if (w.completeUs !== null && w.completeUs < next) latest = Math.max(latest, w.invokeUs);
    const kept = writes.filter((w) => w.completeUs === null || w.completeUs >= latest);
    return { value: state.value, pending: kept };
  });
  return { index: end, states };
}

/**
 * A segment that ends at a point (at `timeUs`): its verdict from `states`, and the configurations it may leave
 * there (null when they cannot be told or are too many: the point is passed over). From each configuration the
 * segment is linearizable iff it is with the operations in flight across the point free to take effect or not.
 */
function settle(
  key: string,
  seg: readonly RegisterOp[],
  states: readonly Config[],
  timeUs: number,
  budget: { left: number },
): { verdict: Verdict; states: readonly Config[] | null } {
  const out: Config[] = [];
  let refuted: Verdict | null = null;
  const linearizable = LINEARIZABLE;
  for (const state of states) {
    const quick = sequentialSettle(seg, state, timeUs, budget);
    if (quick) {
      keepUndominated(out, quick);
      if (out.length > MAX_STATES) return { verdict: linearizable, states: null };
      continue;
    }
    const all = state.pending.length === 0 ? seg : [...state.pending, ...seg];
    const free = freedAfter(all, timeUs);
    const verdict = checkKey(key, relevant(free, free), budget, state.value);
    if (verdict.result === 'unknown') return { verdict, states: null };
    if (verdict.result === 'not-linearizable') {
      refuted ??= verdict;
      continue;
    }
    const ends = endings(key, state.value, all, timeUs, budget);
    if (ends === 'unknown') return { verdict: { result: 'unknown', key, steps: 0 }, states: null };
    if (ends === null) return { verdict: linearizable, states: null };
    for (const e of ends) keepUndominated(out, e);
    if (out.length > MAX_STATES) return { verdict: linearizable, states: null };
  }
  if (out.length === 0) return { verdict: refuted ?? linearizable, states: null };
  return { verdict: linearizable, states: out };
}
