/**
 * Elementary functions whose results are the same bits in every JavaScript engine.
 *
 * ECMAScript lets each engine approximate Math.log, exp, pow, sin, cos and even sqrt as it likes (the standard
 * calls their results "implementation-approximated"), and engines use different code for them (V8 a port of
 * fdlibm, JavaScriptCore the system's libm), so a random draw that passes through one of them may differ in its
 * last bit between browsers, and one microsecond rounded the other way changes the whole run after it. The basic
 * operations are different: + - * / are specified as IEEE-754 double operations, correctly rounded to nearest,
 * with no fused multiply-add and no extra precision. Every function here uses only those, comparisons,
 * Math.round, Math.floor and Math.abs (exact by specification), the constants Math.PI, Math.SQRT2 and Math.LOG2E
 * (each specified as the one double nearest the constant), and reads or writes the bits of a double through a
 * Float64Array and a Uint32Array over the same 8 bytes (exact; which word holds the sign and exponent is found
 * once from the machine's byte order). Its result is therefore a pure function of its arguments' bits, the same
 * in every conforming engine.
 *
 * Accuracy (tests/unit/detmath.test.ts compares each with Math.*; checked once, offline, against 200-bit mpmath
 * on 300,000 points, where the worst errors seen were the figures in brackets):
 * - detLog: log carried in two doubles to about 2^-64, then rounded: correctly rounded except within about
 *   2^-11 ulp of a rounding boundary [0.500 ulp; 79,999 of 80,000 correctly rounded; V8's Math.log 0.811].
 * - detExp: fdlibm's method (reduction by a multiple of ln 2, then exp(r) = 1 + r + r c / (2 - c)), < 1 ulp
 *   [0.832 ulp, as V8's Math.exp, which is fdlibm's].
 * - detPow(x, y) = exp(y log x) with y log x formed in two doubles, so the log's error is not multiplied up by
 *   |y log x|: < 1 ulp plus about |y log x| * 2^-11 ulp [0.833 ulp with |y log x| up to 745].
 * - detSqrt: Newton's iteration, then one correction step from the exact residual [correctly rounded in all
 *   40,000 cases, and equal to Math.sqrt in the tests].
 * - detSin2Pi(v), detCos2Pi(v): sine and cosine of v turns (2 pi v radians). The reduction to an eighth of a turn
 *   is exact (v is a fraction of a turn, not a rounded multiple of pi), the kernels are < 1 ulp [0.743 ulp;
 *   Math.sin(2 * Math.PI * v) is off by up to 145,688 ulp near the zeros, from rounding its argument].
 * The polynomials are Taylor series whose coefficients are built here by exact integer divisions, so no
 * constant depends on a decimal literal of more than 17 digits (the standard lets an engine round literals of
 * more than 20 significant digits either way).
 */

/**
 * Scratch for reading the exponent of a double: the double and its two 32-bit words over the same bytes. HI is the
 * word with the sign, exponent and top of the mantissa (1 on a little-endian machine, 0 on a big-endian one).
 * Only read after a write of the whole double: a 64-bit read just after a 32-bit write to the same bytes stalls
 * the processor, so powers of two come from POW2 instead, and a mantissa from a multiplication by one.
 */
const BITS = new Float64Array(1);
const WORDS = new Uint32Array(BITS.buffer);
export const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** The smallest normal double, 2^-1022; below it a double is subnormal and its exponent field reads zero. */
export const MIN_NORMAL = 2.2250738585072014e-308;
/** 2^54: scales a subnormal into the normal range exactly. */
export const TWO54 = 18014398509481984;
/** 2^52: every double at or above it is an integer. */
export const TWO52 = 4503599627370496;

/** Veltkamp's constant 2^27 + 1: splits a double into two halves whose pairwise products are exact. */
export const SPLITTER = 134217729;

/**
 * ln 2 split in two: LN2_HI has only 32 significant bits, so k * LN2_HI is exact for every |k| < 2^21, and
 * LN2_HI + LN2_LO is ln 2 to about 2^-85 (the split fdlibm uses: 0x3FE62E42FEE00000, 0x3DEA39EF35793C76).
 */
