/**
 * Every distribution the simulator draws from, pinned bit for bit: 4,096 draws each from a fixed seed, as a digest
 * of their IEEE-754 bit patterns, plus the first few written out. The transforms go through detmath.ts, so these
 * bits are what every engine must produce; Node's Math.* only serves to show they are the same variates as the
 * earlier Math-based transforms, to within rounding.
 */
import { describe, expect, it } from 'vitest';
import { PBS_PROFILES, PROFILE_LATENCY, sampleLatencyMs } from '../../src/sim/engine/latency.ts';
import { Rng } from '../../src/sim/engine/rng.ts';
import type { Latency } from '../../src/sim/scenarios/schema.ts';
import { bitsDigest } from '../support/bits.ts';

const N = 4096;
const draws = (seed: number, draw: (rng: Rng) => number): number[] => {
  const rng = new Rng(seed);
  return Array.from({ length: N }, () => draw(rng));
};
const latency = (lat: Latency) => (rng: Rng) => sampleLatencyMs(lat, rng);

describe('draws of every distribution, bit for bit', () => {
  it.each([
    [
      'uniform float',
      1,
      (rng: Rng) => rng.float(),
      '5dbd86f69b7b6b6b',
      [0.9999999832216382, 0.8125200422980502, 0.644731441288903],
    ],
    ['uniform int in [0, 99]', 2, (rng: Rng) => rng.int(0, 99), '76cf18e8e78997bb', [99, 87, 32]],
    [
      'standard normal',
      3,
      (rng: Rng) => rng.normal(),
      '7477fab24e7497ef',
      [5.3569256920415995, -2.2165406341841263, -0.09013112852852471],
    ],
    [
      'exponential, mean 1',
      4,
      (rng: Rng) => rng.exponential(1),
      '249f898df50662c1',
      [16.51720670333051, 8.017985470259707e-5, 1.115732590155488],
    ],
    [
      'exponential latency',
      5,
      latency({ dist: 'exponential', meanMs: 0.4, minMs: 0.1 }),
      '1c7d369ec8efe0b7',
      [6.617633936879805, 0.1258581676415253, 0.2706289491152435],
    ],
    [
      'normal latency',
      6,
      latency({ dist: 'normal', meanMs: 20, sdMs: 4 }),
      '2ba92e4ec9d2abaa',
      [36.043654882988086, 36.06791915155235, 17.728345728951602],
    ],
    [
      'normal latency truncated at 0',
      7,
      latency({ dist: 'normal', meanMs: 1, sdMs: 2 }),
      '955fdf0d94c5df8f',
      [5.314629962539795, 11.442464625069865, 3.6918058760079866],
    ],
    [
      'pareto latency',
      8,
      latency({ dist: 'pareto', xmMs: 3, alpha: 3.35 }),
      'c1e8356d43c01e68',
      [349.8026822870868, 4.538620167013227, 3.355120737605907],
    ],
    [
      'pareto latency, heavy tail',
      9,
      latency({ dist: 'pareto', xmMs: 1.05, alpha: 0.5 }),
      '4260a59a9eeb7ce6',
      [56730742648175.59, 29.921782301362825, 5.025386346688593],
    ],
    [
      'uniform latency',
      10,
      latency({ dist: 'uniform', minMs: 2, maxMs: 7 }),
      '606da141cd75580b',
      [6.999999235915139, 6.376002226661637, 5.3218981395188285],
    ],
    [
      'lnkd-ssd (mixture)',
      11,
      latency(PROFILE_LATENCY['lnkd-ssd']),
      '9be96c7c95938839',
      [1.672289245252361, 1.6793443455781654, 0.23769959292983403],
    ],
    [
      'lnkd-disk (mixture)',
      12,
      latency(PROFILE_LATENCY['lnkd-disk']),
      '6d4a507356865aed',
      [0.001314529283015439, 1.1995417732960727, 3.2665086425321235],
    ],
    [
      'ymmr (mixture)',
      13,
      latency(PROFILE_LATENCY.ymmr),
      '54f8a7ec05cba235',
      [23.145841171084218, 3.3223710422141366, 4.7338223251503075],
    ],
    [
      'ymmr A, R and S (mixture)',
      14,
      latency(PBS_PROFILES.ymmr.a),
      'b600c39ee210d744',
      [6.168301676064478, 2.7151309379777313, 1.569180924656996],
    ],
    [
      'lan profile',
      15,
      latency({ dist: 'profile', name: 'lan' }),
      '7ea3a6dc68b1e92f',
      [6.202635570500258, 0.18320002791762607, 0.11414539718481653],
    ],
  ] as const)('%s', (_, seed, draw, digest, first) => {
    const values = draws(seed, draw);
    expect(values.slice(0, first.length)).toEqual(first);
    expect(bitsDigest(values)).toBe(digest);
  });

  it('forked streams are pinned too (the PBS Monte Carlo draws from five forks)', () => {
    const root = new Rng(42);
    const forks = [root.fork(), root.fork(), root.fork()];
    const values = forks.flatMap((f) =>
      Array.from({ length: N / 4 }, () => sampleLatencyMs(PBS_PROFILES.wan.w, f)),
    );
    expect(bitsDigest(values)).toBe('3afc3aece03ea988');
  });
});

describe('the draws are the variates of the earlier Math-based transforms, to within rounding', () => {
  it('normal, exponential and Pareto agree with Box-Muller, -log(1 - u) and (1 - u)^(-1/alpha) via Math', () => {
    // The same stream through the old formulas: each normal draw consumed two uniforms, as now.
    const a = new Rng(99);
    const b = new Rng(99);
    let maxNormal = 0;
    for (let i = 0; i < N; i++) {
      const z = a.normal();
      a.normal();
      const r = Math.sqrt(-2 * Math.log(1 - b.float()));
      const old = r * Math.cos(2 * Math.PI * b.float());
      maxNormal = Math.max(maxNormal, Math.abs(z - old));
    }
    // Near a zero of the cosine the old angle 2 pi u was rounded first: absolute, not relative, agreement.
    expect(maxNormal).toBeLessThan(1e-14);
    let maxRelative = 0;
    for (let i = 0; i < N; i++) {
      const e = a.exponential(3);
      const oldE = -Math.log(1 - b.float()) * 3;
      const p = sampleLatencyMs({ dist: 'pareto', xmMs: 3, alpha: 1.51 }, a);
      const oldP = 3 / (1 - b.float()) ** (1 / 1.51);
      maxRelative = Math.max(maxRelative, Math.abs(e - oldE) / oldE, Math.abs(p - oldP) / oldP);
    }
    expect(maxRelative).toBeLessThanOrEqual(2 ** -51);
  });
});
