/**
 * Stamps message dots straight into the canvas's pixels and hands the browser one image a frame. Ten thousand
 * arcs a frame cost Chromium's software rasteriser (no GPU: headless, or machines without one) 33 to 50 ms; the
 * same dots stamped from pre-rendered sprites into a pixel buffer and put with one putImageData cost a few ms.
 * A sprite is a dot of one style (colour, opacity, radius, the rim of a doomed message) rendered once with 8 x 8
 * samples a pixel (4 x 4 for large dots) at each quarter-pixel offset, so dots stay round and antialiased and
 * glide by quarter pixels instead of jumping by whole ones.
 *
 * The buffer is the canvas's size in device pixels, RGBA as ImageData holds it (not premultiplied). Only what
 * a frame or the one before touched is wiped and put again. No DOM here beyond the context's createImageData
 * and putImageData, so tests drive it with a stand-in context.
 */

/**
 * Samples a pixel each way when rendering a sprite: 64 levels of coverage for small dots, 16 from a radius of
 * LARGE_RADIUS device pixels on (a dot that large has few edge pixels for its size, and a sprite of it costs 4x
 * the samples per pixel otherwise).
 */
const SAMPLES = 8;
const LARGE_SAMPLES = 4;
const LARGE_RADIUS = 8;
/** Sub-pixel positions a sprite is rendered at, each way (quarter pixels). */
export const SUBPIXELS = 4;

export interface DotStyle {
  /** The fill, [r, g, b] 0..255. */
  readonly rgb: readonly [number, number, number];
  /** Opacity 0..1, the rim's included. */
  readonly alpha: number;
  /** Radius in device pixels. */
  readonly radius: number;
  /** A rim centred on the dot's edge (a doomed message), drawn over the fill. */
  readonly rim?: { readonly rgb: readonly [number, number, number]; readonly width: number };
}

/** One style at every sub-pixel offset: `pixels[fy * SUBPIXELS + fx]`, each `size` x `size` RGBA words. */
export interface Sprite {
  readonly size: number;
  /** From the sprite's top-left pixel to the dot's centre, less the sub-pixel part. */
  readonly centre: number;
  readonly pixels: readonly Uint32Array[];
  /** The same pixels as bytes (R, G, B, A), for blending. */
  readonly bytes: readonly Uint8Array[];
  /** Per variant, each row's painted columns: [first, last + 1) at 2 * row, 2 * row + 1 (empty rows 0, 0). */
  readonly spans: readonly Uint16Array[];
}

/** RGBA bytes read as one word: where its alpha lands (the high byte on little-endian machines, all of them). */
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;
const ALPHA_SHIFT = LITTLE_ENDIAN ? 24 : 0;

/** Renders a style's sprite at every sub-pixel offset. Pure; exported for tests. */
export function renderSprite(style: DotStyle): Sprite {
  const half = style.rim ? style.rim.width / 2 : 0;
  const reach = style.radius + half;
  const centre = Math.ceil(reach) + 1;
  const size = 2 * centre + 1;
  const pixels: Uint32Array[] = [];
  for (let fy = 0; fy < SUBPIXELS; fy++)
    for (let fx = 0; fx < SUBPIXELS; fx++)
      pixels.push(renderAt(style, size, centre + fx / SUBPIXELS, centre + fy / SUBPIXELS, half));
  return {
    size,
    centre,
    pixels,
    bytes: pixels.map((p) => new Uint8Array(p.buffer)),
    spans: pixels.map((p) => spansOf(p, size)),
  };
}

function spansOf(pixels: Uint32Array, size: number): Uint16Array {
  const spans = new Uint16Array(2 * size);
  for (let y = 0; y < size; y++) {
    let first = -1;
    let last = -1;
    for (let x = 0; x < size; x++) {
      if (pixels[y * size + x] === 0) continue;
      if (first < 0) first = x;
      last = x;
    }
    if (first >= 0) {
      spans[2 * y] = first;
      spans[2 * y + 1] = last + 1;
    }
  }
  return spans;
}

function renderAt(style: DotStyle, size: number, cx: number, cy: number, half: number): Uint32Array {
  const out = new Uint32Array(size * size);
  const bytes = new Uint8Array(out.buffer);
  const { radius, rim, rgb } = style;
  const samples = radius >= LARGE_RADIUS ? LARGE_SAMPLES : SAMPLES;
  const r2 = radius * radius;
  const inner = rim ? Math.max(0, radius - half) ** 2 : r2;
  const outer = rim ? (radius + half) ** 2 : r2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let fill = 0;
      let edge = 0;
      for (let sy = 0; sy < samples; sy++) {
        const dy = y + (sy + 0.5) / samples - cy;
        for (let sx = 0; sx < samples; sx++) {
          const dx = x + (sx + 0.5) / samples - cx;
          const d2 = dx * dx + dy * dy;
          if (rim && d2 >= inner && d2 <= outer) edge++;
          else if (d2 <= r2) fill++;
        }
      }
      const covered = fill + edge;
      if (covered === 0) continue;
      const p = 4 * (y * size + x);
      const e = rim?.rgb ?? rgb;
      for (let c = 0; c < 3; c++)
        bytes[p + c] = Math.round(((rgb[c] ?? 0) * fill + (e[c] ?? 0) * edge) / covered);
      bytes[p + 3] = Math.round((255 * style.alpha * covered) / (samples * samples));
    }
  }
  return out;
}

/** The smallest context the raster needs: a canvas's 2D context has both. */
export interface ImageContext {
  createImageData(width: number, height: number): ImageData;
  putImageData(image: ImageData, dx: number, dy: number, x: number, y: number, w: number, h: number): void;
}