export const LN2_HI = 0.6931471803691238;
export const LN2_LO = 1.9082149292705877e-10;
/**
 * 1 / ln 2: only picks the multiple of ln 2 to subtract, so its last bit would not matter. Math.LOG2E, like
 * Math.SQRT2 and Math.PI, is specified as "the Number value for" the constant: one exact double everywhere.
 */
const INV_LN2 = Math.LOG2E;
/** pi / 2 as the double nearest to it plus the remainder (0x3FF921FB54442D18, 0x3C91A62633145C07). */
export const PIO2_HI = Math.PI / 2;
export const PIO2_LO = 6.123233995736766e-17;
/** Where the log's reduction switches from m to m/2; any nearby value would do. */
export const SQRT2 = Math.SQRT2;

/** exp(x) overflows above this and is below half the smallest subnormal under the next (fdlibm's thresholds). */
const EXP_OVERFLOW = 709.782712893384;
const EXP_UNDERFLOW = -745.1332191019411;

/**
 * 2 / (2n + 5) for n = 0..9: log(m) = 2 atanh(s) = 2s + (2/3) s^3 + s^5 * sum(coefficient_n * z^n), z = s^2.
 * For |s| < 0.1716 the first term left out is below 2^-66 of the result.
 */
export const ATANH_COEFFS: readonly number[] = Array.from({ length: 10 }, (_, n) => 2 / (2 * n + 5));
/** 2/3 as two doubles: the rounded value and (to 2^-108) what it misses, 2^-54 times 2/3. */
export const TWO_THIRDS = 2 / 3;
export const TWO_THIRDS_LO = TWO_THIRDS * 5.551115123125783e-17;

/**
 * The Taylor coefficients of (r coth(r / 2) - 2) / r^2 in powers of t = r^2, from the Bernoulli numbers:
 * 1/6, -1/360, 1/15120, -1/604800, 1/23950080, -691/653837184000, 1/37362124800 (each an exact integer ratio
 * under 2^53, so each division is correctly rounded). Truncation error below 2^-62 for |r| <= ln(2) / 2.
 */
const EXP_COEFFS: readonly number[] = [
  1 / 6,
  -1 / 360,
  1 / 15120,
  -1 / 604800,
  1 / 23950080,
  -691 / 653837184000,
  1 / 37362124800,
];

/**
 * Taylor coefficients of sine and cosine after their first terms: (sin a - a) / a^3 = -1/3! + a^2/5! - ... up
 * to a^16/19!, and (cos a - 1 + a^2/2) / a^4 = 1/4! - a^2/6! + ... up to a^16/20!. Built by the recurrence
 * c_n = -c_(n-1) / ((2n)(2n+1)), each step a correctly rounded division. For |a| <= pi/4 the first term left
 * out is below 2^-68 of the result.
 */
export const SIN_COEFFS: readonly number[] = taylorTail(3, 9);
export const COS_COEFFS: readonly number[] = taylorTail(4, 9);

/** (-1)^j / (first + 2j)! for j = 0..count-1, with the sign of the first term (-1 for 3!, +1 for 4!). */
function taylorTail(first: number, count: number): number[] {
  const out: number[] = [];
  let c = 1;
  for (let n = 2; n <= first; n++) c /= n;
  if (first === 3) c = -c;
  for (let j = 0; j < count; j++) {
    out.push(c);
    c = -c / ((first + 2 * j + 1) * (first + 2 * j + 2));
  }
  return out;
}

/** sum(coeffs[i] * z^i) by Horner's rule, from the highest power down (a fixed order of operations). */
function horner(coeffs: readonly number[], z: number): number {
  let acc = coeffs[coeffs.length - 1] as number;
  for (let i = coeffs.length - 2; i >= 0; i--) acc = acc * z + (coeffs[i] as number);
  return acc;
}

/** coeffs[i], which must exist. */
function coefficient(coeffs: readonly number[], i: number): number {
  const c = coeffs[i];
  if (c === undefined) throw new Error(`detmath: no coefficient ${i}`);
  return c;
}

/*
 * The series the draws evaluate on every message, unrolled: the operations and their order are horner's exactly
 * (so are the bits; tests/unit/detmath.test.ts pins them), with the coefficients in constants, so each is a few
 * lines a caller inlines instead of a loop over an array.
 */
