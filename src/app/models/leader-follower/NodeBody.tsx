/** A leader-follower card's body: how far the node has applied its log, its term, its lag, and its data. */
import { roleWord } from '../../graph/deposed.ts';
import { NodeData } from '../../graph/NodeData.tsx';
import type { NodeBodyProps } from '../types.ts';
import { leaderFollowerBodyText } from './bodyText.ts';

export function LeaderFollowerBody({ node, card, deposed = false }: NodeBodyProps) {
  const text = leaderFollowerBodyText(node, card, deposed);
  if (!text) return null;
  const left = -card.width / 2 + 10;
  const top = -card.height / 2 + 26;
  return (
    <g className="node-body">
      <text className="node-meta" x={left} y={top + 15}>
        <tspan>{text.applied}</tspan>
        <tspan className="node-term" data-testid="term">
          {text.term}
        </tspan>
        <tspan className={text.behind ? 'lag lag-behind' : 'lag'} x={card.width / 2 - 10} textAnchor="end">
          {text.lag}
        </tspan>
      </text>
      <NodeData
        data={node.data}
        card={card}
        empty={text.empty}
        version="the log position of the write that set it"
      />
    </g>
  );
}

/** The full state for the tooltip, which small cards rely on. */
export function describeLeaderFollowerNode(node: NodeBodyProps['node'], deposed = false): string[] {
  if (node.model !== 'leader-follower') return [];
  return [
    `term ${node.term}, ${roleWord(node.role, deposed)}${deposed ? ' (a newer term leads; it cannot commit)' : ''}${node.leaderId && node.role !== 'leader' ? ` of ${node.leaderId}` : ''}` +
      (node.votedFor ? `, voted for ${node.votedFor}` : ''),
    `applied #${node.appliedIndex} of ${node.logLength}, commit #${node.commitIndex}, lag ${node.lag}` +
      (node.diverged ? `, diverged: ${entries(node.diverged)} the leader lacks, to be discarded` : ''),
  ];
}

/** The replica panel's line: role, term, leader followed, log positions. */
export function leaderFollowerSummary(node: NodeBodyProps['node'], deposed = false): string {
  if (node.model !== 'leader-follower') return node.role;
  const parts: string[] = [node.up ? roleWord(node.role, deposed) : 'down', `term ${node.term}`];
  if (node.leaderId && node.leaderId !== node.id) parts.push(`follows ${node.leaderId}`);
  let text = parts.join(' · ');
  if (node.logLength > 0)
    text += ` · log ${node.logLength}, applied #${node.appliedIndex}, committed #${node.commitIndex}${
      node.lag > 0 ? `, ${node.lag} behind` : ''
    }${node.diverged ? `, diverged: ${entries(node.diverged)} to be discarded` : ''}`;
  return text;
}

function entries(n: number): string {
  return `${n} entr${n === 1 ? 'y' : 'ies'}`;
}
