/**
 * The first graph drawn before React has arrived: the page's frame (the header's bar, the scenario's intro, the
 * graph's box) and the leader-follower graph of the worker's latest snapshot as plain SVG, with the classes and
 * geometry the React graph gives the same snapshot: the places come from the graph's own layout
 * (`computeLayout`, fed the same input as `models/leader-follower/topology.ts`), the card's drawing mirrors
 * `graph/NodeCard.tsx`, the leader-follower body and `graph/NodeData.tsx`. React replaces all of it in its first
 * commit, which draws the same graph in the same box (tests/e2e/first-paint.spec.ts checks both).
 *
 * The multi-leader and leaderless graphs are drawn the same way, by paintMultiLeader.ts and paintLeaderless.ts
 * (the cards and clients every model shares: card.ts); `topologyOf`, `computeLayout`, `graphSvg` and `drawGraph`
 * take any model's snapshot.
 *
 * It draws only what it can draw exactly (`paintable`): a preset's run or a shared one's (its intro from the
 * scenario's own words: `FrameIntro`) on a wide screen, with cards (up to
 * CHIPS_ABOVE nodes), no partition and no sticky reads, no lost write shown, and per model: no split brain
 * (leader-follower), regions and no cut link (multi-leader), no reached read quorum (leaderless: whether it was
 * stale is the oracle's verdict). Anything else waits for React.
 */
import { getPreset, type PresetInfo, START_HERE } from '../../sim/scenarios/presets/catalog.ts';
import type { Scenario } from '../../sim/scenarios/schema.ts';
import type { NodeView } from '../../sim/types.ts';
import type { ViewSnapshot } from '../../worker/protocol.ts';
import {
  type CardSize,
  dataRowsOf,
  computeLayout as forceLayout,
  type Layout,
  type TopologyInput,
} from '../graph/layout.ts';
import { CHIPS_ABOVE } from '../graph/lod.ts';
import { leaderFollowerBodyText } from '../models/leader-follower/bodyText.ts';
import { layoutLeader, upLeaders } from '../models/leader-follower/leadership.ts';
import type { RegionInput } from '../models/multi-leader/regionLayout.ts';
import { KIND_LABELS } from '../oracle/kindLabels.ts';
import { cardSvg, clientSvg, esc, nodeDataSvg, svgOf } from './card.ts';

/**
 * A model's own painter beside leader-follower's (paintMultiLeader.ts, paintLeaderless.ts): a chunk of its own,
 * fetched only for a run of that model (`painterReady`; prerender.ts registers both), so a first visit to a
 * leader-follower run loads neither.
 */
export interface ModelPainter {
  /** What it can draw exactly, beyond what every model's painted graph needs (`paintable`). */
  readonly paintable: (snapshot: ViewSnapshot) => boolean;
  readonly topology: (snapshot: ViewSnapshot, scenario: Scenario | null) => PaintInput;
  readonly layout: (input: PaintInput) => Layout;
  readonly svg: (snapshot: ViewSnapshot, layout: Layout) => string;
  /** The banner row's content, for a model whose record has a banner drawn from the snapshot. */
  readonly banner?: (snapshot: ViewSnapshot) => string;
}

const painters = new Map<string, ModelPainter>();

export function registerPainter(model: string, painter: ModelPainter): void {
  painters.set(model, painter);
}

/** Fetches (once) the painter of `model`'s own drawing, if it has one; leader-follower's is this module. */
export function painterReady(model: string | undefined): Promise<void> {
  if (model === 'multi-leader')
    return import('./paintMultiLeader.ts').then((m) => registerPainter(model, m.multiLeaderPainter));
  if (model === 'leaderless')
    return import('./paintLeaderless.ts').then((m) => registerPainter(model, m.leaderlessPainter));
  return Promise.resolve();
}

/**
 * What the page's intro above the graph names (page/ScenarioIntro.tsx): a built-in preset by its id (its title,
 * summary, what to watch for), or a scenario that is no preset's (a share link's, a file's), by its own name and
 * description.
 */
export type FrameIntro = string | { readonly name: string; readonly description: string };

