/**
 * The graph's layout depends only on the topology (node and client ids, partition sides, the leader), not on
 * anything that changes every frame. The selector reduces the snapshot to a string key, so the layout is
 * recomputed, and the graph re-rendered, only when the topology really changes.
 */
import { useMemo } from 'react';
import { layoutLeader } from '../cluster.ts';
import { useLab } from '../hooks.ts';
import { regionLayoutFromKey, regionTopologyKey } from '../multileader/regionTopology.ts';
import type { LabState } from '../store.ts';
import { computeLayout, type Layout, type TopologyInput } from './layout.ts';

function topologyKey(state: LabState): string {
  const regional = regionTopologyKey(state);
  if (regional) return regional;
  const snap = state.snapshot;
  if (snap) {
    const leader = layoutLeader(snap.nodes) ?? '';
    return JSON.stringify([
      snap.nodes.map((n) => n.id),
      snap.clients.map((c) => c.id),
      snap.nodes.map((n) => n.side),
      leader,
      Math.min(6, Math.max(0, ...snap.nodes.map((n) => n.data.length))),
    ]);
  }
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

export function useTopology(): { input: TopologyInput; layout: Layout } {
  const key = useLab(topologyKey);
  return useMemo(() => {
    const regional = regionLayoutFromKey(key);
    if (regional) return regional;
    const [nodes, clients, sides, leader, dataRows] = JSON.parse(key) as [
      string[],
      string[],
      number[],
      string,
      number,
    ];
    const input: TopologyInput = { nodes, clients, sides, leader: leader || null, dataRows };
    return { input, layout: computeLayout(input) };
  }, [key]);
}
