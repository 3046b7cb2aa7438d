/** The partition: a tinted band per side and a dashed divide with its label between them. */
import { type Layout, VIEW_HEIGHT, VIEW_WIDTH } from './layout.ts';

export function PartitionBands({ layout }: { layout: Layout }) {
  if (layout.sides.length < 2) return null;
  const edges = [0, ...layout.divides.map((d) => d.x), VIEW_WIDTH];
  return (
    <g className="partition-bands">
      {layout.sides.map((side, i) => (
        <rect
          key={side}
          className={`band side-${Math.min(i + 1, 4)}`}
          x={edges[i] ?? 0}
          y={0}
          width={(edges[i + 1] ?? VIEW_WIDTH) - (edges[i] ?? 0)}
          height={VIEW_HEIGHT}
        />
      ))}
    </g>
  );
}

export function PartitionDivides({ layout }: { layout: Layout }) {
  if (layout.divides.length === 0) return null;
  return (
    <g className="partition-divides" data-testid="partition-divide">
      {layout.divides.map((d) => (
        <g key={d.x}>
          <line className="divide-line" x1={d.x} x2={d.x} y1={124} y2={VIEW_HEIGHT - 8} />
          <g transform={`translate(${d.x},${124})`}>
            <rect className="divide-pill" x={-38} y={-11} width={76} height={22} rx={11} />
            <text className="divide-label" y={4} textAnchor="middle">
              partition
            </text>
          </g>
        </g>
      ))}
    </g>
  );
}