/** Whether the first paint can draw this snapshot exactly as the React graph will, under `intro`. */
export function paintable(snapshot: ViewSnapshot, intro: FrameIntro | null, narrow: boolean): boolean {
  const common =
    intro !== null &&
    (typeof intro !== 'string' || getPreset(intro) !== undefined) &&
    !narrow &&
    snapshot.nodes.length > 0 &&
    snapshot.nodes.length <= CHIPS_ABOVE &&
    snapshot.nodes.every((n) => n.side === 0) &&
    snapshot.clients.every((c) => !c.sticky);
  if (!common) return false;
  if (snapshot.view.model === 'leader-follower') return upLeaders(snapshot.nodes).length <= 1;
  const painter = painters.get(snapshot.view.model);
  return painter !== undefined && noLostWrite(snapshot) && painter.paintable(snapshot);
}

/** graph/LostWritesLayer.tsx draws nothing: no write lost by the snapshot's time. */
function noLostWrite(snapshot: ViewSnapshot): boolean {
  return snapshot.lostWrites.every((w) => w.lostAtUs > snapshot.nowUs);
}

/**
 * The graph's input, as the model's `useTopology` builds it from the store: leader-follower's
 * (`useLeaderFollowerTopology`), leaderless's (`useRingTopology`, marked `ring`) and multi-leader's
 * (`useMultiLeaderTopology`, its region layout's input in `regional`, which needs the run's scenario: the
 * worker posts it before the first snapshot).
 */
export type PaintInput = TopologyInput & { readonly ring?: true; readonly regional?: RegionInput };

export function topologyOf(snapshot: ViewSnapshot, scenario: Scenario | null = null): PaintInput {
  const painter = painters.get(snapshot.view.model);
  if (painter) return painter.topology(snapshot, scenario);
  return {
    nodes: snapshot.nodes.map((n) => n.id),
    clients: snapshot.clients.map((c) => c.id),
    sides: snapshot.nodes.map((n) => n.side),
    leader: layoutLeader(snapshot.nodes),
    dataRows: dataRowsOf(snapshot.nodes),
    narrow: false,
  };
}

/** The layout the model's graph computes for `input` (`topologyOf`). */
export function computeLayout(input: PaintInput): Layout {
  const painter = input.regional
    ? painters.get('multi-leader')
    : input.ring
      ? painters.get('leaderless')
      : null;
  if (painter) return painter.layout(input);
  return forceLayout(input);
}

/** The logo, as header/BrandMark.tsx draws it. */
const BRAND_MARK =
  '<svg class="brand-mark" viewBox="0 0 32 32" aria-hidden="true"><path d="M16 9 L7 23 M16 9 L25 23" stroke="#8b93b0" stroke-width="2" stroke-linecap="round"></path><circle cx="11.5" cy="16" r="2" fill="#b18cff"></circle><circle cx="16" cy="8" r="5" fill="#4da3ff"></circle><circle cx="7" cy="24" r="4" fill="#3ecf8e"></circle><circle cx="25" cy="24" r="4" fill="#3ecf8e"></circle></svg>';

/**
 * The page's frame around the graph: the brand's bar, the intro (a preset's, or a scenario's own name and
 * description, as page/ScenarioIntro.tsx writes them), the model's banner row (none for multi-leader, whose record
 * has no banner; leaderless's bar drawn from `snapshot`, if given, else by `drawGraph`), the graph's box. A
 * scenario that is no preset's is of the model `snapshot` shows (no banner row is drawn for it without one).
 */
export function frameHtml(intro: FrameIntro, snapshot: ViewSnapshot | null = null): string {
  const preset = typeof intro === 'string' ? getPreset(intro) : undefined;
  const model = preset?.model ?? snapshot?.view.model;
  const banner =
    model === 'multi-leader'
      ? ''
      : `<div class="stage-banner">${(snapshot && painters.get(snapshot.view.model)?.banner?.(snapshot)) ?? ''}</div>`;
  const title = typeof intro === 'string' ? (preset?.title ?? '') : intro.name || 'Loading the scenario…';
  const summary =
    typeof intro === 'string'
      ? (preset?.summary ?? '')
      : intro.description || 'A scenario opened from a file or a link.';
  const watch = preset ? watchHtml(preset) : '';
  return `<div class="app first-paint" aria-busy="true"><header class="app-header"><div class="brand">${BRAND_MARK}<h1 class="brand-title">Replication Lab</h1></div></header>
<main class="workspace"><section class="scenario-intro" aria-label="Scenario summary"><div class="intro-head"><h2>${esc(title)}</h2>${tourHtml(typeof intro === 'string' ? intro : null)}</div>
<p class="intro-summary">${esc(summary)}</p><div class="intro-more">${watch ? `<p class="intro-watch"><span class="intro-watch-label">Watch for:</span> ${watch}</p>` : ''}${STORY_PLACE}</div></section>
${banner}<section class="graph-area" aria-label="Simulation"><div class="graph"></div></section></main></div>`;
}

