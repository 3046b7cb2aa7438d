/**
 * The first paint of a multi-leader run (paint.ts dispatches here): its regions' groups and the links changes
 * travel along (models/multi-leader/RegionLayer.tsx), laid out by the graph's own region layout
 * (`computeRegionLayout`, fed what models/multi-leader/regionTopology.ts feeds it), and its cards' bodies as
 * MultiLeaderNodeBody.tsx draws them. Only runs with regions and no cut link: what it draws is what React's first
 * commit draws for the same snapshot. A change to those views belongs here too.
 */
import type { Scenario } from '../../sim/scenarios/schema.ts';
import type { NodeView } from '../../sim/types.ts';
import type { ViewSnapshot } from '../../worker/protocol.ts';
import { type CardSize, dataRowsOf, type Layout } from '../graph/layout.ts';
import { mlBodyLayout } from '../models/multi-leader/bodyLayout.ts';
import { leaderPairs } from '../models/multi-leader/leaderPairs.ts';
import { computeRegionLayout, type RegionInput } from '../models/multi-leader/regionLayout.ts';
import { cardSvg, clientSvg, esc, svgOf, truncate } from './card.ts';
import type { ModelPainter, PaintInput } from './paint.ts';

/** A multi-leader snapshot the painter draws exactly: regions, no cut link (sides and stickiness: paint.ts). */
export function multiLeaderPaintable(snapshot: ViewSnapshot): boolean {
  return snapshot.regions.length > 0 && snapshot.network.cuts.length === 0;
}

/**
 * The region layout's input, as regionTopology.ts `regionInput` builds it from the store: the snapshot and the
 * run's scenario (which names each client's region or home; the worker posts it before the first snapshot).
 */
export function regionInputOf(snapshot: ViewSnapshot, scenario: Scenario | null): RegionInput {
  const regions = snapshot.regions;
  const regionOfNode = new Map(regions.flatMap((r) => r.nodes.map((n) => [n, r.id] as const)));
  const clients = (scenario?.clients ?? []).map((c) => ({
    id: c.id,
    region: c.region ?? (c.home ? (regionOfNode.get(c.home) ?? null) : null),
  }));
  const view = snapshot.view.model === 'multi-leader' ? snapshot.view : null;
  return {
    nodes: snapshot.nodes.map((n) => n.id),
    sides: snapshot.nodes.map((n) => n.side),
    regions: regions.map((r) => ({ id: r.id, nodes: [...r.nodes] })),
    leaders: view?.settings.leaders ?? scenario?.multiLeader?.leaders ?? [],
    clients: snapshot.clients.map((c) => clients.find((x) => x.id === c.id) ?? { id: c.id, region: null }),
    dataRows: Math.min(4, dataRowsOf(snapshot.nodes)),
  };
}

/** The multi-leader graph: region groups, links, cards, clients (Graph.tsx's layers that draw anything here). */
export function multiLeaderSvg(snapshot: ViewSnapshot, layout: Layout): string {
  const regions = (layout.regions ?? []).map(
    (r, i) =>
      `<g class="ml-region ml-region-${i % 4}" data-region="${esc(r.id)}"><rect class="ml-region-box" x="${r.x}" y="${r.y}" width="${r.width}" height="${r.height}" rx="18"></rect><text class="ml-region-label" x="${r.x + 16}" y="${r.y + 24}">${esc(r.id)}</text><text class="ml-region-meta" x="${r.x + r.width - 16}" y="${r.y + 24}" text-anchor="end">${r.nodeCount === 1 ? '1 node' : `${r.nodeCount} nodes`}</text></g>`,
  );
  const cards = snapshot.nodes.map((n) => cardSvg(n, layout, false, bodySvg(n, layout.card)));
  return svgOf(
    layout,
    `<g class="ml-regions">${regions.join('')}</g>${linksSvg(snapshot, layout)}${cards.join('')}${snapshot.clients.map((c) => clientSvg(c, layout)).join('')}`,
  );
}

