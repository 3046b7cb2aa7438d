/**
 * The cluster as stacked layers over one viewBox: the base SVG (partition bands, links, node cards, clients), a
 * canvas with the in-flight messages, and an SVG overlay with the drop bursts. The layout is computed once per
 * topology (see useTopology); only the canvas changes every frame.
 */
import { AnimatePresence, useReducedMotion } from 'motion/react';
import * as m from 'motion/react-m';
import { useEffect, useMemo, useRef } from 'react';
import { useLab, useLabStable } from '../hooks.ts';
import { Caption, NodeMenu } from '../lazy.tsx';
import type { GraphTopology, ModelUi } from '../models/types.ts';
import { ClientAnomaly } from './ClientAnomaly.tsx';
import { ClientNode } from './ClientNode.tsx';
import { DropLayer } from './DropLayer.tsx';
import { LostWritesLayer } from './LostWritesLayer.tsx';
import type { Layout } from './layout.ts';
import { detailFor, withDetail } from './lod.ts';
import { MessageCanvas } from './MessageCanvas.tsx';
import { NodeCard } from './NodeCard.tsx';
import { NodeChips } from './NodeChips.tsx';
import { NodeDots } from './NodeDots.tsx';
import { OmittedMessages } from './OmittedMessages.tsx';
import { PartitionBands, PartitionDivides } from './Partition.tsx';

/** The graph of the loaded model: its record (`ui`) lays it out and draws its own layers and card bodies. */
export function Graph({ ui }: { ui: ModelUi }) {
  // Level of detail (lod.ts): cards while they fit, then chips, then dots on a canvas.
  const modelTopology = ui.useTopology();
  const topology = useMemo(() => withDetail(modelTopology), [modelTopology]);
  const { input, layout } = topology;
  const detail = detailFor(input.nodes.length);
  const { Behind, Front } = ui;
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
        <Behind topology={topology} />
        <StickyLinks layout={layout} />
        <PartitionDivides layout={layout} />
        {detail === 'chips' && <NodeChips topology={topology} />}
        <NodeCards ui={ui} topology={topology} shown={detail === 'cards'} />
        {/* Badges in front of a thousand dots would hide them; the quorums' messages still show on the canvas. */}
        {Front && detail !== 'dots' && <Front topology={topology} />}
        {detail !== 'dots' && <LostWritesLayer topology={topology} />}
        {input.clients.map((id) => (
          <ClientNode key={id} id={id} position={layout.positions.get(id) ?? { x: 0, y: 0 }} />
        ))}
        {/* After every client: a client's stale-read pill reaches over its neighbours, and stays readable. */}
        {input.clients.map((id) => (
          <ClientAnomaly
            key={id}
            id={id}
            position={layout.positions.get(id) ?? { x: 0, y: 0 }}
            left={layout.viewBox.x}
            right={layout.viewBox.x + layout.viewBox.width}
          />
        ))}
      </svg>
      {detail === 'dots' && <NodeDots layout={layout} nodes={input.nodes} />}
      {/* Moving parts get their own layers, so a frame repaints the dots, not every card under them. */}
      <MessageCanvas layout={layout} clients={input.clients} />
      <OmittedMessages />
      <svg
        className="graph-svg graph-overlay"
        viewBox={viewBox}
        preserveAspectRatio="xMidYMid meet"
        aria-hidden="true"
      >
        <DropLayer layout={layout} clients={input.clients} />
      </svg>
      <Caption layout={layout} />
      <NodeMenu ui={ui} />
      {!hasSnapshot && <p className="graph-loading">Starting the simulation…</p>}
    </div>
  );
}

/**
 * Every node as a card (when cards fit): a node that joins scales and fades in, one that leaves fades out (none
 * at the first render). With reduced motion they appear and go at once: motion's `reducedMotion="user"` stills
 * only transforms, and a 400 ms fade of every card when the first snapshot lands is motion too.
 *
 * The cards of the first render skip their entrance by their own `initial={false}`, not by AnimatePresence's:
 * a presence's `initial={false}` blocks the mount animation of every motion element under it, the card's
 * position included. Motion's features load after the first graph (motionLoad.ts); until then a card stays
 * where its first render put it, and when they arrive its first animation, the one that takes it to where the
 * layout now puts it, must run. With the presence blocking it, a run opened at a moment whose arrangement
 * differs from t=0's (a shared link after a failover) kept its cards in the t=0 arrangement while the links,
 * messages and labels, drawn from the layout itself, were in the new one.
 */
function NodeCards({ ui, topology, shown }: { ui: ModelUi; topology: GraphTopology; shown: boolean }) {
  const { input, layout } = topology;
  const still = useReducedMotion();
  const entered = useRef(false);
  useEffect(() => {
    entered.current = true;
  }, []);
  const initial = entered.current ? { opacity: 0, scale: 0.4 } : false;
  return (
    <AnimatePresence>
      {shown &&
        input.nodes.map((id, i) => (
          <m.g
            key={id}
            className="node-presence"
            initial={initial}
            animate={{ opacity: 1, scale: 1 }}
            exit={{ opacity: 0 }}
            transition={{ duration: still ? 0 : 0.4 }}
            style={{ transformBox: 'fill-box', transformOrigin: 'center' }}
          >
            <NodeCard
              id={id}
              ui={ui}
              position={layout.positions.get(id) ?? { x: 0, y: 0 }}
              card={layout.card}
              sideClass={sideClass(layout.sides, input.sides[i] ?? 0)}
            />
          </m.g>
        ))}
    </AnimatePresence>
  );
}

function sideClass(sides: readonly number[], side: number): number {
  const i = sides.indexOf(side);
  return i < 0 ? 0 : Math.min(i + 1, 4);
}

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
