/**
 * State transfer: how a node that asks for changes its peer has trimmed (changeLog.ts) catches up. The peer
 * sends its whole state (every cell and the applied vector saying which changes the state includes); the asker
 * merges it cell by cell, as applying the missing changes would have:
 * - versions go through the configured resolution as changes do (resolution.ts), except those whose change the
 *   asker applied already;
 * - a counter takes, per actor, the total of whichever side has applied more of that actor's changes (each
 *   actor's total follows from how many of its changes were applied, since they apply in order);
 * - an add-wins set keeps a dot that both sides hold, or that one side holds and the other has not seen (the
 *   applied vectors tell a dot the other side removed from one it never received).
 * The asker then holds the peer's changes without their log, so it cannot serve them in turn: they count as
 * trimmed there too.
 */
import { type Actors, type DenseVector, denseEntry, mergeDense } from '../shared/denseVector.ts';
import { skipTo } from './changeLog.ts';
import { type Cell, type MlCluster, type MlNode, shareApplied } from './cluster.ts';
import type { CellState, StateTransfer } from './messages.ts';
import { applyVersion, newCell, raiseCellVv } from './resolution.ts';

export function stateOf(n: MlNode): StateTransfer {
  const cells: CellState[] = [];
  for (const [key, cell] of n.cells)
    cells.push({
      key,
      // A copy, as of the vector: last-write-wins changes the cell's list in place.
      versions: cell.versions.slice(),
      ...(cell.counter ? { counter: [...cell.counter] } : {}),
      ...(cell.set ? { set: [...cell.set].map(([element, dots]) => [element, [...dots]] as const) } : {}),
      // A copy: the cell's own vector goes on changing in place.
      vv: cell.vv.slice(),
      conflicts: cell.conflicts,
    });
  return { type: 'state', kind: 'replicate', cells, applied: shareApplied(n) };
}

/** Merges a peer's state into the node's; returns whether it learnt anything. */
export function mergeState(c: MlCluster, n: MlNode, s: StateTransfer): boolean {
  const before = n.applied;
  const after = mergeDense(before, s.applied);
  if (after === before) return false;
  for (const cs of s.cells) {
    const cell = n.cells.get(cs.key) ?? newCell(c, n, cs.key);
    if (cs.counter) mergeCounter(c.actors, cell, cs.counter, before, s.applied);
    if (cs.set) mergeSet(c.actors, cell, cs.set, before, s.applied);
    for (const v of cs.versions) {
      if (v.seq <= denseEntry(before, v.originIx)) continue;
      applyVersion(c, n, cell, cs.key, v);
    }
    if (raiseCellVv(cell, cs.vv)) cell.context = null;
    cell.conflicts = Math.max(cell.conflicts, cs.conflicts);
  }
  n.applied = after;
  n.appliedOwned = false;
  for (let i = 0; i < s.applied.length; i++)
    if ((s.applied[i] as number) > denseEntry(before, i)) skipTo(n.log, i, denseEntry(after, i));
  return true;
}

/** An actor's entry, by name (0 for an actor never seen). */
function entryOf(actors: Actors, v: DenseVector, name: string): number {
  const i = actors.find(name);
  return i < 0 ? 0 : denseEntry(v, i);
}

function mergeCounter(
  actors: Actors,
  cell: Cell,
  theirs: readonly (readonly [string, number])[],
  mine: DenseVector,
  seen: DenseVector,
): void {
  cell.counter ??= new Map();
  for (const [actor, total] of theirs)
    if (entryOf(actors, seen, actor) > entryOf(actors, mine, actor)) cell.counter.set(actor, total);
}

/** The sequence number and origin of a dot "origin:seq" (an origin may itself contain ":"). */
function dotOf(dot: string): { origin: string; seq: number } {
  const i = dot.lastIndexOf(':');
  return { origin: dot.slice(0, i), seq: Number(dot.slice(i + 1)) };
}

function mergeSet(
  actors: Actors,
  cell: Cell,
  theirs: readonly (readonly [string, readonly string[]])[],
  mine: DenseVector,
  seen: DenseVector,
): void {
  cell.set ??= new Map();
  const unseenBy = (context: DenseVector, dot: string) => {
    const d = dotOf(dot);
    return d.seq > entryOf(actors, context, d.origin);
  };
  const incoming = new Map(theirs.map(([element, dots]) => [element, new Set(dots)]));
  for (const [element, dots] of cell.set) {
    const other = incoming.get(element) ?? new Set<string>();
    for (const d of dots) if (!other.has(d) && !unseenBy(seen, d)) dots.delete(d);
  }
  for (const [element, dots] of incoming) {
    const kept = cell.set.get(element) ?? new Set<string>();
    for (const d of dots) if (!kept.has(d) && unseenBy(mine, d)) kept.add(d);
    cell.set.set(element, kept);
  }
}
