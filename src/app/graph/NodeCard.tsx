/**
 * One replica on the graph: a card with its id, role and term, whether it is up, how far it has applied its
 * log, and a compact table of its data. Clicking it (or Enter/Space while focused) crashes or restarts it.
 *
 * Leadership is drawn so that it cannot be missed: the current leader (the leader of the highest term that is
 * up) has a halo; a candidate has an amber badge and a pulsing ring while its election runs; when two nodes
 * that are up both believe they lead (split brain, possible under naive promotion) both keep their LEADER
 * badge and both get a red dashed ring, since both really are accepting writes.
 */
import * as m from 'motion/react-m';
import { type KeyboardEvent, memo } from 'react';
import type { Role } from '../../sim/types.ts';
import { useLab, useLabStable, useLabThrottled } from '../hooks.ts';
import type { ModelUi } from '../models/types.ts';
import { selectNode } from '../store.ts';
import { act } from '../worker/simClient.ts';
import type { CardSize, Point } from './layout.ts';

const BODY_REFRESH_MS = 80;

interface Props {
  readonly id: string;
  /** The model's page record: the card's body, tooltip, epoch and leadership come from it. */
  readonly ui: ModelUi;
  readonly position: Point;
  readonly card: CardSize;
  /** Colour class of its partition side: 0 none, 1 left, 2 right, ... */
  readonly sideClass: number;
}

interface Status {
  readonly up: boolean;
  readonly role: Role;
  /** The model's epoch number for the node (leader-follower: its term), or null. */
  readonly epoch: number | null;
  /** The leader of the highest term among the up nodes. */
  readonly current: boolean;
  /** An up leader while another up node also leads. */
  readonly split: boolean;
}

/**
 * The card's frame (position, role, up/down, focus and click handling) re-renders only when the node's role,
 * term or state flips; the body below it, which changes with every applied entry, re-renders on its own.
 */
export const NodeCard = memo(function NodeCard({ id, ui, position, card, sideClass }: Props) {
  const status = useLabStable((s): Status | null => {
    const nodes = s.snapshot?.nodes;
    const node = nodes?.find((n) => n.id === id);
    if (!nodes || !node) return null;
    const leading = node.up && node.role === 'leader';
    return {
      up: node.up,
      role: node.role,
      epoch: ui.epochOf(node),
      current: leading && ui.currentLeader(nodes) === id,
      split: leading && ui.splitBrain(nodes).includes(id),
    };
  });
  const loseDisk = useLab((s) => s.loseDiskOnCrash);
  const up = status?.up ?? true;
  const role = status?.role ?? 'follower';
  // Selected here, by hovering its lane in the space-time diagram, an operation it served, or an anomaly.
  const selected = useLab((s) => s.selectedNode === id);
  const toggle = () =>
    act(
      !up
        ? { type: 'restart', node: id }
        : loseDisk
          ? { type: 'crash', node: id, durable: false }
          : { type: 'crash', node: id },
    );
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      toggle();
    }
  };
  const roleText = status?.split ? 'leader (split brain)' : role;
  const verb = up ? (loseDisk ? 'crash it, losing its disk' : 'crash') : 'restart';
  const label = `${id}, ${roleText}, ${up ? 'up' : 'down'}. Press Enter to ${verb}`;
  const { width: w, height: h } = card;
  const className = [
    'node',
    up ? 'node-up' : 'node-down',
    `node-${role}`,
    status?.current ? 'node-current' : '',
    status?.split ? 'node-split' : '',
    `side-${sideClass}`,
  ]
    .filter(Boolean)
    .join(' ');
  const badge = roleBadge(role, w < 150);
  return (
    <m.g
      className={className}
      data-testid="node"
      data-node-id={id}
      data-role={role}
      data-term={status?.epoch ?? undefined}
      data-up={String(up)}
      data-split-brain={status?.split ? 'true' : undefined}
      data-selected={selected ? 'true' : undefined}
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
      <NodeTitle id={id} label={label} ui={ui} />
      {status?.current && !status.split && (
        <rect className="leader-halo" x={-w / 2 - 5} y={-h / 2 - 5} width={w + 10} height={h + 10} rx={14} />
      )}
      {status?.split && (
        <rect className="split-ring" x={-w / 2 - 6} y={-h / 2 - 6} width={w + 12} height={h + 12} rx={15} />
      )}
      {selected && (
        <rect className="selected-ring" x={-w / 2 - 3} y={-h / 2 - 3} width={w + 6} height={h + 6} rx={13} />
      )}
      {role === 'candidate' && up && <CandidateRing width={w} height={h} />}
      <rect className="node-card" x={-w / 2} y={-h / 2} width={w} height={h} rx={10} />
      <rect className="node-header" x={-w / 2} y={-h / 2} width={w} height={26} rx={10} />
      <rect className="node-header-fill" x={-w / 2} y={-h / 2 + 14} width={w} height={12} />
      <circle className="node-status" cx={-w / 2 + 12} cy={-h / 2 + 13} r={4} />
      <NodeId id={id} x={-w / 2 + 22} y={-h / 2 + 17} room={w - 34 - badge.width} compact={w < 150} />
      <RoleBadge role={role} badge={badge} x={w / 2 - 6} y={-h / 2 + 6} />
      <LiveNodeBody id={id} card={card} ui={ui} />
      {!up && <DownCross width={w} height={h} />}
    </m.g>
  );
});

