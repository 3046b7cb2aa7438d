/**
 * ConflictSets with the model's vectors (`vectorOf`) must count exactly as without them: the early stop of a
 * pair's walk (a write whose id is above every older set's and whose vector covers them settles them all) only
 * skips sets that would not have taken the writes. Random causal histories over a few keys, their writes noted
 * in pairs and triples in random orders, as replicas would find them.
 */
import { describe, expect, it } from 'vitest';
import { ConflictSets } from '../../src/sim/engine/conflictLog.ts';
import { Rng } from '../../src/sim/engine/rng.ts';
import {
  CONCURRENT,
  type DenseVector,
  denseRelation,
  mergeInto,
} from '../../src/sim/models/shared/denseVector.ts';

interface W {
  readonly opId: number;
  readonly vv: DenseVector;
}

const concurrent = (a: W, b: W) => denseRelation(a.vv, b.vv) === CONCURRENT;
const vectorOf = (w: W) => w.vv;

/** Writes at `actors` replicas, each having seen a random part of the others' (a causal history). */
function history(rng: Rng, count: number, actors: number): W[] {
  const seen: number[][] = Array.from({ length: actors }, () => []);
  const out: W[] = [];
  for (let opId = 1; opId <= count; opId++) {
    const at = rng.int(0, actors - 1);
    const other = out[rng.int(0, Math.max(0, out.length - 1))];
    if (other && rng.chance(0.6)) mergeInto(seen[at] as number[], other.vv);
    const own = seen[at] as number[];
    while (own.length <= at) own.push(0);
    own[at] = (own[at] as number) + 1;
    // An id out of order now and then (a retried operation's id is older than its write).
    out.push({ opId: rng.chance(0.1) ? rng.int(1, opId) : opId, vv: own.slice() });
  }
  return out;
}

describe('ConflictSets with vectors', () => {
  it('answers every detection as it does without them, on random histories', () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const rng = new Rng(seed);
      const plain = new ConflictSets();
      const fast = new ConflictSets();
      const writes = history(rng, 400, 2 + (seed % 4));
      let detections = 0;
      for (let step = 0; step < 6_000; step++) {
        const key = `k${rng.int(0, 2)}`;
        // A recent write against an older one, mostly: replicas detect what arrives against what they hold.
        const hi = rng.int(1, writes.length - 1);
        const a = writes[hi] as W;
        const b = writes[Math.max(0, hi - rng.int(1, 30))] as W;
        const c = writes[Math.max(0, hi - rng.int(1, 30))] as W;
        const found = rng.chance(0.15) ? [a, b, c] : [a, b];
        if (!found.every((x, i) => found.every((y, j) => i === j || concurrent(x, y)))) continue;
        detections++;
        expect(fast.note(key, found, concurrent, vectorOf)).toBe(plain.note(key, found, concurrent));
      }
      expect(fast.count).toBe(plain.count);
      expect(detections).toBeGreaterThan(500);
      expect(plain.count).toBeGreaterThan(50);
    }
  });

  it('a key noted once without vectors is counted without them from then on, as before', () => {
    const plain = new ConflictSets();
    const mixed = new ConflictSets();
    const w = (opId: number, vv: number[]): W => ({ opId, vv });
    const steps: [W, W, boolean][] = [
      [w(1, [1, 0]), w(2, [0, 1]), true],
      [w(3, [2, 1]), w(4, [1, 2]), false],
      [w(5, [3, 1]), w(6, [1, 3]), true],
      [w(3, [2, 1]), w(4, [1, 2]), true],
    ];
    for (const [a, b, withVectors] of steps)
      expect(mixed.note('k', [a, b], concurrent, withVectors ? vectorOf : undefined)).toBe(
        plain.note('k', [a, b], concurrent),
      );
    expect(mixed.count).toBe(plain.count);
  });

  it('a key keeps its sixteen latest conflicts open, the oldest closed one reused without its writes', () => {
    // Conflict i: three writes, one per actor, each a step ahead at its own actor of a base every conflict after
    // covers: concurrent within a conflict, each before every write of a later one.
    const at = (i: number, actor: number): W => ({
      opId: 3 * i + actor,
      vv: [0, 1, 2].map((a) => (a === actor ? i : i - 1)),
    });
    for (const hint of [vectorOf, undefined]) {
      const sets = new ConflictSets();
      expect(sets.note('k', [at(1, 0), at(1, 1)], concurrent, hint)).toBe(true);
      // The third write joins the first conflict: its list holds three writes.
      expect(sets.note('k', [at(1, 0), at(1, 2)], concurrent, hint)).toBe(false);
      for (let i = 2; i <= 17; i++) expect(sets.note('k', [at(i, 0), at(i, 1)], concurrent, hint)).toBe(true);
      expect(sets.count).toBe(17);
      // The 17th closed the first, whose list it took: the third write of the first is not in it, so the 17th's
      // own third write joins it.
      expect(sets.note('k', [at(17, 0), at(17, 2)], concurrent, hint)).toBe(false);
      expect(sets.note('k', [at(17, 1), at(17, 2)], concurrent, hint)).toBe(false);
      // The first is closed (found again, it counts anew and closes the second); the third is still open.
      expect(sets.note('k', [at(1, 0), at(1, 1)], concurrent, hint)).toBe(true);
      expect(sets.note('k', [at(3, 0), at(3, 1)], concurrent, hint)).toBe(false);
      expect(sets.note('k', [at(2, 0), at(2, 1)], concurrent, hint)).toBe(true);
      expect(sets.count).toBe(19);
    }
  });
});
