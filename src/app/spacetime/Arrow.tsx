/**
 * One message of the space-time diagram, drawn in the diagram's time frame (x in pixels from t = 0; the parent
 * group shifts the frame as the clock moves). Its props are plain values, so a finished message that did not
 * change is not redrawn when the window slides: only the messages still in flight are.
 */
import { memo } from 'react';
import type { MessageKind } from '../../sim/types.ts';

export interface ArrowProps {
  readonly id: number;
  readonly kind: MessageKind;
  readonly status: 'flying' | 'delivered' | 'dropped';
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly ye: number;
  readonly colour: string;
  /** The colour of the x where a dropped message ended. */
  readonly dropColour: string;
  readonly width: number;
  readonly dim: boolean;
  /** The hovered operation this message belongs to, if any. */
  readonly op: number | undefined;
  readonly pinned: boolean;
  readonly title: string;
  readonly onEnter: (id: number) => void;
  readonly onLeave: () => void;
}

export const Arrow = memo(function Arrow(p: ArrowProps) {
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: hover shows the message's details only.
    <g
      data-testid="spacetime-arrow"
      data-kind={p.kind}
      data-status={p.status}
      opacity={p.dim ? 0.3 : 1}
      data-op={p.op}
      data-pinned={p.pinned ? 'true' : undefined}
      onMouseEnter={() => p.onEnter(p.id)}
      onMouseLeave={p.onLeave}
    >
      <line
        x1={p.x0}
        y1={p.y0}
        x2={p.x1}
        y2={p.ye}
        stroke={p.colour}
        strokeWidth={p.width}
        strokeDasharray={p.status === 'flying' ? '4 3' : undefined}
        markerEnd={p.status === 'delivered' ? `url(#st-arrow-${p.kind})` : undefined}
      />
      {p.status === 'dropped' && (
        <path
          data-testid="spacetime-drop"
          d={`M${p.x1 - 4},${p.ye - 4} L${p.x1 + 4},${p.ye + 4} M${p.x1 - 4},${p.ye + 4} L${p.x1 + 4},${p.ye - 4}`}
          stroke={p.dropColour}
          strokeWidth={2}
        />
      )}
      <title>{p.title}</title>
    </g>
  );
});
