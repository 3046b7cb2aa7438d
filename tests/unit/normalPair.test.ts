/**
 * detNormalPair is Box-Muller written out in one function (Rng.normal's hot path): its two variates must be the
 * very bits that detSqrt, detLog and detSinCos2Pi give step by step, on ordinary draws and on the edges of [0, 1).
 */
import { describe, expect, it } from 'vitest';
import {
  detLog,
  detNormalPair,
  detSinCos2Pi,
  detSqrt,
  NORMAL_PAIR,
  SIN_COS,
} from '../../src/sim/engine/detmath.ts';
import { Rng } from '../../src/sim/engine/rng.ts';

function stepByStep(u1: number, u2: number): [number, number] {
  const r = detSqrt(-2 * detLog(1 - u1));
  detSinCos2Pi(u2);
  return [r * (SIN_COS[1] as number), r * (SIN_COS[0] as number)];
}

describe('detNormalPair', () => {
  it('gives the bits of the step-by-step transform, on 100,000 draws and on the edges', () => {
    const rng = new Rng(2026);
    const edges = [0, 2 ** -53, 0.25, 0.5, 0.75, 1 - 2 ** -53];
    const inputs: [number, number][] = edges.flatMap((a) => edges.map((b): [number, number] => [a, b]));
    for (let i = 0; i < 100_000; i++) inputs.push([rng.float(), rng.float()]);
    let mismatches = 0;
    for (const [u1, u2] of inputs) {
      detNormalPair(u1, u2);
      const [first, spare] = stepByStep(u1, u2);
      if (!Object.is(NORMAL_PAIR[0], first) || !Object.is(NORMAL_PAIR[1], spare)) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it('makes Rng.normal hand out the first variate, then the spare, from the radius draw and the angle draw', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    for (let i = 0; i < 1_000; i++) {
      const u1 = b.float();
      const [first, spare] = stepByStep(u1, b.float());
      expect(a.normal()).toBe(first);
      expect(a.normal()).toBe(spare);
    }
  });
});
