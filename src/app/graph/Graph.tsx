/**
 * The cluster as stacked layers over one viewBox: the base SVG (partition bands, links, node cards, clients), a
 * canvas with the in-flight messages, and an SVG overlay with the drop bursts. The layout is computed once per
 * topology (see useTopology); only the canvas changes every frame.
 */
import { memo } from 'react';
import { useLab, useLabStable } from '../hooks.ts';
import { QuorumLayer } from '../leaderless/QuorumLayer.tsx';
import { RingLayer } from '../leaderless/RingLayer.tsx';
import { useRingTopology } from '../leaderless/useRingTopology.ts';
import { RegionGroups, RegionLinks } from '../multileader/RegionLayer.tsx';
import { ClientNode } from './ClientNode.tsx';
import { DropLayer } from './DropLayer.tsx';
import type { Layout, TopologyInput } from './layout.ts';
import { MessageCanvas } from './MessageCanvas.tsx';
import { NodeCard } from './NodeCard.tsx';
import { PartitionBands, PartitionDivides } from './Partition.tsx';
import { useTopology } from './useTopology.ts';

export function Graph() {
  const topology = useTopology();
  // Leaderless clusters sit around their consistent-hash ring instead of the force layout.
  const ring = useRingTopology();
  const { input, layout } = ring ?? topology;
  const sides = ring ? ring.sides : layout.sides;
  const hasSnapshot = useLab((s) => s.snapshot !== null);
  const { x, y, width, height } = layout.viewBox;
  const viewBox = `${x} ${y} ${width} ${height}`;
  return (
    <div className="graph">
      <svg
        className="graph-svg graph-base"
        viewBox={viewBox}
        preserveAspectRatio="xMidYMid meet"
        aria-label="Cluster graph"
      >
        <PartitionBands layout={layout} />
        {layout.regions && <RegionGroups layout={layout} />}
        {layout.regions ? <RegionLinks layout={layout} /> : <Links input={input} layout={layout} />}
        <StickyLinks layout={layout} />
        <PartitionDivides layout={layout} />
        {ring && <RingLayer topology={ring} />}
        {input.nodes.map((id, i) => (
          <NodeCard
            key={id}
            id={id}
            position={layout.positions.get(id) ?? { x: 0, y: 0 }}
            card={layout.card}
            sideClass={sideClass(sides, input.sides[i] ?? 0)}
          />
        ))}
        {ring && <QuorumLayer layout={layout} />}
        {input.clients.map((id) => (
          <ClientNode key={id} id={id} position={layout.positions.get(id) ?? { x: 0, y: 0 }} />
        ))}
      </svg>
      {/* Moving parts get their own layers, so a frame repaints the dots, not every card under them. */}
      <MessageCanvas layout={layout} clients={input.clients} />
      <svg
        className="graph-svg graph-overlay"
        viewBox={viewBox}
        preserveAspectRatio="xMidYMid meet"
        aria-hidden="true"
      >
        <DropLayer layout={layout} clients={input.clients} />
      </svg>
      {!hasSnapshot && <p className="graph-loading">Starting the simulation…</p>}
    </div>
  );
}

function sideClass(sides: readonly number[], side: number): number {
  const i = sides.indexOf(side);
  return i < 0 ? 0 : Math.min(i + 1, 4);
}

/** Faint replication links (leader to each follower) and client links (client to leader). */
const Links = memo(function Links({ input, layout }: { input: TopologyInput; layout: Layout }) {
  const leader = input.leader ? layout.positions.get(input.leader) : undefined;
  if (!leader || !input.leader) return null;
  const leaderSide = input.sides[input.nodes.indexOf(input.leader)] ?? 0;
  return (
    <g className="links">
      {input.nodes.map((id, i) => {
        const p = layout.positions.get(id);
        if (!p || id === input.leader) return null;
        const cut = (input.sides[i] ?? 0) !== leaderSide;
        return (
          <line
            key={id}
            className={cut ? 'link link-cut' : 'link'}
            x1={leader.x}
            y1={leader.y}
            x2={p.x}
            y2={p.y}
          />
        );
      })}
      {input.clients.map((id) => {
        const p = layout.positions.get(id);
        if (!p) return null;
        return <line key={id} className="link link-client" x1={p.x} y1={p.y} x2={leader.x} y2={leader.y} />;
      })}
    </g>
  );
});

/** A client with monotonic reads sticks to one replica: a dashed line shows which. */
function StickyLinks({ layout }: { layout: Layout }) {
  const pairs = useLabStable(
    (s) => s.snapshot?.clients.flatMap((c) => (c.sticky ? [{ client: c.id, node: c.sticky }] : [])) ?? [],
  );
  if (pairs.length === 0) return null;
  return (
    <g className="sticky-links">
      {pairs.map(({ client, node }) => {
        const a = layout.positions.get(client);
        const b = layout.positions.get(node);
        if (!a || !b) return null;
        return (
          <line
            key={client}
            className="link link-sticky"
            data-testid="sticky-link"
            x1={a.x}
            y1={a.y}
            x2={b.x}
            y2={b.y}
          >
            <title>{`${client} reads stick to ${node}`}</title>
          </line>
        );
      })}
    </g>
  );
}