/** What to watch for in a preset's run (ScenarioIntro's WatchFor), as markup; empty when it names nothing. */
function watchHtml(preset: PresetInfo): string {
  const twin = preset.fixes ? getPreset(preset.fixes) : undefined;
  if (twin)
    return `no ${esc(twin.shows.map((k) => KIND_LABELS[k]).join(' or '))}, which its twin “${esc(twin.title)}” shows.${preset.watch ? ` But ${esc(preset.watch)}` : ''}`;
  if (preset.watch) return esc(preset.watch);
  return preset.shows.length
    ? `${preset.shows.map((k) => `<span class="watch-kind tag-${k}">${esc(KIND_LABELS[k])}</span>`).join(', ')}, counted under the graph as they happen.`
    : '';
}

/**
 * The folded story's place in the intro (ScenarioIntro's details, which React always draws): its summary line,
 * inert until React's comes with the story, so the graph's box starts where React's will whether or not the
 * preset has kinds to watch for.
 */
const STORY_PLACE = '<details class="intro-details" inert><summary>The whole story</summary></details>';

/**
 * The start-here path's place in the intro's head (page/StartHere.tsx), hidden: it takes the room the tour's
 * buttons will, so the graph's box starts where React's will, without buttons that do nothing yet.
 */
function tourHtml(presetId: string | null): string {
  const index = presetId === null ? -1 : START_HERE.findIndex((p) => p.id === presetId);
  const inner =
    index < 0
      ? '<button type="button" class="link-button" tabindex="-1">New here? Start the tour</button>'
      : `<span class="start-here-step">Tour ${index + 1} of ${START_HERE.length}</span><button type="button" tabindex="-1">‹ Previous</button><button type="button" tabindex="-1">Next ›</button>`;
  return `<nav class="start-here" aria-hidden="true">${inner}</nav>`;
}

/** The graph's SVG for a snapshot of any model, laid out by `layout` (computeLayout of `topologyOf(snapshot)`). */
export function graphSvg(snapshot: ViewSnapshot, layout: Layout, leader: string | null): string {
  const painter = painters.get(snapshot.view.model);
  if (painter) return painter.svg(snapshot, layout);
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
  const cards = snapshot.nodes.map((n) => cardSvg(n, layout, n.id === current, bodySvg(n, layout.card)));
  const clients = snapshot.clients.map((c) => clientSvg(c, layout));
  return svgOf(
    layout,
    `${links.length ? `<g class="links">${links.join('')}</g>` : ''}${cards.join('')}${clients.join('')}`,
  );
}

/**
 * Draws the graph of `snapshot` into a page holding the frame (`frameHtml`): the graph's box, and the banner a
 * model draws from the snapshot (leaderless's bar), each only when its markup changed.
 */
export function drawGraph(root: ParentNode, snapshot: ViewSnapshot, layout: Layout, input: PaintInput): void {
  const graph = root.querySelector('.graph');
  if (graph) graph.innerHTML = graphSvg(snapshot, layout, input.leader);
  const drawBanner = painters.get(snapshot.view.model)?.banner;
  const banner = drawBanner ? root.querySelector('.stage-banner') : null;
  const bar = banner && drawBanner ? drawBanner(snapshot) : '';
  if (banner && banner.getAttribute('data-drawn') !== bar) {
    banner.innerHTML = bar;
    banner.setAttribute('data-drawn', bar);
  }
}

/** The leader-follower body (models/leader-follower/NodeBody.tsx) with its data table (graph/NodeData.tsx). */
function bodySvg(node: NodeView, card: CardSize): string {
  const { width: w, height: h } = card;
  const left = -w / 2 + 10;
  const top = -h / 2 + 26;
  const text = leaderFollowerBodyText(node, card);
  if (!text) return '';
  const { applied, term, lag, behind, empty } = text;
  const meta = `<text class="node-meta" x="${left}" y="${top + 15}"><tspan>${applied}</tspan><tspan class="node-term">${term}</tspan><tspan class="${behind ? 'lag lag-behind' : 'lag'}" x="${w / 2 - 10}" text-anchor="end">${lag}</tspan></text>`;
  return `<g class="node-body">${meta}${nodeDataSvg(node.data, card, empty)}</g>`;
}
