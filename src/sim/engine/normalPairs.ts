/**
 * Normal pairs for the network's latency draws (Rng.normal draws them a batch at a time): detNormalPair's steps,
 * the same operations in the same order on the same constants, so the same bits (tests/unit/normalPairs.test.ts
 * compares the two), written out in three long functions instead of detmath's small ones.
 *
 * Why written out: a pair is some 2,300 bytes of bytecode in detmath's nest of small functions, over twice what
 * V8 inlines into one compiled function, so some of them stayed calls, and every call that returns a double
 * returns it as a new heap number: five per pair in the simulation (40 bytes per message sent), and a pair cost
 * about 200 ns there against 120 ns in a loop of its own. These functions call nothing that returns a double,
 * and take their doubles from arrays and hand them on through arrays (a double passed to a call that is not
 * inlined is boxed too), so V8's inlining choices cannot put allocations back on the path.
 */
import {
  ATANH_COEFFS,
  COS_COEFFS,
  detNormalPair,
  HI,
  LN2_HI,
  LN2_LO,
  MIN_NORMAL,
  NORMAL_PAIR,
  PIO2_HI,
  PIO2_LO,
  POW2,
  POW2_BIAS,
  SIN_COEFFS,
  SPLITTER,
  SQRT2,
  TWO_THIRDS,
  TWO_THIRDS_LO,
  TWO52,
  TWO54,
} from './detmath.ts';

type Nine = [number, number, number, number, number, number, number, number, number];

/** A series' coefficients as a tuple of `n` (detmath builds exactly that many; anything else is a mistake here). */
function terms<T extends number[]>(list: readonly number[], n: T['length']): T {
  if (list.length !== n) throw new Error(`normalPairs: ${list.length} coefficients where ${n} were expected`);
  return [...list] as T;
}

const [A0, A1, A2, A3, A4, A5, A6, A7, A8, A9] = terms<[...Nine, number]>(ATANH_COEFFS, 10);
const [S0, S1, S2, S3, S4, S5, S6, S7, S8] = terms<Nine>(SIN_COEFFS, 9);
const [C0, C1, C2, C3, C4, C5, C6, C7, C8] = terms<Nine>(COS_COEFFS, 9);

/** Veltkamp's halves of the two constants detmath multiplies exactly (productError), split as it splits them. */
const TT_HI = SPLITTER * TWO_THIRDS - (SPLITTER * TWO_THIRDS - TWO_THIRDS);
const TT_LO = TWO_THIRDS - TT_HI;
const PIO2_HI_HI = SPLITTER * PIO2_HI - (SPLITTER * PIO2_HI - PIO2_HI);
const PIO2_HI_LO = PIO2_HI - PIO2_HI_HI;

/** The bits of a double, read as detmath's exponentOf reads them. */
const BITS = new Float64Array(1);
const WORDS = new Uint32Array(BITS.buffer);

/**
 * Each pair's steps, pair by pair in the batch: its radius (1 - u1, then its log, then -2 log, then the root), its
 * angle u2 and the angle's sine and cosine, and whether a special case leaves the pair to detNormalPair.
 */
let radius = new Float64Array(16);
let angle = new Float64Array(16);
let sine = new Float64Array(16);
let cosine = new Float64Array(16);
let special = new Uint8Array(16);
/** sin, cos, -sin, -cos of the angle at hand: its sine is the quadrant's, its cosine the next one's. */
const TURNED = new Float64Array(4);

/**
 * Turns `count` pairs of uniform draws, u1 then u2 at pairs[2k] and pairs[2k + 1], into detNormalPair(u1, u2)'s two
 * variates in their places. Where a special case of detLog, detSqrt or detSinCos2Pi decides (u1 = 0, or an input
 * out of [0, 1)), detNormalPair itself does.
 *
 * Step by step across the batch (every pair's log, then every pair's root, then every sine and cosine), not pair
 * by pair: one pair's log and root are two long chains of dependent operations (the root five divisions in a
 * row), which leave the processor waiting; the same step of the next pair depends on nothing before it, so the
 * processor overlaps them: batches of 16 took 70 ns a pair instead of 105 in a loop of their own, and the
 * leader-follower bench's draws 7.7% of its CPU profile instead of 9.7%.
 */
export function normalPairs(pairs: Float64Array, count: number): void {
  if (radius.length < count) grow(count);
  for (let k = 0; k < count; k++) {
    const u2 = pairs[2 * k + 1] as number;
    const x = 1 - (pairs[2 * k] as number);
    const usual = x > 0 && x < Number.POSITIVE_INFINITY && Math.abs(u2) < TWO52;
    special[k] = usual ? 0 : 1;
    radius[k] = usual ? x : 1;
    angle[k] = usual ? u2 : 0;
  }
  logs(count);
  for (let k = 0; k < count; k++) {
    const v = -2 * (radius[k] as number);
    const usual = v > 0 && v < Number.POSITIVE_INFINITY;
    if (!usual) special[k] = 1;
    radius[k] = usual ? v : 1;
  }
  roots(count);
  sinesAndCosines(count);
  for (let k = 0; k < count; k++) {
    if (special[k] === 1) {
      detNormalPair(pairs[2 * k] as number, pairs[2 * k + 1] as number);
      pairs[2 * k] = NORMAL_PAIR[0] as number;
      pairs[2 * k + 1] = NORMAL_PAIR[1] as number;
    } else {
      const r = radius[k] as number;
      pairs[2 * k] = r * (cosine[k] as number);
      pairs[2 * k + 1] = r * (sine[k] as number);
    }
  }
}