/**
 * The id in the card's header, in the room the role badge leaves: squeezed a little when slightly too long,
 * truncated when much too long (the tooltip and the aria label keep the full id).
 */
function NodeId(props: { id: string; x: number; y: number; room: number; compact: boolean }) {
  const { id, x, y, room, compact } = props;
  const charWidth = compact ? 7.4 : 8;
  const fits = Math.floor(room / charWidth);
  const squeeze = id.length > fits && id.length * charWidth * 0.85 <= room;
  return (
    <text
      className={compact ? 'node-id node-id-compact' : 'node-id'}
      x={x}
      y={y}
      {...(squeeze ? { textLength: room, lengthAdjust: 'spacingAndGlyphs' } : {})}
    >
      {squeeze ? id : truncate(id, fits)}
    </text>
  );
}

/** A candidate's ring pulses while its election runs (a wall-clock decoration, not simulated timing). */
function CandidateRing({ width: w, height: h }: { width: number; height: number }) {
  return (
    <m.rect
      className="candidate-ring"
      x={-w / 2 - 6}
      y={-h / 2 - 6}
      width={w + 12}
      height={h + 12}
      rx={15}
      initial={{ opacity: 0.9 }}
      animate={{ opacity: [0.9, 0.15, 0.9] }}
      transition={{ duration: 1.1, repeat: Number.POSITIVE_INFINITY, ease: 'easeInOut' }}
    />
  );
}

/** The tooltip: the full state, which small cards rely on. */
function NodeTitle({ id, label, ui }: { id: string; label: string; ui: ModelUi }) {
  const text = useLabThrottled((s) => {
    const node = s.snapshot?.nodes.find((n) => n.id === id);
    if (!node) return label;
    const lines = [label, ...ui.describeNode(node)];
    for (const kv of node.data.slice(0, 12)) lines.push(`${kv.key} = ${kv.value} @${kv.version}`);
    if (node.data.length > 12) lines.push(`+${node.data.length - 12} more`);
    return lines.join('\n');
  }, BODY_REFRESH_MS);
  return <title>{text}</title>;
}

/**
 * The body (applied position, lag, data) changes with nearly every snapshot under load. Nobody reads 25 cards
 * sixty times a second, and each update costs a React render and an SVG relayout, so it refreshes at most every
 * BODY_REFRESH_MS; role and up/down changes still show at once (they belong to the frame).
 */
function LiveNodeBody({ id, card, ui }: { id: string; card: CardSize; ui: ModelUi }) {
  const node = useLabThrottled((s) => s.snapshot?.nodes.find((n) => n.id === id) ?? null, BODY_REFRESH_MS);
  if (!node) return null;
  const { NodeBody } = ui;
  return <NodeBody node={node} card={card} />;
}

interface Badge {
  readonly text: string;
  readonly width: number;
}

function roleBadge(role: Role, compact: boolean): Badge {
  if (compact)
    return {
      text: role === 'leader' ? 'L' : role === 'candidate' ? 'C' : role === 'replica' ? 'R' : 'F',
      width: 16,
    };
  if (role === 'leader') return { text: 'LEADER', width: 52 };
  if (role === 'replica') return { text: 'replica', width: 48 };
  if (role === 'candidate') return { text: 'CANDIDATE', width: 72 };
  return { text: 'follower', width: 50 };
}

function RoleBadge({ role, badge, x, y }: { role: Role; badge: Badge; x: number; y: number }) {
  return (
    <g className={`role-badge role-${role}`} transform={`translate(${x - badge.width},${y})`}>
      <rect width={badge.width} height={14} rx={7} />
      <text x={badge.width / 2} y={10.5} textAnchor="middle">
        {badge.text}
      </text>
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

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
