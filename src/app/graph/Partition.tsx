/** The partition: a tinted band per side and a dashed divide with its label between them. */
import type { Layout } from './layout.ts';

export function PartitionBands({ layout }: { layout: Layout }) {
  // Bands need columns: a layout without divides (the leaderless ring) draws its partition its own way.
  if (layout.sides.length < 2 || layout.divides.length === 0) return null;
  const { x, y, width, height } = layout.viewBox;
  const edges = [x, ...layout.divides.map((d) => d.x), x + width];
  return (
    <g className="partition-bands">
      {layout.sides.map((side, i) => (
        <rect
          key={side}
          className={`band side-${Math.min(i + 1, 4)}`}
          x={edges[i] ?? x}
          y={y}
          width={(edges[i + 1] ?? x + width) - (edges[i] ?? x)}
          height={height}
        />
      ))}
    </g>
  );
}

export function PartitionDivides({ layout }: { layout: Layout }) {
  if (layout.divides.length === 0) return null;
  const top = layout.divideTop;
  const bottom = layout.viewBox.y + layout.viewBox.height - 8;
  return (
    <g className="partition-divides" data-testid="partition-divide">
      {layout.divides.map((d) => (
        <g key={d.x}>
          <line className="divide-line" x1={d.x} x2={d.x} y1={top} y2={bottom} />
          <g transform={`translate(${d.x},${top})`}>
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
