/**
 * The conflict log kept in sealed chunks (engine/conflictLog.ts): the latest MAX_CONFLICTS_KEPT, oldest first,
 * at every count; whole chunks frozen (a checkpoint shares them, records and all) and the filling one copied.
 * (The multi-leader's concurrency test, which this file checked too, is mlVersionOrder.test.ts's.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cloneState } from '../../src/sim/engine/clone.ts';
import { ConflictLog, ConflictSets, MAX_CONFLICTS_KEPT } from '../../src/sim/engine/conflictLog.ts';
import type { ConflictView } from '../../src/sim/types.ts';

const conflictAt = (atUs: number): ConflictView => ({
  key: 'k',
  node: 'n1',
  atUs,
  versions: [],
  resolution: 'lww',
  outcome: `#${atUs}`,
});

describe('the conflict log in sealed chunks', () => {
  it('lists the latest MAX_CONFLICTS_KEPT, oldest first, after any number of conflicts', () => {
    const log = new ConflictLog();
    for (let n = 1; n <= 2_600; n++) {
      log.add(conflictAt(n));
      if (n <= 70 || n % 97 === 0 || (n >= 990 && n <= 1_070)) {
        const latest = log.latest();
        const want = Math.min(n, MAX_CONFLICTS_KEPT);
        expect(latest.length).toBe(want);
        expect(latest.map((c) => c.atUs)).toEqual(Array.from({ length: want }, (_, i) => n - want + 1 + i));
      }
    }
    expect(log.total).toBe(2_600);
  });

  it('lists the conflicts since a count as the tail of the latest (those not kept left out)', () => {
    const log = new ConflictLog();
    for (let n = 1; n <= 2_600; n++) {
      log.add(conflictAt(n));
      if (n <= 70 || n % 89 === 0 || (n >= 990 && n <= 1_070)) {
        const latest = log.latest();
        for (const count of [
          0,
          1,
          n - 1_200,
          n - 1_000,
          n - 999,
          n - 40,
          n - 32,
          n - 31,
          n - 3,
          n - 1,
          n,
          n + 2,
        ]) {
          const tail = latest.slice(latest.length - Math.max(0, Math.min(n - count, latest.length)));
          expect(log.since(count)).toEqual(tail);
        }
      }
    }
    // A copy (a checkpoint) answers alike.
    const copy = cloneState(log);
    expect(copy.since(2_600 - 45).map((c) => c.atUs)).toEqual(log.since(2_600 - 45).map((c) => c.atUs));
  });

  it('a copy (a checkpoint) shares the sealed chunks and their records, copies the rest, and lists the same', () => {
    const log = new ConflictLog();
    for (let n = 1; n <= 1_234; n++) log.add(conflictAt(n));
    const copy = cloneState(log);
    const mine = log.latest();
    const theirs = copy.latest();
    expect(theirs.map((c) => c.atUs)).toEqual(mine.map((c) => c.atUs));
    // The oldest listed sit in sealed (frozen) chunks: the very same records.
    expect(theirs[0]).toBe(mine[0]);
    // The newest sit in the chunk still filling: copies.
    expect(theirs[theirs.length - 1]).not.toBe(mine[mine.length - 1]);
    expect(theirs[theirs.length - 1]).toEqual(mine[mine.length - 1]);
    // Both go on alike.
    for (let n = 1_235; n <= 1_300; n++) {
      log.add(conflictAt(n));
      copy.add(conflictAt(n));
    }
    expect(copy.latest().map((c) => c.atUs)).toEqual(log.latest().map((c) => c.atUs));
  });
});

describe('ConflictSets, one pass', () => {
  it('a set holding every write takes them even when a newer set would not, and the newest joining set wins', () => {
    // 1 || 2; 3 saw 1; 4 saw 1 and 3: {1, 2}, {2, 3}, {2, 4}.
    const before = new Set(['1<3', '1<4', '3<4']);
    const concurrent = (a: { opId: number }, b: { opId: number }) =>
      !before.has(`${a.opId}<${b.opId}`) && !before.has(`${b.opId}<${a.opId}`);
    const w = (opId: number) => ({ opId });
    const sets = new ConflictSets();
    expect(sets.note('k', [w(1), w(2)], concurrent)).toBe(true);
    expect(sets.note('k', [w(2), w(3)], concurrent)).toBe(true);
    expect(sets.note('k', [w(2), w(4)], concurrent)).toBe(true);
    // Found again by other replicas: counted already.
    expect(sets.note('k', [w(2), w(1)], concurrent)).toBe(false);
    expect(sets.note('k', [w(3), w(2)], concurrent)).toBe(false);
    // 5 is concurrent with everything: it joins the newest set, {2, 4}.
    expect(sets.note('k', [w(4), w(5)], concurrent)).toBe(false);
    expect(sets.note('k', [w(2), w(4), w(5)], concurrent)).toBe(false);
    expect(sets.count).toBe(3);
  });
});

/** The counting as first written (a pre-pass by write ids, then the causal test of the newer sets): the reference. */
class ReferenceSets {
  private readonly open = new Map<string, { opId: number }[][]>();
  count = 0;
  note(
    key: string,
    writes: { opId: number }[],
    concurrent: (a: { opId: number }, b: { opId: number }) => boolean,
  ) {
    if (writes.length < 2) return false;
    let sets = this.open.get(key);
    if (sets === undefined) {
      sets = [];
      this.open.set(key, sets);
    }
    const has = (set: { opId: number }[], size: number, id: number) =>
      set.slice(0, size).some((w) => w.opId === id);
    let held = -1;
    for (let i = sets.length - 1; i >= 0 && held < 0; i--) {
      const set = sets[i] as { opId: number }[];
      if (writes.every((w) => has(set, set.length, w.opId))) held = i;
    }
    for (let i = sets.length - 1; i > held; i--) {
      const set = sets[i] as { opId: number }[];
      const size = set.length;
      const joins = writes.every(
        (w) => has(set, size, w.opId) || set.slice(0, size).every((m) => concurrent(w, m)),
      );
      if (joins) {
        for (const w of writes) if (!has(set, size, w.opId)) set.push(w);
        return false;
      }
    }
    if (held >= 0) return false;
    sets.push(writes.slice());
    if (sets.length > 8) sets.shift();
    this.count++;
    return true;
  }
}

describe('ConflictSets against the reference counting', () => {
  it('finds the same new conflicts, pairs and larger sets alike, on any causal order', () => {
    fc.assert(
      fc.property(
        // Write i happened before write j (i < j) when bit (i * 16 + j) of the relation is set.
        fc.array(fc.boolean(), { minLength: 256, maxLength: 256 }),
        fc.array(
          fc.record({
            key: fc.constantFrom('a', 'b'),
            writes: fc.array(fc.integer({ min: 0, max: 15 }), { minLength: 1, maxLength: 4 }),
          }),
          { maxLength: 120 },
        ),
        (relation, detections) => {
          const precedes = (i: number, j: number) => i < j && relation[i * 16 + j] === true;
          const concurrent = (a: { opId: number }, b: { opId: number }) =>
            a.opId !== b.opId && !precedes(a.opId, b.opId) && !precedes(b.opId, a.opId);
          const writes = Array.from({ length: 16 }, (_, opId) => ({ opId }));
          const sets = new ConflictSets();
          const reference = new ReferenceSets();
          for (const d of detections) {
            const found = d.writes.map((i) => writes[i] as { opId: number });
            expect(sets.note(d.key, found, concurrent)).toBe(reference.note(d.key, found, concurrent));
          }
          expect(sets.count).toBe(reference.count);
        },
      ),
      { numRuns: 300 },
    );
  });
});
