/**
 * detmath: its functions agree with Math.* to within an ulp where Math.* is accurate, handle the same special
 * values, are exact where the exact answer is a double, and give pinned bits (a digest of 4,096 results each,
 * plus a few written out), so a change to any of them, in any engine, fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detCos2Pi, detExp, detLog, detPow, detSin2Pi, detSqrt } from '../../src/sim/engine/detmath.ts';
import { bitsDigest, fixedUniforms, hexOf, ulpsApart } from '../support/bits.ts';

const U = fixedUniforms(20_000);
/** Positive doubles spread over the whole range, subnormals included: 2^e (1 + u) for e in [-1074, 1022]. */
const WIDE = U.map((u, i) => 2 ** (-1074 + (i % 2097)) * (1 + u));
/** The Pareto shapes of the presets and profiles, and the schema's bounds (alpha in [0.5, 100]). */
const ALPHAS = [10, 1.51, 3.35, 3.8, 1.5, 3, 0.5, 100];

/** The largest distance in ulps between f and g over the inputs, with the input where it occurs. */
function worst(inputs: readonly number[], f: (x: number) => number, g: (x: number) => number) {
  let max = 0;
  let at = Number.NaN;
  for (const x of inputs) {
    const d = ulpsApart(f(x), g(x));
    if (d > max) {
      max = d;
      at = x;
    }
  }
  return { max, at };
}

describe('detmath agrees with Math.* where Math.* is accurate (V8: within an ulp of the true value)', () => {
  it('detLog: within 1 ulp, over the draws 1 - u and over the whole range of doubles', () => {
    expect(
      worst(
        U.map((u) => 1 - u),
        detLog,
        Math.log,
      ).max,
    ).toBeLessThanOrEqual(1);
    expect(worst(WIDE, detLog, Math.log).max).toBeLessThanOrEqual(1);
    // Near 1, where log is small and a careless formula loses every digit.
    expect(
      worst(
        U.map((u, i) => 1 + (u - 0.5) * 2 ** -(i % 52)),
        detLog,
        Math.log,
      ).max,
    ).toBeLessThanOrEqual(1);
  });

  it('detExp: within 1 ulp from underflow to overflow, subnormal results included', () => {
    expect(
      worst(
        U.map((u) => -745 + 1454.78 * u),
        detExp,
        Math.exp,
      ).max,
    ).toBeLessThanOrEqual(1);
    expect(
      worst(
        U.map((u, i) => (u - 0.5) * 2 ** -(i % 60)),
        detExp,
        Math.exp,
      ).max,
    ).toBeLessThanOrEqual(1);
  });

  it('detPow: within 1 ulp for the Pareto draws (1 - u)^(1/alpha), integer powers and a wide spread', () => {
    const draws = U.slice(0, 5000).map((u) => 1 - u);
    for (const alpha of ALPHAS) {
      const w = worst(
        draws,
        (x) => detPow(x, 1 / alpha),
        (x) => x ** (1 / alpha),
      );
      expect(w.max, `alpha ${alpha}`).toBeLessThanOrEqual(1);
    }
    // Integer exponents up to PBS's k = 1000, where y log x reaches hundreds: the log's error must not grow.
    const k = (u: number) => 1 + Math.floor(u * 1000);
    const big = U.filter((u) => u ** k(u) > 1e-300);
    expect(big.length).toBeGreaterThan(1000);
    expect(
      worst(
        big,
        (u) => detPow(u, k(u)),
        (u) => u ** k(u),
      ).max,
    ).toBeLessThanOrEqual(1);
    // x from 2^-100 to 2^100, y from -7 to 7.
    const pairs = U.slice(0, 4000).map((u, i) => [
      2 ** (-100 + (i % 200)) * (1 + u),
      (U[i + 4000] as number) * 14 - 7,
    ]);
    let max = 0;
    for (const [x = 1, y = 1] of pairs) max = Math.max(max, ulpsApart(detPow(x, y), x ** y));
    expect(max).toBeLessThanOrEqual(1);
  });

  it('detSqrt: equal to Math.sqrt (which every engine takes from the machine, correctly rounded)', () => {
    expect(worst(WIDE, detSqrt, Math.sqrt).max).toBe(0);
    expect(worst(U, detSqrt, Math.sqrt).max).toBe(0);
  });

  it('detSin2Pi and detCos2Pi: within 2 ulps in the first octant, within 2e-15 over the whole turn', () => {
    // Math.sin(2 * Math.PI * v) rounds its argument, so near zeros it is the less accurate of the two; in the
    // first eighth of a turn that costs it at most about an ulp.
    const octant = U.map((u) => u / 8);
    expect(worst(octant, detSin2Pi, (v) => Math.sin(2 * Math.PI * v)).max).toBeLessThanOrEqual(2);
    expect(worst(octant, detCos2Pi, (v) => Math.cos(2 * Math.PI * v)).max).toBeLessThanOrEqual(2);
    let maxAbs = 0;
    let maxPythagoras = 0;
    for (const v of U) {
      const s = detSin2Pi(v);
      const c = detCos2Pi(v);
      maxAbs = Math.max(
        maxAbs,
        Math.abs(s - Math.sin(2 * Math.PI * v)),
        Math.abs(c - Math.cos(2 * Math.PI * v)),
      );
      maxPythagoras = Math.max(maxPythagoras, Math.abs(s * s + c * c - 1));
    }
    expect(maxAbs).toBeLessThan(2e-15);
    expect(maxPythagoras).toBeLessThanOrEqual(2 ** -51);
  });
});

