/**
 * The leaderless graph's layout: the ring layout, recomputed only when the topology (ids, partition sides, rows
 * of data shown) changes, never on a frame; with the same nodes and clients, a task later (graph/deferredLayout.ts).
 */

import { useDeferredTopology } from '../../graph/deferredLayout.ts';
import { useNarrowGraph, useShortGraph } from '../../graph/frame.ts';
import { dataRowsOf } from '../../graph/layout.ts';
import { useLab } from '../../hooks.ts';
import type { LabState } from '../../store.ts';
import type { GraphTopology } from '../types.ts';
import { computeRingLayout } from './ringLayout.ts';

function ringKey(state: LabState): string {
  const snap = state.snapshot;
  if (snap)
    return JSON.stringify([
      snap.nodes.map((n) => n.id),
      snap.clients.map((c) => c.id),
      snap.nodes.map((n) => n.side),
      dataRowsOf(snap.nodes),
    ]);
  const scenario = state.scenario;
  if (!scenario) return JSON.stringify([[], [], [], 0]);
  return JSON.stringify([scenario.nodes, scenario.clients.map((c) => c.id), scenario.nodes.map(() => 0), 0]);
}

export function useRingTopology(): GraphTopology {
  const key = useLab(ringKey);
  const narrow = useNarrowGraph();
  // A phone's narrow frame is tall: only a wide one trades height for width.
  const short = useShortGraph() && !narrow;
  return useDeferredTopology({
    key: `leaderless ${narrow} ${short} ${key}`,
    shape: `leaderless ${narrow} ${short} ${JSON.stringify((JSON.parse(key) as unknown[]).slice(0, 2))}`,
    build: () => {
      const [nodes, clients, sides, dataRows] = JSON.parse(key) as [string[], string[], number[], number];
      return computeRingLayout({ nodes, clients, sides, leader: null, dataRows, narrow, short });
    },
  });
}
