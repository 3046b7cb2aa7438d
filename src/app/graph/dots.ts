/**
 * The message dots of one frame: where each in-flight message is drawn (CSS pixels of the canvas), what kind it
 * is, and how (heartbeat, doomed, dimmed), in reused typed arrays so a frame allocates nothing per dot. Placing
 * is a pure function of the snapshot and the view's scale; painting fills one path per colour.
 */
import { MESSAGE_KIND_ORDER, type PackedMessages } from '../../worker/protocol.ts';
import type { LabState } from '../store.ts';
import { type DotRaster, type ImageContext, renderSprite, type Sprite } from './dotRaster.ts';
import { type Link, progress } from './geometry.ts';

export const DOT_RADIUS = 5.5;
export const HEARTBEAT_RADIUS = 3.5;
/** Dots of messages unrelated to the focused or hovered node. */
const DIMMED_ALPHA = 0.18;
/** The width of a doomed message's rim, in view units as the dots' radii. */
const DOOMED_RIM = 1.5;
export const FALLBACK_COLOUR = '#8b93b0';
/**
 * With reduced motion, a dot stands at one of this many places along its link (its start, a quarter, half,
 * three quarters) and steps between them as simulated time passes, instead of gliding.
 */
export const REDUCED_MOTION_STEPS = 4;

/**
 * The place a stepped dot stands at for a glide in [0, 1]: one of REDUCED_MOTION_STEPS places, its start to three
 * quarters. A message due now but not yet delivered (glide 1) stays at the last of them, not a fifth at the end.
 */
export function steppedProgress(glide: number): number {
  return Math.min(Math.floor(glide * REDUCED_MOTION_STEPS), REDUCED_MOTION_STEPS - 1) / REDUCED_MOTION_STEPS;
}

const HEARTBEAT_CODE = MESSAGE_KIND_ORDER.indexOf('heartbeat');
const FLAG_HEARTBEAT = 1;
const FLAG_DOOMED = 2;
const FLAG_DIMMED = 4;

export interface DrawnDots {
  count: number;
  x: Float64Array;
  y: Float64Array;
  kind: Uint8Array;
  flags: Uint8Array;
  /** Index of each dot's message in `messages`. */
  source: Uint32Array;
  messages: PackedMessages | null;
  /**
   * Each dot's path in CSS pixels (its start, and start to end) and its times, worked out once per snapshot: the
   * frames between snapshots only move the dots along them. Valid while `placed` matches what they came from.
   */
  startX: Float64Array;
  startY: Float64Array;
  alongX: Float64Array;
  alongY: Float64Array;
  sentAt: Float64Array;
  deliverAt: Float64Array;
  placed: PlacedFrom | null;
}

/** What a snapshot's dots were placed from: the same again, and only their places along their links change. */
interface PlacedFrom {
  readonly messages: PackedMessages;
  readonly view: ViewTransform;
  readonly linkOf: PlaceOptions['linkOf'];
  readonly selectedNode: string | null;
  readonly showHeartbeats: boolean;
}

export function emptyDots(): DrawnDots {
  return {
    count: 0,
    x: new Float64Array(0),
    y: new Float64Array(0),
    kind: new Uint8Array(0),
    flags: new Uint8Array(0),
    source: new Uint32Array(0),
    messages: null,
    startX: new Float64Array(0),
    startY: new Float64Array(0),
    alongX: new Float64Array(0),
    alongY: new Float64Array(0),
    sentAt: new Float64Array(0),
    deliverAt: new Float64Array(0),
    placed: null,
  };
}

/** Room for `size` dots. Called only before a snapshot's dots are placed anew, so nothing needs copying. */
function grow(dots: DrawnDots, size: number): void {
  if (dots.x.length >= size) return;
  const capacity = Math.max(size, dots.x.length * 2, 256);
  const f64 = () => new Float64Array(capacity);
  Object.assign(dots, {
    x: f64(),
    y: f64(),
    kind: new Uint8Array(capacity),
    flags: new Uint8Array(capacity),
    source: new Uint32Array(capacity),
    startX: f64(),
    startY: f64(),
    alongX: f64(),
    alongY: f64(),
    sentAt: f64(),
    deliverAt: f64(),
  });
}

