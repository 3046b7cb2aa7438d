/**
 * Every in-flight message as a dot on its link. The dot's place is a pure function of simulated time,
 * (now - sentAt) / (deliverAt - sentAt), so pause, speed changes and seeking need no animation state at all.
 * This is the one component that re-renders every frame, so it draws plain circles and nothing else.
 */
import { useMemo } from 'react';
import { useLab } from '../hooks.ts';
import { isClient, linkSegment, pointAt, progress } from './geometry.ts';
import type { Layout } from './layout.ts';

interface Props {
  readonly layout: Layout;
  readonly clients: readonly string[];
}

export function MessageLayer({ layout, clients }: Props) {
  const messages = useLab((s) => s.snapshot?.messages);
  const nowUs = useLab((s) => s.snapshot?.nowUs ?? 0);
  const showHeartbeats = useLab((s) => s.showHeartbeats);
  const clientSet = useMemo(() => new Set(clients), [clients]);
  if (!messages) return null;
  return (
    <g className="messages">
      {messages.map((m) => {
        if (!showHeartbeats && m.kind === 'heartbeat') return null;
        const segment = linkSegment(layout, clientSet, m.from, m.to);
        if (!segment) return null;
        const { x, y } = pointAt(segment, progress(nowUs, m.sentAt, m.deliverAt));
        const client = isClient(layout, m.from, clientSet) || isClient(layout, m.to, clientSet);
        return (
          <circle
            key={m.id}
            data-testid="message"
            data-id={m.id}
            data-kind={m.kind}
            className={`message kind-${m.kind}${m.doomed ? ' doomed' : ''}${client ? ' client-link' : ''}`}
            cx={x.toFixed(1)}
            cy={y.toFixed(1)}
            r={m.kind === 'heartbeat' ? 3.5 : 5.5}
          >
            <title>{`${m.label} (${m.kind}, ${m.from} → ${m.to})${m.doomed ? `, will be dropped: ${m.doomed}` : ''}`}</title>
          </circle>
        );
      })}
    </g>
  );
}
