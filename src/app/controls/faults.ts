/**
 * Turning the partition slider into concrete timeline actions, and naming its sides. The slider holds no state
 * of its own: its value is derived from the snapshot, and moving it emits the partition or heal that gets there.
 */
import type { Action } from '../../sim/scenarios/schema.ts';
import type { NodeId } from '../../sim/types.ts';
import { formatInt } from '../format.ts';

/**
 * The partition slider's position: 0 without a partition, else the size of the first side (k when the first k
 * nodes are cut off from the rest; the slider names the real sides when they are not a prefix of the list).
 */
export function partitionPosition(groups: readonly (readonly NodeId[])[]): number {
  if (groups.length === 0) return 0;
  return groups[0]?.length ?? 0;
}

/** The split the partition slider makes at position k: the first k nodes, and the rest. */
export function prefixSplit(nodes: readonly NodeId[], k: number): NodeId[][] {
  return [nodes.slice(0, k), nodes.slice(k)];
}

/** A side of more nodes than this is named by its first two and last nodes and its size. */
const SIDE_NAMED_WHOLE = 6;

/**
 * The sides of a partition in words: "kv1, kv2, kv5 | kv3, kv4"; "none" without one. A side of many nodes is
 * shortened, "kv4, kv5, …, kv1000 (997 nodes)": on a 1,000-node ring the whole list was thousands of characters
 * in the slider's value and in what a screen reader reads of it.
 */
export function describeSides(groups: readonly (readonly NodeId[])[]): string {
  const sides = groups.filter((g) => g.length > 0);
  return sides.length < 2 ? 'none' : sides.map(describeSide).join(' | ');
}

function describeSide(side: readonly NodeId[]): string {
  if (side.length <= SIDE_NAMED_WHOLE) return side.join(', ');
  return `${side[0]}, ${side[1]}, …, ${side[side.length - 1]} (${formatInt(side.length)} nodes)`;
}

export function partitionAction(nodes: readonly NodeId[], k: number): Action {
  if (k <= 0 || k >= nodes.length) return { type: 'heal' };
  return { type: 'partition', groups: [nodes.slice(0, k), nodes.slice(k)] };
}

/** Above this many nodes the switches come with a search box, and at most this many are listed at once. */
export const SWITCHES_LISTED = 24;

/** The node switches a list of many nodes shows for `query`, and how many nodes match it. */
export interface SwitchesShown<T> {
  readonly shown: readonly T[];
  readonly matching: number;
}

/**
 * The switches to list for `query` (a part of a node's name, any case; blank: every node): the node named exactly
 * so first, then the crashed ones (so a crashed node can always be found to restart), then the rest in the
 * cluster's order, at most `limit` of them.
 */
export function switchesShown<T extends { readonly id: string; readonly up: boolean }>(
  nodes: readonly T[],
  query: string,
  limit = SWITCHES_LISTED,
): SwitchesShown<T> {
  const q = query.trim().toLowerCase();
  // One pass, each group in the cluster's order: the exact name, the crashed nodes, the rest.
  const exact: T[] = [];
  const down: T[] = [];
  const up: T[] = [];
  for (const n of nodes) {
    const id = n.id.toLowerCase();
    if (q !== '' && !id.includes(q)) continue;
    (id === q ? exact : n.up ? up : down).push(n);
  }
  const shown = [...exact, ...down, ...up].slice(0, limit);
  return { shown, matching: exact.length + down.length + up.length };
}
