/**
 * The topology key and layout for models with regions (multi-leader), beside the leader-follower ones in
 * graph/useTopology.ts: the key holds only what the layout depends on (ids, regions, leaders, partition sides,
 * rows of data), so the graph is laid out again only when one of those changes.
 */

import type { Layout, TopologyInput } from '../graph/layout.ts';
import type { LabState } from '../store.ts';
import { computeRegionLayout, type RegionInput } from './regionLayout.ts';

const PREFIX = 'regions:';

export function regionTopologyKey(state: LabState): string | null {
  const snap = state.snapshot;
  const scenario = state.scenario;
  const model = snap?.model ?? scenario?.model;
  const regions = snap?.regions ?? scenario?.regions ?? [];
  if (model !== 'multi-leader' || regions.length === 0) return null;
  const regionOfNode = new Map(regions.flatMap((r) => r.nodes.map((n) => [n, r.id] as const)));
  const clients = (scenario?.clients ?? []).map((c) => ({
    id: c.id,
    region: c.region ?? (c.home ? (regionOfNode.get(c.home) ?? null) : null),
  }));
  const snapClients = snap?.clients.map((c) => c.id);
  const input: RegionInput = {
    nodes: snap?.nodes.map((n) => n.id) ?? scenario?.nodes ?? [],
    sides: snap?.nodes.map((n) => n.side) ?? (scenario?.nodes ?? []).map(() => 0),
    regions: regions.map((r) => ({ id: r.id, nodes: [...r.nodes] })),
    leaders: snap?.multiLeader?.leaders ?? scenario?.multiLeader?.leaders ?? [],
    clients: snapClients
      ? snapClients.map((id) => clients.find((c) => c.id === id) ?? { id, region: null })
      : clients,
    dataRows: Math.min(4, Math.max(0, ...(snap?.nodes.map((n) => n.data.length) ?? [0]))),
  };
  return PREFIX + JSON.stringify(input);
}

export function regionLayoutFromKey(key: string): { input: TopologyInput; layout: Layout } | null {
  if (!key.startsWith(PREFIX)) return null;
  const regional = JSON.parse(key.slice(PREFIX.length)) as RegionInput;
  const input: TopologyInput = {
    nodes: regional.nodes,
    clients: regional.clients.map((c) => c.id),
    sides: regional.sides,
    leader: null,
    dataRows: regional.dataRows,
  };
  return { input, layout: computeRegionLayout(regional) };
}
