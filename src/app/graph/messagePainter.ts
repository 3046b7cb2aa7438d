/**
 * Paints the in-flight messages of the latest snapshot on the graph's canvas, and keeps what the page reads off
 * it: the test hooks (`data-in-flight`, the dots drawn; `data-positions`, a sample of `{id, kind, x, y}` in CSS
 * pixels refreshed at most every POSITIONS_REFRESH_MS) and the tooltip of the dot under the pointer. One painter
 * per layout; MessageCanvas.tsx creates it and feeds it the store's snapshots.
 */
import { DOOM_ORDER, MESSAGE_KIND_ORDER, messageLabel, type PackedMessages } from '../../worker/protocol.ts';
import { labStore } from '../store.ts';
import { DotRaster, parseCanvasColour } from './dotRaster.ts';
import {
  DotSprites,
  type DrawnDots,
  dotAt,
  emptyDots,
  paintDots,
  placeDots,
  rasterDots,
  type ViewTransform,
} from './dots.ts';
import { createLinkCache, type Link } from './geometry.ts';
import type { Layout } from './layout.ts';

const POSITIONS_REFRESH_MS = 200;
/**
 * From this many dots on, they are stamped into pixels; below PATHS_BELOW they are arcs again. An arc costs a
 * software rasteriser about 5 us, stamping a dot well under 1 us, but putting the pixels costs a millisecond or
 * two however few dots there are: a few hundred arcs are the cheaper. Apart, so a count hovering near one
 * does not switch at every snapshot.
 */
const PIXELS_FROM = 600;
const PATHS_BELOW = 400;
const POSITIONS_SAMPLE = 100;
/** How close (CSS pixels) the pointer must be to a dot for its tooltip. */
const HOVER_RADIUS_PX = 9;

export interface PainterOptions {
  readonly layout: Layout;
  readonly clients: readonly string[];
  /** Message colours by wire kind code, and the rim of a doomed message. */
  readonly colours: readonly string[];
  readonly doomed: string;
  /** The system asks for reduced motion: dots step instead of gliding. */
  readonly stepped: boolean;
}

export class MessagePainter {
  private readonly dots: DrawnDots = emptyDots();
  private readonly links: ReturnType<typeof createLinkCache>;
  /** Links by endpoint indexes, valid while the snapshots' table of names stays the same (a whole run). */
  private readonly linkByPair = new Map<number, Link | null>();
  private linkNames: readonly string[] = [];
  private view: ViewTransform = { scale: 1, offsetX: 0, offsetY: 0 };
  private dpr = 1;
  private inFlightShown = -1;
  private positionsWrittenMs = Number.NEGATIVE_INFINITY;
  private positionsTimer: ReturnType<typeof setTimeout> | undefined;
  private pointer: { x: number; y: number } | null = null;

  private readonly ctx: CanvasRenderingContext2D;
  private readonly tip: HTMLElement;
  private readonly options: PainterOptions;
  /** Dots stamped into the canvas's pixels; null where the colours cannot be read as RGB (then arcs, as paths). */
  private readonly raster: { readonly pixels: DotRaster; readonly sprites: DotSprites } | null;
  /** Whether the last frame was stamped into pixels (else painted as paths). */
  private inPixels = false;

  constructor(ctx: CanvasRenderingContext2D, tip: HTMLElement, options: PainterOptions) {
    this.ctx = ctx;
    this.tip = tip;
    this.options = options;
    this.links = createLinkCache(options.layout, new Set(options.clients));
    ctx.canvas.dataset.motion = options.stepped ? 'stepped' : 'glide';
    const colours = options.colours.map((c) => rgbOf(ctx, c));
    const doomed = rgbOf(ctx, options.doomed);
    this.raster =
      doomed && colours.every((c) => c !== null)
        ? { pixels: new DotRaster(), sprites: new DotSprites(colours, doomed) }
        : null;
  }

  /** Sizes the canvas to its box and works out the view box's mapping to it. */
  measure(): void {
    const canvas = this.ctx.canvas;
    const rect = canvas.getBoundingClientRect();
    this.dpr = window.devicePixelRatio || 1;
    const width = Math.max(1, Math.round(rect.width * this.dpr));
    const height = Math.max(1, Math.round(rect.height * this.dpr));
    if (canvas.width !== width) canvas.width = width;
    if (canvas.height !== height) canvas.height = height;
    const vb = this.options.layout.viewBox;
    const scale = Math.min(rect.width / vb.width, rect.height / vb.height) || 1;
    this.view = {
      scale,
      offsetX: (rect.width - vb.width * scale) / 2 - vb.x * scale,
      offsetY: (rect.height - vb.height * scale) / 2 - vb.y * scale,
    };
  }

  /** Draws the latest snapshot's messages where they are at `atUs` (simulated µs; the snapshot's time if absent). */
  draw(atUs?: number): void {
    const state = labStore.getState();
    const names = state.snapshot?.messages.names ?? [];
    if (names !== this.linkNames) {
      // Compared by value once per snapshot, not joined into a string every frame.
      if (!sameNames(names, this.linkNames)) this.linkByPair.clear();
      this.linkNames = names;
    }
    placeDots(this.dots, state, {
      view: this.view,
      linkOf: this.linkOf,
      stepped: this.options.stepped,
      atUs,
    });
    const raster = this.pixelsFor();
    if (raster)
      rasterDots(this.ctx, raster.pixels, this.dots, raster.sprites, {
        scale: this.view.scale,
        dpr: this.dpr,
      });
    else
      paintDots(this.ctx, this.dots, this.options.colours, {
        scale: this.view.scale,
        dpr: this.dpr,
        doomed: this.options.doomed,
      });
    this.publish();
    this.updateTip();
  }

