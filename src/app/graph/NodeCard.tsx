/**
 * One replica on the graph: a card with its id, role and term, whether it is up, how far it has applied its
 * log, and a compact table of its data. Clicking it (or Enter or Space while focused) opens its menu (crash or
 * restart, the model's own actions, a write or read through it; see NodeMenu.tsx).
 *
 * Leadership is drawn so that it cannot be missed: the current leader (the leader of the highest term that is
 * up) has a halo; a candidate has an amber badge and a pulsing ring while its election runs; when two nodes
 * that are up both believe they lead (split brain, possible under naive promotion) both keep their LEADER
 * badge and both get a red dashed ring, since both really are accepting writes. Under majority failover an
 * older leader cut off from the majority is not split brain: it cannot commit, and its badge says what it is,
 * STALE LEADER (graph/deposed.ts). Until the first snapshot
 * arrives a card shows its id only: no role, no state, rather than a guess.
 *
 * The card's rectangle is its button for the keyboard and assistive technology, named by the node's id, role
 * and state. The button holds no text of its own: the card's text (id, role, data) is drawn beside it as plain
 * text, so the button's name never has to repeat every value shown (speech input names it by its id).
 */
import { useReducedMotion } from 'motion/react';
import * as m from 'motion/react-m';
import { type KeyboardEvent, memo, type ReactNode } from 'react';
import type { Role } from '../../sim/types.ts';
import { useLab, useLabStable, useLabThrottled } from '../hooks.ts';
import type { ModelUi } from '../models/types.ts';
import { pointAtNode, stopPointing } from '../store.ts';
import { deposedLeaders } from './deposed.ts';
import type { CardSize, Point } from './layout.ts';
import { closeNodeMenu, nodeMenuStore, openNodeMenu, useNodeMenu } from './nodeMenu.ts';
import { type Badge, roleBadge } from './roleBadge.ts';

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
  /** An up leader that a newer term has deposed (majority failover): a stale leader, not split brain. */
  readonly deposed: boolean;
}

/**
 * The card's frame (position, role, up/down, focus and click handling) re-renders only when the node's role,
 * term or state flips; the body below it, which changes with every applied entry, re-renders on its own.
 */
export const NodeCard = memo(function NodeCard({ id, ui, position, card, sideClass }: Props) {
  const status = useNodeStatus(id, ui);
  const up = status?.up ?? true;
  const role = status?.role ?? null;
  // Selected here, by hovering its lane in the space-time diagram, an operation it served, or an anomaly.
  const selected = useLab((s) => s.selectedNode === id);
  const { menuOpen, toggleMenu, onKeyDown } = useCardMenu(id, status !== null);
  const roleText = status?.split
    ? 'leader (split brain)'
    : status?.deposed
      ? 'stale leader (deposed by a newer term, cannot commit)'
      : (role ?? 'starting');
  const label = status
    ? `${id}, ${roleText}, ${up ? 'up' : 'down'}. Press Enter for its actions (${up ? 'crash' : 'restart'}, …)`
    : `${id}, starting`;
  const className = cardClass(status, sideClass);
  return (
    // The group takes the pointer (a click anywhere on the card, its text included, opens the menu); the card's
    // rectangle below is the button the keyboard and assistive technology use.
    <m.g
      className={className}
      data-testid="node"
      data-node-id={id}
      data-role={role ?? undefined}
      data-term={status?.epoch ?? undefined}
      data-up={String(up)}
      data-split-brain={status?.split ? 'true' : undefined}
      data-deposed={status?.deposed ? 'true' : undefined}
      data-selected={selected ? 'true' : undefined}
      initial={false}
      animate={{ x: position.x, y: position.y }}
      transition={{ type: 'spring', stiffness: 120, damping: 20 }}
      onClick={toggleMenu}
      onMouseEnter={() => pointAtNode(id)}
      onMouseLeave={stopPointing}
    >
      <NodeTitle id={id} label={label} ui={ui} />
      <CardFace id={id} ui={ui} card={card} status={status} selected={selected}>
        {/* biome-ignore lint/a11y/useSemanticElements: an SVG cannot hold a <button>; the card's rectangle is one. */}
        <rect
          className="node-card"
          x={-card.width / 2}
          y={-card.height / 2}
          width={card.width}
          height={card.height}
          rx={10}
          role="button"
          tabIndex={0}
          aria-label={label}
          aria-haspopup="menu"
          aria-expanded={menuOpen}
          onKeyDown={onKeyDown}
          onFocus={() => pointAtNode(id)}
          onBlur={stopPointing}
        />
      </CardFace>
    </m.g>
  );
});

/** The card opens and closes its node's menu on a click, or Enter or Space; not before the first snapshot. */
function useCardMenu(id: string, started: boolean) {
  const menuOpen = useNodeMenu((s) => s.node === id);
  const toggleMenu = () => {
    if (nodeMenuStore.getState().node === id) closeNodeMenu();
    else if (started) openNodeMenu(id);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      toggleMenu();
    }
  };
  return { menuOpen, toggleMenu, onKeyDown };
}

/** The card's classes: up or down, role (or starting), the current leader's halo, split brain, partition side. */
function cardClass(status: Status | null, sideClass: number): string {
  const up = status?.up ?? true;
  const role = status?.role ?? null;
  return [
    'node',
    up ? 'node-up' : 'node-down',
    role ? `node-${role}` : 'node-starting',
    status?.current ? 'node-current' : '',
    status?.split ? 'node-split' : '',
    status?.deposed ? 'node-deposed' : '',
    `side-${sideClass}`,
  ]
    .filter(Boolean)
    .join(' ');
}