const A0 = coefficient(ATANH_COEFFS, 0);
const A1 = coefficient(ATANH_COEFFS, 1);
const A2 = coefficient(ATANH_COEFFS, 2);
const A3 = coefficient(ATANH_COEFFS, 3);
const A4 = coefficient(ATANH_COEFFS, 4);
const A5 = coefficient(ATANH_COEFFS, 5);
const A6 = coefficient(ATANH_COEFFS, 6);
const A7 = coefficient(ATANH_COEFFS, 7);
const A8 = coefficient(ATANH_COEFFS, 8);
const A9 = coefficient(ATANH_COEFFS, 9);
const S0 = coefficient(SIN_COEFFS, 0);
const S1 = coefficient(SIN_COEFFS, 1);
const S2 = coefficient(SIN_COEFFS, 2);
const S3 = coefficient(SIN_COEFFS, 3);
const S4 = coefficient(SIN_COEFFS, 4);
const S5 = coefficient(SIN_COEFFS, 5);
const S6 = coefficient(SIN_COEFFS, 6);
const S7 = coefficient(SIN_COEFFS, 7);
const S8 = coefficient(SIN_COEFFS, 8);
const C0 = coefficient(COS_COEFFS, 0);
const C1 = coefficient(COS_COEFFS, 1);
const C2 = coefficient(COS_COEFFS, 2);
const C3 = coefficient(COS_COEFFS, 3);
const C4 = coefficient(COS_COEFFS, 4);
const C5 = coefficient(COS_COEFFS, 5);
const C6 = coefficient(COS_COEFFS, 6);
const C7 = coefficient(COS_COEFFS, 7);
const C8 = coefficient(COS_COEFFS, 8);

/** horner(ATANH_COEFFS, z). */
function atanhSeries(z: number): number {
  return ((((((((A9 * z + A8) * z + A7) * z + A6) * z + A5) * z + A4) * z + A3) * z + A2) * z + A1) * z + A0;
}

/** horner(SIN_COEFFS, z). */
function sinSeries(z: number): number {
  return (((((((S8 * z + S7) * z + S6) * z + S5) * z + S4) * z + S3) * z + S2) * z + S1) * z + S0;
}

/** horner(COS_COEFFS, z). */
function cosSeries(z: number): number {
  return (((((((C8 * z + C7) * z + C6) * z + C5) * z + C4) * z + C3) * z + C2) * z + C1) * z + C0;
}

/** The exact error of the product p = a * b, so that a * b = p + error exactly (Dekker; no overflow here). */
function productError(a: number, b: number, p: number): number {
  let t = SPLITTER * a;
  const aHi = t - (t - a);
  const aLo = a - aHi;
  t = SPLITTER * b;
  const bHi = t - (t - b);
  const bLo = b - bHi;
  return aHi * bHi - p + aHi * bLo + aLo * bHi + aLo * bLo;
}

/**
 * 2^k for every integer k in [-1074, 1023] at POW2[k + 1074], each exact: 1 doubled or halved step by step (a
 * power of two times or over 2 is exact down to the smallest subnormal, 2^-1074).
 */
export const POW2_BIAS = 1074;
export const POW2 = (() => {
  const table = new Float64Array(POW2_BIAS + 1024);
  table[POW2_BIAS] = 1;
  for (let k = 1; k <= 1023; k++) table[POW2_BIAS + k] = (table[POW2_BIAS + k - 1] as number) * 2;
  for (let k = -1; k >= -POW2_BIAS; k--) table[POW2_BIAS + k] = (table[POW2_BIAS + k + 1] as number) / 2;
  return table;
})();

/** 2^k for an integer k in [-1074, 1023]: exact. */
function pow2(k: number): number {
  return POW2[k + POW2_BIAS] as number;
}

/** x * 2^k for x in [0.5, 2) and k in [-1086, 2046], rounded once (only when the result is subnormal). */
function scaleByPow2(x: number, k: number): number {
  if (k > 1023) return x * pow2(1023) * pow2(k - 1023);
  if (k < -1022) return x * pow2(k + 64) * pow2(-64);
  return x * pow2(k);
}

/** floor(log2(x)) for a normal x > 0, from its exponent field. */
function exponentOf(x: number): number {
  BITS[0] = x;
  return (((WORDS[HI] as number) >>> 20) & 0x7ff) - 1023;
}

