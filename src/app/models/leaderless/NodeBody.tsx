/** A leaderless replica's card body: how many keys it holds, whether it is up, and its data. */
import { plural } from '../../../sim/analysis/plural.ts';
import { NodeData } from '../../graph/NodeData.tsx';
import type { NodeBodyProps } from '../types.ts';

export function LeaderlessBody({ node, card }: NodeBodyProps) {
  const { width: w, height: h } = card;
  const left = -w / 2 + 10;
  const top = -h / 2 + 26;
  const keys = node.data.length;
  return (
    <g className="node-body">
      <text className="node-meta" x={left} y={top + 15}>
        <tspan>{`${keys} key${keys === 1 ? '' : 's'}${node.up ? '' : ' on disk'}`}</tspan>
        <tspan className="lag" x={w / 2 - 10} textAnchor="end">
          {node.up ? 'up' : 'down'}
        </tspan>
      </text>
      <NodeData
        data={node.data}
        card={card}
        empty={node.up ? 'no data yet' : 'down'}
        version="the number of writes its version vector counts"
      />
    </g>
  );
}

/** The tooltip lines: hints held and requests coordinated now. */
export function describeLeaderlessNode(node: NodeBodyProps['node']): string[] {
  if (node.model !== 'leaderless') return [];
  return [
    `replica, ${plural(node.data.length, 'key')}, ${plural(node.hintsHeld, 'hint')} held for others, coordinating ${node.coordinating}`,
  ];
}

export function leaderlessSummary(node: NodeBodyProps['node']): string {
  if (node.model !== 'leaderless') return node.role;
  const parts = [node.up ? 'replica' : 'down', plural(node.data.length, 'key')];
  if (node.hintsHeld > 0) parts.push(`${plural(node.hintsHeld, 'hint')} held for others`);
  if (node.coordinating > 0) parts.push(`coordinating ${plural(node.coordinating, 'request')}`);
  return parts.join(' · ');
}
