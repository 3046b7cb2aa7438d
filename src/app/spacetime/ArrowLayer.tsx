/**
 * The diagram's arrows: each picked message drawn in the diagram's time frame, in flight up to the clock,
 * delivered with an arrowhead, or dropped with an x where it died. The messages of the operation pointed at (or
 * of the operations a selected anomaly names) are drawn bold and the others dimmed.
 */
import type { Operation } from '../../sim/types.ts';
import { Arrow } from './Arrow.tsx';
import { arrowTitle, carries } from './arrows.ts';
import type { DiagramGeometry } from './geometry.ts';
import type { DiagramPalette } from './palette.ts';
import type { MessageRecord } from './recorder.ts';

interface Props {
  readonly arrows: readonly MessageRecord[];
  readonly geometry: DiagramGeometry;
  readonly palette: DiagramPalette;
  /** The clock, in simulated microseconds: where messages in flight have got to. */
  readonly nowUs: number;
  readonly hovered: MessageRecord | null;
  readonly hoveredOp: Operation | null;
  readonly pinnedOps: readonly Operation[];
  readonly onEnter: (id: number) => void;
  readonly onLeave: () => void;
}

export function ArrowLayer(props: Props) {
  const { arrows, geometry: g, palette, nowUs, hovered, hoveredOp, pinnedOps } = props;
  const focused = hovered !== null || hoveredOp !== null || pinnedOps.length > 0;
  return (
    <>
      {arrows.map((r) => {
        if (!g.has(r.from) || !g.has(r.to)) return null;
        const y0 = g.laneY(r.from);
        const y1 = g.laneY(r.to);
        let endUs = r.endUs;
        let fraction = 1;
        if (r.status === 'flying') {
          endUs = Math.min(nowUs, r.deliverUs);
          fraction = r.deliverUs > r.sentUs ? (endUs - r.sentUs) / (r.deliverUs - r.sentUs) : 1;
        } else if (r.status === 'dropped') fraction = r.position;
        const sameOp = hoveredOp !== null && carries(r, hoveredOp);
        // The client messages of the operations a selected anomaly names stand out too.
        const pinnedOp = !sameOp && pinnedOps.some((op) => carries(r, op));
        const bold = hovered?.id === r.id || sameOp || pinnedOp;
        return (
          <Arrow
            key={r.id}
            id={r.id}
            kind={r.kind}
            status={r.status}
            x0={(r.sentUs / 1000) * g.k}
            x1={(endUs / 1000) * g.k}
            y0={y0}
            ye={y0 + (y1 - y0) * fraction}
            colour={palette.kinds[r.kind]}
            dropColour={palette.drop}
            width={bold ? 3 : r.kind === 'heartbeat' ? 1 : 1.6}
            dim={focused && !bold}
            op={sameOp ? hoveredOp?.id : undefined}
            pinned={pinnedOp}
            title={arrowTitle(r)}
            onEnter={props.onEnter}
            onLeave={props.onLeave}
          />
        );
      })}
    </>
  );
}
