/**
 * The message dots stamped into pixels (src/app/graph/dotRaster.ts, and dots.ts `rasterDots`): round,
 * antialiased sprites at quarter-pixel offsets, source-over blending, the dimmed under the bright, and only the
 * rows a frame or the one before touched put on the canvas; drawn on a stand-in context.
 */
import { describe, expect, it } from 'vitest';
import { DotRaster, parseCanvasColour, renderSprite, SUBPIXELS } from '../../src/app/graph/dotRaster.ts';
import {
  DOT_RADIUS,
  DotSprites,
  type DrawnDots,
  emptyDots,
  placeDots,
  rasterDots,
} from '../../src/app/graph/dots.ts';
import type { LabState } from '../../src/app/store.ts';
import { MESSAGE_KIND_ORDER, type PackedMessages } from '../../src/worker/protocol.ts';

const HEARTBEAT = MESSAGE_KIND_ORDER.indexOf('heartbeat');

interface Put {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** A context with createImageData and putImageData; `canvas` holds what was put, `puts` the dirty rectangles. */
function imageContext(width: number, height: number) {
  const canvas = new Uint8ClampedArray(width * height * 4);
  const puts: Put[] = [];
  const ctx = {
    canvas: { width, height },
    createImageData: (w: number, h: number) =>
      ({ width: w, height: h, data: new Uint8ClampedArray(w * h * 4) }) as unknown as ImageData,
    putImageData: (
      image: ImageData,
      _dx: number,
      _dy: number,
      x: number,
      y: number,
      w: number,
      h: number,
    ) => {
      puts.push({ x, y, w, h });
      for (let row = y; row < y + h; row++)
        for (let col = x; col < x + w; col++)
          for (let c = 0; c < 4; c++)
            canvas[4 * (row * width + col) + c] = image.data[4 * (row * width + col) + c] as number;
    },
  };
  const pixel = (x: number, y: number) =>
    Array.from(canvas.subarray(4 * (y * width + x), 4 * (y * width + x) + 4));
  return { ctx, puts, pixel };
}

const RED: [number, number, number] = [255, 0, 0];
const BLUE: [number, number, number] = [0, 0, 255];

function alphaOf(sprite: ReturnType<typeof renderSprite>, variant: number, x: number, y: number): number {
  const word = sprite.pixels[variant]?.[y * sprite.size + x] ?? 0;
  return new Uint8Array(Uint32Array.of(word).buffer)[3] ?? 0;
}

describe('renderSprite', () => {
  it('renders a round, antialiased dot at every quarter-pixel offset', () => {
    const sprite = renderSprite({ rgb: RED, alpha: 1, radius: 4 });
    expect(sprite.pixels).toHaveLength(SUBPIXELS * SUBPIXELS);
    // The dot's centre is the top-left corner of pixel (c, c): pixels c - 4 to c + 3 are inside or on the edge.
    const c = sprite.centre;
    // Solid inside, nothing outside, partial coverage on the edge.
    expect(alphaOf(sprite, 0, c, c)).toBe(255);
    expect(alphaOf(sprite, 0, c + 1, c - 2)).toBe(255);
    expect(alphaOf(sprite, 0, c + 4, c)).toBe(0);
    expect(alphaOf(sprite, 0, 0, 0)).toBe(0);
    const edge = alphaOf(sprite, 0, c + 3, c);
    expect(edge).toBeGreaterThan(0);
    expect(edge).toBeLessThan(255);
    // The covered area is the circle's, give or take the sampling: pi r^2 = 50.3 pixels.
    let area = 0;
    for (let y = 0; y < sprite.size; y++)
      for (let x = 0; x < sprite.size; x++) area += alphaOf(sprite, 0, x, y);
    expect(area / 255).toBeCloseTo(Math.PI * 16, 0);
    // Half a pixel to the right, the dot's right edge reaches further.
    expect(alphaOf(sprite, 2, c + 3, c)).toBeGreaterThan(edge);
  });

  it('dims and rims as asked', () => {
    const dim = renderSprite({ rgb: RED, alpha: 0.18, radius: 4 });
    expect(alphaOf(dim, 0, dim.centre, dim.centre)).toBe(Math.round(255 * 0.18));
    const rimmed = renderSprite({ rgb: RED, alpha: 1, radius: 4, rim: { rgb: BLUE, width: 1.5 } });
    const word = (x: number, y: number) =>
      Array.from(new Uint8Array(Uint32Array.of(rimmed.pixels[0]?.[y * rimmed.size + x] ?? 0).buffer));
    expect(word(rimmed.centre, rimmed.centre)).toEqual([255, 0, 0, 255]);
    // On the edge (4 to 4.75 pixels out) the rim's colour.
    expect(word(rimmed.centre, rimmed.centre - 5).slice(0, 3)).toEqual([0, 0, 255]);
    expect(rimmed.size).toBeGreaterThan(renderSprite({ rgb: RED, alpha: 1, radius: 4 }).size - 1);
  });
});

describe('DotRaster', () => {
  it('stamps dots centred where asked and puts only the rows touched, then wipes them next frame', () => {
    const { ctx, puts, pixel } = imageContext(40, 30);
    const raster = new DotRaster();
    const red = renderSprite({ rgb: RED, alpha: 1, radius: 3 });
    raster.begin(ctx, 40, 30);
    raster.stamp(red, 10.5, 10.5);
    raster.end(ctx);
    expect(pixel(10, 10)).toEqual([255, 0, 0, 255]);
    expect(pixel(20, 20)).toEqual([0, 0, 0, 0]);
    expect(puts).toHaveLength(1);
    const first = puts[0] as Put;
    expect(first.x).toBeLessThanOrEqual(7);
    expect(first.x + first.w).toBeGreaterThanOrEqual(14);
    expect(first.y + first.h).toBeLessThanOrEqual(16);

    // The next frame moves the dot: the old place is wiped (the put covers both), the new one drawn.
    raster.begin(ctx, 40, 30);
    raster.stamp(red, 30.5, 20.5);
    raster.end(ctx);
    expect(pixel(10, 10)).toEqual([0, 0, 0, 0]);
    expect(pixel(30, 20)).toEqual([255, 0, 0, 255]);
    const second = puts[1] as Put;
    expect(second.y).toBe(first.y);
    expect(second.x).toBe(first.x);

    // An empty frame wipes what was there and then puts nothing more.
    raster.begin(ctx, 40, 30);
    raster.end(ctx);
    expect(pixel(30, 20)).toEqual([0, 0, 0, 0]);
    raster.begin(ctx, 40, 30);
    raster.end(ctx);
    expect(puts).toHaveLength(3);
  });

  it('blends source-over, clips at the edges and ignores dots off the canvas', () => {
    const { ctx, pixel } = imageContext(20, 20);
    const raster = new DotRaster();
    raster.begin(ctx, 20, 20);
    raster.stamp(renderSprite({ rgb: RED, alpha: 1, radius: 3 }), 10, 10);
    raster.stamp(renderSprite({ rgb: BLUE, alpha: 0.5, radius: 3 }), 10, 10);
    raster.stamp(renderSprite({ rgb: BLUE, alpha: 1, radius: 3 }), 0, 0);
    raster.stamp(renderSprite({ rgb: BLUE, alpha: 1, radius: 3 }), -50, 5);
    raster.stamp(renderSprite({ rgb: BLUE, alpha: 1, radius: 3 }), Number.NaN, 5);
    raster.end(ctx);
    const [r, g, b, a] = pixel(10, 10);
    expect(a).toBe(255);
    expect(g).toBe(0);
    expect(r).toBeGreaterThanOrEqual(126);
    expect(r).toBeLessThanOrEqual(129);
    expect(b).toBeGreaterThanOrEqual(126);
    expect(b).toBeLessThanOrEqual(129);
    expect(pixel(0, 0)).toEqual([0, 0, 255, 255]);
    // Half transparent over nothing keeps its colour, at half opacity.
    const lone = imageContext(20, 20);
    raster.reset();
    raster.begin(lone.ctx, 20, 20);
    raster.stamp(renderSprite({ rgb: BLUE, alpha: 0.5, radius: 3 }), 10, 10);
    raster.end(lone.ctx);
    expect(lone.pixel(10, 10)).toEqual([0, 0, 255, 128]);
  });
});

/** Dots from rows of [x, y, kind, flags] (flags: 1 heartbeat, 2 doomed, 4 dimmed). */
function dotsOf(rows: readonly [number, number, number, number][]): DrawnDots {
  const dots = emptyDots();
  dots.x = Float64Array.from(rows.map((r) => r[0]));
  dots.y = Float64Array.from(rows.map((r) => r[1]));
  dots.kind = Uint8Array.from(rows.map((r) => r[2]));
  dots.flags = Uint8Array.from(rows.map((r) => r[3]));
  dots.source = Uint32Array.from(rows.map((_, i) => i));
  dots.count = rows.length;
  return dots;
}

describe('rasterDots', () => {
  const colours: [number, number, number][] = [RED, BLUE, [0, 255, 0]];

  it('draws every dot in its kind colour, the bright over the dimmed whatever their order', () => {
    const { ctx, pixel } = imageContext(60, 20);
    const sprites = new DotSprites(colours, [255, 255, 255]);
    // A bright red dot first in the list, a dimmed blue one after it at the same place; a green one apart.
    const dots = dotsOf([
      [10, 10, 0, 0],
      [10, 10, 1, 4],
      [40, 10, 2, 0],
    ]);
    rasterDots(ctx, new DotRaster(), dots, sprites, { scale: 1, dpr: 1 });
    expect(pixel(10, 10)).toEqual([255, 0, 0, 255]);
    expect(pixel(40, 10)).toEqual([0, 255, 0, 255]);
    expect(pixel(40 + Math.ceil(DOT_RADIUS) + 1, 10)).toEqual([0, 0, 0, 0]);
  });

  it('places dots in device pixels and rims the doomed', () => {
    const { ctx, pixel } = imageContext(80, 40);
    const sprites = new DotSprites(colours, [255, 255, 255]);
    rasterDots(ctx, new DotRaster(), dotsOf([[15, 10, 0, 2]]), sprites, { scale: 1, dpr: 2 });
    // CSS (15, 10) is device (30, 20); the radius doubles too, and the rim is white.
    expect(pixel(30, 20)).toEqual([255, 0, 0, 255]);
    expect(pixel(30, 20 - 2 * DOT_RADIUS).slice(0, 3)).toEqual([255, 255, 255]);
    expect(pixel(30, 20 - 2 * DOT_RADIUS - 4)).toEqual([0, 0, 0, 0]);
  });
});

describe('parseCanvasColour', () => {
  it('reads the forms a 2D context gives a colour back in', () => {
    expect(parseCanvasColour('#4da3ff')).toEqual([0x4d, 0xa3, 0xff]);
    expect(parseCanvasColour('rgba(10, 20, 30, 0.5)')).toEqual([10, 20, 30]);
    expect(parseCanvasColour('rgb(1 2 3)')).toEqual([1, 2, 3]);
    expect(parseCanvasColour('oklch(0.7 0.1 200)')).toBeNull();
  });
});

describe('placeDots', () => {
  const names = ['a', 'b', 'c'];
  const messages = (): PackedMessages => ({
    count: 3,
    id: Float64Array.of(1, 2, 3),
    sentAt: Float64Array.of(0, 0, 100),
    deliverAt: Float64Array.of(1000, 2000, 1100),
    from: Uint16Array.of(0, 1, 2),
    to: Uint16Array.of(1, 2, 0),
    kind: Uint8Array.of(0, 1, HEARTBEAT),
    doomed: Uint8Array.of(0, 1, 0),
    names,
    labels: '',
    labelEnd: new Uint32Array(3),
  });
  // Each link runs from (10 * from, 0) to (10 * from + 100, 50) in view units.
  const linkOf = (_m: PackedMessages, from: number) => ({ x1: 10 * from, y1: 0, dx: 100, dy: 50 });
  const view = { scale: 2, offsetX: 5, offsetY: 7 };
  const state = (m: PackedMessages, patch: Partial<LabState> = {}) =>
    ({ snapshot: { nowUs: 0, messages: m }, selectedNode: null, showHeartbeats: true, ...patch }) as LabState;

  it('moves the dots of one snapshot along their links, and places them anew for a new selection', () => {
    const dots = emptyDots();
    const m = messages();
    placeDots(dots, state(m), { view, linkOf, stepped: false, atUs: 500 });
    expect(dots.count).toBe(3);
    expect([dots.x[0], dots.y[0]]).toEqual([5 + 2 * 50, 7 + 2 * 25]);
    expect([dots.x[1], dots.y[1]]).toEqual([5 + 2 * (10 + 25), 7 + 2 * 12.5]);
    expect([dots.x[2], dots.y[2]]).toEqual([5 + 2 * (20 + 40), 7 + 2 * 20]);
    expect(Array.from(dots.flags.subarray(0, 3))).toEqual([0, 2, 1]);
    // Later in the same snapshot: only the places change.
    placeDots(dots, state(m), { view, linkOf, stepped: false, atUs: 1000 });
    expect([dots.x[0], dots.y[0]]).toEqual([5 + 2 * 100, 7 + 2 * 50]);
    expect([dots.x[1], dots.y[1]]).toEqual([5 + 2 * (10 + 50), 7 + 2 * 25]);
    // Stepped: a quarter of the way at most three quarters.
    placeDots(dots, state(m), { view, linkOf, stepped: true, atUs: 1000 });
    expect([dots.x[1], dots.y[1]]).toEqual([5 + 2 * (10 + 50), 7 + 2 * 25]);
    expect([dots.x[0], dots.y[0]]).toEqual([5 + 2 * 75, 7 + 2 * 37.5]);
    // Selecting b dims the message between c and a; hiding heartbeats drops it.
    placeDots(dots, state(m, { selectedNode: 'b' }), { view, linkOf, stepped: false, atUs: 0 });
    expect(Array.from(dots.flags.subarray(0, 3))).toEqual([0, 2, 1 | 4]);
    placeDots(dots, state(m, { showHeartbeats: false }), { view, linkOf, stepped: false, atUs: 0 });
    expect(dots.count).toBe(2);
    expect(Array.from(dots.source.subarray(0, 2))).toEqual([0, 1]);
    // A new view (the canvas resized) places them anew.
    placeDots(dots, state(m, { showHeartbeats: false }), {
      view: { scale: 1, offsetX: 0, offsetY: 0 },
      linkOf,
      stepped: false,
      atUs: 0,
    });
    expect([dots.x[1], dots.y[1]]).toEqual([10, 0]);
  });
});
