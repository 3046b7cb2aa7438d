/**
 * The first paint of a leaderless run (paint.ts dispatches here): the consistent-hash ring with its tokens, the
 * spokes, the clients' links and the highlighted key's home replicas (models/leaderless/RingLayer.tsx), the
 * quorum badges and hints (QuorumLayer.tsx), the cards' bodies (NodeBody.tsx) and the bar above the graph
 * (LeaderlessBar.tsx), laid out by the graph's own ring layout (`computeRingLayout`). It refuses what depends on
 * more than the snapshot: a read quorum reached (whether it was stale is the oracle's verdict). A change to those
 * views belongs here too.
 */
import type { LeaderlessView, QuorumView } from '../../sim/types.ts';
import type { ViewSnapshot } from '../../worker/protocol.ts';
import { dataRowsOf, type Layout } from '../graph/layout.ts';
import { nodeColour } from '../models/leaderless/colours.ts';
import { keyFallbacks } from '../models/leaderless/keyFallbacks.ts';
import { computeRingLayout } from '../models/leaderless/ringLayout.ts';
import { cardSvg, clientSvg, esc, nodeDataSvg, svgOf, truncate } from './card.ts';
import type { ModelPainter, PaintInput } from './paint.ts';

const viewOf = (snapshot: ViewSnapshot): LeaderlessView | null =>
  snapshot.view.model === 'leaderless' ? snapshot.view : null;

/** A leaderless snapshot the painter draws exactly: no badge of a read quorum reached among those shown. */
export function leaderlessPaintable(snapshot: ViewSnapshot): boolean {
  const view = viewOf(snapshot);
  return (
    view !== null &&
    latestPerCoordinator(view.quorums).every(([, list]) =>
      list.every((q) => !(q.kind === 'read' && q.status === 'reached')),
    )
  );
}

/** ui.ts `highlightedKey` before any choice: the latest manual operation's key, else the first key placed. */
export function highlightedKey(snapshot: ViewSnapshot): string | null {
  const view = viewOf(snapshot);
  if (!view) return null;
  const keys = view.placement.map((p) => p.key);
  for (let i = snapshot.history.length - 1; i >= 0; i--) {
    const op = snapshot.history[i];
    if (op?.manual && keys.includes(op.key)) return op.key;
  }
  return keys[0] ?? null;
}

/** LeaderlessBar: the key the ring highlights (a picker React makes live) and the quorum settings. */
export function leaderlessBarHtml(snapshot: ViewSnapshot): string {
  const view = viewOf(snapshot);
  if (!view) return '';
  const s = view.settings;
  const keys = view.placement.map((p) => p.key);
  const value = highlightedKey(snapshot) ?? '';
  const options =
    keys.length === 0
      ? '<option value="">no keys yet</option>'
      : keys
          .map((k) => `<option value="${esc(k)}"${k === value ? ' selected' : ''}>${esc(k)}</option>`)
          .join('');
  const chip = (text: string, extra = '') => `<span class="ll-chip${extra}">${esc(text)}</span>`;
  const chips = [
    chip(`N=${s.n} W=${s.w} R=${s.r}`, s.w + s.r > s.n ? ' ll-chip-ok' : ' ll-chip-warn'),
    chip(`read repair ${s.readRepair}`),
    s.sloppyQuorum ? chip('sloppy quorum') : '',
    s.hintedHandoff ? chip('hinted handoff') : '',
    chip(`anti-entropy ${s.antiEntropyMs > 0 ? `${s.antiEntropyMs} ms` : 'off'}`),
    chip(s.resolution === 'lww' ? 'last write wins' : 'siblings'),
  ];
  return `<div class="ll-bar"><div class="field field-inline ll-key-picker"><label for="first-paint-key">Highlight key</label><select id="first-paint-key" tabindex="-1"${keys.length === 0 ? ' disabled' : ''}>${options}</select></div><p class="ll-bar-summary">${chips.join('')}</p></div>`;
}