/** RegionLayer's links: between leaders as the topology says, leader to local follower, client to home leader. */
function linksSvg(snapshot: ViewSnapshot, layout: Layout): string {
  const view = snapshot.view.model === 'multi-leader' ? snapshot.view.settings : null;
  const links: { a: string; b: string; kind: 'leaders' | 'local' | 'client' }[] = view
    ? leaderPairs(view.leaders, view.topology, view.hub).map(([a, b]) => ({ a, b, kind: 'leaders' }))
    : [];
  for (const n of snapshot.nodes)
    if (n.model === 'multi-leader' && n.upstream && n.upstream !== n.id)
      links.push({ a: n.upstream, b: n.id, kind: 'local' });
  for (const c of snapshot.clients) links.push({ a: c.id, b: c.leaderHint, kind: 'client' });
  const drawn = links.map((l) => {
    const p = layout.positions.get(l.a);
    const q = layout.positions.get(l.b);
    if (!p || !q) return '';
    if (l.kind === 'client')
      return `<line class="link link-client" x1="${p.x}" y1="${p.y}" x2="${q.x}" y2="${q.y}"></line>`;
    const arc = l.kind === 'leaders' && Math.abs(q.x - p.x) > layout.card.width * 2.2;
    const cy = Math.min(p.y, q.y) - layout.card.height / 2 - 40;
    const ctrl = { x: (p.x + q.x) / 2, y: 2 * cy - (p.y + q.y) / 2 };
    const d = arc ? `M${p.x},${p.y} Q${ctrl.x},${ctrl.y} ${q.x},${q.y}` : `M${p.x},${p.y} L${q.x},${q.y}`;
    return `<path class="ml-link ml-link-${l.kind}" d="${d}"></path>`;
  });
  return `<g class="links ml-links">${drawn.join('')}</g>`;
}

/** MultiLeaderNodeBody: region and role, a conflict marker, per key the value and its version vector. */
function bodySvg(node: NodeView, card: CardSize): string {
  const { w, rows, left, right, top, conflicts, shown, hidden, meta: line, chars } = mlBodyLayout(node, card);
  const meta = `<text class="node-meta" x="${left}" y="${top + 15}"><tspan>${esc(truncate(line, chars - 10))}</tspan></text>`;
  const text = `${conflicts} detected`;
  const marker =
    conflicts > 0
      ? `<g class="ml-conflict-marker" data-count="${conflicts}" transform="translate(${right},${top + 4})"><rect x="-62" width="62" height="15" rx="7.5"></rect><text x="-31" y="11" text-anchor="middle" textLength="54" lengthAdjust="spacingAndGlyphs">⚡ ${text}</text></g>`
      : '';
  if (rows === 0) return `<g class="node-body ml-body">${meta}${marker}</g>`;
  const lines = shown.map((kv, i) => rowSvg(kv, left, right, top + 36 + i * 27, w));
  if (node.data.length === 0)
    lines.push(
      `<text class="kv kv-empty" x="${left}" y="${top + 36}">${node.up ? 'no data yet' : 'down'}</text>`,
    );
  if (hidden > 0)
    lines.push(
      `<text class="kv kv-more" x="${left}" y="${top + 36 + shown.length * 27}">+<!---->${hidden}<!----> more</text>`,
    );
  return `<g class="node-body ml-body">${meta}${marker}<g class="node-data"><line x1="${left}" x2="${right}" y1="${top + 22}" y2="${top + 22}"></line>${lines.join('')}</g></g>`;
}

/** MultiLeaderNodeBody's KeyValueRow: the value (siblings joined, with a badge) and the version vector. */
function rowSvg(kv: NodeView['data'][number], left: number, right: number, y: number, width: number): string {
  const siblings = kv.siblings && kv.siblings.length > 1 ? kv.siblings : null;
  const value = siblings ? siblings.join(' | ') : kv.value;
  const keyChars = Math.min(12, Math.max(6, kv.key.length));
  const valueX = left + keyChars * 6.6 + 8;
  const valueChars = Math.floor((right - valueX - (siblings ? 60 : 0)) / 6.9);
  const badge = siblings
    ? `<g class="ml-siblings-badge" transform="translate(${right - 56},${y - 10})"><rect width="56" height="13" rx="6.5"></rect><text x="28" y="9.7" text-anchor="middle">SIBLINGS</text></g>`
    : '';
  return `<g class="${siblings ? 'ml-kv ml-kv-siblings' : 'ml-kv'}" data-key="${esc(kv.key)}" data-value="${esc(value)}"><text class="kv" x="${left}" y="${y}"><tspan class="kv-key">${esc(truncate(kv.key, keyChars))}</tspan><tspan class="kv-value" x="${valueX}">${esc(truncate(value, Math.max(3, valueChars)))}</tspan></text>${badge}<text class="ml-vv" x="${left}" y="${y + 12}">${esc(truncate(kv.vv ? `vv ${kv.vv}` : `v${kv.version}`, Math.floor((width - 20) / 5.4)))}</text></g>`;
}

/** The multi-leader painter paint.ts fetches for a multi-leader run (`painterReady`). */
export const multiLeaderPainter: ModelPainter = {
  paintable: multiLeaderPaintable,
  topology: (snapshot, scenario): PaintInput => {
    const regional = regionInputOf(snapshot, scenario);
    return {
      nodes: regional.nodes,
      clients: snapshot.clients.map((c) => c.id),
      sides: regional.sides,
      leader: null,
      dataRows: regional.dataRows,
      narrow: false,
      regional,
    };
  },
  layout: (input) => computeRegionLayout({ ...(input.regional as RegionInput), narrow: false }),
  svg: multiLeaderSvg,
};
