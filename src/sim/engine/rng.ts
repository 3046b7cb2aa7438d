/**
 * The one seeded PRNG of a run (xoroshiro128+ from pure-rand). Every random draw of the simulation comes from an
 * `Rng` passed explicitly; independent streams are forked with a jump so that, for example, adding a draw to the
 * workload never shifts the network's latencies.
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';
import { detLog } from './detmath.ts';
import { normalPairs } from './normalPairs.ts';

/** 2^-26 and 2^-53, the scales of uniformFloat64's two parts (exact powers of two). */
const TWO_POW_MINUS_26 = 1 / 2 ** 26;
const TWO_POW_MINUS_53 = 1 / 2 ** 53;
/**
 * At most this many normal pairs are drawn ahead at once. A batch doubles after CALM_BATCHES batches used up, and
 * each time a draw of another kind throws pairs away, twice as many are asked for (up to MAX_CALM) before the next
 * doubling: a lossy network draws its loss after every latency, and growing again every few batches threw away
 * a pair in five (the leader-follower bench at 5% loss: 142,301 pairs drawn for 118,584 used).
 */
const MAX_AHEAD = 16;
const CALM_BATCHES = 4;
const MAX_CALM = 1_024;

export class Rng {
  /** The generator, past every pair drawn ahead (`ahead`): `sync` takes it back to where the run's draws are. */
  private gen: JumpableRandomGenerator;
  /**
   * Box-Muller makes normal variates in pairs; the second waits here for the next call. A number field with a
   * flag beside it, not `number | null`: a field that may hold null boxes every double stored in it.
   */
  private spareNormal = 0;
  private hasSpare = false;
  /**
   * Normal pairs drawn ahead (first, spare, first, spare, ...): `aheadCount` of them, the first `aheadNext` handed
   * out, and the generator as it was before the first (`aheadFrom`). A pair drawn ahead is the pair `normal` would
   * draw then, from the same two uniforms: any other draw first takes the generator back to just after the pairs
   * handed out (`sync`), so every stream is the same, draw for draw, as if each pair were drawn when asked for.
   * Drawn in batches because a Box-Muller pair is two long chains of dependent arithmetic (a logarithm, then a
   * square root by Newton's divisions) that one pair at a time leaves the processor waiting on; several in a row
   * overlap.
   */
  private readonly ahead = new Float64Array(2 * MAX_AHEAD);
  private aheadCount = 0;
  private aheadNext = 0;
  private aheadFrom: JumpableRandomGenerator | null = null;
  /**
   * How many pairs the next batch draws: doubled (up to MAX_AHEAD) after `calmNeeded` batches in a row used to
   * the end, back to one when a draw of another kind threw pairs away, which also doubles `calmNeeded`.
   */
  private batch = 1;
  private calm = 0;
  private calmNeeded = CALM_BATCHES;

  constructor(seedOrGen: number | JumpableRandomGenerator) {
    this.gen = typeof seedOrGen === 'number' ? xoroshiro128plus(seedOrGen | 0) : seedOrGen;
  }

  /** Uniform in [0, 1). */
  float(): number {
    if (this.aheadNext !== this.aheadCount) this.sync();
    return this.uniform();
  }

  /**
   * pure-rand's uniformFloat64 (26 bits, then 27, each scaled by its power of two), written out here with its
   * constants, as `drawAhead` writes it out again in its loop (tests/unit/rngAhead.test.ts checks the bits).
   */
  private uniform(): number {
    const gen = this.gen;
    const high = gen.next() & 0x3ffffff;
    return high * TWO_POW_MINUS_26 + (gen.next() & 0x7ffffff) * TWO_POW_MINUS_53;
  }

  /**
   * Uniform integer in [lo, hi] (inclusive): lo + floor(float() * (hi - lo + 1)), with `float`'s steps written out
   * here, so the fraction never leaves this function: returned from a call V8 had not inlined, it was a new heap
   * number per draw (16 bytes on each of a follower's election-timer resets, a third of the 100-follower preset's
   * events).
   */
  int(lo: number, hi: number): number {
    if (this.aheadNext !== this.aheadCount) this.sync();
    const gen = this.gen;
    const high = gen.next() & 0x3ffffff;
    const u = high * TWO_POW_MINUS_26 + (gen.next() & 0x7ffffff) * TWO_POW_MINUS_53;
    return lo + Math.floor(u * (hi - lo + 1));
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
    if (this.aheadNext === this.aheadCount) this.drawAhead();
    const i = 2 * this.aheadNext++;
    this.spareNormal = this.ahead[i + 1] as number;
    this.hasSpare = true;
    return this.ahead[i] as number;
  }

  /**
   * A delay drawn from the normal distribution N(meanMs, sdMs^2) in ms, truncated at 0, in integer microseconds,
   * at least 1: `normal`'s variate, and the latency draw's operations (latency.ts `sampleLatencyMs`) after it. An
   * integer goes back to the network's step as a small integer, where the variate, a double, went back from a
   * call that V8 had not inlined there as a new heap number, one per message.
   */
  normalDelayUs(dist: { readonly meanMs: number; readonly sdMs: number }): number {
    const ms = Math.max(0, dist.meanMs + this.normal() * dist.sdMs);
    return Math.max(1, Math.round(ms * 1000));
  }

  /** Draws the next batch of pairs; the generator as it was before them is kept for `sync`. */
  private drawAhead(): void {
    if (this.aheadCount === this.batch && this.batch < MAX_AHEAD && ++this.calm >= this.calmNeeded) {
      this.batch *= 2;
      this.calm = 0;
    }
    const count = this.batch;
    this.aheadFrom = count > 1 ? this.gen.clone() : null;
    // The uniforms in the order the pairs draw them (each pair's radius draw, then its angle draw), computed as
    // `uniform` computes them but here, in the loop: a double returned by a call not inlined is a new heap number.
    const ahead = this.ahead;
    const gen = this.gen;
    for (let i = 0; i < 2 * count; i++) {
      const high = gen.next() & 0x3ffffff;
      ahead[i] = high * TWO_POW_MINUS_26 + (gen.next() & 0x7ffffff) * TWO_POW_MINUS_53;
    }
    normalPairs(ahead, count);
    this.aheadCount = count;
    this.aheadNext = 0;
  }

  /**
   * Before a draw of another kind: the generator goes back to just after the pairs handed out (each pair took
   * four of its steps), and the pairs not handed out are dropped, to be drawn again when asked for.
   */
  private sync(): void {
    const from = this.aheadFrom as JumpableRandomGenerator;
    for (let k = 4 * this.aheadNext; k > 0; k--) from.next();
    this.gen = from;
    this.aheadFrom = null;
    this.aheadCount = 0;
    this.aheadNext = 0;
    this.batch = 1;
    this.calm = 0;
    this.calmNeeded = Math.min(2 * this.calmNeeded, MAX_CALM);
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
    if (this.aheadNext !== this.aheadCount) this.sync();
    this.gen.jump();
    const child = this.gen.clone();
    this.hasSpare = false;
    this.gen.jump();
    return new Rng(child);
  }
}
