/**
 * Layout for models with regions (multi-leader): one column per region, laid out as a d3 band scale would, each
 * region drawn as a rounded group holding its nodes, leaders on top and local followers below, and each
 * region's clients above its column. Deterministic: the same topology always gives the same picture.
 */
import type { NodeId } from '../../../sim/types.ts';
import {
  type CardSize,
  type Divide,
  type Layout,
  type Point,
  type RegionBox,
  viewWidthOf,
} from '../../graph/layout.ts';

export interface RegionInput {
  readonly nodes: readonly NodeId[];
  /** Partition side per node (0: no partition), in node order. */
  readonly sides: readonly number[];
  readonly regions: readonly { readonly id: string; readonly nodes: readonly NodeId[] }[];
  readonly leaders: readonly NodeId[];
  readonly clients: readonly { readonly id: NodeId; readonly region: string | null }[];
  /** The most keys any node holds. */
  readonly dataRows: number;
  /** Laid out for a narrow frame (a phone): narrow columns of compact cards. */
  readonly narrow?: boolean;
}

const CLIENT_Y = 48;
const NODE_TOP = 150;
const CARD_GAP = 34;
const OTHER_REGION = '(no region)';

/** Cards show a value line and a version-vector line per key; compact ones (a phone) only the node's line. */
export function regionCardSize(columnWidth: number, dataRows: number, narrow = false): CardSize {
  if (narrow) return { width: Math.round(Math.max(96, columnWidth - 10)), height: 50, rows: 0 };
  const rows = Math.min(4, Math.max(2, dataRows));
  const width = Math.round(Math.min(236, Math.max(150, columnWidth - 44)));
  return { width, height: 50 + rows * 27, rows };
}

export function computeRegionLayout(input: RegionInput): Layout & { readonly regions: readonly RegionBox[] } {
  const placed = new Set(input.regions.flatMap((r) => r.nodes));
  const stray = input.nodes.filter((n) => !placed.has(n));
  const groups = [
    ...input.regions.map((r) => ({ id: r.id, nodes: r.nodes.filter((n) => input.nodes.includes(n)) })),
    ...(stray.length > 0 ? [{ id: OTHER_REGION, nodes: stray }] : []),
  ];
  const viewWidth = viewWidthOf(input.narrow);
  const band = bands(groups.length, viewWidth);
  const card = regionCardSize(band.width, input.dataRows, input.narrow);
  // Clients above their region's column, closer together when the columns are narrow.
  const clientGap = Math.min(90, band.width / 2);
  const positions = new Map<NodeId, Point>();
  const boxes: RegionBox[] = [];
  let bottom = NODE_TOP;
  for (const [index, g] of groups.entries()) {
    const x0 = band.start(index);
    const cx = x0 + band.width / 2;
    // Leaders first: replication reads top to bottom inside a region, as across the leader-follower graph.
    const ordered = [...g.nodes].sort(
      (a, b) => Number(input.leaders.includes(b)) - Number(input.leaders.includes(a)),
    );
    ordered.forEach((id, i) => {
      positions.set(id, {
        x: Math.round(cx),
        y: Math.round(NODE_TOP + card.height / 2 + i * (card.height + CARD_GAP)),
      });
    });
    const height = 44 + ordered.length * card.height + Math.max(0, ordered.length - 1) * CARD_GAP + 18;
    boxes.push({
      id: g.id,
      x: x0,
      y: NODE_TOP - 44,
      width: band.width,
      height,
      nodeCount: ordered.length,
    });
    bottom = Math.max(bottom, NODE_TOP - 44 + height);
    const clients = input.clients.filter((c) => (c.region ?? OTHER_REGION) === g.id);
    clients.forEach((c, i) => {
      positions.set(c.id, { x: Math.round(cx + (i - (clients.length - 1) / 2) * clientGap), y: CLIENT_Y });
    });
  }
  // Clients without a known region line up in the middle.
  const loose = input.clients.filter((c) => !positions.has(c.id));
  loose.forEach((c, i) => {
    positions.set(c.id, { x: Math.round(viewWidth / 2 + (i - (loose.length - 1) / 2) * 90), y: CLIENT_Y });
  });

  const divides = partitionDivides(input, groups, boxes);
  const height = Math.max(input.narrow ? 0 : 440, bottom + 16);
  return {
    positions,
    viewBox: { x: 0, y: 0, width: viewWidth, height: Math.round(height) },
    divideTop: NODE_TOP - 62,
    card,
    divides,
    sides: [],
    regions: boxes,
  };
}

/** A partition that falls between two region columns gets the usual dashed divide there. */
function partitionDivides(
  input: RegionInput,
  groups: readonly { readonly nodes: readonly NodeId[] }[],
  boxes: readonly RegionBox[],
): Divide[] {
  const sideOf = (id: NodeId) => input.sides[input.nodes.indexOf(id)] ?? 0;
  const regionSide = (nodes: readonly NodeId[]): number | null => {
    const sides = new Set(nodes.map(sideOf));
    return sides.size === 1 ? ([...sides][0] ?? 0) : null;
  };
  const divides: Divide[] = [];
  for (let i = 1; i < groups.length; i++) {
    const left = regionSide(groups[i - 1]?.nodes ?? []);
    const right = regionSide(groups[i]?.nodes ?? []);
    if (left !== null && right !== null && left !== right && left > 0) {
      const prev = boxes[i - 1];
      const next = boxes[i];
      if (prev && next) divides.push({ x: Math.round((prev.x + prev.width + next.x) / 2) });
    }
  }
  return divides;
}

const PADDING_INNER = 0.06;
const PADDING_OUTER = 0.02;

/**
 * `count` columns across [0, width], as d3's `scaleBand().paddingInner(0.06).paddingOuter(0.02)` places them
 * (centred, not rounded): a few lines here rather than d3-scale, which would bring d3-interpolate, d3-format and
 * d3-color into the page's first load.
 */
export function bands(
  count: number,
  width: number,
): { readonly width: number; start(index: number): number } {
  const step = width / Math.max(1, count - PADDING_INNER + PADDING_OUTER * 2);
  const offset = (width - step * (count - PADDING_INNER)) / 2;
  return { width: step * (1 - PADDING_INNER), start: (index) => offset + step * index };
}