/**
 * x / 2^e, in [1, 2), for a normal x > 0 and its exponent e = floor(log2(x)): x times 2^-e, exact (the result is a
 * double of x's mantissa; 2^-e is at least 2^-1023, a subnormal but exact power of two).
 */
function mantissaOf(x: number, e: number): number {
  return x * pow2(-e);
}

/** The two parts of the last `logParts` result: log(x) = LOG_PARTS[0] + LOG_PARTS[1] to about 2^-64. */
const LOG_PARTS = new Float64Array(2);

/**
 * log(x) for a finite x > 0 as two doubles in LOG_PARTS. x = 2^k m with m in [sqrt(1/2), sqrt(2)), and
 * log(m) = 2 atanh(s) = 2s + (2/3) s^3 + ... with s = (m - 1) / (m + 1), |s| < 0.1716. k ln 2, 2s and (2/3) s^3
 * are each carried in two doubles; the rest of the series is below 2^-12 of the result, so rounding it costs
 * under 2^-64. That precision is for detPow: exp(y log x) multiplies the log's error by |y log x|.
 */
function logParts(x0: number): void {
  let x = x0;
  let k = 0;
  if (x < MIN_NORMAL) {
    x *= TWO54;
    k = -54;
  }
  const e = exponentOf(x);
  k += e;
  let m = mantissaOf(x, e);
  if (m > SQRT2) {
    m *= 0.5;
    k += 1;
  }
  const f = m - 1; // exact: m is within a factor of 2 of 1 (Sterbenz)
  const d = 2 + f;
  const dLo = f - (d - 2); // the exact rounding error of 2 + f, since |f| < 2
  const s = f / d;
  const sd = s * d;
  // s + sLo = f / (d + dLo): the residual f - s * d is exact (f - sd by Sterbenz, its error by Dekker's product).
  const sLo = (f - sd - productError(s, d, sd) - s * dLo) / d;
  // (2/3) s^3 = c + cLo, from s^2 = z + zLo and s^3 = s3 + s3Lo, each with the error of its product.
  const z = s * s;
  const zLo = productError(s, s, z) + 2 * s * sLo;
  const s3 = z * s;
  const s3Lo = productError(z, s, s3) + zLo * s + z * sLo;
  const c = s3 * TWO_THIRDS;
  const cLo = productError(s3, TWO_THIRDS, c) + s3Lo * TWO_THIRDS + s3 * TWO_THIRDS_LO;
  const rest = s3 * z * atanhSeries(z);
  // Sum k ln 2 + 2s + c with Fast2Sum twice (each time the first addend is the larger or zero), then the lows.
  const a = k * LN2_HI; // exact
  const b = 2 * s;
  const h = a + b;
  const h2 = h + c;
  const low = b - (h - a) + (c - (h2 - h)) + (k * LN2_LO + (2 * sLo + (cLo + rest)));
  const hi = h2 + low;
  LOG_PARTS[0] = hi;
  LOG_PARTS[1] = low - (hi - h2);
}

/**
 * exp(hi + lo) for |hi| within the thresholds and |lo| tiny beside it. k = round(hi / ln 2) and
 * r = hi - k ln 2 + lo, |r| <= about ln(2) / 2, kept as rHi - rLo (rHi exact by Sterbenz); then, as fdlibm does,
 * exp(r) = 1 + r + r c / (2 - c) with c = r - r^2 P(r^2), which is what keeps the error under 1 ulp.
 */
function expParts(hi: number, lo: number): number {
  const k = Math.round(hi * INV_LN2);
  const rHi = hi - k * LN2_HI;
  const rLo = k * LN2_LO - lo;
  const r = rHi - rLo;
  const t = r * r;
  const c = r - t * horner(EXP_COEFFS, t);
  const y = 1 - (rLo - (r * c) / (2 - c) - rHi);
  return scaleByPow2(y, k);
}

/** Natural logarithm, as Math.log: NaN below 0, -Infinity at 0, Infinity at Infinity. */
export function detLog(x: number): number {
  if (!(x > 0)) return x === 0 ? Number.NEGATIVE_INFINITY : Number.NaN;
  if (x === Number.POSITIVE_INFINITY) return x;
  logParts(x);
  return LOG_PARTS[0] as number;
}

