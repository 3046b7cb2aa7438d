/**
 * The drawing every model's first paint shares (paint.ts, paintMultiLeader.ts, paintLeaderless.ts): a node's card
 * as graph/NodeCard.tsx draws it (without the React card's button, tooltip and menu, which come with React), with
 * the model's body given as markup, and a client as graph/ClientNode.tsx draws it. A change to either belongs in
 * both places.
 */
import type { ClientView, NodeView } from '../../sim/types.ts';
import { CLIENT_RADIUS } from '../graph/geometry.ts';
import type { Layout } from '../graph/layout.ts';
import { roleBadge } from '../graph/roleBadge.ts';

export const esc = (text: string | number) =>
  String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** As graph/NodeData.tsx and the models' bodies cut a text to `max` characters. */
export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, Math.max(1, max - 1))}…` : text;
}

/**
 * One node's card. `current`: it has the current leader's halo (leader-follower's leader of the highest term);
 * `body`: the model's body, drawn over the down cross (as graph/NodeCard.tsx draws it).
 */
export function cardSvg(node: NodeView, layout: Layout, current: boolean, body: string): string {
  const { card } = layout;
  const { width: w, height: h } = card;
  const p = layout.positions.get(node.id) ?? { x: 0, y: 0 };
  const compact = w < 150 || card.rows === 0;
  const badge = roleBadge(node.role, compact);
  const halo =
    current && node.up
      ? `<rect class="leader-halo" x="${-w / 2 - 5}" y="${-h / 2 - 5}" width="${w + 10}" height="${h + 10}" rx="14"></rect>`
      : '';
  const ring =
    node.role === 'candidate' && node.up
      ? `<rect class="candidate-ring${matchMedia('(prefers-reduced-motion: reduce)').matches ? '' : ' candidate-pulse'}" x="${-w / 2 - 6}" y="${-h / 2 - 6}" width="${w + 12}" height="${h + 12}" rx="15"></rect>`
      : '';
  const s = Math.min(w, h) / 4;
  const cross = node.up
    ? ''
    : `<g class="down-cross"><line x1="${-s}" y1="${-s + 8}" x2="${s}" y2="${s + 8}"></line><line x1="${s}" y1="${-s + 8}" x2="${-s}" y2="${s + 8}"></line></g>`;
  const classes = `node ${node.up ? 'node-up' : 'node-down'} node-${node.role}${current && node.up ? ' node-current' : ''} side-0`;
  return `<g class="node-presence"><g class="${classes}" data-first-paint-node="${esc(node.id)}" transform="translate(${p.x},${p.y})"><g class="node-face">${halo}${ring}<rect class="node-card" x="${-w / 2}" y="${-h / 2}" width="${w}" height="${h}" rx="10"></rect><rect class="node-header" x="${-w / 2}" y="${-h / 2}" width="${w}" height="26" rx="10"></rect><rect class="node-header-fill" x="${-w / 2}" y="${-h / 2 + 14}" width="${w}" height="12"></rect><circle class="node-status" cx="${-w / 2 + 12}" cy="${-h / 2 + 13}" r="4"></circle>${nodeId(node.id, -w / 2 + 22, -h / 2 + 17, w - 34 - badge.width, compact)}<g class="role-badge role-${node.role}" transform="translate(${w / 2 - 6 - badge.width},${-h / 2 + 6})"><rect width="${badge.width}" height="14" rx="7"></rect><text x="${badge.width / 2}" y="10.5" text-anchor="middle">${badge.text}</text></g>${cross}${body}<rect class="focus-ring" x="${-w / 2 - 2}" y="${-h / 2 - 2}" width="${w + 4}" height="${h + 4}" rx="12"></rect></g></g></g>`;
}

/** The id in the card's header, squeezed or truncated as NodeCard's NodeId does. */
function nodeId(id: string, x: number, y: number, room: number, compact: boolean): string {
  const charWidth = compact ? 7.4 : 8;
  const fits = Math.floor(room / charWidth);
  const squeeze = id.length > fits && id.length * charWidth * 0.85 <= room;
  const text = squeeze || id.length <= fits ? id : `${id.slice(0, fits - 1)}…`;
  const fit = squeeze ? ` textLength="${room}" lengthAdjust="spacingAndGlyphs"` : '';
  return `<text class="node-id${compact ? ' node-id-compact' : ''}" x="${x}" y="${y}"${fit}>${esc(text)}</text>`;
}

/** A client, as ClientNode draws it (without its tooltip and its anomaly pill, which come with React). */
export function clientSvg(c: ClientView, layout: Layout): string {
  const p = layout.positions.get(c.id) ?? { x: 0, y: 0 };
  const badge =
    c.pending > 0
      ? `<g class="client-pending" transform="translate(${CLIENT_RADIUS - 2},${-CLIENT_RADIUS + 2})"><circle r="8"></circle><text y="3.5" text-anchor="middle">${c.pending > 99 ? '99+' : c.pending}</text></g>`
      : '';
  return `<g class="client" data-client-id="${esc(c.id)}" transform="translate(${p.x},${p.y})"><circle r="${CLIENT_RADIUS}" class="client-circle"></circle><path class="client-icon" d="M -6 6 a 6 6 0 0 1 12 0 M 0 -1 m -4 -3 a 4 4 0 1 0 8 0 a 4 4 0 1 0 -8 0"></path><text class="client-label" y="${CLIENT_RADIUS + 14}" text-anchor="middle">${esc(c.id)}</text>${badge}</g>`;
}

/** The graph's base SVG around `layers`, over the layout's view box, as Graph.tsx draws it. */
export function svgOf(layout: Layout, layers: string): string {
  const { x, y, width, height } = layout.viewBox;
  return `<svg class="graph-svg graph-base" viewBox="${x} ${y} ${width} ${height}" preserveAspectRatio="xMidYMid meet" aria-label="Cluster graph">${layers}</svg>`;
}

/** graph/NodeData.tsx: the card's data table (key, value, @version per row), "+n more", or why it is empty. */
export function nodeDataSvg(data: NodeView['data'], card: Layout['card'], empty: string): string {
  const { width: w, height: h, rows } = card;
  if (rows === 0) return '';
  const left = -w / 2 + 10;
  const top = -h / 2 + 26;
  const wide = w > 150;
  const shown = data.slice(0, rows);
  const lines = shown.map(
    (kv, i) =>
      `<text class="kv" x="${left}" y="${top + 36 + i * 15}"><tspan class="kv-key">${esc(truncate(kv.key, wide ? 11 : 8))}</tspan><tspan class="kv-value" x="${left + (wide ? 88 : 72)}">${esc(truncate(kv.value, wide ? 6 : 5))}</tspan><tspan class="kv-version" x="${w / 2 - 10}" text-anchor="end">@<!---->${kv.version}</tspan></text>`,
  );
  if (data.length === 0)
    lines.push(`<text class="kv kv-empty" x="${left}" y="${top + 36}">${esc(empty)}</text>`);
  const hidden = data.length - shown.length;
  if (hidden > 0)
    lines.push(
      `<text class="kv kv-more" x="${left}" y="${top + 36 + shown.length * 15}">+<!---->${hidden}<!----> more</text>`,
    );
  return `<g class="node-data"><line x1="${left}" x2="${w / 2 - 10}" y1="${top + 22}" y2="${top + 22}"></line>${lines.join('')}</g>`;
}