/** The view box's mapping to CSS pixels, as the SVG's preserveAspectRatio="xMidYMid meet" makes it. */
export interface ViewTransform {
  readonly scale: number;
  readonly offsetX: number;
  readonly offsetY: number;
}

export interface PlaceOptions {
  readonly view: ViewTransform;
  readonly linkOf: (m: PackedMessages, from: number, to: number) => Link | null;
  /** Dots step between a few places instead of gliding (the system's reduced motion). */
  readonly stepped: boolean;
  /** The simulated time to place the dots at (µs); the snapshot's own when absent. */
  readonly atUs?: number;
}

/**
 * Places every dot of the snapshot's in-flight messages at `atUs`; draws nothing yet. Which messages are drawn,
 * how, and along which path is worked out once per snapshot (and view, selection, heartbeat toggle); the other
 * frames only move each dot along its path.
 */
export function placeDots(dots: DrawnDots, state: LabState, options: PlaceOptions): void {
  const snapshot = state.snapshot;
  if (!snapshot) {
    dots.count = 0;
    dots.messages = null;
    dots.placed = null;
    return;
  }
  const { stepped } = options;
  if (!samePlacing(dots.placed, state, options)) choosePaths(dots, state, options);
  const nowUs = options.atUs ?? snapshot.nowUs;
  const { x, y, startX, startY, alongX, alongY, sentAt, deliverAt } = dots;
  for (let i = 0; i < dots.count; i++) {
    const glide = progress(nowUs, sentAt[i] ?? 0, deliverAt[i] ?? 0);
    const f = stepped ? steppedProgress(glide) : glide;
    x[i] = (startX[i] ?? 0) + (alongX[i] ?? 0) * f;
    y[i] = (startY[i] ?? 0) + (alongY[i] ?? 0) * f;
  }
}

function samePlacing(placed: PlacedFrom | null, state: LabState, options: PlaceOptions): boolean {
  return (
    placed !== null &&
    placed.messages === state.snapshot?.messages &&
    placed.view === options.view &&
    placed.linkOf === options.linkOf &&
    placed.selectedNode === state.selectedNode &&
    placed.showHeartbeats === state.showHeartbeats
  );
}

/** The snapshot's dots: which messages are drawn, their kind and flags, and each one's path in CSS pixels. */
function choosePaths(dots: DrawnDots, state: LabState, options: PlaceOptions): void {
  const m = (state.snapshot as NonNullable<LabState['snapshot']>).messages;
  const { view, linkOf } = options;
  dots.count = 0;
  dots.messages = m;
  const selected = state.selectedNode === null ? -1 : m.names.indexOf(state.selectedNode);
  grow(dots, m.count);
  for (let j = 0; j < m.count; j++) {
    const kind = m.kind[j] ?? 0;
    if (kind === HEARTBEAT_CODE && !state.showHeartbeats) continue;
    const from = m.from[j] ?? 0;
    const to = m.to[j] ?? 0;
    const link = linkOf(m, from, to);
    if (!link) continue;
    const i = dots.count++;
    dots.startX[i] = view.offsetX + link.x1 * view.scale;
    dots.startY[i] = view.offsetY + link.y1 * view.scale;
    dots.alongX[i] = link.dx * view.scale;
    dots.alongY[i] = link.dy * view.scale;
    dots.sentAt[i] = m.sentAt[j] ?? 0;
    dots.deliverAt[i] = m.deliverAt[j] ?? 0;
    dots.kind[i] = kind;
    dots.source[i] = j;
    dots.flags[i] =
      (kind === HEARTBEAT_CODE ? FLAG_HEARTBEAT : 0) |
      (m.doomed[j] ? FLAG_DOOMED : 0) |
      (state.selectedNode !== null && from !== selected && to !== selected ? FLAG_DIMMED : 0);
  }
  dots.placed = {
    messages: m,
    view,
    linkOf,
    selectedNode: state.selectedNode,
    showHeartbeats: state.showHeartbeats,
  };
}

