import { describe, expect, it } from 'vitest';
import { batchedSlope, slope } from '../../bench/lib/maxSpeed.ts';

/** Points along consecutive straight stretches of the given slopes, 4 points a stretch, 1 apart in x. */
function stretches(slopes: readonly number[]): [number, number][] {
  const points: [number, number][] = [];
  let x = 0;
  let y = 0;
  for (const s of slopes) {
    for (let i = 0; i < 4; i++) {
      points.push([x, y]);
      x += 1;
      y += s; // the step into the next stretch keeps this one's slope: a continuous, wiggling line
    }
  }
  return points;
}

describe("the max-speed bench's slope error (batch means)", () => {
  it('is zero on a straight line, as the least-squares error is', () => {
    const line = Array.from({ length: 20 }, (_, i) => [i * 16.7, i * 167_000] as [number, number]);
    const fit = batchedSlope(line, 5);
    expect(fit.slope).toBe(slope(line).slope);
    expect(fit.error).toBeCloseTo(0, 9);
    expect(slope(line).slope).toBeCloseTo(10_000, 9);
  });

  it("is the stretches' slopes' standard deviation over the square root of their number", () => {
    const points = stretches([9, 11, 10, 10, 10]);
    const fit = batchedSlope(points, 5);
    // Slopes 9, 11, 10, 10, 10: sample variance 2 / 4 = 0.5, over 5 stretches: sqrt(0.1).
    expect(fit.error).toBeCloseTo(Math.sqrt(0.1), 12);
    expect(fit.slope).toBe(slope(points).slope);
  });

  it('is wider than the least-squares error when the residuals drift together', () => {
    const points = stretches([9.8, 10.2, 9.8, 10.2, 9.8]);
    expect(batchedSlope(points, 5).error).toBeGreaterThan(3 * slope(points).error);
  });

  it('falls back to the least-squares error when there are too few points to cut', () => {
    const points = stretches([10, 12]);
    expect(batchedSlope(points, 5)).toEqual(slope(points));
  });
});
