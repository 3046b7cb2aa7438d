/**
 * The leader-follower graph's layout depends only on the topology (node and client ids, partition sides, the
 * leader), not on anything that changes every frame. The selector reduces the snapshot to a string key, so the
 * layout is recomputed, and the graph re-rendered, only when the topology really changes; a change that only moves
 * the cards is laid out in tasks of its own, a few ticks of the forces at a time (graph/deferredLayout.ts).
 */

import { useDeferredTopology } from '../../graph/deferredLayout.ts';
import { useNarrowGraph } from '../../graph/frame.ts';
import { dataRowsOf, layoutInSteps, runSteps } from '../../graph/layout.ts';
import { useLab } from '../../hooks.ts';
import type { LabState } from '../../store.ts';
import type { GraphTopology } from '../types.ts';
import { layoutLeader } from './leadership.ts';

function topologyKey(state: LabState): string {
  const snap = state.snapshot;
  if (snap)
    return JSON.stringify([
      snap.nodes.map((n) => n.id),
      snap.clients.map((c) => c.id),
      snap.nodes.map((n) => n.side),
      layoutLeader(snap.nodes) ?? '',
      dataRowsOf(snap.nodes),
    ]);
  const scenario = state.scenario;
  if (!scenario) return JSON.stringify([[], [], [], '', 0]);
  return JSON.stringify([
    scenario.nodes,
    scenario.clients.map((c) => c.id),
    scenario.nodes.map(() => 0),
    scenario.nodes[0] ?? '',
    0,
  ]);
}

/** The node and client ids: while they stay, a new layout may come a task later (graph/deferredLayout.ts). */
function shapeOf(key: string): string {
  const [nodes, clients] = JSON.parse(key) as [string[], string[]];
  return JSON.stringify([nodes, clients]);
}

export function useLeaderFollowerTopology(): GraphTopology {
  const key = useLab(topologyKey);
  const narrow = useNarrowGraph();
  return useDeferredTopology({
    key: `leader-follower ${narrow} ${key}`,
    shape: `leader-follower ${narrow} ${shapeOf(key)}`,
    build: () => runSteps(topologySteps(key, narrow)),
    steps: () => topologySteps(key, narrow),
  });
}

/** The layout of `topologyKey`'s key, in steps of a few ticks (graph/deferredLayout.ts spreads them over tasks). */
function* topologySteps(key: string, narrow: boolean): Generator<void, GraphTopology, void> {
  const [nodes, clients, sides, leader, dataRows] = JSON.parse(key) as [
    string[],
    string[],
    number[],
    string,
    number,
  ];
  const input = { nodes, clients, sides, leader: leader || null, dataRows, narrow };
  return { input, layout: yield* layoutInSteps(input, TICKS_PER_STEP) };
}

/** Ticks of the force layout between two checks of a deferred layout's time slice. */
const TICKS_PER_STEP = 10;
