/**
 * The multi-leader graph's layout: one column per region when the scenario has regions (regionLayout.ts),
 * otherwise the force layout with the first leader on top. The key holds only what the layout depends on (ids,
 * regions, leaders, partition sides, rows of data), so the graph is laid out again only when one of those
 * changes; with the same nodes, clients and regions, a task later (graph/deferredLayout.ts).
 */

import { useDeferredTopology } from '../../graph/deferredLayout.ts';
import { useNarrowGraph } from '../../graph/frame.ts';
import { computeLayout, dataRowsOf, type TopologyInput } from '../../graph/layout.ts';
import { useLab } from '../../hooks.ts';
import type { LabState } from '../../store.ts';
import type { GraphTopology } from '../types.ts';
import { computeRegionLayout, type RegionInput } from './regionLayout.ts';

function regionInput(state: LabState): RegionInput {
  const snap = state.snapshot;
  const scenario = state.scenario;
  const regions = snap?.regions ?? scenario?.regions ?? [];
  const regionOfNode = new Map(regions.flatMap((r) => r.nodes.map((n) => [n, r.id] as const)));
  const clients = (scenario?.clients ?? []).map((c) => ({
    id: c.id,
    region: c.region ?? (c.home ? (regionOfNode.get(c.home) ?? null) : null),
  }));
  const snapClients = snap?.clients.map((c) => c.id);
  const view = snap?.view.model === 'multi-leader' ? snap.view : null;
  return {
    nodes: snap?.nodes.map((n) => n.id) ?? scenario?.nodes ?? [],
    sides: snap?.nodes.map((n) => n.side) ?? (scenario?.nodes ?? []).map(() => 0),
    regions: regions.map((r) => ({ id: r.id, nodes: [...r.nodes] })),
    leaders: view?.settings.leaders ?? scenario?.multiLeader?.leaders ?? [],
    clients: snapClients
      ? snapClients.map((id) => clients.find((c) => c.id === id) ?? { id, region: null })
      : clients,
    dataRows: Math.min(4, snap ? dataRowsOf(snap.nodes) : 0),
  };
}

function topologyKey(state: LabState): string {
  return JSON.stringify(regionInput(state));
}

export function useMultiLeaderTopology(): GraphTopology {
  const key = useLab(topologyKey);
  const narrow = useNarrowGraph();
  return useDeferredTopology({
    key: `multi-leader ${narrow} ${key}`,
    shape: `multi-leader ${narrow} ${shapeOf(key)}`,
    build: () => buildTopology(key, narrow),
  });
}

/** Nodes, clients and regions: while they stay, a new layout may come a task later (graph/deferredLayout.ts). */
function shapeOf(key: string): string {
  const { nodes, clients, regions } = JSON.parse(key) as RegionInput;
  return JSON.stringify([nodes, clients, regions]);
}

function buildTopology(key: string, narrow: boolean): GraphTopology {
  const regional = { ...(JSON.parse(key) as RegionInput), narrow };
  if (regional.regions.length > 0) {
    const input: TopologyInput = {
      nodes: regional.nodes,
      clients: regional.clients.map((c) => c.id),
      sides: regional.sides,
      leader: null,
      dataRows: regional.dataRows,
      narrow,
    };
    return { input, layout: computeRegionLayout(regional) };
  }
  const input: TopologyInput = {
    nodes: regional.nodes,
    clients: regional.clients.map((c) => c.id),
    sides: regional.sides,
    leader: regional.leaders[0] ?? null,
    dataRows: regional.dataRows,
    narrow,
  };
  return { input, layout: computeLayout(input) };
}
