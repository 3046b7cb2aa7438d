/**
 * Paints the nodes of a very large cluster as dots on NodeDots.tsx's canvas and finds the dot under the pointer.
 * One painter per layout and node list; it redraws only when what a frame shows changes (`signature`), and keeps
 * the test hooks on the canvas: `data-dots`, `data-labelled`, `data-sample`.
 */
import type { LabState } from '../store.ts';
import { placeLabels } from './labelPlacement.ts';
import type { Layout } from './layout.ts';
import { NodeIndex, type NodeState, nodeState } from './lod.ts';
import { anomalousNodes } from './NodeChips.tsx';

const STATES: readonly NodeState[] = ['follower', 'replica', 'leader', 'candidate', 'down'];
const STATE_VARS: Record<NodeState, [string, string]> = {
  follower: ['--text-muted', '#8b93b0'],
  replica: ['--text-muted', '#8b93b0'],
  leader: ['--accent', '#4da3ff'],
  candidate: ['--warn', '#ffb547'],
  down: ['--danger', '#ff5468'],
};
const SIDE_VARS = ['--side-1', '--side-2', '--side-3', '--side-4'];
const SELECTED_COLOUR = '#ffd166';
/** How close (CSS pixels) the pointer must be to a dot to name it. */
const HOVER_RADIUS_PX = 8;
const SAMPLE = 5;
/** At most this many ids are written beside their dots. */
const MAX_LABELS = 12;

/** What a frame depends on, as one string: redraw only when it changes. Fills `codes` (state + 8 * side). */
function signature(state: LabState, nodes: readonly string[], codes: Uint8Array): string {
  const byId = new Map((state.snapshot?.nodes ?? []).map((n) => [n.id, n]));
  nodes.forEach((id, i) => {
    const n = byId.get(id);
    codes[i] = n ? STATES.indexOf(nodeState(n)) + 8 * Math.min(4, n.side) : 0;
  });
  const anomalous = anomalousNodes(state.oracle.answer?.anomalies ?? []);
  return `${state.selectedNode ?? ''}|${storyNodes(state).join(',')}|${anomalous.join(',')}|${String.fromCharCode(...codes)}`;
}

/**
 * The nodes the story's caption names while it has stopped at a moment ("Node: kv500"). Among a thousand dots a
 * named node nobody wrote out cannot be found: on the 1,000-node ring the crash of kv500 was ringed but left
 * unnamed while a dozen nodes with conflicts were.
 */
function storyNodes(state: LabState): string[] {
  return [...new Set(state.stoppedAt?.flatMap((m) => m.nodes) ?? [])];
}

export class NodeDotsPainter {
  private readonly ctx: CanvasRenderingContext2D;
  private readonly layout: Layout;
  private readonly nodes: readonly string[];
  private readonly colours: string[];
  private readonly sideColours: string[];
  /** The graph's background, drawn round a label's letters so that dots under them do not break them up. */
  private readonly halo: string;
  /** The story caption's colour, for the nodes it names. */
  private readonly warn: string;
  private readonly index: NodeIndex;
  private readonly codes: Uint8Array;
  private drawn = '';
  // viewBox -> CSS pixels, as the SVG's preserveAspectRatio="xMidYMid meet" maps it.
  private scale = 1;
  private offsetX = 0;
  private offsetY = 0;
  private dpr = 1;

  constructor(ctx: CanvasRenderingContext2D, layout: Layout, nodes: readonly string[]) {
    this.ctx = ctx;
    this.layout = layout;
    this.nodes = nodes;
    const style = getComputedStyle(ctx.canvas);
    const cssVar = ([name, fallback]: [string, string]) => style.getPropertyValue(name).trim() || fallback;
    this.colours = STATES.map((s) => cssVar(STATE_VARS[s]));
    this.sideColours = SIDE_VARS.map((v) => cssVar([v, '#38c5a8']));
    this.halo = cssVar(['--bg-raised', '#151a2e']);
    this.warn = cssVar(['--warn', '#ffb547']);
    this.index = new NodeIndex(layout.positions, nodes);
    this.codes = new Uint8Array(nodes.length);
  }

  get canvas(): HTMLCanvasElement {
    return this.ctx.canvas;
  }

  /** Sizes the canvas to its box and works out the view box's mapping to it; the next draw paints anew. */
  measure(): void {
    const canvas = this.ctx.canvas;
    const rect = canvas.getBoundingClientRect();
    this.dpr = window.devicePixelRatio || 1;
    canvas.width = Math.max(1, Math.round(rect.width * this.dpr));
    canvas.height = Math.max(1, Math.round(rect.height * this.dpr));
    const vb = this.layout.viewBox;
    this.scale = Math.min(rect.width / vb.width, rect.height / vb.height) || 1;
    this.offsetX = (rect.width - vb.width * this.scale) / 2 - vb.x * this.scale;
    this.offsetY = (rect.height - vb.height * this.scale) / 2 - vb.y * this.scale;
    this.drawn = '';
  }

  /** A node's place in CSS pixels of the canvas. */
  toCss(id: string): { x: number; y: number } {
    const p = this.layout.positions.get(id) ?? { x: 0, y: 0 };
    return { x: p.x * this.scale + this.offsetX, y: p.y * this.scale + this.offsetY };
  }