describe('detmath is exact where the answer is a double', () => {
  it('detSqrt is correctly rounded: the root lies between the midpoints around the result (checked in BigInt)', () => {
    // A double as an integer multiple of 2^-1200 (every double is a multiple of 2^-1074).
    const fixed = (x: number): bigint => {
      let v = x;
      let shift = 1200n;
      while (!Number.isInteger(v)) {
        v *= 2;
        shift -= 1n;
      }
      return BigInt(v) << shift;
    };
    const neighbour = (y: number, dir: 1n | -1n): number => {
      const view = new DataView(new ArrayBuffer(8));
      view.setFloat64(0, y);
      view.setBigUint64(0, view.getBigUint64(0) + dir);
      return view.getFloat64(0);
    };
    // y = sqrt(x) correctly rounded iff ((y + below) / 2)^2 < x < ((y + above) / 2)^2; times 4, in units of 2^-2400.
    for (const x of WIDE.filter((_, i) => i % 10 === 0)) {
      const y = detSqrt(x);
      const fourX = fixed(x) << 1202n;
      const low = fixed(y) + fixed(neighbour(y, -1n));
      const high = fixed(y) + fixed(neighbour(y, 1n));
      expect(low * low < fourX && fourX < high * high, `sqrt of ${hexOf(x)} gave ${hexOf(y)}`).toBe(true);
    }
  });

  it('gives exact results that are doubles', () => {
    expect([detLog(1), detExp(0), detSqrt(4), detSqrt(2 ** -1074)]).toEqual([0, 1, 2, 2 ** -537]);
    expect([detPow(2, 10), detPow(10, 3), detPow(4, 0.5), detPow(10, 22), detPow(2, -1074)]).toEqual([
      1024, 1000, 2, 1e22, 5e-324,
    ]);
    for (const u of U.slice(0, 2000)) expect(detPow(1 - u, 1)).toBe(1 - u);
    // Whole quarter turns reduce exactly: no 1.2e-16 where the answer is 0.
    expect([0, 0.25, 0.5, 0.75, 1, -0.25].map(detSin2Pi)).toEqual([0, 1, -0, -1, 0, -1]);
    expect([0, 0.25, 0.5, 0.75, 1, -0.25].map(detCos2Pi)).toEqual([1, -0, -1, 0, 1, 0]);
    expect([detSin2Pi(1 / 12), detCos2Pi(1 / 6), detCos2Pi(1 / 8)]).toEqual([0.5, 0.5, Math.SQRT1_2]);
    expect([detLog(2), detLog(10), detExp(-1)]).toEqual([Math.LN2, Math.LN10, 0.36787944117144233]);
  });
});

