/**
 * Rng draws normal pairs ahead, a batch at a time (engine/rng.ts): every stream must stay what it was when each
 * pair was drawn as asked for. Compared here with that generator written out plainly (pure-rand's xoroshiro128+
 * and uniformFloat64, detNormalPair one pair per call), over long random mixes of every kind of draw.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';
import { describe, expect, it } from 'vitest';
import { cloneState } from '../../src/sim/engine/clone.ts';
import { detLog, detNormalPair, NORMAL_PAIR } from '../../src/sim/engine/detmath.ts';
import { Rng } from '../../src/sim/engine/rng.ts';

/** The generator as it was before draws ahead: each normal pair drawn when a normal is asked for and none waits. */
class PlainRng {
  private spare = 0;
  private hasSpare = false;
  private readonly gen: JumpableRandomGenerator;
  constructor(gen: JumpableRandomGenerator) {
    this.gen = gen;
  }
  float(): number {
    return uniformFloat64(this.gen);
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }
  exponential(mean: number): number {
    return -detLog(1 - this.float()) * mean;
  }
  chance(p: number): boolean {
    return p <= 0 ? false : p >= 1 ? true : this.float() < p;
  }
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    const u1 = this.float();
    detNormalPair(u1, this.float());
    this.spare = NORMAL_PAIR[1] as number;
    this.hasSpare = true;
    return NORMAL_PAIR[0] as number;
  }
  normalDelayUs(d: { meanMs: number; sdMs: number }): number {
    return Math.max(1, Math.round(Math.max(0, d.meanMs + this.normal() * d.sdMs) * 1000));
  }
  fork(): PlainRng {
    this.gen.jump();
    const child = this.gen.clone();
    this.hasSpare = false;
    this.gen.jump();
    return new PlainRng(child);
  }
}

type Draw = (r: Rng | PlainRng) => number | boolean;
const DRAWS: readonly Draw[] = [
  (r) => r.normal(),
  (r) => r.normalDelayUs({ meanMs: 10, sdMs: 2 }),
  (r) => r.float(),
  (r) => r.int(0, 99),
  (r) => r.chance(0.3),
  (r) => r.exponential(5),
];

/** `steps` draws from both, the kind of each chosen by `driver`; long runs of normals let the batches grow. */
function compare(seed: number, steps: number, driver: Rng): number {
  const ahead = new Rng(seed);
  const plain = new PlainRng(xoroshiro128plus(seed | 0));
  let differ = 0;
  for (let i = 0; i < steps; i++) {
    const run = driver.chance(0.5) ? driver.int(1, 200) : 1;
    const draw = DRAWS[driver.chance(0.6) ? driver.int(0, 1) : driver.int(2, DRAWS.length - 1)] as Draw;
    for (let k = 0; k < run; k++) if (!Object.is(draw(ahead), draw(plain))) differ++;
  }
  return differ;
}

describe('Rng draws normal pairs ahead without changing any stream', () => {
  it('every draw of a long random mix of kinds is the plain generator draw, on five seeds', () => {
    const driver = new Rng(2026);
    for (const seed of [1, 42, 31, -7, 123_456_789]) expect(compare(seed, 2_000, driver)).toBe(0);
  });

  it('a fork taken amid a batch gives the same child and leaves the same parent', () => {
    const ahead = new Rng(5);
    const plain = new PlainRng(xoroshiro128plus(5));
    const fromAhead: number[] = [];
    const fromPlain: number[] = [];
    for (let i = 0; i < 301; i++) {
      fromAhead.push(ahead.normal());
      fromPlain.push(plain.normal());
    }
    const [childA, childP] = [ahead.fork(), plain.fork()];
    for (let i = 0; i < 100; i++) {
      fromAhead.push(childA.normal(), ahead.normal(), childA.float());
      fromPlain.push(childP.normal(), plain.normal(), childP.float());
    }
    expect(fromAhead).toEqual(fromPlain);
  });

  it('a copy taken amid a batch (a checkpoint) goes on exactly as the original', () => {
    const rng = new Rng(9);
    for (let i = 0; i < 1_001; i++) rng.normal();
    const copy = cloneState(rng);
    const a = Array.from({ length: 500 }, (_, i) => (i % 50 === 49 ? rng.float() : rng.normal()));
    const b = Array.from({ length: 500 }, (_, i) => (i % 50 === 49 ? copy.float() : copy.normal()));
    expect(b).toEqual(a);
  });

  it('grows its batches while only normals are drawn, and hardly draws ahead once other draws come between', () => {
    interface Ahead {
      batch: number;
      calmNeeded: number;
    }
    const alone = new Rng(11);
    for (let i = 0; i < 2_000; i++) alone.normal();
    expect((alone as unknown as Ahead).batch).toBe(16);
    // A lossy network: a loss draw after every latency. Each batch grown again throws a pair away, and doubles
    // the batches used up asked for before the next growth: 4, 8, ... 1,024 after some 2,060 messages.
    const lossy = new Rng(11);
    for (let i = 0; i < 3_000; i++) {
      lossy.normal();
      lossy.chance(0.05);
    }
    expect((lossy as unknown as Ahead).calmNeeded).toBe(1_024);
    expect((lossy as unknown as Ahead).batch).toBe(1);
  });

  it('its uniform draws are pure-rand uniformFloat64, bit for bit', () => {
    const rng = new Rng(77);
    const gen = xoroshiro128plus(77);
    for (let i = 0; i < 10_000; i++) expect(rng.float()).toBe(uniformFloat64(gen));
  });

  it('its integer draws are lo + floor(float() * (hi - lo + 1)), amid normals drawn ahead', () => {
    const a = new Rng(5);
    const b = new Rng(5);
    const ints: number[] = [];
    for (let i = 0; i < 5_000; i++) {
      // Normals now and then, so some integer draws come while pairs wait drawn ahead.
      if (i % 3 === 0) expect(a.normal()).toBe(b.normal());
      const hi = 3 + (i % 7) * 100_000;
      ints.push(a.int(3, hi));
      expect(ints[i]).toBe(3 + Math.floor(b.float() * (hi - 3 + 1)));
    }
    expect(ints.slice(0, 5)).toEqual([3, 7_804, 97_163, 195_846, 324_208]);
    expect(a.float()).toBe(b.float());
  });
});