/**
 * The rectangle a frame touched, [left, right) x [top, bottom); empty when top >= bottom. The buffer is wiped by
 * whole rows (one fill), the canvas put by the rectangle.
 */
interface Rows {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

const emptyRows = (): Rows => ({ top: 0, bottom: 0, left: 0, right: 0 });

export class DotRaster {
  private image: ImageData | null = null;
  private words = new Uint32Array(0);
  private bytes = new Uint8ClampedArray(0);
  private width = 0;
  private height = 0;
  /** What the canvas shows from the last frame, and what this frame has touched so far. */
  private shown: Rows = emptyRows();
  private touched: Rows = emptyRows();

  /** Starts a frame on a canvas of `width` x `height` device pixels: last frame's dots are wiped from the buffer. */
  begin(ctx: ImageContext, width: number, height: number): void {
    if (!this.image || width !== this.width || height !== this.height) {
      // A resized canvas is blank: nothing of the last frame is on it.
      this.image = ctx.createImageData(width, height);
      this.bytes = this.image.data;
      this.words = new Uint32Array(this.bytes.buffer, this.bytes.byteOffset, width * height);
      this.width = width;
      this.height = height;
      this.shown = emptyRows();
    } else if (this.shown.bottom > this.shown.top) {
      this.words.fill(0, this.shown.top * width, this.shown.bottom * width);
    }
    this.touched = { top: height, bottom: 0, left: width, right: 0 };
  }

  /** Stamps `sprite` with the dot's centre at (x, y) in device pixels, over what is there (source-over). */
  stamp(sprite: Sprite, x: number, y: number): void {
    if (
      !(x > -sprite.size && y > -sprite.size && x < this.width + sprite.size && y < this.height + sprite.size)
    )
      return; // off the canvas, or not a number
    const ix = Math.floor(x);
    const iy = Math.floor(y);
    const fx = Math.min(SUBPIXELS - 1, Math.floor((x - ix) * SUBPIXELS));
    const fy = Math.min(SUBPIXELS - 1, Math.floor((y - iy) * SUBPIXELS));
    const variant = fy * SUBPIXELS + fx;
    const src = sprite.pixels[variant] as Uint32Array;
    const srcBytes = sprite.bytes[variant] as Uint8Array;
    const spans = sprite.spans[variant] as Uint16Array;
    const size = sprite.size;
    const left = ix - sprite.centre;
    const top = iy - sprite.centre;
    const x0 = Math.max(0, -left);
    const y0 = Math.max(0, -top);
    const x1 = Math.min(size, this.width - left);
    const y1 = Math.min(size, this.height - top);
    if (x0 >= x1 || y0 >= y1) return;
    const { words, bytes, width, touched } = this;
    for (let sy = y0; sy < y1; sy++) {
      const row = (top + sy) * width + left;
      const from = Math.max(x0, spans[2 * sy] as number);
      const to = Math.min(x1, spans[2 * sy + 1] as number);
      for (let sx = from; sx < to; sx++) {
        const s = sy * size + sx;
        const word = src[s] as number;
        if (word === 0) continue;
        const d = row + sx;
        const sa = (word >>> ALPHA_SHIFT) & 255;
        const under = words[d] as number;
        if (sa === 255 || under === 0) {
          words[d] = word;
          continue;
        }
        const da = (under >>> ALPHA_SHIFT) & 255;
        // Source-over on straight (not premultiplied) colour, in units of 255 * 255.
        const keep = da * (255 - sa);
        const out = sa * 255 + keep;
        for (let c = 0; c < 3; c++)
          bytes[4 * d + c] =
            ((srcBytes[4 * s + c] as number) * sa * 255 + (bytes[4 * d + c] as number) * keep) / out;
        bytes[4 * d + 3] = out / 255;
      }
    }
    if (top + y0 < touched.top) touched.top = top + y0;
    if (top + y1 > touched.bottom) touched.bottom = top + y1;
    if (left + x0 < touched.left) touched.left = left + x0;
    if (left + x1 > touched.right) touched.right = left + x1;
  }

  /** Puts the frame on the canvas: the rows it or the last frame touched, nothing else. */
  end(ctx: ImageContext): void {
    const { image, shown, touched } = this;
    if (!image) return;
    const hadAny = shown.bottom > shown.top;
    const hasAny = touched.bottom > touched.top;
    if (hadAny || hasAny) {
      const top = Math.min(hadAny ? shown.top : touched.top, hasAny ? touched.top : shown.top);
      const bottom = Math.max(hadAny ? shown.bottom : 0, hasAny ? touched.bottom : 0);
      const left = Math.min(hadAny ? shown.left : touched.left, hasAny ? touched.left : shown.left);
      const right = Math.max(hadAny ? shown.right : 0, hasAny ? touched.right : 0);
      ctx.putImageData(image, 0, 0, left, top, right - left, bottom - top);
    }
    this.shown = hasAny ? touched : emptyRows();
  }

  /** Forgets the buffer: the next frame starts anew (the canvas was cleared or resized). */
  reset(): void {
    this.image = null;
    this.shown = emptyRows();
  }
}

/** A CSS colour as a 2D context normalises it (`#rrggbb` or `rgb(a)(r, g, b[, a])`), as [r, g, b]; else null. */
export function parseCanvasColour(colour: string): [number, number, number] | null {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(colour);
  if (hex)
    return [
      Number.parseInt(hex[1] ?? '0', 16),
      Number.parseInt(hex[2] ?? '0', 16),
      Number.parseInt(hex[3] ?? '0', 16),
    ];
  const rgb = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(colour);
  if (rgb) return [Math.round(Number(rgb[1])), Math.round(Number(rgb[2])), Math.round(Number(rgb[3]))];
  return null;
}
