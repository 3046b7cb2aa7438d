/** A leader-follower card's body: how far the node has applied its log, its term, its lag, and its data. */
import { NodeData } from '../../graph/NodeData.tsx';
import type { NodeBodyProps } from '../types.ts';

export function LeaderFollowerBody({ node, card }: NodeBodyProps) {
  if (node.model !== 'leader-follower') return null;
  const { width: w, height: h, rows } = card;
  const left = -w / 2 + 10;
  const top = -h / 2 + 26;
  const lagText = !node.up
    ? 'down'
    : node.role === 'leader'
      ? 'leader'
      : node.role === 'candidate'
        ? 'electing'
        : node.lag > 0
          ? `${node.lag} behind`
          : 'in sync';
  const empty = node.up
    ? 'no data yet'
    : node.logLength > 0
      ? w > 180
        ? 'memory lost, log kept'
        : 'memory lost'
      : w > 180
        ? 'memory lost, no log on disk'
        : 'nothing on disk';
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
        <tspan className="node-term" data-testid="term">
          {rows > 0 ? ` · term ${node.term}` : ` t${node.term}`}
        </tspan>
        <tspan className={node.lag > 0 && node.up ? 'lag lag-behind' : 'lag'} x={w / 2 - 10} textAnchor="end">
          {lagText}
        </tspan>
      </text>
      <NodeData
        data={node.data}
        card={card}
        empty={empty}
        version="the log position of the write that set it"
      />
    </g>
  );
}

/** The full state for the tooltip, which small cards rely on. */
export function describeLeaderFollowerNode(node: NodeBodyProps['node']): string[] {
  if (node.model !== 'leader-follower') return [];
  return [
    `term ${node.term}, ${node.role}${node.leaderId && node.role !== 'leader' ? ` of ${node.leaderId}` : ''}` +
      (node.votedFor ? `, voted for ${node.votedFor}` : ''),
    `applied #${node.appliedIndex} of ${node.logLength}, commit #${node.commitIndex}, lag ${node.lag}`,
  ];
}

/** The replica panel's line: role, term, leader followed, log positions. */
export function leaderFollowerSummary(node: NodeBodyProps['node']): string {
  if (node.model !== 'leader-follower') return node.role;
  const parts: string[] = [node.up ? node.role : 'down', `term ${node.term}`];
  if (node.leaderId && node.leaderId !== node.id) parts.push(`follows ${node.leaderId}`);
  let text = parts.join(' · ');
  if (node.logLength > 0)
    text += ` · log ${node.logLength}, applied #${node.appliedIndex}, committed #${node.commitIndex}${
      node.lag > 0 ? `, ${node.lag} behind` : ''
    }`;
  return text;
}