/** The node's role and state, re-selected only when one of them flips (not on every applied entry). */
function useNodeStatus(id: string, ui: ModelUi): Status | null {
  return useLabStable((s): Status | null => {
    const nodes = s.snapshot?.nodes;
    const node = nodes?.find((n) => n.id === id);
    if (!nodes || !node) return null;
    const leading = node.up && node.role === 'leader';
    return {
      up: node.up,
      role: node.role,
      epoch: ui.epochOf(node),
      current: leading && ui.currentLeader(nodes) === id,
      split: leading && ui.splitBrain(nodes, s.snapshot?.view).includes(id),
      deposed: leading && deposedLeaders(nodes, s.snapshot?.view).includes(id),
    };
  });
}

interface FaceProps {
  /** The card's own rectangle, the node's button: the face is drawn around and over it. */
  readonly children: ReactNode;
  readonly id: string;
  readonly ui: ModelUi;
  readonly card: CardSize;
  readonly status: Status | null;
  readonly selected: boolean;
}

/**
 * What the card shows, around its rectangle (the node's button, passed in as `children`): rings for leadership,
 * selection and elections, the header with the id and role, the model's body, and the focus ring.
 */
function CardFace({ children, id, ui, card, status, selected }: FaceProps) {
  const { width: w, height: h } = card;
  const up = status?.up ?? true;
  const role = status?.role ?? null;
  // Small cards (large clusters, a phone's compact cards) get a one-letter role badge and a smaller id.
  const compact = w < 150 || card.rows === 0;
  const deposed = status?.deposed ?? false;
  const badge = role ? roleBadge(role, compact, deposed) : null;
  return (
    <g className="node-face">
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
      {children}
      <rect className="node-header" x={-w / 2} y={-h / 2} width={w} height={26} rx={10} />
      <rect className="node-header-fill" x={-w / 2} y={-h / 2 + 14} width={w} height={12} />
      <circle className="node-status" cx={-w / 2 + 12} cy={-h / 2 + 13} r={4} />
      <NodeId id={id} x={-w / 2 + 22} y={-h / 2 + 17} room={w - 34 - (badge?.width ?? 0)} compact={compact} />
      {role && badge && (
        <RoleBadge role={deposed ? 'stale' : role} badge={badge} x={w / 2 - 6} y={-h / 2 + 6} />
      )}
      {/* Under the body: the card's words stay readable through it. */}
      {!up && <DownCross width={w} height={h} />}
      <LiveNodeBody id={id} card={card} ui={ui} deposed={deposed} />
      <rect className="focus-ring" x={-w / 2 - 2} y={-h / 2 - 2} width={w + 4} height={h + 4} rx={12} />
    </g>
  );
}

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

/**
 * A candidate's ring pulses while its election runs (a wall-clock decoration, not simulated timing); with the
 * system's reduced motion on, it stays still.
 */
function CandidateRing({ width: w, height: h }: { width: number; height: number }) {
  const still = useReducedMotion();
  // A CSS animation rather than a motion one: a node card sits inside the graph's AnimatePresence, whose
  // `initial={false}` (no entrance for the nodes already there) would also hold a motion child at its target.
  return (
    <rect
      className={still ? 'candidate-ring' : 'candidate-ring candidate-pulse'}
      x={-w / 2 - 6}
      y={-h / 2 - 6}
      width={w + 12}
      height={h + 12}
      rx={15}
    />
  );
}

/** The tooltip: the full state, which small cards rely on. */
function NodeTitle({ id, label, ui }: { id: string; label: string; ui: ModelUi }) {
  // The label (role, up or down) is the frame's and changes at once; only the node's lines are throttled. The
  // selector must not read it: a throttled refresh can run in the store's update, before this card has
  // re-rendered with the new label, and a paused run would keep the old one.
  const details = useLabThrottled((s) => {
    const node = s.snapshot?.nodes.find((n) => n.id === id);
    if (!node) return null;
    const deposed = deposedLeaders(s.snapshot?.nodes, s.snapshot?.view).includes(id);
    const lines = [...ui.describeNode(node, deposed)];
    // Concurrent values (siblings) are listed whole, as the Replica state tab shows them.
    for (const kv of node.data.slice(0, 12)) {
      const value = kv.siblings && kv.siblings.length > 1 ? kv.siblings.join(' | ') : kv.value;
      lines.push(`${kv.key} = ${value} (version ${kv.version})`);
    }
    if (node.data.length > 12) lines.push(`+${node.data.length - 12} more`);
    return lines.length > 0 ? lines.join('\n') : null;
  }, BODY_REFRESH_MS);
  return <title>{details === null ? label : `${label}\n${details}`}</title>;
}

/**
 * The body (applied position, lag, data) changes with nearly every snapshot under load. Nobody reads 25 cards
 * sixty times a second, and each update costs a React render and an SVG relayout, so it refreshes at most every
 * BODY_REFRESH_MS; role and up/down changes still show at once (they belong to the frame).
 */
function LiveNodeBody(props: { id: string; card: CardSize; ui: ModelUi; deposed: boolean }) {
  const { id, card, ui, deposed } = props;
  const node = useLabThrottled((s) => s.snapshot?.nodes.find((n) => n.id === id) ?? null, BODY_REFRESH_MS);
  if (!node) return null;
  const { NodeBody } = ui;
  return <NodeBody node={node} card={card} deposed={deposed} />;
}

/** `role` is the badge's colour class: the node's role, or `stale` for a deposed leader. */
function RoleBadge({ role, badge, x, y }: { role: Role | 'stale'; badge: Badge; x: number; y: number }) {
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