  /**
   * The raster if this frame's dots are stamped into pixels, by their count (PIXELS_FROM, PATHS_BELOW), else
   * null: arcs. On a switch the canvas is cleared, since the raster only wipes what it painted itself.
   */
  private pixelsFor(): MessagePainter['raster'] {
    const { raster, dots } = this;
    const pixels = raster !== null && (this.inPixels ? dots.count >= PATHS_BELOW : dots.count >= PIXELS_FROM);
    if (pixels !== this.inPixels) {
      this.inPixels = pixels;
      const canvas = this.ctx.canvas;
      this.ctx.setTransform(1, 0, 0, 1, 0, 0);
      this.ctx.clearRect(0, 0, canvas.width, canvas.height);
      raster?.pixels.reset();
      canvas.dataset.painting = pixels ? 'pixels' : 'paths';
    }
    return pixels ? raster : null;
  }

  private readonly linkOf = (m: PackedMessages, from: number, to: number): Link | null => {
    const key = from * 4096 + to;
    let link = this.linkByPair.get(key);
    if (link === undefined) {
      link = this.links.get(m.names[from] ?? '', m.names[to] ?? '');
      this.linkByPair.set(key, link);
    }
    return link;
  };

  /** Test hooks: the count at once (cheap), the positions a few times a second with a trailing update. */
  private publish(): void {
    const canvas = this.ctx.canvas;
    if (this.dots.count !== this.inFlightShown) {
      this.inFlightShown = this.dots.count;
      canvas.dataset.inFlight = String(this.dots.count);
    }
    if (this.positionsTimer !== undefined) return;
    const wait = this.positionsWrittenMs + POSITIONS_REFRESH_MS - performance.now();
    if (wait <= 0) this.writePositions();
    else this.positionsTimer = setTimeout(() => this.writePositions(), wait);
  }

  private writePositions(): void {
    this.positionsTimer = undefined;
    this.positionsWrittenMs = performance.now();
    const { dots } = this;
    const m = dots.messages;
    const sample: { id: number; kind: string; x: number; y: number }[] = [];
    for (let i = 0; m && i < dots.count && sample.length < POSITIONS_SAMPLE; i++) {
      const j = dots.source[i] ?? 0;
      sample.push({
        id: m.id[j] ?? 0,
        kind: MESSAGE_KIND_ORDER[m.kind[j] ?? 0] ?? 'request',
        x: round1(dots.x[i] ?? 0),
        y: round1(dots.y[i] ?? 0),
      });
    }
    this.ctx.canvas.dataset.positions = JSON.stringify(sample);
  }

  /** The pointer moved over the graph (canvas pixels), or left it (null). */
  point(at: { x: number; y: number } | null): void {
    this.pointer = at;
    this.updateTip();
  }

  /** A tooltip for the dot under the pointer, found among the dots of the last frame. Text only, never markup. */
  private updateTip(): void {
    const { tip, dots } = this;
    const best = this.pointer ? dotAt(dots, this.pointer.x, this.pointer.y, HOVER_RADIUS_PX) : -1;
    const m = dots.messages;
    if (best < 0 || !m) {
      if (!tip.hidden) tip.hidden = true;
      return;
    }
    const j = dots.source[best] ?? 0;
    const doomed = m.doomed[j] ? DOOM_ORDER[(m.doomed[j] ?? 1) - 1] : undefined;
    const text =
      `${messageLabel(m, j)} (${MESSAGE_KIND_ORDER[m.kind[j] ?? 0]}, ` +
      `${m.names[m.from[j] ?? 0]} → ${m.names[m.to[j] ?? 0]})${doomed ? `: will be dropped (${doomed})` : ''}`;
    if (tip.textContent !== text) tip.textContent = text;
    tip.style.transform = `translate(${round1(dots.x[best] ?? 0)}px, ${round1((dots.y[best] ?? 0) - 10)}px) translate(-50%, -100%)`;
    tip.hidden = false;
  }

  dispose(): void {
    clearTimeout(this.positionsTimer);
    this.ctx.setTransform(1, 0, 0, 1, 0, 0);
    this.ctx.clearRect(0, 0, this.ctx.canvas.width, this.ctx.canvas.height);
    this.raster?.pixels.reset();
    this.tip.hidden = true;
  }
}

/** A CSS colour as [r, g, b], as the context resolves it; null if it is not an sRGB colour it can tell. */
function rgbOf(ctx: CanvasRenderingContext2D, colour: string): [number, number, number] | null {
  const before = ctx.fillStyle;
  ctx.fillStyle = colour;
  const resolved = ctx.fillStyle;
  ctx.fillStyle = before;
  return typeof resolved === 'string' ? parseCanvasColour(resolved) : null;
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
