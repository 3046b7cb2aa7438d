/**
 * The entries of the linearizability search's event list (linearizability.ts `eventList`): a call or a return of
 * each operation, linked in time order, and the pool the short searches take them from.
 */
import type { RegisterOp } from './linearizability.ts';

/** A call or a return in the search's list (written anew when taken from `POOL` for another search). */
export interface Entry {
  op: RegisterOp;
  index: number;
  isCall: boolean;
  time: number;
  match: Entry | null;
  prev: Entry | null;
  next: Entry | null;
}

/**
 * Searches of up to this many operations (nearly all of a live check's) take their entries from `POOL`; a
 * longer one makes its own (the pool would keep them, and the operations they name, as long as the module).
 */
export const POOLED = 256;

/**
 * The entries of the last pooled search: slot 0 its head, then each operation's call and return. A search keeps
 * its entries only until it returns (no verdict names one), and searches never overlap, so the next one writes
 * them anew rather than making 2 objects an operation (garbage made during a live update is collected on its
 * clock).
 */
const POOL: Entry[] = [];

/** An entry as `eventList` needs it, unlinked: slot `slot` of the pool written anew (when `pooled`), or a new one. */
export function entry(
  pooled: boolean,
  slot: number,
  op: RegisterOp,
  index: number,
  isCall: boolean,
  time: number,
): Entry {
  const e = pooled ? POOL[slot] : undefined;
  if (e === undefined) {
    const made: Entry = { op, index, isCall, time, match: null, prev: null, next: null };
    if (pooled) POOL[slot] = made;
    return made;
  }
  e.op = op;
  e.index = index;
  e.isCall = isCall;
  e.time = time;
  e.match = null;
  e.prev = null;
  e.next = null;
  return e;
}
