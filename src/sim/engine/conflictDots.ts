/**
 * What lets the conflict count (conflictLog.ts `ConflictSets`) rule sets out by the writes' single dots, without
 * the causal tests: per key, per actor, the counter of that actor's write in each open set.
 */
import type { ConflictWrite } from './conflictLog.ts';

/**
 * A write's dot when its version vector has exactly one positive entry (a blind write's): the entry's actor and
 * counter. The model promises that two writes with dots of one actor and different counters are not `concurrent`
 * (one vector covers the other), and that writes with one id (one write, as the count names writes) have one dot.
 */
export interface SingleDots<W> {
  /** The actor of the write's only positive entry; -1 when it has none or several, or is not known. */
  actorOf(w: W): number;
  /** That entry's counter, above 0 (asked only when `actorOf` gave an actor). */
  counterOf(w: W): number;
}

/**
 * Per key, the counters of its open sets' single-dot writes, by actor and slot. Each open set has a slot: a new
 * set takes the one after the newest one's, round `slots` (at least as many as can be open at once, so theirs are
 * distinct). A set of slots is a bit mask (below 30 bits, so a small integer to V8).
 */
export interface DotColumns {
  readonly slots: number;
  /** The actors of the key's single-dot writes, in the order first seen: an actor's place is its position here. */
  readonly actors: number[];
  /**
   * Per actor place, per slot, the counter of the actor's write in the set at that slot: 0 none, TWICE two or
   * more. A slot's entries are written when a set takes it.
   */
  readonly columns: number[][];
  /**
   * Per actor place, the slots whose set holds a write of the actor (bits of closed slots may linger: only open
   * ones are read), and the highest counter of the actor's writes in any set since the columns were made (at
   * least every open set's: a write above it is in no open set, and every set holding its actor rules it out).
   */
  readonly has: number[];
  readonly highest: number[];
  /**
   * Per actor place, the counter last asked about, and the slots a write of it keeps in: those whose set holds
   * no write of the actor, two, or that very counter (kept up as the columns change).
   */
  readonly asked: number[];
  readonly kept: number[];
  /** The slot of the oldest open set (set i's is the i-th after it, round `slots`). */
  first: number;
}

/** A column's mark for an actor with two writes or more in a set (no one counter: never rules the set out). */
const TWICE = -1;

/**
 * The writes of the detection under way, by position: each one's actor place (-1 without a single dot) and
 * counter. Module scratch, not state: written by `placeWrites` at each detection before anything reads it.
 */
const PLACE: number[] = [];
const COUNTER: number[] = [];

/** Columns for a key that keeps at most `slots` sets open at once (below 30). */
export function newColumns(slots: number): DotColumns {
  return { slots, actors: [], columns: [], has: [], highest: [], asked: [], kept: [], first: 0 };
}

/** Columns for a key that keeps at most `slots` sets open at once, with `sets` open (fewer), oldest first. */
export function columnsOf<W>(
  sets: readonly (readonly W[])[],
  slots: number,
  dots: SingleDots<W>,
): DotColumns {
  const d = newColumns(slots);
  for (let i = 0; i < sets.length; i++) for (const w of sets[i] as readonly W[]) markWrite(d, i, w, dots);
  return d;
}

/** The slot of the key's i-th open set, oldest first. */
export function slotAt(d: DotColumns, i: number): number {
  const s = d.first + i;
  return s < d.slots ? s : s - d.slots;
}

/** The oldest open set is closed (its slot's entries stay until a new set takes it: only open slots are read). */
export function closeOldest(d: DotColumns): void {
  d.first = slotAt(d, 1);
}

/** The place of `actor` among the key's actors, given one (and a column of zeros) if it has none. */
function placeOf(d: DotColumns, actor: number): number {
  const actors = d.actors;
  for (let p = 0; p < actors.length; p++) if (actors[p] === actor) return p;
  actors.push(actor);
  d.columns.push(new Array(d.slots).fill(0));
  d.has.push(0);
  d.highest.push(0);
  d.asked.push(0);
  d.kept.push((1 << d.slots) - 1);
  return actors.length - 1;
}

