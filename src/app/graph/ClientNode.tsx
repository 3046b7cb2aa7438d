/** A client: a small circle above the cluster, with how many of its operations are still pending. */
import * as m from 'motion/react-m';
import { memo } from 'react';
import { useLab } from '../hooks.ts';
import { CLIENT_MOVE, CLIENT_RADIUS } from './geometry.ts';
import type { Point } from './layout.ts';

export const ClientNode = memo(function ClientNode({ id, position }: { id: string; position: Point }) {
  return (
    <m.g
      className="client"
      data-testid="client"
      data-client-id={id}
      initial={false}
      animate={{ x: position.x, y: position.y }}
      transition={CLIENT_MOVE}
    >
      <ClientTitle id={id} />
      <circle r={CLIENT_RADIUS} className="client-circle" />
      <path
        className="client-icon"
        d="M -6 6 a 6 6 0 0 1 12 0 M 0 -1 m -4 -3 a 4 4 0 1 0 8 0 a 4 4 0 1 0 -8 0"
      />
      <text className="client-label" y={CLIENT_RADIUS + 14} textAnchor="middle">
        {id}
      </text>
      <PendingBadge id={id} />
    </m.g>
  );
});

function usePending(id: string): number {
  return useLab((s) => s.snapshot?.clients.find((c) => c.id === id)?.pending ?? 0);
}

function ClientTitle({ id }: { id: string }) {
  const pending = usePending(id);
  return <title>{`client ${id}: ${pending} pending`}</title>;
}

/** How many of the client's operations are in flight; re-renders without the animated frame around it. */
function PendingBadge({ id }: { id: string }) {
  const pending = usePending(id);
  if (pending === 0) return null;
  return (
    <g className="client-pending" transform={`translate(${CLIENT_RADIUS - 2},${-CLIENT_RADIUS + 2})`}>
      <circle r={8} />
      <text y={3.5} textAnchor="middle">
        {pending > 99 ? '99+' : pending}
      </text>
    </g>
  );
}
