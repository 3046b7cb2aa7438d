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
import type { NodeView, Role } from '../../sim/types.ts';
import { upLeaders } from '../cluster.ts';
import { useLab, useLabStable, useLabThrottled } from '../hooks.ts';
import { MultiLeaderNodeBody } from '../multileader/MultiLeaderNodeBody.tsx';
import { act, selectNode } from '../store.ts';
import type { CardSize, Point } from './layout.ts';

const BODY_REFRESH_MS = 80;

interface Props {
  readonly id: string;
  readonly position: Point;
  readonly card: CardSize;
  /** Colour class of its partition side: 0 none, 1 left, 2 right, ... */
  readonly sideClass: number;
}

interface Status {
  readonly up: boolean;
  readonly role: Role;
  readonly term: number;
  /** The leader of the highest term among the up nodes. */
  readonly current: boolean;
  /** An up leader while another up node also leads. */
  readonly split: boolean;
}

/**
 * The card's frame (position, role, up/down, focus and click handling) re-renders only when the node's role,
 * term or state flips; the body below it, which changes with every applied entry, re-renders on its own.
 */
export const NodeCard = memo(function NodeCard({ id, position, card, sideClass }: Props) {
  const status = useLabStable((s): Status | null => {
    const nodes = s.snapshot?.nodes;
    const node = nodes?.find((n) => n.id === id);
    if (!nodes || !node) return null;
    // Several leaders are the design of multi-leader replication, not split brain.
    const single = s.snapshot?.model === 'leader-follower';
    const leaders = single && node.up && node.role === 'leader' ? upLeaders(nodes) : [];
    return {
      up: node.up,
      role: node.role,
      term: node.term,
      current: leaders[0]?.id === id,
      split: leaders.length > 1,
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
      data-term={status?.term ?? 0}
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
      <NodeTitle id={id} label={label} />
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
      <LiveNodeBody id={id} card={card} />
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
function NodeTitle({ id, label }: { id: string; label: string }) {
  const text = useLabThrottled((s) => {
    const node = s.snapshot?.nodes.find((n) => n.id === id);
    return node ? `${label}\n${describeNode(node)}` : label;
  }, BODY_REFRESH_MS);
  return <title>{text}</title>;
}

/**
 * The body (applied position, lag, data) changes with nearly every snapshot under load. Nobody reads 25 cards
 * sixty times a second, and each update costs a React render and an SVG relayout, so it refreshes at most every
 * BODY_REFRESH_MS; role and up/down changes still show at once (they belong to the frame).
 */
function LiveNodeBody({ id, card }: { id: string; card: CardSize }) {
  const node = useLabThrottled((s) => s.snapshot?.nodes.find((n) => n.id === id) ?? null, BODY_REFRESH_MS);
  const multi = useLab((s) => s.snapshot?.model === 'multi-leader');
  if (!node) return null;
  return multi ? <MultiLeaderNodeBody node={node} card={card} /> : <NodeBody node={node} card={card} />;
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

function NodeBody({ node, card }: { node: NodeView; card: CardSize }) {
  const { width: w, height: h, rows } = card;
  const left = -w / 2 + 10;
  const top = -h / 2 + 26;
  // Leaderless replicas have no log position, term or lag: they show how many keys they hold.
  const replica = node.role === 'replica';
  const lagText = !node.up
    ? 'down'
    : replica
      ? 'up'
      : node.role === 'leader'
        ? 'leader'
        : node.role === 'candidate'
          ? 'electing'
          : node.lag > 0
            ? `${node.lag} behind`
            : 'in sync';
  const shown = node.data.slice(0, rows);
  const hidden = node.data.length - shown.length;
  return (
    <g className="node-body">
      <text className="node-meta" x={left} y={top + 15}>
        <tspan>
          {replica
            ? `${node.data.length} key${node.data.length === 1 ? '' : 's'}${node.up ? '' : ' on disk'}`
            : !node.up
              ? `log ${node.logLength}${rows > 0 ? ' on disk' : ''}`
              : rows > 0
                ? `applied #${node.appliedIndex}`
                : `#${node.appliedIndex}`}
        </tspan>
        {!replica && (
          <tspan className="node-term" data-testid="term">
            {rows > 0 ? ` · term ${node.term}` : ` t${node.term}`}
          </tspan>
        )}
        <tspan
          className={node.lag > 0 && node.up && !replica ? 'lag lag-behind' : 'lag'}
          x={w / 2 - 10}
          textAnchor="end"
        >
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
              {node.up
                ? 'no data yet'
                : node.logLength > 0
                  ? w > 180
                    ? 'memory lost, log kept'
                    : 'memory lost'
                  : w > 180
                    ? 'memory lost, no log on disk'
                    : 'nothing on disk'}
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
    `term ${node.term}, ${node.role}${node.leaderId && node.role !== 'leader' ? ` of ${node.leaderId}` : ''}` +
      (node.votedFor ? `, voted for ${node.votedFor}` : ''),
    `applied #${node.appliedIndex} of ${node.logLength}, commit #${node.commitIndex}, lag ${node.lag}`,
  ];
  for (const kv of node.data.slice(0, 12)) lines.push(`${kv.key} = ${kv.value} @${kv.version}`);
  if (node.data.length > 12) lines.push(`+${node.data.length - 12} more`);
  return lines.join('\n');
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