/** The leaderless graph: the ring layer, the cards, the quorum layer, the clients (as Graph.tsx stacks them). */
export function leaderlessSvg(snapshot: ViewSnapshot, layout: Layout): string {
  const view = viewOf(snapshot);
  if (!view) return svgOf(layout, '');
  const cards = snapshot.nodes.map((n) => {
    const keys = n.data.length;
    const { width: w, height: h } = layout.card;
    const left = -w / 2 + 10;
    const top = -h / 2 + 26;
    const body = `<g class="node-body"><text class="node-meta" x="${left}" y="${top + 15}"><tspan>${keys} key${keys === 1 ? '' : 's'}${n.up ? '' : ' on disk'}</tspan><tspan class="lag" x="${w / 2 - 10}" text-anchor="end">${n.up ? 'up' : 'down'}</tspan></text>${nodeDataSvg(n.data, layout.card, n.up ? 'no data yet' : 'down')}</g>`;
    return cardSvg(n, layout, false, body);
  });
  return svgOf(
    layout,
    `${ringSvg(snapshot, view, layout)}${cards.join('')}${quorumSvg(view, layout)}${snapshot.clients.map((c) => clientSvg(c, layout)).join('')}`,
  );
}

/** RingLayer (no partition: the painter refuses one): client links, spokes, ring, tokens, the key's replicas. */
function ringSvg(snapshot: ViewSnapshot, view: LeaderlessView, layout: Layout): string {
  const { x: cx, y: cy, radius } = layout.centre ?? { x: 0, y: 0, radius: 0 };
  const ids = snapshot.nodes.map((n) => n.id);
  const parts: string[] = [];
  for (const c of snapshot.clients) {
    const a = layout.positions.get(c.id);
    const b = layout.positions.get(c.leaderHint);
    if (a && b)
      parts.push(`<line class="link link-client" x1="${a.x}" y1="${a.y}" x2="${b.x}" y2="${b.y}"></line>`);
  }
  ids.forEach((id, i) => {
    const p = layout.positions.get(id);
    if (!p) return;
    const a = -Math.PI / 2 + (2 * Math.PI * i) / Math.max(1, ids.length);
    parts.push(
      `<line class="ll-spoke" stroke="${nodeColour(i)}" x1="${cx + radius * Math.cos(a)}" y1="${cy + radius * Math.sin(a)}" x2="${p.x}" y2="${p.y}"></line>`,
    );
  });
  parts.push(`<circle class="ll-ring" cx="${cx}" cy="${cy}" r="${radius}"></circle>`);
  for (const t of view.ring) {
    const a = -Math.PI / 2 + 2 * Math.PI * t.position;
    parts.push(
      `<line class="ll-token" stroke="${nodeColour(ids.indexOf(t.node))}" x1="${cx + (radius - 7) * Math.cos(a)}" y1="${cy + (radius - 7) * Math.sin(a)}" x2="${cx + (radius + 7) * Math.cos(a)}" y2="${cy + (radius + 7) * Math.sin(a)}"></line>`,
    );
  }
  parts.push(keyHighlightSvg(snapshot, view, layout));
  return `<g class="ll-ring-layer">${parts.join('')}</g>`;
}

/** RingLayer's KeyHighlight: the key's home replicas numbered, the fallbacks standing in for them. */
function keyHighlightSvg(snapshot: ViewSnapshot, view: LeaderlessView, layout: Layout): string {
  const key = highlightedKey(snapshot);
  const placement = view.placement.find((p) => p.key === key);
  if (!placement || key === null) return '';
  const fallbacks = keyFallbacks(view, key);
  const { width: w, height: h } = layout.card;
  const outline = (id: string, className: string, label: string) => {
    const p = layout.positions.get(id);
    if (!p) return '';
    return `<g transform="translate(${p.x},${p.y})" data-node="${esc(id)}"><rect class="${className}" x="${-w / 2 - 6}" y="${-h / 2 - 6}" width="${w + 12}" height="${h + 12}" rx="14"></rect><g transform="translate(${-w / 2 - 6},${-h / 2 - 18})"><rect class="${className}-pill" width="${label.length * 6.2 + 14}" height="16" rx="8"></rect><text class="ll-role-text" x="7" y="11.5">${esc(label)}</text></g></g>`;
  };
  const home = placement.home.map((id, i) =>
    outline(id, 'll-home', `${key}: replica ${i + 1}/${placement.home.length}`),
  );
  const standIns = [...fallbacks].map(([node, forNode]) =>
    outline(node, 'll-fallback', `fallback for ${forNode}`),
  );
  const { x: rx, y: ry } = layout.centre ?? { x: 0, y: 0 };
  return `<g class="ll-key-highlight" data-key="${esc(key)}">${home.join('')}${standIns.join('')}<text class="ll-ring-caption" x="${rx}" y="${ry - 4}" text-anchor="middle">${esc(key)}</text><text class="ll-ring-caption ll-ring-sub" x="${rx}" y="${ry + 12}" text-anchor="middle">${esc(placement.home.join(' → '))}</text></g>`;
}

