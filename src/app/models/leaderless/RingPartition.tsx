/**
 * A partition on the ring: replicas sit around the ring rather than in columns, so the cut is drawn where the
 * ring passes from one side to another, as a dashed spoke between the two neighbouring cards with a "partition"
 * pill naming the sides it separates. Sides may interleave around the ring (a partition of {n1, n3} from
 * {n2, n4}), and then there is one cut per change of side. The cards themselves carry their side's colour.
 */
import type { GraphTopology } from '../types.ts';

export interface RingCut {
  /** Angle of the cut (radians, clockwise from the right, like the layout's). */
  readonly angle: number;
  /** The nodes on each side of it, in ring order. */
  readonly between: readonly [string, string];
}

/** Where the ring changes side: between ring neighbours i and i + 1 on different (non-zero) sides. */
export function ringCuts(nodes: readonly string[], sides: readonly number[]): RingCut[] {
  const count = nodes.length;
  const distinct = new Set(sides.filter((s) => s > 0));
  if (count < 2 || distinct.size < 2) return [];
  const cuts: RingCut[] = [];
  for (let i = 0; i < count; i++) {
    const j = (i + 1) % count;
    const a = sides[i] ?? 0;
    const b = sides[j] ?? 0;
    if (a === b || (count === 2 && i === 1)) continue;
    cuts.push({
      angle: -Math.PI / 2 + (2 * Math.PI * (i + 0.5)) / count,
      between: [nodes[i] ?? '', nodes[j] ?? ''],
    });
  }
  return cuts;
}

export function RingPartition({ topology }: { topology: GraphTopology }) {
  const { input, layout } = topology;
  const centre = layout.centre;
  const cuts = ringCuts(input.nodes, input.sides);
  if (!centre || cuts.length === 0) return null;
  const inner = centre.radius * 0.35;
  // Out past the cards: the ring layout places them on an ellipse about 340 x 190 around the centre.
  const outer = Math.max(layout.viewBox.width, layout.viewBox.height);
  const { x: cx, y: cy } = centre;
  const { x: vx, y: vy, width: vw, height: vh } = layout.viewBox;
  return (
    <g className="partition-divides ll-ring-partition" data-testid="partition-divide">
      {cuts.map((cut) => {
        const cos = Math.cos(cut.angle);
        const sin = Math.sin(cut.angle);
        // The pill sits on the cut line a little outside the ring, kept inside the view.
        const px = Math.min(vx + vw - 45, Math.max(vx + 45, cx + (centre.radius + 40) * cos));
        const py = Math.min(vy + vh - 15, Math.max(vy + 15, cy + (centre.radius + 40) * sin));
        return (
          <g key={`${cut.between[0]}|${cut.between[1]}`} data-between={cut.between.join(' ')}>
            <title>{`Partition: ${cut.between[0]} and ${cut.between[1]} are on different sides and cannot reach each other`}</title>
            <line
              className="divide-line"
              x1={cx + inner * cos}
              y1={cy + inner * sin}
              x2={cx + outer * cos}
              y2={cy + outer * sin}
            />
            <g transform={`translate(${px},${py})`}>
              <rect className="divide-pill" x={-38} y={-11} width={76} height={22} rx={11} />
              <text className="divide-label" y={4} textAnchor="middle">
                partition
              </text>
            </g>
          </g>
        );
      })}
    </g>
  );
}
