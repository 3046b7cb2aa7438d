/**
 * Drawn under the node cards: the consistent-hash ring at the centre with every node's tokens as ticks in the
 * node's colour, a spoke from each card to the ring, client links to their home coordinators, and the
 * highlighted key's preference list (home replicas numbered in ring order) and the fallbacks standing in for
 * them.
 */

import { detailFor } from '../../graph/lod.ts';
import { useLabStable } from '../../hooks.ts';
import type { LayerProps } from '../types.ts';
import { keyFallbacks } from './keyFallbacks.ts';
import { RingPartition } from './RingPartition.tsx';
import type { LeaderlessShown } from './state.ts';
import { leaderlessShown } from './state.ts';
import { highlightedKey, nodeColour, useSelectedKey } from './ui.ts';

export function RingLayer({ topology }: LayerProps) {
  const { input, layout } = topology;
  const ring = layout.centre ?? { x: 0, y: 0, radius: 0 };
  const tokens = useLabStable((s) => leaderlessShown(s)?.ring ?? []);
  const tokenCount = useLabStable((s) => leaderlessShown(s)?.ringTokens ?? 0);
  const homes = useLabStable((s) => s.snapshot?.clients.map((c) => c.leaderHint) ?? []);
  const count = input.nodes.length;
  const angleOf = (i: number) => -Math.PI / 2 + (2 * Math.PI * i) / Math.max(1, count);
  const tokenAngle = (position: number) => -Math.PI / 2 + 2 * Math.PI * position;
  const { x: cx, y: cy, radius } = ring;
  return (
    <g className="ll-ring-layer">
      {input.clients.map((id, i) => {
        const a = layout.positions.get(id);
        const b = layout.positions.get(homes[i] ?? '');
        if (!a || !b) return null;
        return <line key={id} className="link link-client" x1={a.x} y1={a.y} x2={b.x} y2={b.y} />;
      })}
      {/* A spoke per node reads on a ring of cards; beyond them the nodes ring the ring themselves. */}
      {detailFor(count) === 'cards' &&
        input.nodes.map((id, i) => {
          const p = layout.positions.get(id);
          if (!p) return null;
          const a = angleOf(i);
          return (
            <line
              key={id}
              className="ll-spoke"
              stroke={nodeColour(i)}
              x1={cx + radius * Math.cos(a)}
              y1={cy + radius * Math.sin(a)}
              x2={p.x}
              y2={p.y}
            />
          );
        })}
      <circle className="ll-ring" data-testid="hash-ring" cx={cx} cy={cy} r={radius}>
        <title>{`Consistent-hash ring: ${tokenCount} tokens${tokenCount > tokens.length ? ` (${tokens.length} drawn)` : ''}. A key belongs to the first N distinct nodes clockwise from its hash.`}</title>
      </circle>
      {tokens.map((t) => {
        const a = tokenAngle(t.position);
        const i = input.nodes.indexOf(t.node);
        return (
          <line
            key={`${t.node}-${t.position}`}
            className="ll-token"
            stroke={nodeColour(i)}
            x1={cx + (radius - 7) * Math.cos(a)}
            y1={cy + (radius - 7) * Math.sin(a)}
            x2={cx + (radius + 7) * Math.cos(a)}
            y2={cy + (radius + 7) * Math.sin(a)}
          >
            <title>{`token of ${t.node} at ${(t.position * 360).toFixed(1)}°`}</title>
          </line>
        );
      })}
      <KeyHighlight topology={topology} />
      <RingPartition topology={topology} />
    </g>
  );
}

interface KeyRoles {
  readonly key: string;
  readonly home: readonly string[];
  readonly fallbacks: readonly { readonly node: string; readonly for: string }[];
}

/** The highlighted key's home replicas, and the fallbacks standing in for them (in a quorum now, or holding hints). */
function keyRoles(view: LeaderlessShown | null | undefined, key: string | null): KeyRoles | null {
  if (!view) return null;
  const placement = view.placement.find((p) => p.key === key);
  if (!placement || key === null) return null;
  const fallbacks = keyFallbacks(view, key);
  return {
    key,
    home: placement.home,
    fallbacks: [...fallbacks].map(([node, forNode]) => ({ node, for: forNode })),
  };
}

function KeyHighlight({ topology }: LayerProps) {
  const selected = useSelectedKey();
  const roles = useLabStable((s) => keyRoles(leaderlessShown(s), highlightedKey(s, selected)));
  if (!roles) return null;
  const { layout } = topology;
  const ring = { cx: layout.centre?.x ?? 0, cy: layout.centre?.y ?? 0 };
  const { width: w, height: h } = layout.card;
  const outline = (id: string, className: string, label: string, testId: string) => {
    const p = layout.positions.get(id);
    if (!p) return null;
    return (
      <g
        key={`${className}-${id}`}
        transform={`translate(${p.x},${p.y})`}
        data-testid={testId}
        data-node={id}
      >
        <rect className={className} x={-w / 2 - 6} y={-h / 2 - 6} width={w + 12} height={h + 12} rx={14} />
        <g transform={`translate(${-w / 2 - 6},${-h / 2 - 18})`}>
          <rect className={`${className}-pill`} width={label.length * 6.2 + 14} height={16} rx={8} />
          <text className="ll-role-text" x={7} y={11.5}>
            {label}
          </text>
        </g>
      </g>
    );
  };
  return (
    <g className="ll-key-highlight" data-key={roles.key}>
      {roles.home.map((id, i) =>
        outline(id, 'll-home', `${roles.key}: replica ${i + 1}/${roles.home.length}`, 'home-replica'),
      )}
      {roles.fallbacks.map((f) =>
        outline(f.node, 'll-fallback', `fallback for ${f.for}`, 'fallback-replica'),
      )}
      <text className="ll-ring-caption" x={ring.cx} y={ring.cy - 4} textAnchor="middle">
        {roles.key}
      </text>
      <text className="ll-ring-caption ll-ring-sub" x={ring.cx} y={ring.cy + 12} textAnchor="middle">
        {roles.home.join(' → ')}
      </text>
    </g>
  );
}
