/**
 * Which nodes get a lane in the space-time diagram. A cluster of up to LANES_WHOLE nodes gets one per node; a
 * larger one (a 100-node ring, a leader with 100 followers, the 1,000-node ring) only the lanes of the nodes
 * with something to show in the window, in the cluster's order: an arrow sent or received, a crash, or the
 * node being the one selected. A thousand lanes 34 px apart made a diagram 34,000 px tall whose first screens
 * were idle nodes and whose client lanes were at the very bottom.
 */
import type { NodeId } from '../../sim/types.ts';
import type { DownInterval } from './recorder.ts';

/** Clusters of up to this many nodes draw every node's lane. */
export const LANES_WHOLE = 16;

export interface LaneChoice {
  /** The node lanes to draw, in the cluster's order. */
  readonly nodes: readonly NodeId[];
  /** Whether some nodes' lanes were left out. */
  readonly filtered: boolean;
}

/** The window the diagram shows, in simulated ms. */
export interface LaneWindow {
  readonly startMs: number;
  readonly endMs: number;
  readonly nowMs: number;
}

export function laneNodes(
  nodes: readonly NodeId[],
  arrows: readonly { readonly from: NodeId; readonly to: NodeId }[],
  downs: readonly DownInterval[],
  window: LaneWindow,
  selected: NodeId | null,
  all: boolean,
): LaneChoice {
  if (all || nodes.length <= LANES_WHOLE) return { nodes, filtered: false };
  const shown = new Set<NodeId>();
  for (const a of arrows) {
    shown.add(a.from);
    shown.add(a.to);
  }
  for (const d of downs) {
    const endMs = d.endUs === null ? window.nowMs : d.endUs / 1000;
    if (d.startUs / 1000 <= window.endMs && endMs >= window.startMs) shown.add(d.node);
  }
  if (selected !== null) shown.add(selected);
  const kept = nodes.filter((n) => shown.has(n));
  return { nodes: kept, filtered: kept.length < nodes.length };
}