/** Room for batches of `count` pairs. */
function grow(count: number): void {
  radius = new Float64Array(count);
  angle = new Float64Array(count);
  sine = new Float64Array(count);
  cosine = new Float64Array(count);
  special = new Uint8Array(count);
}

/** detLog(x) of each finite x > 0 in radius[0..count), in its place: logParts' steps, each productError written out. */
function logs(count: number): void {
  for (let i = 0; i < count; i++) {
    let x = radius[i] as number;
    let k = 0;
    if (x < MIN_NORMAL) {
      x *= TWO54;
      k = -54;
    }
    BITS[0] = x;
    const e = (((WORDS[HI] as number) >>> 20) & 0x7ff) - 1023;
    k += e;
    let m = x * (POW2[-e + POW2_BIAS] as number);
    if (m > SQRT2) {
      m *= 0.5;
      k += 1;
    }
    const f = m - 1;
    const d = 2 + f;
    const dLo = f - (d - 2);
    const s = f / d;
    const sd = s * d;
    // productError(s, d, sd), with s's halves kept for the two products of s below (the same halves again).
    let t = SPLITTER * s;
    const sH = t - (t - s);
    const sL = s - sH;
    t = SPLITTER * d;
    const dH = t - (t - d);
    const dL = d - dH;
    const sLo = (f - sd - (sH * dH - sd + sH * dL + sL * dH + sL * dL) - s * dLo) / d;
    const z = s * s;
    const zLo = sH * sH - z + sH * sL + sL * sH + sL * sL + 2 * s * sLo;
    const s3 = z * s;
    t = SPLITTER * z;
    const zH = t - (t - z);
    const zL = z - zH;
    const s3Lo = zH * sH - s3 + zH * sL + zL * sH + zL * sL + zLo * s + z * sLo;
    const c = s3 * TWO_THIRDS;
    t = SPLITTER * s3;
    const s3H = t - (t - s3);
    const s3L = s3 - s3H;
    const cLo =
      s3H * TT_HI - c + s3H * TT_LO + s3L * TT_HI + s3L * TT_LO + s3Lo * TWO_THIRDS + s3 * TWO_THIRDS_LO;
    const series =
      ((((((((A9 * z + A8) * z + A7) * z + A6) * z + A5) * z + A4) * z + A3) * z + A2) * z + A1) * z + A0;
    const rest = s3 * z * series;
    const a = k * LN2_HI;
    const b = 2 * s;
    const h = a + b;
    const h2 = h + c;
    const low = b - (h - a) + (c - (h2 - h)) + (k * LN2_LO + (2 * sLo + (cLo + rest)));
    radius[i] = h2 + low;
  }
}

/** detSqrt(x) of each finite x > 0 in radius[0..count), in its place: the reduction, sqrtOfReduced's steps. */
function roots(count: number): void {
  for (let i = 0; i < count; i++) {
    let v = radius[i] as number;
    let e = 0;
    if (v < MIN_NORMAL) {
      v *= TWO54;
      e = -54;
    }
    BITS[0] = v;
    const ev = (((WORDS[HI] as number) >>> 20) & 0x7ff) - 1023;
    e += ev;
    let m = v * (POW2[-ev + POW2_BIAS] as number);
    if (e % 2 !== 0) {
      m *= 2;
      e -= 1;
    }
    let y = 0.5 * (1 + m);
    for (let j = 0; j < 5; j++) y = 0.5 * (y + m / y);
    const p = y * y;
    const t = SPLITTER * y;
    const yH = t - (t - y);
    const yL = y - yH;
    const r = m - p - (yH * yH - p + yH * yL + yL * yH + yL * yL);
    radius[i] = (y + r / (2 * y)) * (POW2[e / 2 + POW2_BIAS] as number);
  }
}

/** detSinCos2Pi(turns) of each |turns| < 2^52 in angle[0..count), into sine and cosine: reduceTurns, the kernels. */
function sinesAndCosines(count: number): void {
  for (let i = 0; i < count; i++) {
    const w = 4 * (angle[i] as number);
    const q = Math.round(w);
    const t = w - q;
    const a = t * PIO2_HI;
    const split = SPLITTER * t;
    const tH = split - (split - t);
    const tL = t - tH;
    const aLo = tH * PIO2_HI_HI - a + tH * PIO2_HI_LO + tL * PIO2_HI_HI + tL * PIO2_HI_LO + t * PIO2_LO;
    const quadrant = q - 4 * Math.floor(q / 4);
    const z = a * a;
    const sinS = (((((((S8 * z + S7) * z + S6) * z + S5) * z + S4) * z + S3) * z + S2) * z + S1) * z + S0;
    const sin = a + (aLo * (1 - 0.5 * z) + a * z * sinS);
    const cosS = (((((((C8 * z + C7) * z + C6) * z + C5) * z + C4) * z + C3) * z + C2) * z + C1) * z + C0;
    const hz = 0.5 * z;
    const wc = 1 - hz;
    const cos = wc + (1 - wc - hz + (z * z * cosS - a * aLo));
    // The quadrant picks from sin, cos, -sin, -cos by index, not by branches: it is random, so each branch was
    // mispredicted about half the time, and every miss threw away the work of the batch's next pairs under way.
    TURNED[0] = sin;
    TURNED[1] = cos;
    TURNED[2] = -sin;
    TURNED[3] = -cos;
    const qi = quadrant | 0;
    sine[i] = TURNED[qi] as number;
    cosine[i] = TURNED[(qi + 1) & 3] as number;
  }
}
