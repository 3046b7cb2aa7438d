/**
 * What lets the conflict count (conflictLog.ts `ConflictSets`) rule sets out by the writes' single dots, without
 * the causal tests: per key, per actor, the counter of that actor's write in each open set.
 */
import type { ConflictWrite } from './conflictLog.ts';

/**
 * A write's dot when its version vector has exactly one positive entry (a blind write's): the entry's actor and
 * counter. The model promises that two writes with dots of one actor and different counters are not `concurrent`
 * (one vector covers the other) while two with dots of different actors are (each is ahead at its own entry), and
 * that one id (one write, as the count names writes) has one dot and one dot one id.
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
 *
 * Everything per actor lives in one row of one typed array (`grid`): a detection reads a few entries of each of
 * its writes' actors, and spread over a dozen arrays of their own those were a dozen cache lines or more, fetched
 * again at every detection since the events between had pushed them out; a row is one or two.
 */
export interface DotColumns {
  readonly slots: number;
  /** How many actors have a row (in the order first seen: an actor's place is its row's position). */
  places: number;
  /** The rows, ROW(slots) entries each (the fields at the offsets below); room for more rows at the end. */
  grid: Int32Array;
  /** Per slot, how many writes of its set have no single dot (never ruled out, and not known by a column). */
  readonly plain: Int32Array;
  /** The slot of the oldest open set (set i's is the i-th after it, round `slots`). */
  first: number;
  /** How many sets are open. */
  open: number;
}

/** A row's actor. */
const ACTOR = 0;
/**
 * The slots whose set holds a write of the actor (bits of closed slots may linger: only open ones are read), and
 * the highest counter of the actor's writes in any set since the columns were made (at least every open set's: a
 * write above it is in no open set, and every set holding its actor rules it out).
 */
const HAS = 1;
const HIGHEST = 2;
/**
 * The counter last asked about, and the slots a write of it keeps in: those whose set holds no write of the
 * actor, two, or that very counter (kept up as the columns change); and the counter asked before that one, with
 * its slots, kept up alike. Replicas of one key find its sets a write apart, so the counters asked take turns:
 * with the two, the 5-replica bench's 60,508 detections scanned a column 23,115 times instead of 39,507.
 */
const ASKED = 3;
const KEPT = 4;
const ASKED2 = 5;
const KEPT2 = 6;
/** Then the column: per slot, the counter of the actor's write in the set at that slot: 0 none, TWICE two or more. */
const COLUMN = 7;

/** The length of a row for `slots` slots. */
function rowOf(slots: number): number {
  return COLUMN + slots;
}

/** A column's mark for an actor with two writes or more in a set (no one counter: never rules the set out). */
const TWICE = -1;

/**
 * The writes of the detection under way, by position: each one's row (its offset in the grid; -1 without a single
 * dot) and counter. Module scratch, not state: written by `placeWrites` at each detection before anything reads
 * it.
 */
const PLACE: number[] = [];
const COUNTER: number[] = [];

/** Columns for a key that keeps at most `slots` sets open at once (below 30). */
export function newColumns(slots: number): DotColumns {
  return {
    slots,
    places: 0,
    grid: new Int32Array(4 * rowOf(slots)),
    plain: new Int32Array(slots),
    first: 0,
    open: 0,
  };
}

/**
 * Columns for a key that keeps at most `slots` sets open at once, with `sets` open (fewer), oldest first: set i
 * at slot i.
 */
export function columnsOf<W>(
  sets: readonly (readonly W[])[],
  slots: number,
  dots: SingleDots<W>,
): DotColumns {
  const d = newColumns(slots);
  for (let i = 0; i < sets.length; i++) for (const w of sets[i] as readonly W[]) markWrite(d, i, w, dots);
  d.open = sets.length;
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
  d.open--;
}

/** The row of `actor` (its offset in the grid), given one (a column of zeros) if it has none. */
function placeOf(d: DotColumns, actor: number): number {
  const row = rowOf(d.slots);
  let grid = d.grid;
  const end = d.places * row;
  for (let b = 0; b < end; b += row) if (grid[b + ACTOR] === actor) return b;
  if (end + row > grid.length) {
    grid = new Int32Array(2 * grid.length);
    grid.set(d.grid);
    d.grid = grid;
  }
  const all = (1 << d.slots) - 1;
  grid[end + ACTOR] = actor;
  grid[end + KEPT] = all;
  grid[end + KEPT2] = all;
  d.places++;
  return end;
}

/** Fills PLACE and COUNTER for `writes`; returns whether every one of them has a single dot. */
export function placeWrites<W extends ConflictWrite>(
  d: DotColumns,
  writes: readonly W[],
  dots: SingleDots<W>,
): boolean {
  let single = true;
  for (let j = 0; j < writes.length; j++) {
    const w = writes[j] as W;
    const x = dots.actorOf(w);
    if (x < 0) single = false;
    PLACE[j] = x < 0 ? -1 : placeOf(d, x);
    COUNTER[j] = x < 0 ? 0 : dots.counterOf(w);
  }
  return single;
}

/**
 * The open sets that the first `count` writes placed do not rule out, as a bit mask of their positions (bit i: the
 * key's i-th open set, oldest first). A write rules out a set holding one other write of its actor (another
 * counter: not concurrent with it, and not the write itself, which would have its dot).
 */