  /** The node whose dot is under a point of the viewport, if any. */
  nodeAt(clientX: number, clientY: number): string | null {
    const rect = this.ctx.canvas.getBoundingClientRect();
    const x = (clientX - rect.left - this.offsetX) / this.scale;
    const y = (clientY - rect.top - this.offsetY) / this.scale;
    return this.index.nearest(x, y, HOVER_RADIUS_PX / this.scale);
  }

  draw(state: LabState): void {
    const sig = signature(state, this.nodes, this.codes);
    if (sig === this.drawn) return;
    this.drawn = sig;
    const { ctx } = this;
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    const r = Math.max(1.5, Math.min(5, (this.layout.card.width / 2) * this.scale));
    this.paintDots(r);
    this.paintSides(r);
    const labelled = this.labels(state);
    this.paintLabels(labelled, r);
    this.writeHooks(labelled);
  }

  /** One path per colour: a thousand arcs cost a few fills, not a thousand. */
  private paintDots(r: number): void {
    const { ctx } = this;
    for (let s = 0; s < STATES.length; s++) {
      ctx.beginPath();
      this.nodes.forEach((id, i) => {
        if ((this.codes[i] ?? 0) % 8 !== s) return;
        const p = this.toCss(id);
        ctx.moveTo(p.x + r, p.y);
        ctx.arc(p.x, p.y, r, 0, 2 * Math.PI);
      });
      ctx.fillStyle = this.colours[s] ?? '#8b93b0';
      ctx.fill();
    }
  }

  /** A partition side as a coloured rim, one path per side. */
  private paintSides(r: number): void {
    const { ctx } = this;
    for (let side = 1; side <= 4; side++) {
      ctx.beginPath();
      this.nodes.forEach((id, i) => {
        if (Math.floor((this.codes[i] ?? 0) / 8) !== side) return;
        const p = this.toCss(id);
        ctx.moveTo(p.x + r + 1.5, p.y);
        ctx.arc(p.x, p.y, r + 1.5, 0, 2 * Math.PI);
      });
      ctx.strokeStyle = this.sideColours[side - 1] ?? '#38c5a8';
      ctx.lineWidth = 1;
      ctx.stroke();
    }
  }

  /** The ids written out: the selected node, those the story's caption names, the anomalous ones and the leaders (at most a dozen). */
  private labels(state: LabState): { id: string; colour: string }[] {
    const out = new Map<string, string>();
    const positions = this.layout.positions;
    const selected = state.selectedNode;
    if (selected !== null && positions.has(selected)) out.set(selected, SELECTED_COLOUR);
    // The caption's colour (story.css's moment ring is drawn in --warn), before the anomalous ones can fill the dozen.
    for (const id of storyNodes(state))
      if (out.size < MAX_LABELS && positions.has(id) && !out.has(id)) out.set(id, this.warn);
    for (const id of anomalousNodes(state.oracle.answer?.anomalies ?? []))
      if (out.size < MAX_LABELS && positions.has(id) && !out.has(id))
        out.set(id, this.colours[4] ?? '#ff5468');
    this.nodes.forEach((id, i) => {
      if (out.size < MAX_LABELS && !out.has(id) && (this.codes[i] ?? 0) % 8 === STATES.indexOf('leader'))
        out.set(id, this.colours[2] ?? '#4da3ff');
    });
    return [...out].map(([id, colour]) => ({ id, colour }));
  }

  /** Each labelled node's ring, and its id where a place around the dot is free of other labels (labelPlacement.ts). */
  private paintLabels(labelled: readonly { id: string; colour: string }[], r: number): void {
    const { ctx } = this;
    ctx.font = '11px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    const points = labelled.map(({ id }) => this.toCss(id));
    const boxes = placeLabels(
      labelled.map(({ id }, i) => {
        const p = points[i] as { x: number; y: number };
        return { x: p.x, y: p.y, w: ctx.measureText(id).width + 4, h: 13 };
      }),
      r + 3.5,
    );
    labelled.forEach(({ colour }, i) => {
      const p = points[i] as { x: number; y: number };
      ctx.beginPath();
      ctx.arc(p.x, p.y, r + 3.5, 0, 2 * Math.PI);
      ctx.strokeStyle = colour;
      ctx.lineWidth = 2;
      ctx.stroke();
    });
    // The ids after every ring, so that no ring crosses a label.
    labelled.forEach(({ id, colour }, i) => {
      const box = boxes[i];
      if (!box) return;
      // Text only: ids come from the scenario and are drawn as text, never parsed as markup.
      ctx.lineWidth = 3;
      ctx.strokeStyle = this.halo;
      ctx.strokeText(id, box.x, box.y);
      ctx.fillStyle = colour;
      ctx.fillText(id, box.x, box.y);
    });
  }

  private writeHooks(labelled: readonly { id: string }[]): void {
    const canvas = this.ctx.canvas;
    canvas.dataset.dots = String(this.nodes.length);
    canvas.dataset.labelled = labelled.map((l) => l.id).join(' ');
    canvas.dataset.sample = JSON.stringify(
      this.nodes.slice(0, SAMPLE).map((id) => {
        const p = this.toCss(id);
        return { id, x: Math.round(p.x), y: Math.round(p.y) };
      }),
    );
  }
}
