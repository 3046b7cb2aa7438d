/**
 * A multi-leader node card's body: its region and role, a conflict marker (how many times it detected a conflict),
 * and per key the value (concurrent siblings joined with " | " and a SIBLINGS badge) with its version vector
 * in small text underneath.
 */
import type { NodeView } from '../../../sim/types.ts';
import type { CardSize } from '../../graph/layout.ts';
import { mlBodyLayout } from './bodyLayout.ts';

export function MultiLeaderNodeBody({ node, card }: { node: NodeView; card: CardSize }) {
  const { w, rows, left, right, top, conflicts, shown, hidden, meta, chars } = mlBodyLayout(node, card);
  return (
    <g className="node-body ml-body">
      <text className="node-meta" x={left} y={top + 15}>
        <tspan>{truncate(meta, chars - 10)}</tspan>
      </text>
      {conflicts > 0 && <ConflictMarker id={node.id} conflicts={conflicts} x={right} y={top + 4} />}
      {rows > 0 && (
        <g className="node-data">
          <line x1={left} x2={right} y1={top + 22} y2={top + 22} />
          {shown.map((kv, i) => (
            <KeyValueRow key={kv.key} kv={kv} left={left} right={right} y={top + 36 + i * 27} width={w} />
          ))}
          {node.data.length === 0 && (
            <text className="kv kv-empty" x={left} y={top + 36}>
              {node.up ? 'no data yet' : 'down'}
            </text>
          )}
          {hidden > 0 && (
            <text className="kv kv-more" x={left} y={top + 36 + shown.length * 27}>
              +{hidden} more
            </text>
          )}
        </g>
      )}
    </g>
  );
}

/**
 * How many times the node detected concurrent writes (its detections: a 3-way conflict is detected twice on every
 * leader, as the other two writes arrive), a badge at the card's top right. The conflicts themselves, each counted
 * once, are the anomaly strip's.
 */
function ConflictMarker({ id, conflicts, x, y }: { id: string; conflicts: number; x: number; y: number }) {
  const text = `${conflicts} detected`;
  return (
    <g
      className="ml-conflict-marker"
      data-testid="conflict-marker"
      data-count={conflicts}
      transform={`translate(${x},${y})`}
    >
      <title>{`${id} detected concurrent writes ${conflicts === 1 ? 'once' : `${conflicts} times`}`}</title>
      <rect x={-62} width={62} height={15} rx={7.5} />
      {/* Held inside its pill whatever the font: squeezed to the pill's inner width when it would overflow. */}
      <text x={-31} y={11} textAnchor="middle" textLength={54} lengthAdjust="spacingAndGlyphs">
        {`⚡ ${text}`}
      </text>
    </g>
  );
}

interface RowProps {
  readonly kv: NodeView['data'][number];
  readonly left: number;
  readonly right: number;
  /** The row's baseline. */
  readonly y: number;
  /** The card's width. */
  readonly width: number;
}

/** One key: its value (siblings joined with " | " and a SIBLINGS badge) and its version vector underneath. */
function KeyValueRow({ kv, left, right, y, width }: RowProps) {
  const siblings = kv.siblings && kv.siblings.length > 1 ? kv.siblings : null;
  const value = siblings ? siblings.join(' | ') : kv.value;
  const keyChars = Math.min(12, Math.max(6, kv.key.length));
  const valueX = left + keyChars * 6.6 + 8;
  const valueChars = Math.floor((right - valueX - (siblings ? 60 : 0)) / 6.9);
  return (
    <g
      className={siblings ? 'ml-kv ml-kv-siblings' : 'ml-kv'}
      data-testid="ml-kv"
      data-key={kv.key}
      data-value={value}
    >
      <title>{`${kv.key} = ${value}${kv.vv ? `\nversion vector ${kv.vv}` : ''}`}</title>
      <text className="kv" x={left} y={y}>
        <tspan className="kv-key">{truncate(kv.key, keyChars)}</tspan>
        <tspan className="kv-value" x={valueX}>
          {truncate(value, Math.max(3, valueChars))}
        </tspan>
      </text>
      {siblings && (
        <g className="ml-siblings-badge" transform={`translate(${right - 56},${y - 10})`}>
          <rect width={56} height={13} rx={6.5} />
          <text x={28} y={9.7} textAnchor="middle">
            SIBLINGS
          </text>
        </g>
      )}
      <text className="ml-vv" x={left} y={y + 12}>
        {truncate(kv.vv ? `vv ${kv.vv}` : `v${kv.version}`, Math.floor((width - 20) / 5.4))}
      </text>
    </g>
  );
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, Math.max(1, max - 1))}…` : text;
}

/** The tooltip lines: where the node stands in replication and what it has applied. */
export function describeMultiLeaderNode(node: NodeView): string[] {
  if (node.model !== 'multi-leader') return [];
  return [
    `${node.role}${node.upstream ? ` of ${node.upstream}` : ''}${node.region ? `, region ${node.region}` : ''}`,
    `applied ${node.applied} (${node.changes} changes${node.pending > 0 ? `, ${node.pending} waiting` : ''})`,
  ];
}

/** The replica panel's line. */
export function multiLeaderSummary(node: NodeView): string {
  if (node.model !== 'multi-leader') return node.role;
  const parts: string[] = [node.up ? node.role : 'down'];
  if (node.region) parts.push(`region ${node.region}`);
  if (node.upstream) parts.push(`follows ${node.upstream}`);
  parts.push(`applied ${node.applied}`);
  if (node.pending > 0) parts.push(`${node.pending} changes waiting`);
  return parts.join(' · ');
}