describe('detmath handles special values as Math.* does', () => {
  it('log, exp and sqrt at NaN, zeros, infinities and negatives', () => {
    const specials = [Number.NaN, 0, -0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -1, 5e-324];
    for (const x of specials) {
      expect(detLog(x)).toBe(Math.log(x));
      expect(detExp(x)).toBe(Math.exp(x));
      expect(detSqrt(x)).toBe(Math.sqrt(x));
    }
    expect([detExp(709.78), detExp(709.8), detExp(-745.1), detExp(-745.2)]).toEqual([
      Math.exp(709.78),
      Number.POSITIVE_INFINITY,
      5e-324,
      0,
    ]);
  });

  it('pow at zero, one and infinite bases and exponents; a negative base is an error that names it', () => {
    // -0 is left out: detPow takes it as +0, while Math.pow(-0, 1) is -0.
    const xs = [0, 0.5, 1, 2, Number.POSITIVE_INFINITY, Number.NaN];
    const ys = [
      0,
      -0,
      1,
      -1,
      2,
      -2,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.NaN,
      1e300,
      -1e300,
    ];
    for (const x of xs) for (const y of ys) expect([x, y, detPow(x, y)]).toEqual([x, y, x ** y]);
    expect(() => detPow(-2, 2)).toThrow('detPow: the base must be >= 0, got -2');
  });

  it('sine and cosine of huge or non-finite turns', () => {
    expect([detSin2Pi(2 ** 60), detCos2Pi(2 ** 60), detSin2Pi(1e300), detCos2Pi(-1e300)]).toEqual([
      0, 1, 0, 1,
    ]);
    expect([detSin2Pi(Number.NaN), detCos2Pi(Number.POSITIVE_INFINITY)]).toEqual([Number.NaN, Number.NaN]);
  });
});

describe('detmath gives the same bits as when pinned', () => {
  const N = 4096;
  const u = fixedUniforms(N, 0x1234567);
  it.each([
    ['detLog over 1 - u', () => u.map((x) => detLog(1 - x)), '3b3cb95ff89f134e'],
    [
      'detLog over the whole range',
      () => u.map((x, i) => detLog(2 ** (-1074 + ((i * 511) % 2097)) * (1 + x))),
      '5edd49d254612594',
    ],
    ['detExp', () => u.map((x) => detExp(-745 + 1454.78 * x)), 'ae30394a10e5e188'],
    [
      'detPow (Pareto shapes)',
      () => u.map((x, i) => detPow(1 - x, 1 / (ALPHAS[i % ALPHAS.length] as number))),
      '8112eefb6dffa069',
    ],
    ['detSqrt', () => u.map((x) => detSqrt(-2 * detLog(1 - x))), '056a7d4c903cccc9'],
    ['detSin2Pi', () => u.map(detSin2Pi), '508edd26e6879371'],
    ['detCos2Pi', () => u.map(detCos2Pi), '313b768d7c198982'],
  ])('%s', (_, values, digest) => {
    expect(bitsDigest(values())).toBe(digest);
  });

  it('a few results written out', () => {
    expect([
      detLog(1 - (u[0] as number)),
      detExp(-745 + 1454.78 * (u[1] as number)),
      detPow(1 - (u[2] as number), 1 / 1.51),
      detSqrt(u[3] as number),
      detSin2Pi(u[4] as number),
      detCos2Pi(u[5] as number),
    ]).toEqual([
      -0.4241392191213003, 6.21907004626804e-275, 0.18311531969861455, 0.9759292548751535,
      -0.9764503888823731, -0.9895105189272867,
    ]);
  });
});

describe('the simulation core takes no draw through an engine-approximated Math function', () => {
  /** Every .ts file under src/sim, comments removed. */
  function sources(dir: string): { file: string; code: string }[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const path = join(dir, e.name);
      if (e.isDirectory()) return sources(path);
      if (!e.name.endsWith('.ts')) return [];
      const code = readFileSync(path, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '');
      return [{ file: path, code }];
    });
  }

  it('calls none of Math.log, exp, pow, sqrt, sin, cos (and the rest) and uses ** only for 2 ** n', () => {
    const approximated =
      /\bMath\.(acos|acosh|asin|asinh|atan|atanh|atan2|cbrt|cos|cosh|exp|expm1|hypot|log|log1p|log10|log2|pow|sin|sinh|sqrt|tan|tanh)\b/;
    const offenders: string[] = [];
    for (const { file, code } of sources('src/sim')) {
      if (approximated.test(code)) offenders.push(`${file}: ${code.match(approximated)?.[0]}`);
      // An integer power of two is one exponent field: every engine returns it exactly (and folds the constant).
      for (const m of code.matchAll(/\S+\s*\*\*\s*\S+/g))
        if (!/^2 \*\* \d+;?$/.test(m[0])) offenders.push(`${file}: ${m[0]}`);
    }
    expect(offenders).toEqual([]);
  });
});
