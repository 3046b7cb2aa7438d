/**
 * Level of detail for the graph (issue 12.3): a cluster is drawn as node cards while they fit (up to
 * CHIPS_ABOVE nodes), as compact chips (an id and a colour) up to DOTS_ABOVE, and beyond that as dots on a
 * canvas (NodeDots.tsx). Messages are on a canvas at every level.
 *
 * A model's own layout places cards; at the compact levels `withDetail` places the nodes anew, keeping the
 * model's shape: a ring stays a ring (in as many concentric ellipses as the nodes need), regions stay columns
 * (each a grid), and anything else becomes the leader on top of a grid of the others. Clients keep their places.
 * The model's layers read the same layout, so links, ring spokes and region boxes follow the new places.
 *
 * Pure functions of the topology: no React, no DOM, so they are unit-tested directly.
 */
import type { NodeId } from '../../sim/types.ts';
import type { GraphTopology } from '../models/types.ts';
import type { CardSize, Layout, Point, RegionBox, ViewBox } from './layout.ts';

export type Detail = 'cards' | 'chips' | 'dots';

/** Up to this many nodes, cards: 30 cards of 118 x 50 still fit the view with their ids readable. */
export const CHIPS_ABOVE = 30;
/** Up to this many, chips: beyond it even a 64-pixel chip per node leaves no room for its id. */
export const DOTS_ABOVE = 150;

export const CHIP: CardSize = { width: 64, height: 22, rows: 0 };
export const DOT: CardSize = { width: 8, height: 8, rows: 0 };

const VIEW_WIDTH = 1000;
const LEFT = 30;
const MIN_VIEW_WIDTH = 900;
const MIN_VIEW_HEIGHT = 440;

export function detailFor(nodeCount: number): Detail {
  if (nodeCount > DOTS_ABOVE) return 'dots';
  if (nodeCount > CHIPS_ABOVE) return 'chips';
  return 'cards';
}

/** Centre-to-centre spacing of compact nodes: a chip and a gap, or a dot and a gap. */
function spacing(card: CardSize): { x: number; y: number } {
  return card === DOT ? { x: 13, y: 13 } : { x: card.width + 10, y: card.height + 12 };
}

/** The topology at its level of detail: unchanged while cards fit, else its nodes placed anew as chips or dots. */
export function withDetail(topology: GraphTopology): GraphTopology {
  const { input, layout } = topology;
  const detail = detailFor(input.nodes.length);
  if (detail === 'cards') return topology;
  const card = detail === 'chips' ? CHIP : DOT;
  const positions = new Map<NodeId, Point>();
  for (const id of input.clients) {
    const p = layout.positions.get(id);
    if (p) positions.set(id, p);
  }
  const top = input.clients.length > 0 ? 124 : 30;
  let placed: Pick<Layout, 'regions' | 'centre'>;
  if (layout.centre) placed = { centre: placeRing(input.nodes, card, top, positions) };
  else if (layout.regions && layout.regions.length > 0)
    placed = { regions: placeRegions(layout.regions, input.nodes, layout, card, top, positions) };
  else {
    placeGrid(input.nodes, input.leader, card, top, positions);
    placed = {};
  }
  const next: Layout = {
    ...layout,
    ...placed,
    positions,
    card,
    viewBox: contentBox(positions, input.nodes, input.clients, card, placed.regions),
    // Partition columns belong to the force layout; at these levels a side is shown by colour only.
    divides: [],
  };
  return { input, layout: next };
}

/**
 * Nodes in node order clockwise from the top around concentric ellipses, the innermost first, each holding as
 * many as fit at one spacing apart (measured along the curve, so they do not bunch where it bends most); the
 * rings are a spacing apart both ways, so no two nodes touch. Returns the hash ring's circle at the middle.
 */
function placeRing(
  nodes: readonly NodeId[],
  card: CardSize,
  top: number,
  out: Map<NodeId, Point>,
): { x: number; y: number; radius: number } {
  const step = spacing(card);
  const rings: { a: number; b: number; count: number }[] = [];
  for (let left = nodes.length, k = 0; left > 0; k++) {
    const a = 330 + k * step.x;
    // A little more than a spacing between rings vertically: where they curve, rings draw closer than that.
    const b = 190 + k * step.y * 1.4;
    const count = Math.min(left, Math.max(1, Math.floor(ellipseLength(a, b) / step.x)));
    rings.push({ a, b, count });
    left -= count;
  }
  const outer = rings[rings.length - 1] ?? { a: 330, b: 190 };
  const cx = VIEW_WIDTH / 2;
  const cy = top + 40 + outer.b;
  let next = 0;
  for (const { a, b, count } of rings) {
    const angles = evenAngles(a, b, count);
    for (let j = 0; j < count; j++) {
      const angle = angles[j] ?? 0;
      const id = nodes[next++] as NodeId;
      out.set(id, { x: Math.round(cx + a * Math.cos(angle)), y: Math.round(cy + b * Math.sin(angle)) });
    }
  }
  return { x: cx, y: cy, radius: 95 };
}