/**
 * The dots' indexes grouped for painting, in reused buffers: a block of groups per opacity (bright, then
 * dimmed from BLOCK on), in each a group per message kind and, after them, the doomed dots again for their rim.
 * Group `g` spans `groupOrder[groupStart[g]]` to `groupOrder[groupStart[g + 1] - 1]`.
 */
const KINDS = MESSAGE_KIND_ORDER.length;
const BLOCK = KINDS + 1;
const groupStart = new Uint32Array(2 * BLOCK + 1);
let groupOrder = new Uint32Array(0);
/** Where the next index of each group goes, while grouping. */
const next = new Uint32Array(2 * BLOCK);

function groupDots(dots: DrawnDots): void {
  if (groupOrder.length < 2 * dots.count) groupOrder = new Uint32Array(Math.max(256, 4 * dots.count));
  const start = groupStart.fill(0);
  // Counts first (each group's size at index g + 1), then where each group starts, then the indexes.
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < dots.count; i++) {
      const flags = dots.flags[i] ?? 0;
      const base = flags & FLAG_DIMMED ? BLOCK : 0;
      const kind = Math.min(dots.kind[i] ?? 0, KINDS - 1);
      if (pass === 0) (start[base + kind + 1] as number)++;
      else groupOrder[(next[base + kind] as number)++] = i;
      if (!(flags & FLAG_DOOMED)) continue;
      if (pass === 0) (start[base + KINDS + 1] as number)++;
      else groupOrder[(next[base + KINDS] as number)++] = i;
    }
    if (pass === 0) for (let g = 1; g < start.length; g++) start[g] = (start[g] ?? 0) + (start[g - 1] ?? 0);
    if (pass === 0) next.set(start.subarray(0, 2 * BLOCK));
  }
}

/** Adds the circles of group `g`'s dots to a new path; true if there were any. */
function addCircles(ctx: CanvasRenderingContext2D, dots: DrawnDots, scale: number, g: number): boolean {
  const from = groupStart[g] ?? 0;
  const to = groupStart[g + 1] ?? 0;
  if (from === to) return false;
  ctx.beginPath();
  for (let k = from; k < to; k++) {
    const i = groupOrder[k] ?? 0;
    const x = dots.x[i] ?? 0;
    const y = dots.y[i] ?? 0;
    const r = ((dots.flags[i] ?? 0) & FLAG_HEARTBEAT ? HEARTBEAT_RADIUS : DOT_RADIUS) * scale;
    ctx.moveTo(x + r, y);
    ctx.arc(x, y, r, 0, 2 * Math.PI);
  }
  return true;
}

/**
 * One path per colour and opacity: a few fills a frame, however many dots, grouped in one pass over them (no
 * per-dot state changes, nothing allocated per frame once the buffers have grown).
 */
export function paintDots(
  ctx: CanvasRenderingContext2D,
  dots: DrawnDots,
  colours: readonly string[],
  paint: { readonly scale: number; readonly dpr: number; readonly doomed: string },
): void {
  const canvas = ctx.canvas;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  if (dots.count === 0) return;
  ctx.setTransform(paint.dpr, 0, 0, paint.dpr, 0, 0);
  groupDots(dots);
  for (let pass = 0; pass < 2; pass++) {
    const base = pass === 0 ? BLOCK : 0; // the dimmed under the bright
    ctx.globalAlpha = base ? DIMMED_ALPHA : 1;
    for (let k = 0; k < KINDS; k++) {
      if (!addCircles(ctx, dots, paint.scale, base + k)) continue;
      ctx.fillStyle = colours[k] ?? FALLBACK_COLOUR;
      ctx.fill();
    }
    // Messages the network has already decided to drop get a red rim.
    if (addCircles(ctx, dots, paint.scale, base + KINDS)) {
      ctx.strokeStyle = paint.doomed;
      ctx.lineWidth = DOOMED_RIM * paint.scale;
      ctx.stroke();
    }
  }
  ctx.globalAlpha = 1;
}