export function candidates(d: DotColumns, count: number): number {
  // The open slots: `open` from `first` on, round `slots`.
  const { first, open, grid } = d;
  const over = first + open - d.slots;
  let cand =
    over <= 0 ? ((1 << open) - 1) << first : (((1 << (d.slots - first)) - 1) << first) | ((1 << over) - 1);
  for (let j = 0; j < count && cand !== 0; j++) {
    const b = PLACE[j] as number;
    if (b < 0) continue;
    const c = COUNTER[j] as number;
    // A write newer than every write of its actor in the sets (the common new conflict: a replica's newest write
    // among older siblings) rules out every set holding its actor, without looking at their counters.
    if (c > (grid[b + HIGHEST] as number)) cand &= ~(grid[b + HAS] as number);
    else if (c === grid[b + ASKED]) cand &= grid[b + KEPT] as number;
    else if (c === grid[b + ASKED2]) cand &= grid[b + KEPT2] as number;
    else cand &= ask(d, b, c);
  }
  // Slot first + i holds set i: the mask turned so that slot `first` is bit 0.
  return first === 0 ? cand : ((cand >>> first) | (cand << (d.slots - first))) & ((1 << open) - 1);
}

/**
 * Whether the columns alone answer for the set at `slot` (a candidate) and the first `count` writes placed, each
 * with a single dot: its writes all have single dots too, and none of the writes' actors has two of them in it.
 * Then each write is in the set when its actor's column there holds its counter (one dot, one write), and
 * concurrent with all of it otherwise (a candidate holds no write of its actor; the others' actors differ), so
 * the set takes them all.
 */
export function decidedAt(d: DotColumns, slot: number, count: number): boolean {
  if (d.plain[slot] !== 0) return false;
  const grid = d.grid;
  for (let j = 0; j < count; j++) if (grid[(PLACE[j] as number) + COLUMN + slot] === TWICE) return false;
  return true;
}

/** Whether the `j`-th write placed (with a single dot) is in the set at `slot`, by its column. */
export function heldAt(d: DotColumns, slot: number, j: number): boolean {
  return d.grid[(PLACE[j] as number) + COLUMN + slot] === COUNTER[j];
}

/** The slots a write of the actor at row `b` with counter `c` keeps in (its KEPT), now asked. */
function ask(d: DotColumns, b: number, c: number): number {
  const grid = d.grid;
  grid[b + ASKED2] = grid[b + ASKED] as number;
  grid[b + KEPT2] = grid[b + KEPT] as number;
  let kept = 0;
  for (let s = 0, at = b + COLUMN; s < d.slots; s++, at++) {
    const q = grid[at] as number;
    if (q <= 0 || q === c) kept |= 1 << s;
  }
  grid[b + ASKED] = c;
  grid[b + KEPT] = kept;
  return kept;
}

/** A new set of the first `count` writes placed takes the free slot after the open ones: returns it. */
export function openSlot(d: DotColumns, count: number): number {
  const slot = slotAt(d, d.open);
  const grid = d.grid;
  const row = rowOf(d.slots);
  const bit = 1 << slot;
  for (let b = 0, end = d.places * row; b < end; b += row) {
    grid[b + COLUMN + slot] = 0;
    grid[b + HAS] = (grid[b + HAS] as number) & ~bit;
    grid[b + KEPT] = (grid[b + KEPT] as number) | bit;
    grid[b + KEPT2] = (grid[b + KEPT2] as number) | bit;
  }
  d.plain[slot] = 0;
  for (let j = 0; j < count; j++) markPlaced(d, slot, j);
  d.open++;
  return slot;
}

/** The `j`-th write placed joins the set at `slot`. */
export function markPlaced(d: DotColumns, slot: number, j: number): void {
  const b = PLACE[j] as number;
  if (b >= 0) mark(d, b, slot, COUNTER[j] as number);
  else d.plain[slot] = (d.plain[slot] as number) + 1;
}

/** `w` joins the set at `slot`. */
export function markWrite<W>(d: DotColumns, slot: number, w: W, dots: SingleDots<W>): void {
  const x = dots.actorOf(w);
  if (x >= 0) mark(d, placeOf(d, x), slot, dots.counterOf(w));
  else d.plain[slot] = (d.plain[slot] as number) + 1;
}

/** A write with counter `c` of the actor at row `b` joins the set at `slot`. */
function mark(d: DotColumns, b: number, slot: number, c: number): void {
  const grid = d.grid;
  const at = b + COLUMN + slot;
  const q = grid[at] === 0 ? c : TWICE;
  grid[at] = q;
  const bit = 1 << slot;
  grid[b + HAS] = (grid[b + HAS] as number) | bit;
  const kept = grid[b + KEPT] as number;
  grid[b + KEPT] = q === grid[b + ASKED] || q < 0 ? kept | bit : kept & ~bit;
  const kept2 = grid[b + KEPT2] as number;
  grid[b + KEPT2] = q === grid[b + ASKED2] || q < 0 ? kept2 | bit : kept2 & ~bit;
  if (c > (grid[b + HIGHEST] as number)) grid[b + HIGHEST] = c;
}
