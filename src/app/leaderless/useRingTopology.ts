/**
 * The leaderless counterpart of graph/useTopology: null for other models; otherwise the ring layout, recomputed
 * only when the topology (ids, partition sides, rows of data shown) changes, never on a frame.
 */
import { useMemo } from 'react';
import { useLab } from '../hooks.ts';
import type { LabState } from '../store.ts';
import { computeRingLayout, type RingLayout } from './ringLayout.ts';

export function isLeaderless(state: LabState): boolean {
  return (state.snapshot?.model ?? state.scenario?.model) === 'leaderless';
}

function ringKey(state: LabState): string {
  if (!isLeaderless(state)) return '';
  const snap = state.snapshot;
  if (snap)
    return JSON.stringify([
      snap.nodes.map((n) => n.id),
      snap.clients.map((c) => c.id),
      snap.nodes.map((n) => n.side),
      Math.min(6, Math.max(0, ...snap.nodes.map((n) => n.data.length))),
    ]);
  const scenario = state.scenario;
  if (!scenario) return '';
  return JSON.stringify([scenario.nodes, scenario.clients.map((c) => c.id), scenario.nodes.map(() => 0), 0]);
}

export interface RingTopology extends RingLayout {
  /** The distinct partition sides in order (empty without a partition), for colouring the cards. */
  readonly sides: readonly number[];
}

export function useRingTopology(): RingTopology | null {
  const key = useLab(ringKey);
  return useMemo(() => {
    if (!key) return null;
    const [nodes, clients, sides, dataRows] = JSON.parse(key) as [string[], string[], number[], number];
    const distinct = [...new Set(sides.filter((s) => s > 0))].sort((a, b) => a - b);
    const ring = computeRingLayout({ nodes, clients, sides, leader: null, dataRows });
    return { ...ring, sides: distinct.length > 1 ? distinct : [] };
  }, [key]);
}