type Rgb = readonly [number, number, number];

/**
 * The sprite of every way a dot is drawn, by kind and flags (heartbeat, doomed, dimmed), rendered when first
 * needed and again when the dots' size on the canvas changes (its scale or the device pixel ratio).
 */
export class DotSprites {
  private readonly sprites: (Sprite | undefined)[] = [];
  private pixelsPerUnit = 0;
  private readonly colours: readonly Rgb[];
  private readonly doomed: Rgb;

  constructor(colours: readonly Rgb[], doomed: Rgb) {
    this.colours = colours;
    this.doomed = doomed;
  }

  get(kind: number, flags: number, pixelsPerUnit: number): Sprite {
    if (pixelsPerUnit !== this.pixelsPerUnit) {
      this.sprites.length = 0;
      this.pixelsPerUnit = pixelsPerUnit;
    }
    const key = kind * 8 + (flags & 7);
    let sprite = this.sprites[key];
    if (!sprite) {
      sprite = renderSprite({
        rgb: this.colours[kind] ?? [139, 147, 176],
        alpha: flags & FLAG_DIMMED ? DIMMED_ALPHA : 1,
        radius: (flags & FLAG_HEARTBEAT ? HEARTBEAT_RADIUS : DOT_RADIUS) * pixelsPerUnit,
        ...(flags & FLAG_DOOMED ? { rim: { rgb: this.doomed, width: DOOMED_RIM * pixelsPerUnit } } : {}),
      });
      this.sprites[key] = sprite;
    }
    return sprite;
  }
}

/**
 * The same picture as `paintDots`, stamped into the canvas's pixels: the dimmed under the bright, in each
 * opacity the kinds in order, a doomed dot's rim drawn with it. A frame costs a few ms for ten thousand dots where
 * as many arcs cost a software rasteriser 33 to 50 (dotRaster.ts).
 */
export function rasterDots(
  ctx: ImageContext & { readonly canvas: { readonly width: number; readonly height: number } },
  raster: DotRaster,
  dots: DrawnDots,
  sprites: DotSprites,
  paint: { readonly scale: number; readonly dpr: number },
): void {
  raster.begin(ctx, ctx.canvas.width, ctx.canvas.height);
  if (dots.count > 0) {
    groupDots(dots);
    const unit = paint.scale * paint.dpr;
    const { dpr } = paint;
    for (let pass = 0; pass < 2; pass++) {
      const base = pass === 0 ? BLOCK : 0; // the dimmed under the bright
      for (let k = 0; k < KINDS; k++) {
        const to = groupStart[base + k + 1] ?? 0;
        for (let g = groupStart[base + k] ?? 0; g < to; g++) {
          const i = groupOrder[g] ?? 0;
          raster.stamp(
            sprites.get(k, dots.flags[i] ?? 0, unit),
            (dots.x[i] ?? 0) * dpr,
            (dots.y[i] ?? 0) * dpr,
          );
        }
      }
    }
  }
  raster.end(ctx);
}

/** The dot nearest a point within `radius` CSS pixels, or -1. */
export function dotAt(dots: DrawnDots, x: number, y: number, radius: number): number {
  let best = -1;
  let bestDistance = radius * radius;
  for (let i = 0; i < dots.count; i++) {
    const dx = (dots.x[i] ?? 0) - x;
    const dy = (dots.y[i] ?? 0) - y;
    const d = dx * dx + dy * dy;
    if (d <= bestDistance) {
      bestDistance = d;
      best = i;
    }
  }
  return best;
}
