/**
 * Where messages travel: from the edge of the sender's shape to the edge of the receiver's, offset a little
 * to one side by direction, so a request and its response on the same link do not sit on top of each other.
 */
import type { NodeId } from '../../sim/types.ts';
import type { Layout, Point } from './layout.ts';

export const CLIENT_RADIUS = 18;
/** How a client (and its stale-read pill, drawn in front of all clients) glides to a new place in the layout. */
export const CLIENT_MOVE = { type: 'spring', stiffness: 120, damping: 20 } as const;
const LANE_OFFSET = 5;

export interface Segment {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

export function isClient(layout: Layout, id: NodeId, clients: ReadonlySet<NodeId>): boolean {
  return clients.has(id) || !layout.positions.has(id);
}

/** The segment a message from `from` to `to` travels along, or null when either end is not on the graph. */
export function linkSegment(
  layout: Layout,
  clients: ReadonlySet<NodeId>,
  from: NodeId,
  to: NodeId,
): Segment | null {
  const a = layout.positions.get(from);
  const b = layout.positions.get(to);
  if (!a || !b) return null;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length = Math.hypot(dx, dy) || 1;
  const ux = dx / length;
  const uy = dy / length;
  const start = shrink(a, ux, uy, clients.has(from), layout);
  const end = shrink(b, -ux, -uy, clients.has(to), layout);
  // Right-hand lane: perpendicular offset by direction of travel.
  const ox = -uy * LANE_OFFSET;
  const oy = ux * LANE_OFFSET;
  return { x1: start.x + ox, y1: start.y + oy, x2: end.x + ox, y2: end.y + oy };
}

/** Moves from a shape's centre to its border along (ux, uy). */
function shrink(center: Point, ux: number, uy: number, client: boolean, layout: Layout): Point {
  if (client) return { x: center.x + ux * CLIENT_RADIUS, y: center.y + uy * CLIENT_RADIUS };
  const hw = layout.card.width / 2;
  const hh = layout.card.height / 2;
  const tx = ux === 0 ? Number.POSITIVE_INFINITY : hw / Math.abs(ux);
  const ty = uy === 0 ? Number.POSITIVE_INFINITY : hh / Math.abs(uy);
  const t = Math.min(tx, ty);
  return { x: center.x + ux * t, y: center.y + uy * t };
}

export function pointAt(segment: Segment, fraction: number): Point {
  return {
    x: segment.x1 + (segment.x2 - segment.x1) * fraction,
    y: segment.y1 + (segment.y2 - segment.y1) * fraction,
  };
}

/** Fraction of the way a message has travelled at `nowUs`, from simulated time only. */
export function progress(nowUs: number, sentAt: number, deliverAt: number): number {
  const span = deliverAt - sentAt;
  if (span <= 0) return 1;
  return Math.min(1, Math.max(0, (nowUs - sentAt) / span));
}

/** A link's segment with its direction vector precomputed, for placing many dots quickly. */
export interface Link {
  readonly x1: number;
  readonly y1: number;
  readonly dx: number;
  readonly dy: number;
}

/** Segments per (from, to) pair, computed once per layout: a frame then costs one map lookup per message. */
export function createLinkCache(layout: Layout, clients: ReadonlySet<NodeId>) {
  const cache = new Map<string, Link | null>();
  return {
    get(from: NodeId, to: NodeId): Link | null {
      const key = `${from}\u0000${to}`;
      let link = cache.get(key);
      if (link === undefined) {
        const s = linkSegment(layout, clients, from, to);
        link = s ? { x1: s.x1, y1: s.y1, dx: s.x2 - s.x1, dy: s.y2 - s.y1 } : null;
        cache.set(key, link);
      }
      return link;
    },
  };
}
