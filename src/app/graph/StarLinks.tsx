/**
 * Faint links from the topology's hub (`input.leader`: the leader, where the model has one) to every other node
 * and to every client; a link that crosses the partition is drawn cut.
 */
import { memo } from 'react';
import type { LayerProps } from '../models/types.ts';

export const StarLinks = memo(function StarLinks({ topology }: LayerProps) {
  const { input, layout } = topology;
  const leader = input.leader ? layout.positions.get(input.leader) : undefined;
  if (!leader || !input.leader) return null;
  const leaderSide = input.sides[input.nodes.indexOf(input.leader)] ?? 0;
  return (
    <g className="links">
      {input.nodes.map((id, i) => {
        const p = layout.positions.get(id);
        if (!p || id === input.leader) return null;
        const cut = (input.sides[i] ?? 0) !== leaderSide;
        return (
          <line
            key={id}
            className={cut ? 'link link-cut' : 'link'}
            x1={leader.x}
            y1={leader.y}
            x2={p.x}
            y2={p.y}
          />
        );
      })}
      {input.clients.map((id) => {
        const p = layout.positions.get(id);
        if (!p) return null;
        return <line key={id} className="link link-client" x1={p.x} y1={p.y} x2={leader.x} y2={leader.y} />;
      })}
    </g>
  );
});
