/**
 * Node placement, computed headlessly with d3-force: the simulation is stopped and ticked to rest, and React
 * draws the result. d3-force seeds its own jiggle deterministically, so the same topology always gives the
 * same picture. When the network is partitioned each side is pulled towards its own column.
 */

import type { SimulationLinkDatum, SimulationNodeDatum } from 'd3-force';
import { forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY } from 'd3-force';
import type { NodeId } from '../../sim/types.ts';

export const VIEW_WIDTH = 1000;
export const VIEW_HEIGHT = 600;
/** The view's width in a narrow frame (a phone): about the screen's width, so text keeps its size. */
export const NARROW_VIEW_WIDTH = 440;

/** The width layouts spread nodes across. */
export function viewWidthOf(narrow: boolean | undefined): number {
  return narrow ? NARROW_VIEW_WIDTH : VIEW_WIDTH;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** How much each node card shows; large clusters get smaller cards. */
export interface CardSize {
  readonly width: number;
  readonly height: number;
  readonly rows: number;
}

export interface TopologyInput {
  readonly nodes: readonly NodeId[];
  readonly clients: readonly NodeId[];
  /** Partition side per node (0: no partition), in node order. */
  readonly sides: readonly number[];
  readonly leader: NodeId | null;
  /** The most keys any node holds. */
  readonly dataRows: number;
  /** Laid out for a narrow frame (a phone): a narrower view and compact cards. */
  readonly narrow?: boolean;
  /**
   * Laid out for a short, wide frame (the embedded player, 640x400): the picture is bound by its height, so a
   * layout that can spends less of it (the leaderless ring: a flatter ellipse).
   */
  readonly short?: boolean;
}

export interface Divide {
  readonly x: number;
}

export interface ViewBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Layout {
  readonly positions: ReadonlyMap<NodeId, Point>;
  /** The drawn area: the content's bounding box (with a margin), so small clusters fill the view. */
  readonly viewBox: ViewBox;
  /** Where the partition divide and its label start (below the clients). */
  readonly divideTop: number;
  readonly card: CardSize;
  readonly divides: readonly Divide[];
  /** The distinct sides, left to right (empty without a partition). */
  readonly sides: readonly number[];
  /** Groups of nodes drawn as boxes behind them (multi-leader regions). */
  readonly regions?: readonly RegionBox[];
  /** A circle at the middle of the picture that a model draws on (the leaderless ring). */
  readonly centre?: { readonly x: number; readonly y: number; readonly radius: number };
}

/** A group of nodes' rounded background, in view coordinates. */
export interface RegionBox {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly nodeCount: number;
}

/** The most keys any node holds, up to the six a card can show: what card sizes depend on. */
export function dataRowsOf(nodes: readonly { readonly data: readonly unknown[] }[]): number {
  return Math.min(6, Math.max(0, ...nodes.map((n) => n.data.length)));
}

interface Body extends SimulationNodeDatum {
  readonly id: NodeId;
  readonly client: boolean;
  readonly side: number;
}

/**
 * `dataRows` is the most keys any node holds: small clusters size their cards to fit it (up to 6). In a narrow
 * frame every card is compact: its id, role and one line (the data is in the tooltip and the Replica state tab).
 */
export function cardSize(nodeCount: number, dataRows: number, narrow = false): CardSize {
  if (narrow) return { width: 156, height: 50, rows: 0 };
  if (nodeCount <= 5) {
    const rows = Math.min(6, Math.max(2, dataRows));
    return { width: 204, height: 66 + rows * 15, rows };
  }
  if (nodeCount <= 9) return { width: 150, height: 118, rows: 3 };
  return { width: 118, height: 50, rows: 0 };
}

/** The columns of a partitioned view: one per side, as wide as its share of the nodes. */
interface Columns {
  readonly sides: readonly number[];
  readonly partitioned: boolean;
  readonly edges: readonly number[];
  columnOf(side: number): [number, number];
  columnX(side: number): number;
}

function columnsOf(input: TopologyInput, viewWidth: number): Columns {
  const sides = [...new Set(input.sides.filter((s) => s > 0))].sort((a, b) => a - b);
  const partitioned = sides.length > 1;
  // Each side gets a column as wide as its share of the nodes (at least a card and a half).
  const weights = sides.map((side) => Math.max(1.5, input.sides.filter((s) => s === side).length));
  const total = weights.reduce((a, b) => a + b, 0);
  const edges = [0];
  for (const w of weights) edges.push((edges.at(-1) ?? 0) + (w / total) * viewWidth);
  const columnOf = (side: number): [number, number] => {
    const i = sides.indexOf(side);
    return partitioned && i >= 0 ? [edges[i] ?? 0, edges[i + 1] ?? viewWidth] : [0, viewWidth];
  };
  const columnX = (side: number): number => {
    const [left, right] = columnOf(side);
    return (left + right) / 2;
  };
  return { sides, partitioned, edges, columnOf, columnX };
}

const CLIENT_Y = 50;

/** Nodes start on a ring (so the forces settle the same way each time), clients in a row above. */
function startBodies(input: TopologyInput, columns: Columns, viewWidth: number, nodeTop: number): Body[] {
  const nodeCenterY = (nodeTop + VIEW_HEIGHT) / 2;
  return [
    ...input.nodes.map((id, i) => {
      const side = input.sides[i] ?? 0;
      const angle = -Math.PI / 2 - (2 * Math.PI * i) / Math.max(1, input.nodes.length);
      return {
        id,
        client: false,
        side,
        x: columns.columnX(side) + Math.cos(angle) * 150,
        y: nodeCenterY + Math.sin(angle) * 120,
      };
    }),
    ...input.clients.map((id, i) => ({
      id,
      client: true,
      side: 0,
      x: viewWidth / 2 + (i - (input.clients.length - 1) / 2) * 90,
      y: CLIENT_Y,
    })),
  ];
}

/** Ticks of the force layout: d3-force's alpha decays to its minimum in 300 (the layout at rest). */
export const SETTLE_TICKS = 300;

/** The forces, stopped: links from the leader, cards apart, each side in its column, the leader on top. */
function forces(bodies: Body[], input: TopologyInput, card: CardSize, columns: Columns, frame: Frame) {
  const { partitioned } = columns;
  const links: SimulationLinkDatum<Body>[] = input.leader
    ? input.nodes.filter((n) => n !== input.leader).map((n) => ({ source: input.leader ?? n, target: n }))
    : [];
  // Room for the rings drawn around leaders and candidates (6 px each side); large clusters need the space more.
  const gap = input.nodes.length > 9 ? 14 : 24;
  // The leader sits high, followers below it: the replication tree reads top to bottom.
  const targetY = (b: Body): number =>
    b.client
      ? CLIENT_Y
      : b.id === input.leader
        ? frame.nodeTop + 0.14 * (VIEW_HEIGHT - frame.nodeTop)
        : frame.nodeTop + 0.58 * (VIEW_HEIGHT - frame.nodeTop);
  return forceSimulation<Body>(bodies)
    .force(
      'charge',
      forceManyBody<Body>().strength((b) => (b.client ? -60 : -500)),
    )
    .force(
      'link',
      forceLink<Body, SimulationLinkDatum<Body>>(links)
        .id((b) => b.id)
        .distance(card.width + 70)
        .strength(partitioned ? 0.02 : 0.3),
    )
    .force(
      'collide',
      forceCollide<Body>((b) => (b.client ? 40 : 0)),
    )
    .force('cards', rectangleCollide(bodies, card.width + gap, card.height + gap))
    .force(
      'x',
      forceX<Body>((b) => (b.client ? frame.viewWidth / 2 : columns.columnX(b.side))).strength(
        partitioned ? 0.12 : 0.04,
      ),
    )
    .force(
      'y',
      forceY<Body>(targetY).strength((b) => (b.client ? 1 : 0.08)),
    )
    .force('bounds', keepInside(bodies, frame.region))
    .stop();
}

/** The view's width, where the nodes start below the clients, and the box each card must stay in. */
interface Frame {
  readonly viewWidth: number;
  readonly nodeTop: number;
  region(b: Body): Box;
}

export function computeLayout(input: TopologyInput): Layout {
  return runSteps(layoutInSteps(input));
}

/** A stepped computation run to its end at once. */
export function runSteps<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * computeLayout in steps of `ticks` ticks of the forces each, so a caller can spread it over several tasks
 * (graph/deferredLayout.ts); the same layout whatever the steps, since 300 ticks one by one are d3-force's
 * tick(300).
 */
export function* layoutInSteps(input: TopologyInput, ticks = SETTLE_TICKS): Generator<void, Layout, void> {
  const card = cardSize(input.nodes.length, input.dataRows, input.narrow);
  const viewWidth = viewWidthOf(input.narrow);
  const columns = columnsOf(input, viewWidth);
  const { sides, partitioned, edges } = columns;
  const nodeTop = input.clients.length > 0 ? 124 : 30;
  const region = (b: Body): Box => {
    const [columnLeft, columnRight] = columns.columnOf(b.side);
    const left = partitioned ? columnLeft + 24 : 0;
    const right = partitioned ? columnRight - 24 : viewWidth;
    return {
      x0: left + card.width / 2 + 6,
      x1: right - card.width / 2 - 6,
      y0: nodeTop + card.height / 2 - 4,
      y1: VIEW_HEIGHT - card.height / 2 - 6,
    };
  };
  const bodies = startBodies(input, columns, viewWidth, nodeTop);
  const simulation = forces(bodies, input, card, columns, { viewWidth, nodeTop, region });
  for (let done = 0; done < SETTLE_TICKS; done += ticks) {
    if (done > 0) yield;
    simulation.tick(Math.min(ticks, SETTLE_TICKS - done));
  }

  // Fit each side into its region of the view: spread small clusters out, keep large ones inside.
  const positions = new Map<NodeId, Point>();
  for (const side of partitioned ? sides : [0]) {
    const members = bodies.filter((b) => !b.client && (!partitioned || b.side === side));
    const first = members[0];
    if (first) fitInto(members, region(first));
    for (const b of members) positions.set(b.id, { x: Math.round(b.x ?? 0), y: Math.round(b.y ?? 0) });
  }
  for (const b of bodies)
    if (b.client)
      positions.set(b.id, {
        x: Math.round(clampRange(b.x ?? 0, 40, viewWidth - 40)),
        y: Math.round(clampRange(b.y ?? 0, 30, 110)),
      });
  const divides = partitioned ? edges.slice(1, -1).map((x) => ({ x })) : [];
  const viewBox = contentBox(input, positions, card, divides, input.narrow ? 0 : MIN_VIEW_WIDTH);
  return { positions, viewBox, divideTop: nodeTop - 18, card, divides, sides: partitioned ? sides : [] };
}

const MIN_VIEW_WIDTH = 900;
const MIN_VIEW_HEIGHT = 440;

function contentBox(
  input: TopologyInput,
  positions: ReadonlyMap<NodeId, Point>,
  card: CardSize,
  divides: readonly Divide[],
  minWidth: number,
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
  for (const id of input.nodes) {
    const p = positions.get(id);
    if (p) add(p.x - card.width / 2, p.y - card.height / 2, p.x + card.width / 2, p.y + card.height / 2);
  }
  for (const id of input.clients) {
    const p = positions.get(id);
    if (p) add(p.x - 45, p.y - 22, p.x + 45, p.y + 36);
  }
  for (const d of divides) add(d.x - 60, y0, d.x + 60, y1);
  if (!Number.isFinite(x0)) return { x: 0, y: 0, width: VIEW_WIDTH, height: VIEW_HEIGHT };
  const margin = 18;
  let width = x1 - x0 + 2 * margin;
  let height = y1 - y0 + 2 * margin;
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  width = Math.max(width, minWidth);
  height = Math.max(height, minWidth === 0 ? 0 : MIN_VIEW_HEIGHT);
  return {
    x: Math.round(cx - width / 2),
    y: Math.round(cy - height / 2),
    width: Math.round(width),
    height: Math.round(height),
  };
}

interface Box {
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
}

/**
 * Spreads the bodies out horizontally around their centre (at most MAX_SPREAD times, never shrinking) to use
 * the box's width; views are wider than tall, so height is left as the forces made it.
 */
function fitInto(bodies: Body[], box: Box): void {
  if (bodies.length === 0) return;
  const xs = bodies.map((b) => b.x ?? 0);
  const minX = Math.min(...xs);
  const maxX = Math.max(...xs);
  const width = Math.max(0, box.x1 - box.x0);
  const sx = maxX > minX ? width / (maxX - minX) : Number.POSITIVE_INFINITY;
  const scale = Math.max(1, Math.min(sx, MAX_SPREAD));
  const cx = (minX + maxX) / 2;
  const tx = (box.x0 + box.x1) / 2;
  for (const b of bodies) {
    b.x = clampRange(tx + ((b.x ?? 0) - cx) * scale, box.x0, box.x1);
    b.y = clampRange(b.y ?? 0, box.y0, box.y1);
  }
}

const MAX_SPREAD = 1.7;

/**
 * Cards are wide rectangles, so circles collide them badly: this force pushes overlapping cards apart along
 * the axis where they overlap least. Quadratic, which is fine for at most 25 nodes.
 */
function rectangleCollide(bodies: readonly Body[], width: number, height: number) {
  const cards = bodies.filter((b) => !b.client);
  return (alpha: number) => {
    const strength = 0.5 + alpha * 0.5;
    for (let i = 0; i < cards.length; i++) {
      const a = cards[i] as Body;
      for (let j = i + 1; j < cards.length; j++) {
        const b = cards[j] as Body;
        const dx = (b.x ?? 0) + (b.vx ?? 0) - (a.x ?? 0) - (a.vx ?? 0);
        const dy = (b.y ?? 0) + (b.vy ?? 0) - (a.y ?? 0) - (a.vy ?? 0);
        const ox = width - Math.abs(dx);
        const oy = height - Math.abs(dy);
        if (ox <= 0 || oy <= 0) continue;
        if (ox / width < oy / height) {
          const push = (ox / 2) * strength * (dx < 0 ? -1 : 1);
          a.vx = (a.vx ?? 0) - push;
          b.vx = (b.vx ?? 0) + push;
        } else {
          const push = (oy / 2) * strength * (dy < 0 ? -1 : 1);
          a.vy = (a.vy ?? 0) - push;
          b.vy = (b.vy ?? 0) + push;
        }
      }
    }
  };
}

/** Keeps every card inside its region (its side of the partition), by trimming the velocity that would leave it. */
function keepInside(bodies: readonly Body[], region: (b: Body) => Box) {
  const cards = bodies.filter((b) => !b.client).map((b) => ({ b, box: region(b) }));
  return () => {
    for (const { b, box } of cards) {
      const x = b.x ?? 0;
      const y = b.y ?? 0;
      const nx = x + (b.vx ?? 0);
      const ny = y + (b.vy ?? 0);
      if (nx < box.x0) b.vx = box.x0 - x;
      else if (nx > box.x1) b.vx = box.x1 - x;
      if (ny < box.y0) b.vy = box.y0 - y;
      else if (ny > box.y1) b.vy = box.y1 - y;
    }
  };
}

function clampRange(value: number, min: number, max: number): number {
  if (min > max) return (min + max) / 2;
  return Math.min(max, Math.max(min, value));
}