/** Fills PLACE and COUNTER for `writes`. */
export function placeWrites<W extends ConflictWrite>(
  d: DotColumns,
  writes: readonly W[],
  dots: SingleDots<W>,
): void {
  for (let j = 0; j < writes.length; j++) {
    const w = writes[j] as W;
    const x = dots.actorOf(w);
    PLACE[j] = x < 0 ? -1 : placeOf(d, x);
    COUNTER[j] = x < 0 ? 0 : dots.counterOf(w);
  }
}

/**
 * The slots of the `open` sets that the first `count` writes placed do not rule out. A write rules out a set
 * holding one other write of its actor (another counter: not concurrent with it, and not the write itself, which
 * would have its dot).
 */
export function candidates(d: DotColumns, open: number, count: number): number {
  // The open slots: `open` from `first` on, round `slots`.
  const over = d.first + open - d.slots;
  let cand =
    over <= 0
      ? ((1 << open) - 1) << d.first
      : (((1 << (d.slots - d.first)) - 1) << d.first) | ((1 << over) - 1);
  // A write newer than every write of its actor in the sets (the common new conflict: a replica's newest write
  // among older siblings) rules out every set holding its actor, without looking at their counters.
  for (let j = 0; j < count; j++) {
    const p = PLACE[j] as number;
    if (p >= 0 && (COUNTER[j] as number) > (d.highest[p] as number)) cand &= ~(d.has[p] as number);
  }
  for (let j = 0; j < count && cand !== 0; j++) {
    const p = PLACE[j] as number;
    if (p < 0) continue;
    const c = COUNTER[j] as number;
    if (c !== d.asked[p]) ask(d, p, c);
    cand &= d.kept[p] as number;
  }
  return cand;
}

/** The slots a write of the actor at place `p` with counter `c` keeps in (`DotColumns.kept`). */
function ask(d: DotColumns, p: number, c: number): void {
  const column = d.columns[p] as number[];
  let kept = 0;
  for (let s = 0; s < d.slots; s++) {
    const q = column[s] as number;
    if (q <= 0 || q === c) kept |= 1 << s;
  }
  d.asked[p] = c;
  d.kept[p] = kept;
}

/** A new set of the first `count` writes placed takes `slot`. */
export function openSlot(d: DotColumns, slot: number, count: number): void {
  const { columns, has } = d;
  const bit = 1 << slot;
  for (let p = 0; p < columns.length; p++) {
    (columns[p] as number[])[slot] = 0;
    has[p] = (has[p] as number) & ~bit;
    d.kept[p] = (d.kept[p] as number) | bit;
  }
  for (let j = 0; j < count; j++) {
    const p = PLACE[j] as number;
    if (p >= 0) mark(d, p, slot, COUNTER[j] as number);
  }
}

/** `w` joins the set at `slot`. */
export function markWrite<W>(d: DotColumns, slot: number, w: W, dots: SingleDots<W>): void {
  const x = dots.actorOf(w);
  if (x >= 0) mark(d, placeOf(d, x), slot, dots.counterOf(w));
}

/** A write with counter `c` of the actor at place `p` joins the set at `slot`. */
function mark(d: DotColumns, p: number, slot: number, c: number): void {
  const column = d.columns[p] as number[];
  const q = column[slot] === 0 ? c : TWICE;
  column[slot] = q;
  const bit = 1 << slot;
  d.has[p] = (d.has[p] as number) | bit;
  d.kept[p] = q === d.asked[p] || q < 0 ? (d.kept[p] as number) | bit : (d.kept[p] as number) & ~bit;
  if (c > (d.highest[p] as number)) d.highest[p] = c;
}
