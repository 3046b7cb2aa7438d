/**
 * The first graph drawn before React has arrived: the page's frame (the header's bar, the scenario's intro, the
 * graph's box) and the leader-follower graph of the worker's latest snapshot as plain SVG, with the classes and
 * geometry the React graph gives the same snapshot: the places come from the graph's own layout
 * (`computeLayout`, fed the same input as `models/leader-follower/topology.ts`), the card's drawing mirrors
 * `graph/NodeCard.tsx`, the leader-follower body and `graph/NodeData.tsx`. React replaces all of it in its first
 * commit, which draws the same graph in the same box (tests/e2e/first-paint.spec.ts checks both).
 *
 * It draws only what it can draw exactly (`paintable`): a preset's leader-follower run on a wide screen, with
 * cards (up to CHIPS_ABOVE nodes), no partition, no split brain and no sticky reads. Anything else waits for React.
 */
import { getPreset, START_HERE } from '../../sim/scenarios/presets/catalog.ts';
import type { NodeView, Role } from '../../sim/types.ts';
import type { ViewSnapshot } from '../../worker/protocol.ts';
import { CLIENT_RADIUS } from '../graph/geometry.ts';
import {
  type CardSize,
  computeLayout,
  dataRowsOf,
  type Layout,
  type TopologyInput,
} from '../graph/layout.ts';
import { CHIPS_ABOVE } from '../graph/lod.ts';
import { leaderFollowerBodyText } from '../models/leader-follower/bodyText.ts';
import { layoutLeader, upLeaders } from '../models/leader-follower/leadership.ts';
import { KIND_LABELS } from '../oracle/kindLabels.ts';

const esc = (text: string | number) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Whether the first paint can draw this snapshot exactly as the React graph will. */
export function paintable(snapshot: ViewSnapshot, presetId: string | null, narrow: boolean): boolean {
  return (
    presetId !== null &&
    getPreset(presetId) !== undefined &&
    !narrow &&
    snapshot.view.model === 'leader-follower' &&
    snapshot.nodes.length > 0 &&
    snapshot.nodes.length <= CHIPS_ABOVE &&
    snapshot.nodes.every((n) => n.side === 0) &&
    snapshot.clients.every((c) => !c.sticky) &&
    upLeaders(snapshot.nodes).length <= 1
  );
}

/** The graph's input, as `useLeaderFollowerTopology` builds it from a snapshot. */
export function topologyOf(snapshot: ViewSnapshot): TopologyInput {
  return {
    nodes: snapshot.nodes.map((n) => n.id),
    clients: snapshot.clients.map((c) => c.id),
    sides: snapshot.nodes.map((n) => n.side),
    leader: layoutLeader(snapshot.nodes),
    dataRows: dataRowsOf(snapshot.nodes),
    narrow: false,
  };
}

/** The logo, as header/BrandMark.tsx draws it. */
const BRAND_MARK =
  '<svg class="brand-mark" viewBox="0 0 32 32" aria-hidden="true"><path d="M16 9 L7 23 M16 9 L25 23" stroke="#8b93b0" stroke-width="2" stroke-linecap="round"></path><circle cx="11.5" cy="16" r="2" fill="#b18cff"></circle><circle cx="16" cy="8" r="5" fill="#4da3ff"></circle><circle cx="7" cy="24" r="4" fill="#3ecf8e"></circle><circle cx="25" cy="24" r="4" fill="#3ecf8e"></circle></svg>';