/** e^x, as Math.exp: 0 below about -745.13, Infinity above about 709.78. */
export function detExp(x: number): number {
  if (Number.isNaN(x)) return x;
  if (x > EXP_OVERFLOW) return Number.POSITIVE_INFINITY;
  if (x < EXP_UNDERFLOW) return 0;
  return expParts(x, 0);
}

/**
 * x^y for x >= 0, as Math.pow for such x (including its infinities and pow(1, ±Infinity) = NaN), except that -0
 * is taken as +0. A negative base is a RangeError: the simulator never raises one to a power, and a silent NaN
 * would hide the mistake.
 */
export function detPow(x: number, y: number): number {
  if (x < 0) throw new RangeError(`detPow: the base must be >= 0, got ${x}`);
  if (y === 0) return 1;
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.NaN;
  if (x === 1) return Number.isFinite(y) ? 1 : Number.NaN;
  if (x === 0) return y > 0 ? 0 : Number.POSITIVE_INFINITY;
  if (x === Number.POSITIVE_INFINITY) return y > 0 ? x : 0;
  if (!Number.isFinite(y)) return x > 1 === y > 0 ? Number.POSITIVE_INFINITY : 0;
  logParts(x);
  const lh = LOG_PARTS[0] as number;
  const ll = LOG_PARTS[1] as number;
  const p = y * lh;
  // Clearly out of range (by far more than p's rounding): decided here, before Dekker's product, which could
  // overflow for a huge y. Just inside, expParts overflows or underflows correctly by itself.
  if (p > EXP_OVERFLOW + 0.02) return Number.POSITIVE_INFINITY;
  if (p < EXP_UNDERFLOW - 0.02) return 0;
  const l = productError(y, lh, p) + y * ll;
  const zh = p + l;
  return expParts(zh, l - (zh - p));
}

/**
 * Square root, as Math.sqrt. IEEE 754 rounds sqrt correctly and every engine uses the machine's instruction, but
 * ECMAScript calls its result implementation-approximated, so it is done here from the basic operations too.
 */
export function detSqrt(x: number): number {
  if (!(x > 0)) return x === 0 || Number.isNaN(x) ? x : Number.NaN;
  if (x === Number.POSITIVE_INFINITY) return x;
  let v = x;
  let e = 0;
  if (v < MIN_NORMAL) {
    v *= TWO54;
    e = -54;
  }
  const ev = exponentOf(v);
  e += ev;
  let m = mantissaOf(v, ev);
  if (e % 2 !== 0) {
    m *= 2;
    e -= 1;
  }
  return sqrtOfReduced(m) * pow2(e / 2);
}

/**
 * sqrt(m) for m in [1, 4). Newton's iteration from (1 + m) / 2, which is above the root and within 25% of it,
 * converges from above: five steps bring it within an ulp. The last step uses the exact residual m - y^2
 * (Dekker's product), which makes the result the correctly rounded root except, at most, when the root lies
 * within about 2^-50 ulp of a rounding boundary.
 */
function sqrtOfReduced(m: number): number {
  let y = 0.5 * (1 + m);
  for (let i = 0; i < 5; i++) y = 0.5 * (y + m / y);
  const p = y * y;
  const r = m - p - productError(y, y, p);
  return y + r / (2 * y);
}

/** sin(a + aLo) for |a| <= pi/4, |aLo| below an ulp of a: a + a^3 S(a^2), plus aLo's first-order effect. */
function sinKernel(a: number, aLo: number): number {
  const z = a * a;
  return a + (aLo * (1 - 0.5 * z) + a * z * sinSeries(z));
}

/**
 * cos(a + aLo) for |a| <= pi/4: 1 - a^2/2 + a^4 C(a^2), with the subtraction 1 - a^2/2 split so its rounding
 * error is added back (fdlibm's way), and aLo's first-order effect -a aLo.
 */
function cosKernel(a: number, aLo: number): number {
  const z = a * a;
  const hz = 0.5 * z;
  const w = 1 - hz;
  return w + (1 - w - hz + (z * z * cosSeries(z) - a * aLo));
}

/** The angle left by the last `reduceTurns`, in radians, as two doubles. */
const REDUCED = new Float64Array(2);

