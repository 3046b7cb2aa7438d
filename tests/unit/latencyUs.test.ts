/**
 * The network draws each message's delay in whole microseconds (`sampleLatencyUs`, the normal shape straight from
 * the Rng's batch of pairs); the PBS analysis and the mixtures draw milliseconds (`sampleLatencyMs`). The two must
 * be one distribution: the same generator state gives the same delay, rounded, for every shape, or the network
 * and the analysis would drift apart without a failing trace test.
 */
import { describe, expect, it } from 'vitest';
import { sampleLatencyMs, sampleLatencyUs } from '../../src/sim/engine/latency.ts';
import { Rng } from '../../src/sim/engine/rng.ts';
import { LATENCY_PROFILES } from '../../src/sim/scenarios/constants.ts';
import type { Latency } from '../../src/sim/scenarios/schema.ts';

const SHAPES: readonly Latency[] = [
  { dist: 'constant', ms: 7 },
  { dist: 'uniform', minMs: 1, maxMs: 9 },
  { dist: 'exponential', meanMs: 4, minMs: 0.5 },
  { dist: 'normal', meanMs: 10, sdMs: 3 },
  // A mean near zero: the draw is truncated at zero, then held at one microsecond.
  { dist: 'normal', meanMs: 0.2, sdMs: 1 },
  { dist: 'pareto', xmMs: 2, alpha: 1.5 },
  {
    dist: 'mixture',
    components: [
      { weight: 3, latency: { dist: 'normal', meanMs: 5, sdMs: 1 } },
      { weight: 1, latency: { dist: 'uniform', minMs: 20, maxMs: 40 } },
    ],
  },
  ...LATENCY_PROFILES.map((name): Latency => ({ dist: 'profile', name })),
];

describe('sampleLatencyUs', () => {
  it.each(SHAPES.map((lat) => [JSON.stringify(lat), lat] as const))(
    'is sampleLatencyMs rounded: %s',
    (_, lat) => {
      const us = new Rng(42);
      const ms = new Rng(42);
      const got: number[] = [];
      const want: number[] = [];
      for (let i = 0; i < 2_000; i++) {
        got.push(sampleLatencyUs(lat, us));
        want.push(Math.max(1, Math.round(sampleLatencyMs(lat, ms) * 1000)));
        // Another kind of draw between delays, as the network makes (loss, duplication): the batch is wound back.
        if (i % 7 === 0) expect(us.float()).toBe(ms.float());
      }
      expect(got).toEqual(want);
      expect(new Set(got).size).toBeGreaterThan(lat.dist === 'constant' ? 0 : 100);
    },
  );
});
