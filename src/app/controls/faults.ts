/**
 * Turning fault sliders into concrete timeline actions. The sliders hold no state of their own: each value is
 * derived from the snapshot, and moving a slider emits the crash/restart/partition actions that get there.
 */
import type { Action, Scenario } from '../../sim/scenarios/schema.ts';
import type { NodeId, NodeView } from '../../sim/types.ts';
import type { ViewSnapshot } from '../../worker/protocol.ts';

/** 0 without a partition; k when the first k nodes are cut off from the rest. */
export function partitionPosition(snapshot: Pick<ViewSnapshot, 'network'>): number {
  const groups = snapshot.network.partition;
  if (groups.length === 0) return 0;
  return groups[0]?.length ?? 0;
}

export function partitionAction(nodes: readonly NodeId[], k: number): Action {
  if (k <= 0 || k >= nodes.length) return { type: 'heal' };
  return { type: 'partition', groups: [nodes.slice(0, k), nodes.slice(k)] };
}

/**
 * The actions that make exactly `target` nodes down: crash up nodes from the end of the node list, or restart
 * the most recently crashed ones first (crash order read from the recorded timeline). With `durable` false the
 * crashed nodes lose their disk too.
 */
export function crashActions(
  nodes: readonly NodeView[],
  scenario: Scenario | null,
  target: number,
  durable = true,
): Action[] {
  const down = nodes.filter((n) => !n.up);
  if (target > down.length) {
    return nodes
      .filter((n) => n.up)
      .reverse()
      .slice(0, target - down.length)
      .map((n): Action => (durable ? { type: 'crash', node: n.id } : { type: 'crash', node: n.id, durable }));
  }
  if (target < down.length) {
    const lastCrash = new Map<NodeId, number>();
    scenario?.timeline.forEach((entry, i) => {
      if (entry.action.type === 'crash') lastCrash.set(entry.action.node, i);
    });
    return [...down]
      .sort((a, b) => (lastCrash.get(b.id) ?? -1) - (lastCrash.get(a.id) ?? -1))
      .slice(0, down.length - target)
      .map((n) => ({ type: 'restart', node: n.id }));
  }
  return [];
}
