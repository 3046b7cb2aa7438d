/**
 * The one seeded PRNG of a run (xoroshiro128+ from pure-rand). Every random draw of the simulation comes from an
 * `Rng` passed explicitly; independent streams are forked with a jump so that, for example, adding a draw to the
 * workload never shifts the network's latencies.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';
import { detLog, detNormalPair, NORMAL_PAIR } from './detmath.ts';

export class Rng {
  private readonly gen: JumpableRandomGenerator;
  /**
   * Box-Muller makes normal variates in pairs; the second waits here for the next call. A number field with a
   * flag beside it, not `number | null`: a field that may hold null boxes every double stored in it.
   */
  private spareNormal = 0;
  private hasSpare = false;

  constructor(seedOrGen: number | JumpableRandomGenerator) {
    this.gen = typeof seedOrGen === 'number' ? xoroshiro128plus(seedOrGen | 0) : seedOrGen;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return uniformFloat64(this.gen);
  }

  /** Uniform integer in [lo, hi] (inclusive). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  /** An exponential variate with the given mean: -log(1 - u) * mean, with detmath's log (the same bits everywhere). */
  exponential(mean: number): number {
    return -detLog(1 - this.float()) * mean;
  }

  /**
   * A standard normal variate (mean 0, standard deviation 1), by Box-Muller. Its log, square root, sine and cosine
   * come from detmath.ts, not Math, so the variate has the same bits in every engine; the angle is taken in turns
   * (a uniform draw in [0, 1)), which detmath reduces exactly.
   */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spareNormal;
    }
    // The radius's draw first, then the angle's (as the two calls of one expression each would draw them).
    const u1 = this.float();
    detNormalPair(u1, this.float());
    this.spareNormal = NORMAL_PAIR[1] as number;
    this.hasSpare = true;
    return NORMAL_PAIR[0] as number;
  }

  /** True with probability p. Draws nothing when p is 0 or 1, so a lossless network consumes no randomness. */
  chance(p: number): boolean {
    if (p <= 0) return false;
    if (p >= 1) return true;
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(0, items.length - 1)];
    if (item === undefined) throw new Error('Rng.pick on an empty list');
    return item;
  }

  /**
   * A new, independent stream: a copy of this generator jumped 2^64 steps ahead, and this generator is jumped
   * too, so successive forks never overlap each other or the parent.
   */
  fork(): Rng {
    this.gen.jump();
    const child = this.gen.clone();
    this.hasSpare = false;
    this.gen.jump();
    return new Rng(child);
  }
}
