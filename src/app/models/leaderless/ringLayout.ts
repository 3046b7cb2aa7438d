/**
 * The leaderless graph's layout: replicas sit around the consistent-hash ring (drawn at the centre), clients in
 * a row above. Replicas go clockwise from the top in node order; the ring's own geometry (centre, radius) is
 * returned beside the usual `Layout`, so the ring layer and the message layers share one coordinate system.
 */
import type { NodeId } from '../../../sim/types.ts';
import {
  type CardSize,
  cardSize,
  type Layout,
  type Point,
  type TopologyInput,
  viewWidthOf,
} from '../../graph/layout.ts';
import type { GraphTopology } from '../types.ts';

const CLIENT_Y = 50;
const MIN_WIDTH = 900;
const MIN_HEIGHT = 440;

export function computeRingLayout(input: TopologyInput): GraphTopology {
  const narrow = input.narrow ?? false;
  const card = cardSize(input.nodes.length, input.dataRows, narrow);
  const { positions, centre } = ringPositions(input, card, narrow);
  const { viewBox, top } = ringViewBox(input, positions, card, narrow, input.short ?? false);
  const distinct = [...new Set(input.sides.filter((s) => s > 0))].sort((a, b) => a - b);
  const layout: Layout = {
    positions,
    viewBox,
    divideTop: top,
    card,
    divides: [],
    // The ring has no columns: partition sides only colour the cards.
    sides: distinct.length > 1 ? distinct : [],
    centre,
  };
  return { input, layout };
}

/** Replicas clockwise from the top on an ellipse around the ring's centre; clients in a row above. */
function ringPositions(input: TopologyInput, card: CardSize, narrow: boolean) {
  const count = input.nodes.length;
  const large = count > 5;
  // An ellipse, wider than tall: cards are wide, and the view is too; on a phone, taller than wide.
  // A short frame (the embedded player) is bound by its height: a flatter ellipse, the clients closer above.
  const short = (input.short ?? false) && !narrow;
  const rx = narrow ? 150 : large ? 420 : 340;
  const ry = narrow ? (large ? 220 : 150) : short ? (large ? 170 : 150) : large ? 230 : 190;
  const cx = viewWidthOf(narrow) / 2;
  const clientGap = narrow ? 84 : 110;
  // The top card clears the clients, with room for the labels pinned above it.
  const cy = (short ? 140 : 165) + ry + card.height / 2;
  // The ring clears the top card's quorum badges (two rows under it, 44 units) on a flatter ellipse.
  const radius = short
    ? Math.max(44, Math.min(95, ry - card.height / 2 - 50))
    : Math.max(50, Math.min(95, ry - card.height / 2 - 30));
  const positions = new Map<NodeId, Point>();
  input.nodes.forEach((id, i) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / Math.max(1, count);
    positions.set(id, { x: Math.round(cx + rx * Math.cos(angle)), y: Math.round(cy + ry * Math.sin(angle)) });
  });
  input.clients.forEach((id, i) => {
    positions.set(id, { x: Math.round(cx + (i - (input.clients.length - 1) / 2) * clientGap), y: CLIENT_Y });
  });
  return { positions, centre: { x: cx, y: cy, radius } };
}

/** The view box around the cards (with room for their pills and badges) and the clients, and its top edge. */
function ringViewBox(
  input: TopologyInput,
  positions: ReadonlyMap<NodeId, Point>,
  card: CardSize,
  narrow: boolean,
  short: boolean,
) {
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (const id of input.nodes) {
    const p = positions.get(id);
    if (!p) continue;
    // Room above for the key-role and hints pills and below for the quorum badges.
    x0 = Math.min(x0, p.x - card.width / 2);
    x1 = Math.max(x1, p.x + card.width / 2);
    y0 = Math.min(y0, p.y - card.height / 2 - 42);
    y1 = Math.max(y1, p.y + card.height / 2 + 44);
  }
  for (const id of input.clients) {
    const p = positions.get(id);
    if (!p) continue;
    x0 = Math.min(x0, p.x - 45);
    x1 = Math.max(x1, p.x + 45);
    y0 = Math.min(y0, p.y - 22);
    y1 = Math.max(y1, p.y + 36);
  }
  if (!Number.isFinite(x0)) {
    x0 = 0;
    y0 = 0;
    x1 = viewWidthOf(narrow);
    y1 = 600;
  }
  const margin = 18;
  const width = Math.max(narrow ? 0 : MIN_WIDTH, x1 - x0 + 2 * margin);
  // A short frame takes the height the drawing needs, no more.
  const height = Math.max(narrow || short ? 0 : MIN_HEIGHT, y1 - y0 + 2 * margin);
  const viewBox = {
    x: Math.round((x0 + x1) / 2 - width / 2),
    y: Math.round((y0 + y1) / 2 - height / 2),
    width: Math.round(width),
    height: Math.round(height),
  };
  return { viewBox, top: y0 };
}
