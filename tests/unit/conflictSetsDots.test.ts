/**
 * ConflictSets with the model's single dots (`SingleDots`, leaderless passes them) must count exactly as the plain
 * walk does: a set its columns rule out (it holds another write of a write's actor, at another counter) is one the
 * walk would not have let take the writes. Random histories of leaderless versions, mostly blind writes (one
 * positive entry) and some with a context (several), at up to 40 actors, noted in sets of two to five in random
 * orders, as replicas would find them; compared with the plain walk at every detection.
 */
import { describe, expect, it } from 'vitest';
import { ConflictSets } from '../../src/sim/engine/conflictLog.ts';
import { Rng } from '../../src/sim/engine/rng.ts';
import { concurrentVersions } from '../../src/sim/models/leaderless/cluster.ts';
import type { LlVersion } from '../../src/sim/models/leaderless/messages.ts';
import { SINGLE_DOTS } from '../../src/sim/models/leaderless/siblings.ts';
import { mergeInto } from '../../src/sim/models/shared/denseVector.ts';
import type { VersionVector } from '../../src/sim/models/shared/versionVector.ts';

/** A version as a leaderless coordinator makes it: its dense vector and that vector's positive entries. */
function version(opId: number, actor: number, dv: number[]): LlVersion {
  const keys: number[] = [];
  for (let i = 0; i < dv.length; i++) if ((dv[i] as number) > 0) keys.push(i);
  return {
    value: `v${opId}`,
    vv: {} as VersionVector,
    ts: opId,
    origin: `n${actor}`,
    seq: dv[actor] as number,
    opId,
    dv,
    keys,
  };
}

/** `count` writes at `actors` coordinators: blind mostly, now and then with the context of an earlier write. */
function history(rng: Rng, count: number, actors: number, contexts: number): LlVersion[] {
  const counters: number[] = new Array(actors).fill(0);
  const out: LlVersion[] = [];
  for (let opId = 1; opId <= count; opId++) {
    const at = rng.int(0, actors - 1);
    counters[at] = (counters[at] as number) + 1;
    const dv: number[] = [];
    const seen = out[rng.int(0, Math.max(0, out.length - 1))];
    if (seen && rng.chance(contexts)) mergeInto(dv, seen.dv as number[]);
    while (dv.length <= at) dv.push(0);
    dv[at] = counters[at] as number;
    out.push(version(opId, at, dv));
  }
  return out;
}

/** Up to `size` distinct versions near `hi`, mutually concurrent (null when the draw is not). */
function found(rng: Rng, writes: readonly LlVersion[], size: number): LlVersion[] | null {
  const hi = rng.int(1, writes.length - 1);
  const out: LlVersion[] = [writes[hi] as LlVersion];
  while (out.length < size) {
    const v = writes[Math.max(0, hi - rng.int(1, 24))] as LlVersion;
    if (out.includes(v)) return out.length >= 2 ? out : null;
    out.push(v);
  }
  if (out.length < 2) return null;
  return out.every((x, i) => out.every((y, j) => i === j || concurrentVersions(x, y))) ? out : null;
}

describe('ConflictSets with single dots', () => {
  it('answers every detection as the plain walk does, on random leaderless histories', () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) {
      const rng = new Rng(seed);
      const plain = new ConflictSets();
      const fast = new ConflictSets();
      const actors = [2, 3, 5, 8, 40][seed % 5] as number;
      const writes = history(rng, 500, actors, seed % 2 === 0 ? 0.05 : 0.3);
      let detections = 0;
      let taken = 0;
      for (let step = 0; step < 8_000; step++) {
        const key = `k${rng.int(0, 2)}`;
        const set = found(rng, writes, rng.int(2, 5));
        if (set === null) continue;
        detections++;
        const answer = plain.note(key, set, concurrentVersions);
        if (!answer) taken++;
        expect(fast.note(key, set, concurrentVersions, SINGLE_DOTS)).toBe(answer);
      }
      expect(fast.count).toBe(plain.count);
      expect(detections).toBeGreaterThan(500);
      expect(plain.count).toBeGreaterThan(50);
      expect(taken).toBeGreaterThan(50);
    }
  });

  it('the same conflict found again, in any order, eleven sets later, is taken; a newer write of an actor is not', () => {
    const sets = new ConflictSets();
    // Twenty conflicts of one key (past the sixteen kept open, so the key has its columns), each of three blind
    // writes at actors 0, 1, 2.
    let opId = 0;
    const rounds: LlVersion[][] = [];
    for (let r = 1; r <= 20; r++) {
      const round = [0, 1, 2].map((a) =>
        version(++opId, a, [a === 0 ? r : 0, a === 1 ? r : 0, a === 2 ? r : 0]),
      );
      rounds.push(round);
      expect(sets.note('k', round, concurrentVersions, SINGLE_DOTS)).toBe(true);
    }
    const first = rounds[8] as LlVersion[];
    expect(sets.note('k', [...first].reverse(), concurrentVersions, SINGLE_DOTS)).toBe(false);
    // Actor 0's newest write with round 9's others: a new conflict (it follows round 9's write of actor 0).
    const newer = (rounds[19] as LlVersion[])[0] as LlVersion;
    expect(sets.note('k', [newer, first[1] as LlVersion], concurrentVersions, SINGLE_DOTS)).toBe(true);
    // A write of a fourth actor joins the newest set it is concurrent with all of.
    const other = version(++opId, 3, [0, 0, 0, 1]);
    expect(sets.note('k', [other, ...(rounds[19] as LlVersion[])], concurrentVersions, SINGLE_DOTS)).toBe(
      false,
    );
    expect(sets.count).toBe(21);
  });

  it('a key noted once without dots is counted without them from then on, as before', () => {
    const rng = new Rng(7);
    const writes = history(rng, 300, 4, 0.1);
    const plain = new ConflictSets();
    const mixed = new ConflictSets();
    for (let step = 0; step < 3_000; step++) {
      const set = found(rng, writes, rng.int(2, 4));
      if (set === null) continue;
      const dots = rng.chance(0.9) ? SINGLE_DOTS : undefined;
      expect(mixed.note('k', set, concurrentVersions, dots)).toBe(plain.note('k', set, concurrentVersions));
    }
    expect(mixed.count).toBe(plain.count);
  });

  it('a key with its columns, then noted without dots, counts as the plain walk (its sets oldest first again)', () => {
    const rng = new Rng(11);
    const writes = history(rng, 400, 5, 0.1);
    const plain = new ConflictSets();
    const mixed = new ConflictSets();
    let step = 0;
    let undotted = 0;
    while (undotted < 300) {
      const set = found(rng, writes, rng.int(2, 4));
      if (set === null) continue;
      // Dots for the first 400 detections (well past the sixteen sets that give the key its columns), then none.
      const dots = step++ < 400 ? SINGLE_DOTS : undefined;
      if (!dots) undotted++;
      expect(mixed.note('k', set, concurrentVersions, dots)).toBe(plain.note('k', set, concurrentVersions));
    }
    expect(mixed.count).toBe(plain.count);
    expect(plain.count).toBeGreaterThan(100);
  });
});