/** The page's frame around the graph: the brand's bar, the preset's intro, the graph's box. */
export function frameHtml(presetId: string): string {
  const preset = getPreset(presetId);
  const twin = preset?.fixes ? getPreset(preset.fixes) : undefined;
  const watch = twin
    ? `no ${esc(twin.shows.map((k) => KIND_LABELS[k]).join(' or '))}. This is the fix of “${esc(twin.title)}”.`
    : preset?.shows.length
      ? `${preset.shows.map((k) => `<span class="watch-kind tag-${k}">${esc(KIND_LABELS[k])}</span>`).join(', ')}, counted under the graph as they happen.`
      : '';
  return `<div class="app first-paint" aria-busy="true"><header class="app-header"><div class="brand">${BRAND_MARK}<h1 class="brand-title">Replication Lab</h1></div></header>
<main class="workspace"><section class="scenario-intro" aria-label="Scenario summary"><div class="intro-head"><h2>${esc(preset?.title ?? '')}</h2>${tourHtml(presetId)}</div>
<p class="intro-summary">${esc(preset?.summary ?? '')}</p><div class="intro-more">${watch ? `<p class="intro-watch"><span class="intro-watch-label">Watch for:</span> ${watch}</p>` : ''}</div></section>
<div class="stage-banner"></div><section class="graph-area" aria-label="Simulation"><div class="graph"></div></section></main></div>`;
}

/**
 * The start-here path's place in the intro's head (page/StartHere.tsx), hidden: it takes the room the tour's
 * buttons will, so the graph's box starts where React's will, without buttons that do nothing yet.
 */
function tourHtml(presetId: string): string {
  const index = START_HERE.findIndex((p) => p.id === presetId);
  const inner =
    index < 0
      ? '<button type="button" class="link-button" tabindex="-1">New here? Start the tour</button>'
      : `<span class="start-here-step">Tour ${index + 1} of ${START_HERE.length}</span><button type="button" tabindex="-1">‹ Previous</button><button type="button" tabindex="-1">Next ›</button>`;
  return `<nav class="start-here" aria-hidden="true">${inner}</nav>`;
}

/** The graph's SVG for a snapshot, laid out by `layout` (computeLayout of `topologyOf(snapshot)`). */
export function graphSvg(snapshot: ViewSnapshot, layout: Layout, leader: string | null): string {
  const { x, y, width, height } = layout.viewBox;
  const hub = leader ? layout.positions.get(leader) : undefined;
  const links: string[] = [];
  for (const n of hub ? snapshot.nodes : []) {
    const p = layout.positions.get(n.id);
    if (hub && p && n.id !== leader)
      links.push(`<line class="link" x1="${hub.x}" y1="${hub.y}" x2="${p.x}" y2="${p.y}"></line>`);
  }
  for (const c of hub ? snapshot.clients : []) {
    const p = layout.positions.get(c.id);
    if (hub && p)
      links.push(
        `<line class="link link-client" x1="${p.x}" y1="${p.y}" x2="${hub.x}" y2="${hub.y}"></line>`,
      );
  }
  const current = upLeaders(snapshot.nodes)[0]?.id ?? null;
  const cards = snapshot.nodes.map((n) => cardSvg(n, layout, n.id === current));
  const clients = snapshot.clients.map((c) => {
    const p = layout.positions.get(c.id) ?? { x: 0, y: 0 };
    const badge =
      c.pending > 0
        ? `<g class="client-pending" transform="translate(${CLIENT_RADIUS - 2},${-CLIENT_RADIUS + 2})"><circle r="8"></circle><text y="3.5" text-anchor="middle">${c.pending > 99 ? '99+' : c.pending}</text></g>`
        : '';
    return `<g class="client" data-client-id="${esc(c.id)}" transform="translate(${p.x},${p.y})"><circle r="${CLIENT_RADIUS}" class="client-circle"></circle><path class="client-icon" d="M -6 6 a 6 6 0 0 1 12 0 M 0 -1 m -4 -3 a 4 4 0 1 0 8 0 a 4 4 0 1 0 -8 0"></path><text class="client-label" y="${CLIENT_RADIUS + 14}" text-anchor="middle">${esc(c.id)}</text>${badge}</g>`;
  });
  return `<svg class="graph-svg graph-base" viewBox="${x} ${y} ${width} ${height}" preserveAspectRatio="xMidYMid meet" aria-label="Cluster graph">${
    links.length ? `<g class="links">${links.join('')}</g>` : ''
  }${cards.join('')}${clients.join('')}</svg>`;
}