const ELLIPSE_SAMPLES = 720;

/** The ellipse's perimeter, summed over ELLIPSE_SAMPLES chords. */
function ellipseLength(a: number, b: number): number {
  let length = 0;
  for (let i = 0; i < ELLIPSE_SAMPLES; i++) {
    const t0 = (2 * Math.PI * i) / ELLIPSE_SAMPLES;
    const t1 = (2 * Math.PI * (i + 1)) / ELLIPSE_SAMPLES;
    length += Math.hypot(a * (Math.cos(t1) - Math.cos(t0)), b * (Math.sin(t1) - Math.sin(t0)));
  }
  return length;
}

/** `count` parametric angles from the top, clockwise, equally far apart along the ellipse. */
function evenAngles(a: number, b: number, count: number): number[] {
  const total = ellipseLength(a, b);
  const out: number[] = [];
  let walked = 0;
  let i = 0;
  const at = (k: number) => -Math.PI / 2 + (2 * Math.PI * k) / ELLIPSE_SAMPLES;
  for (let j = 0; j < count; j++) {
    const target = (total * j) / count;
    while (i < ELLIPSE_SAMPLES) {
      const chord = Math.hypot(
        a * (Math.cos(at(i + 1)) - Math.cos(at(i))),
        b * (Math.sin(at(i + 1)) - Math.sin(at(i))),
      );
      if (walked + chord >= target) {
        out.push(at(i) + ((target - walked) / Math.max(chord, 1e-9)) * (at(i + 1) - at(i)));
        break;
      }
      walked += chord;
      i++;
    }
  }
  return out;
}

/** Rows of at most as many nodes as fit the view's width, centred, starting at `y`; returns the next free y. */
function placeRows(
  nodes: readonly NodeId[],
  card: CardSize,
  x0: number,
  x1: number,
  y: number,
  out: Map<NodeId, Point>,
): number {
  const step = spacing(card);
  const perRow = Math.max(1, Math.floor((x1 - x0) / step.x));
  nodes.forEach((id, i) => {
    const row = Math.floor(i / perRow);
    const inRow = Math.min(perRow, nodes.length - row * perRow);
    const col = i % perRow;
    const x = (x0 + x1) / 2 + (col - (inRow - 1) / 2) * step.x;
    out.set(id, { x: Math.round(x), y: Math.round(y + row * step.y) });
  });
  return y + Math.ceil(nodes.length / perRow) * step.y;
}

/** The leader alone on top (if there is one), the other nodes in rows below it. */
function placeGrid(
  nodes: readonly NodeId[],
  leader: NodeId | null,
  card: CardSize,
  top: number,
  out: Map<NodeId, Point>,
): void {
  const step = spacing(card);
  let y = top + card.height / 2;
  if (leader !== null && nodes.includes(leader)) {
    out.set(leader, { x: VIEW_WIDTH / 2, y: Math.round(y) });
    y += step.y * 2;
  }
  placeRows(
    nodes.filter((n) => n !== leader),
    card,
    LEFT,
    VIEW_WIDTH - LEFT,
    y,
    out,
  );
}

/** One column per region, as the model laid them out, each a grid of its nodes in region order. */
function placeRegions(
  regions: readonly RegionBox[],
  nodes: readonly NodeId[],
  layout: Layout,
  card: CardSize,
  top: number,
  out: Map<NodeId, Point>,
): RegionBox[] {
  const columns = [...regions].sort((a, b) => a.x - b.x);
  const width = VIEW_WIDTH / Math.max(1, columns.length);
  // Each node to the column whose box held it in the model's layout (the nearest, for a node outside all).
  const members = columns.map(() => [] as NodeId[]);
  for (const id of nodes) {
    const p = layout.positions.get(id) ?? { x: 0, y: 0 };
    let best = 0;
    let bestDistance = Number.POSITIVE_INFINITY;
    columns.forEach((r, i) => {
      const d = Math.abs(r.x + r.width / 2 - p.x);
      if (d < bestDistance) {
        best = i;
        bestDistance = d;
      }
    });
    members[best]?.push(id);
  }
  const y0 = top + 30;
  return columns.map((r, i) => {
    const x0 = i * width + 14;
    const x1 = (i + 1) * width - 14;
    const ids = members[i] ?? [];
    const bottom = placeRows(ids, card, x0 + 8, x1 - 8, y0 + card.height / 2, out);
    return { ...r, x: x0, y: y0 - 26, width: x1 - x0, height: bottom - y0 + 26, nodeCount: ids.length };
  });
}

