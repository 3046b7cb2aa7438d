/**
 * One replica on the graph: a card with its id, role, whether it is up, how far it has applied its log, and
 * a compact table of its data. Clicking it (or Enter/Space while focused) crashes or restarts it.
 */
import * as m from 'motion/react-m';
import { type KeyboardEvent, memo } from 'react';
import type { NodeView } from '../../sim/types.ts';
import { useLabStable } from '../hooks.ts';
import { act, selectNode } from '../store.ts';
import type { CardSize, Point } from './layout.ts';

interface Props {
  readonly id: string;
  readonly position: Point;
  readonly card: CardSize;
  /** Colour class of its partition side: 0 none, 1 left, 2 right, ... */
  readonly sideClass: number;
}

/**
 * The card's frame (position, role, up/down, focus and click handling) re-renders only when the node's role or
 * state flips; the body below it, which changes with every applied entry, re-renders on its own.
 */
export const NodeCard = memo(function NodeCard({ id, position, card, sideClass }: Props) {
  const status = useLabStable((s) => {
    const node = s.snapshot?.nodes.find((n) => n.id === id);
    return node ? { up: node.up, role: node.role } : null;
  });
  const up = status?.up ?? true;
  const role = status?.role ?? 'follower';
  const toggle = () => act(up ? { type: 'crash', node: id } : { type: 'restart', node: id });
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      toggle();
    }
  };
  const label = `${id}, ${role}, ${up ? 'up' : 'down'}. Press Enter to ${up ? 'crash' : 'restart'}`;
  const { width: w, height: h } = card;
  const className = [
    'node',
    up ? 'node-up' : 'node-down',
    role === 'leader' ? 'node-leader' : 'node-follower',
    `side-${sideClass}`,
  ].join(' ');
  return (
    <m.g
      className={className}
      data-testid="node"
      data-node-id={id}
      data-role={role}
      data-up={String(up)}
      role="button"
      tabIndex={0}
      aria-label={label}
      initial={false}
      animate={{ x: position.x, y: position.y }}
      transition={{ type: 'spring', stiffness: 120, damping: 20 }}
      onClick={toggle}
      onKeyDown={onKeyDown}
      onFocus={() => selectNode(id)}
      onBlur={() => selectNode(null)}
      onMouseEnter={() => selectNode(id)}
      onMouseLeave={() => selectNode(null)}
    >
      <NodeTitle id={id} label={label} />
      <rect className="node-card" x={-w / 2} y={-h / 2} width={w} height={h} rx={10} />
      <rect className="node-header" x={-w / 2} y={-h / 2} width={w} height={26} rx={10} />
      <rect className="node-header-fill" x={-w / 2} y={-h / 2 + 14} width={w} height={12} />
      <circle className="node-status" cx={-w / 2 + 12} cy={-h / 2 + 13} r={4} />
      <text className={w < 150 ? 'node-id node-id-compact' : 'node-id'} x={-w / 2 + 22} y={-h / 2 + 17}>
        {truncate(id, w > 180 ? 17 : w >= 150 ? 13 : 10)}
      </text>
      <RoleBadge role={role} x={w / 2 - 6} y={-h / 2 + 6} compact={w < 150} />
      <LiveNodeBody id={id} card={card} />
      {!up && <DownCross width={w} height={h} />}
    </m.g>
  );
});

/** The tooltip: the full state, which small cards rely on. */
function NodeTitle({ id, label }: { id: string; label: string }) {
  const text = useLabStable((s) => {
    const node = s.snapshot?.nodes.find((n) => n.id === id);
    return node ? `${label}\n${describeNode(node)}` : label;
  });
  return <title>{text}</title>;
}

function LiveNodeBody({ id, card }: { id: string; card: CardSize }) {
  const node = useLabStable((s) => s.snapshot?.nodes.find((n) => n.id === id) ?? null);
  return node ? <NodeBody node={node} card={card} /> : null;
}

function RoleBadge({ role, x, y, compact }: { role: string; x: number; y: number; compact: boolean }) {
  const text = role === 'leader' ? (compact ? 'L' : 'LEADER') : compact ? 'F' : 'follower';
  const width = compact ? 16 : role === 'leader' ? 52 : 50;
  return (
    <g className={`role-badge role-${role}`} transform={`translate(${x - width},${y})`}>
      <rect width={width} height={14} rx={7} />
      <text x={width / 2} y={10.5} textAnchor="middle">
        {text}
      </text>
    </g>
  );
}

function NodeBody({ node, card }: { node: NodeView; card: CardSize }) {
  const { width: w, height: h, rows } = card;
  const left = -w / 2 + 10;
  const top = -h / 2 + 26;
  const lagText = !node.up
    ? 'down'
    : node.role === 'leader'
      ? 'leader'
      : node.lag > 0
        ? `${node.lag} behind`
        : 'in sync';
  const shown = node.data.slice(0, rows);
  const hidden = node.data.length - shown.length;
  return (
    <g className="node-body">
      <text className="node-meta" x={left} y={top + 15}>
        <tspan>
          {!node.up
            ? `log ${node.logLength}${rows > 0 ? ' on disk' : ''}`
            : rows > 0
              ? `applied #${node.appliedIndex}`
              : `#${node.appliedIndex}`}
        </tspan>
        <tspan className={node.lag > 0 && node.up ? 'lag lag-behind' : 'lag'} x={w / 2 - 10} textAnchor="end">
          {lagText}
        </tspan>
      </text>
      {rows > 0 && (
        <g className="node-data">
          <line x1={left} x2={w / 2 - 10} y1={top + 22} y2={top + 22} />
          {shown.map((kv, i) => (
            <text key={kv.key} className="kv" x={left} y={top + 36 + i * 15}>
              <tspan className="kv-key">{truncate(kv.key, w > 150 ? 11 : 8)}</tspan>
              <tspan className="kv-value" x={left + (w > 150 ? 88 : 72)}>
                {truncate(kv.value, w > 150 ? 6 : 5)}
              </tspan>
              <tspan className="kv-version" x={w / 2 - 10} textAnchor="end">
                @{kv.version}
              </tspan>
            </text>
          ))}
          {node.data.length === 0 && (
            <text className="kv kv-empty" x={left} y={top + 36}>
              {node.up ? 'no data yet' : w > 180 ? 'memory lost, log kept' : 'memory lost'}
            </text>
          )}
          {hidden > 0 && (
            <text className="kv kv-more" x={left} y={top + 36 + shown.length * 15}>
              +{hidden} more
            </text>
          )}
        </g>
      )}
    </g>
  );
}

function DownCross({ width, height }: { width: number; height: number }) {
  const s = Math.min(width, height) / 4;
  return (
    <g className="down-cross">
      <line x1={-s} y1={-s + 8} x2={s} y2={s + 8} />
      <line x1={s} y1={-s + 8} x2={-s} y2={s + 8} />
    </g>
  );
}

/** The full state for the tooltip, which small cards rely on. */
function describeNode(node: NodeView): string {
  const lines = [
    `applied #${node.appliedIndex} of ${node.logLength}, commit #${node.commitIndex}, lag ${node.lag}`,
  ];
  for (const kv of node.data.slice(0, 12)) lines.push(`${kv.key} = ${kv.value} @${kv.version}`);
  if (node.data.length > 12) lines.push(`+${node.data.length - 12} more`);
  return lines.join('\n');
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