/** One node's card, as NodeCard draws it (without the React card's button and menu, which come with React). */
function cardSvg(node: NodeView, layout: Layout, current: boolean): string {
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
  return `<g class="node-presence"><g class="${classes}" data-first-paint-node="${esc(node.id)}" transform="translate(${p.x},${p.y})"><g class="node-face">${halo}${ring}<rect class="node-card" x="${-w / 2}" y="${-h / 2}" width="${w}" height="${h}" rx="10"></rect><rect class="node-header" x="${-w / 2}" y="${-h / 2}" width="${w}" height="26" rx="10"></rect><rect class="node-header-fill" x="${-w / 2}" y="${-h / 2 + 14}" width="${w}" height="12"></rect><circle class="node-status" cx="${-w / 2 + 12}" cy="${-h / 2 + 13}" r="4"></circle>${nodeId(node.id, -w / 2 + 22, -h / 2 + 17, w - 34 - badge.width, compact)}<g class="role-badge role-${node.role}" transform="translate(${w / 2 - 6 - badge.width},${-h / 2 + 6})"><rect width="${badge.width}" height="14" rx="7"></rect><text x="${badge.width / 2}" y="10.5" text-anchor="middle">${badge.text}</text></g>${bodySvg(node, card)}${cross}<rect class="focus-ring" x="${-w / 2 - 2}" y="${-h / 2 - 2}" width="${w + 4}" height="${h + 4}" rx="12"></rect></g></g></g>`;
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

function roleBadge(role: Role, compact: boolean): { text: string; width: number } {
  if (compact) return { text: role === 'leader' ? 'L' : role === 'candidate' ? 'C' : 'F', width: 16 };
  if (role === 'leader') return { text: 'LEADER', width: 52 };
  if (role === 'candidate') return { text: 'CANDIDATE', width: 72 };
  return { text: 'follower', width: 50 };
}

/** The leader-follower body (models/leader-follower/NodeBody.tsx) with its data table (graph/NodeData.tsx). */
function bodySvg(node: NodeView, card: CardSize): string {
  const { width: w, height: h, rows } = card;
  const left = -w / 2 + 10;
  const top = -h / 2 + 26;
  const text = leaderFollowerBodyText(node, card);
  if (!text) return '';
  const { applied, term, lag, behind, empty } = text;
  const meta = `<text class="node-meta" x="${left}" y="${top + 15}"><tspan>${applied}</tspan><tspan class="node-term">${term}</tspan><tspan class="${behind ? 'lag lag-behind' : 'lag'}" x="${w / 2 - 10}" text-anchor="end">${lag}</tspan></text>`;
  if (rows === 0) return `<g class="node-body">${meta}</g>`;
  const wide = w > 150;
  const cut = (text: string, max: number) =>
    text.length > max ? `${text.slice(0, Math.max(1, max - 1))}…` : text;
  const shown = node.data.slice(0, rows);
  const lines = shown.map(
    (kv, i) =>
      `<text class="kv" x="${left}" y="${top + 36 + i * 15}"><tspan class="kv-key">${esc(cut(kv.key, wide ? 11 : 8))}</tspan><tspan class="kv-value" x="${left + (wide ? 88 : 72)}">${esc(cut(kv.value, wide ? 6 : 5))}</tspan><tspan class="kv-version" x="${w / 2 - 10}" text-anchor="end">@${kv.version}</tspan></text>`,
  );
  if (node.data.length === 0)
    lines.push(`<text class="kv kv-empty" x="${left}" y="${top + 36}">${empty}</text>`);
  const hidden = node.data.length - shown.length;
  if (hidden > 0)
    lines.push(
      `<text class="kv kv-more" x="${left}" y="${top + 36 + shown.length * 15}">+${hidden} more</text>`,
    );
  return `<g class="node-body">${meta}<g class="node-data"><line x1="${left}" x2="${w / 2 - 10}" y1="${top + 22}" y2="${top + 22}"></line>${lines.join('')}</g></g>`;
}

export { computeLayout };