const STATUS_TEXT: Record<QuorumView['status'], string> = {
  waiting: '… waiting',
  repairing: '↻ repairing',
  reached: '✓ quorum reached',
  failed: '✗ quorum failed',
};

/** QuorumLayer: each coordinator's latest quorums as badges under its card, the hints a node holds above it. */
function quorumSvg(view: LeaderlessView, layout: Layout): string {
  const { width: w, height: h } = layout.card;
  const parts: string[] = [];
  for (const [node, list] of latestPerCoordinator(view.quorums)) {
    const p = layout.positions.get(node);
    if (!p) continue;
    const badges = list.map((q, i) => {
      const what = q.kind === 'write' ? 'W' : 'R';
      const text = `${what} ${truncate(q.key, 10)} ${Math.min(q.acked.length, q.needed)}/${q.needed} ${STATUS_TEXT[q.status]}`;
      const badgeWidth = Math.min(Math.max(w, 190), text.length * 6.4 + 16);
      return `<g class="ll-quorum ll-quorum-${q.status}" data-coordinator="${esc(q.coordinator)}" data-kind="${q.kind}" data-key="${esc(q.key)}" data-status="${q.status}" transform="translate(${-badgeWidth / 2},${i * 19})"><rect width="${badgeWidth}" height="16" rx="8"></rect><text x="${badgeWidth / 2}" y="11.5" text-anchor="middle">${esc(text)}</text></g>`;
    });
    parts.push(`<g transform="translate(${p.x},${p.y + h / 2 + 6})">${badges.join('')}</g>`);
  }
  for (const { node, hints: held } of view.hints) {
    const p = layout.positions.get(node);
    const total = held.reduce((sum, hint) => sum + hint.keys.length, 0);
    if (!p || total === 0) continue;
    const text = `holds ${total} hint${total === 1 ? '' : 's'} for ${held.map((x) => x.for).join(', ')}`;
    const width = text.length * 6.3 + 16;
    parts.push(
      `<g class="ll-hints" data-node="${esc(node)}" transform="translate(${p.x + w / 2 - width},${p.y - h / 2 - 38})"><rect width="${width}" height="16" rx="8"></rect><text x="${width / 2}" y="11.5" text-anchor="middle">${esc(text)}</text></g>`,
    );
  }
  return `<g class="ll-quorum-layer">${parts.join('')}</g>`;
}

/** QuorumLayer's: for each coordinator, its latest two quorums, newest first. */
function latestPerCoordinator(quorums: readonly QuorumView[]): [string, QuorumView[]][] {
  const by = new Map<string, QuorumView[]>();
  for (let i = quorums.length - 1; i >= 0; i--) {
    const q = quorums[i] as QuorumView;
    const list = by.get(q.coordinator) ?? [];
    if (list.length < 2) list.push(q);
    by.set(q.coordinator, list);
  }
  return [...by];
}

/** The leaderless painter paint.ts fetches for a leaderless run (`painterReady`). */
export const leaderlessPainter: ModelPainter = {
  paintable: leaderlessPaintable,
  topology: (snapshot): PaintInput => ({
    nodes: snapshot.nodes.map((n) => n.id),
    clients: snapshot.clients.map((c) => c.id),
    sides: snapshot.nodes.map((n) => n.side),
    leader: null,
    dataRows: dataRowsOf(snapshot.nodes),
    narrow: false,
    ring: true,
  }),
  layout: ({ ring: _ring, ...input }) => computeRingLayout(input).layout,
  svg: leaderlessSvg,
  banner: leaderlessBarHtml,
};