/** The drawn area: every node, client and region box with a margin, at least the usual minimum size. */
function contentBox(
  positions: ReadonlyMap<NodeId, Point>,
  nodes: readonly NodeId[],
  clients: readonly NodeId[],
  card: CardSize,
  regions: readonly RegionBox[] | undefined,
): ViewBox {
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  const add = (ax: number, ay: number, bx: number, by: number) => {
    x0 = Math.min(x0, ax);
    y0 = Math.min(y0, ay);
    x1 = Math.max(x1, bx);
    y1 = Math.max(y1, by);
  };
  for (const id of nodes) {
    const p = positions.get(id);
    // Room above and below for labels drawn beside a node (its id when selected, a quorum badge).
    if (p)
      add(
        p.x - card.width / 2 - 20,
        p.y - card.height / 2 - 24,
        p.x + card.width / 2 + 20,
        p.y + card.height / 2 + 24,
      );
  }
  for (const id of clients) {
    const p = positions.get(id);
    if (p) add(p.x - 45, p.y - 22, p.x + 45, p.y + 36);
  }
  for (const r of regions ?? []) add(r.x, r.y, r.x + r.width, r.y + r.height);
  if (!Number.isFinite(x0)) return { x: 0, y: 0, width: VIEW_WIDTH, height: 600 };
  const width = Math.max(MIN_VIEW_WIDTH, x1 - x0 + 36);
  const height = Math.max(MIN_VIEW_HEIGHT, y1 - y0 + 36);
  return {
    x: Math.round((x0 + x1) / 2 - width / 2),
    y: Math.round((y0 + y1) / 2 - height / 2),
    width: Math.round(width),
    height: Math.round(height),
  };
}

/**
 * Finds nodes near a point quickly: a grid of buckets over the view, so a pointer move over 1,000 dots looks at
 * a handful of them instead of all.
 */
export class NodeIndex {
  private readonly buckets = new Map<number, NodeId[]>();
  private readonly positions: ReadonlyMap<NodeId, Point>;
  private readonly cell: number;

  constructor(positions: ReadonlyMap<NodeId, Point>, nodes: readonly NodeId[], cell = 24) {
    this.positions = positions;
    this.cell = cell;
    for (const id of nodes) {
      const p = positions.get(id);
      if (!p) continue;
      const key = this.key(Math.floor(p.x / cell), Math.floor(p.y / cell));
      const bucket = this.buckets.get(key);
      if (bucket) bucket.push(id);
      else this.buckets.set(key, [id]);
    }
  }

  private key(cx: number, cy: number): number {
    return (cx + 10_000) * 20_000 + (cy + 10_000);
  }

  /** The node nearest to (x, y) within `radius` (view units), or null; ties go to the earlier node. */
  nearest(x: number, y: number, radius: number): NodeId | null {
    const c = this.cell;
    let best: NodeId | null = null;
    let bestD = radius * radius;
    const reach = Math.ceil(radius / c);
    const cx = Math.floor(x / c);
    const cy = Math.floor(y / c);
    for (let i = cx - reach; i <= cx + reach; i++)
      for (let j = cy - reach; j <= cy + reach; j++)
        for (const id of this.buckets.get(this.key(i, j)) ?? []) {
          const p = this.positions.get(id) as Point;
          const d = (p.x - x) ** 2 + (p.y - y) ** 2;
          if (d < bestD || (d === bestD && best === null)) {
            best = id;
            bestD = d;
          }
        }
    return best;
  }
}

/** What colours a compact node: the same states the cards show by class. */
export type NodeState = 'leader' | 'candidate' | 'follower' | 'replica' | 'down';

export function nodeState(node: { readonly up: boolean; readonly role: string }): NodeState {
  if (!node.up) return 'down';
  if (node.role === 'leader' || node.role === 'candidate' || node.role === 'replica') return node.role;
  return 'follower';
}
