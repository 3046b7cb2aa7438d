/**
 * normalPairs is detNormalPair's steps written out for the simulation's hot path (engine/normalPairs.ts): every
 * pair must be the very bits detNormalPair gives, on ordinary draws, on the edges of [0, 1) and outside it (where
 * detNormalPair's special cases decide).
 */
import { describe, expect, it } from 'vitest';
import { detNormalPair, NORMAL_PAIR } from '../../src/sim/engine/detmath.ts';
import { normalPairs } from '../../src/sim/engine/normalPairs.ts';
import { Rng } from '../../src/sim/engine/rng.ts';

/** How many of `inputs` normalPairs turns into other bits than detNormalPair, in batches of `batch`. */
function mismatches(inputs: readonly (readonly [number, number])[], batch: number): number {
  let count = 0;
  const pairs = new Float64Array(2 * batch);
  for (let start = 0; start < inputs.length; start += batch) {
    const chunk = inputs.slice(start, start + batch);
    chunk.forEach(([u1, u2], k) => {
      pairs[2 * k] = u1;
      pairs[2 * k + 1] = u2;
    });
    normalPairs(pairs, chunk.length);
    chunk.forEach(([u1, u2], k) => {
      detNormalPair(u1, u2);
      if (!Object.is(pairs[2 * k], NORMAL_PAIR[0]) || !Object.is(pairs[2 * k + 1], NORMAL_PAIR[1])) count++;
    });
  }
  return count;
}

describe('normalPairs', () => {
  it('gives detNormalPair bits on 200,000 draws, in batches of 1, 7 and 16', () => {
    const rng = new Rng(31);
    const inputs: [number, number][] = [];
    for (let i = 0; i < 200_000; i++) inputs.push([rng.float(), rng.float()]);
    expect(mismatches(inputs, 1)).toBe(0);
    expect(mismatches(inputs, 7)).toBe(0);
    expect(mismatches(inputs, 16)).toBe(0);
  });

  it('gives detNormalPair bits on the edges, at every quadrant boundary and on inputs out of [0, 1)', () => {
    const edges = [0, -0, 2 ** -1074, 2 ** -53, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1 - 2 ** -53];
    const outside = [1, 1.5, -0.25, 2 ** 52, -(2 ** 60), Number.NaN, Number.POSITIVE_INFINITY, 1e-300];
    const all = [...edges, ...outside];
    const inputs = all.flatMap((u1) => all.map((u2): [number, number] => [u1, u2]));
    expect(mismatches(inputs, 16)).toBe(0);
    // The first pair's radius at u1 = 0 is -0 (log 1 = 0): the sign reaches the variates, as in detNormalPair.
    const pairs = new Float64Array([0, 0.125]);
    normalPairs(pairs, 1);
    expect(Object.is(pairs[0], -0)).toBe(true);
  });

  it('gives detNormalPair bits for small radius draws and huge angles (the reductions far from the usual range)', () => {
    const rng = new Rng(32);
    const inputs: [number, number][] = [];
    for (let i = 0; i < 20_000; i++) inputs.push([rng.float() * 1e-12, (rng.float() - 0.5) * 1e9]);
    expect(mismatches(inputs, 16)).toBe(0);
  });
});
