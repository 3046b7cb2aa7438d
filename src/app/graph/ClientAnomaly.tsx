/**
 * A stale read at the client that made it, at the moment it happens: while the client's latest completed read is
 * one the oracle found stale, a pill beside the client shows the value it read next to the value of the
 * acknowledged write it missed ("read 100 · acked 150"), with the oracle's sentence as its tooltip. The pill
 * goes when the client completes another read, or when time is scrubbed back before the read.
 */
import * as m from 'motion/react-m';
import type { Operation } from '../../sim/types.ts';
import { useLabStable } from '../hooks.ts';
import type { LabState } from '../store.ts';
import { CLIENT_MOVE, CLIENT_RADIUS } from './geometry.ts';
import type { Point } from './layout.ts';
import './anomalies.css';

export interface StaleNote {
  readonly read: string;
  readonly acked: string | null;
  readonly sentence: string;
  readonly opId: number;
}

function valueText(op: Operation): string {
  if (op.siblings && op.siblings.length > 1) return op.siblings.join(' | ');
  return op.value === null ? 'nothing' : op.value;
}

/** The client's latest completed read, when the oracle found it stale; null otherwise. */
export function staleNoteOf(state: Pick<LabState, 'snapshot' | 'oracle'>, client: string): StaleNote | null {
  const history = state.snapshot?.history ?? [];
  let latest: Operation | undefined;
  for (let i = history.length - 1; i >= 0; i--) {
    const op = history[i] as Operation;
    if (op.client === client && op.f === 'read' && op.completeUs !== null) {
      latest = op;
      break;
    }
  }
  const answer = state.oracle.answer;
  if (!latest || !answer?.flagged.get(latest.id)?.includes('stale-read')) return null;
  const anomaly = answer.explained.get(latest.id)?.find((a) => a.kind === 'stale-read');
  const missedId = anomaly?.ops[1];
  const missed = missedId === undefined ? undefined : history.find((op) => op.id === missedId);
  return {
    read: valueText(latest),
    acked: missed ? valueText(missed) : null,
    sentence: anomaly?.explanation ?? `read ${latest.id} of ${latest.key} was stale`,
    opId: latest.id,
  };
}

function clip(text: string, max = 14): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * The pill of client `id`, at its position (moving as the client does). The graph draws the pills after every
 * client: a pill is wider than the gap to the next client, and drawn with its own client the next one's circle
 * and badge covered its words. It goes to the client's right unless that runs past the view box's right edge,
 * where the graph clips: then to its left, moved right as far as needed to start inside the left edge (over the
 * client's own circle on a screen too narrow for either side). apac_shop, the last of three clients, had its pill
 * cut to "stale: read nothing · a" at the edge.
 */
export function ClientAnomaly({
  id,
  position,
  left,
  right,
}: {
  id: string;
  position: Point;
  /** The view box's left and right edges. */
  left: number;
  right: number;
}) {
  const note = useLabStable((s) => staleNoteOf(s, id));
  if (!note) return null;
  const text = `stale: read ${clip(note.read)}${note.acked !== null ? ` · acked ${clip(note.acked)}` : ''}`;
  const width = text.length * 6.2 + 16;
  const gap = CLIENT_RADIUS + 6;
  const x = position.x + gap + width <= right ? gap : Math.max(left - position.x, -gap - width);
  return (
    <m.g initial={false} animate={{ x: position.x, y: position.y }} transition={CLIENT_MOVE}>
      <g
        className="client-anomaly"
        data-testid="client-anomaly"
        data-client-id={id}
        data-kind="stale-read"
        data-op={note.opId}
        transform={`translate(${x},${-CLIENT_RADIUS - 4})`}
      >
        <title>{note.sentence}</title>
        <rect width={width} height={18} rx={9} />
        <text x={8} y={12.5}>
          {text}
        </text>
      </g>
    </m.g>
  );
}