/**
 * Reduces `turns` to an angle of at most an eighth of a turn, exactly: turns = q/4 + t/4 with q an integer and
 * |t| <= 1/2, so the angle is q quarter turns plus t * pi/2 radians. Returns q mod 4 and leaves the angle
 * t * pi/2 in REDUCED, as the rounded product and its error (Dekker) plus t times the part of pi/2 PIO2_HI misses.
 */
function reduceTurns(turns: number): number {
  const w = 4 * turns; // exact
  const q = Math.round(w);
  const t = w - q; // exact: w and q differ by at most 1/2 and share the grid of w
  const a = t * PIO2_HI;
  REDUCED[0] = a;
  REDUCED[1] = productError(t, PIO2_HI, a) + t * PIO2_LO;
  return q - 4 * Math.floor(q / 4);
}

/** sin(2 pi turns): the sine of a fraction of a full turn. 0 for |turns| >= 2^52 (always whole turns). */
export function detSin2Pi(turns: number): number {
  if (!(Math.abs(turns) < TWO52)) return Number.isFinite(turns) ? 0 : Number.NaN;
  const quadrant = reduceTurns(turns);
  const a = REDUCED[0] as number;
  const aLo = REDUCED[1] as number;
  if (quadrant === 0) return sinKernel(a, aLo);
  if (quadrant === 1) return cosKernel(a, aLo);
  if (quadrant === 2) return -sinKernel(a, aLo);
  return -cosKernel(a, aLo);
}

/** detSin2Pi(turns) and detCos2Pi(turns) of the last `detSinCos2Pi`, as [sine, cosine]. */
export const SIN_COS = new Float64Array(2);

/**
 * Both detSin2Pi(turns) and detCos2Pi(turns), the same bits, into SIN_COS: one reduction for the two (a normal
 * variate by Box-Muller needs both of one angle).
 */
export function detSinCos2Pi(turns: number): void {
  if (!(Math.abs(turns) < TWO52)) {
    SIN_COS[0] = Number.isFinite(turns) ? 0 : Number.NaN;
    SIN_COS[1] = Number.isFinite(turns) ? 1 : Number.NaN;
    return;
  }
  const quadrant = reduceTurns(turns);
  const a = REDUCED[0] as number;
  const aLo = REDUCED[1] as number;
  const sin = sinKernel(a, aLo);
  const cos = cosKernel(a, aLo);
  if (quadrant === 0) {
    SIN_COS[0] = sin;
    SIN_COS[1] = cos;
  } else if (quadrant === 1) {
    SIN_COS[0] = cos;
    SIN_COS[1] = -sin;
  } else if (quadrant === 2) {
    SIN_COS[0] = -sin;
    SIN_COS[1] = -cos;
  } else {
    SIN_COS[0] = -cos;
    SIN_COS[1] = sin;
  }
}

/** cos(2 pi turns): the cosine of a fraction of a full turn. 1 for |turns| >= 2^52 (always whole turns). */
export function detCos2Pi(turns: number): number {
  if (!(Math.abs(turns) < TWO52)) return Number.isFinite(turns) ? 1 : Number.NaN;
  const quadrant = reduceTurns(turns);
  const a = REDUCED[0] as number;
  const aLo = REDUCED[1] as number;
  if (quadrant === 0) return cosKernel(a, aLo);
  if (quadrant === 1) return -sinKernel(a, aLo);
  if (quadrant === 2) return -cosKernel(a, aLo);
  return sinKernel(a, aLo);
}

/** The two standard normal variates of the last `detNormalPair`: the first to hand out, then the spare. */
export const NORMAL_PAIR = new Float64Array(2);

/**
 * Box-Muller on two uniform draws in [0, 1), into NORMAL_PAIR: sqrt(-2 log(1 - u1)) times the cosine and the
 * sine of the angle u2 (in turns), with the same operations as detSqrt, detLog and detSinCos2Pi, so the same bits.
 * (The simulation's draws take these steps written out, a batch at a time: normalPairs.ts, which imports the
 * constants exported here for them.)
 */
export function detNormalPair(u1: number, u2: number): void {
  const r = detSqrt(-2 * detLog(1 - u1));
  detSinCos2Pi(u2);
  NORMAL_PAIR[0] = r * (SIN_COS[1] as number);
  NORMAL_PAIR[1] = r * (SIN_COS[0] as number);
}
