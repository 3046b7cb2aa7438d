import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Actors,
  compareDense,
  type DenseVector,
  denseEntry,
  denseSize,
  dominates,
  EMPTY_DENSE,
  formatDense,
  fromNamed,
  mergeDense,
  mergeInto,
  setEntry,
  toNamed,
  withDenseEntry,
} from '../../src/sim/models/shared/denseVector.ts';
import {
  compare,
  EMPTY_VECTOR,
  entry,
  formatVector,
  merge,
  precedes,
  type VersionVector,
  withEntry,
} from '../../src/sim/models/shared/versionVector.ts';

describe('dense version vectors', () => {
  it('reads an entry past the end as 0', () => {
    expect(denseEntry([3, 0, 2], 2)).toBe(2);
    expect(denseEntry([3, 0, 2], 1)).toBe(0);
    expect(denseEntry([3], 7)).toBe(0);
    expect(denseEntry(EMPTY_DENSE, 0)).toBe(0);
  });

  it('compares: before, after, equal, concurrent, with missing tails as zeros', () => {
    expect(compareDense([1, 2], [1, 3])).toBe('before');
    expect(compareDense([1, 3], [1, 2])).toBe('after');
    expect(compareDense([1, 2], [1, 2, 0, 0])).toBe('equal');
    expect(compareDense([1, 2], [1, 2, 0, 1])).toBe('before');
    expect(compareDense([1, 2, 0, 1], [1, 2])).toBe('after');
    expect(compareDense([2, 1], [1, 2])).toBe('concurrent');
    expect(compareDense([2], [1, 1])).toBe('concurrent');
    expect(compareDense(EMPTY_DENSE, EMPTY_DENSE)).toBe('equal');
    expect(compareDense(EMPTY_DENSE, [0, 1])).toBe('before');
  });

  it('dominates exactly when after or equal', () => {
    expect(dominates([2, 2], [1, 2])).toBe(true);
    expect(dominates([2, 2], [2, 2, 0])).toBe(true);
    expect(dominates([2], [2, 1])).toBe(false);
    expect(dominates([2, 1], [1, 2])).toBe(false);
    expect(dominates(EMPTY_DENSE, EMPTY_DENSE)).toBe(true);
  });

  it('merges pointwise, returning the first vector itself when the second adds nothing', () => {
    const a: DenseVector = [3, 0, 1];
    expect(mergeDense(a, [1, 0, 1])).toBe(a);
    expect(mergeDense(a, [2])).toBe(a);
    expect(mergeDense(a, [1, 4, 0, 2])).toEqual([3, 4, 1, 2]);
    expect(a).toEqual([3, 0, 1]);
    const own = [1, 1];
    expect(mergeInto(own, [0, 2, 5])).toBe(true);
    expect(own).toEqual([1, 2, 5]);
    expect(mergeInto(own, [1])).toBe(false);
    expect(own).toEqual([1, 2, 5]);
  });

  it('sets entries on a copy, or in place on an owned vector, growing with zeros', () => {
    const a: DenseVector = [1];
    expect(withDenseEntry(a, 3, 7)).toEqual([1, 0, 0, 7]);
    expect(a).toEqual([1]);
    const own = [1];
    setEntry(own, 2, 4);
    expect(own).toEqual([1, 0, 4]);
    expect(denseSize(own)).toBe(5);
  });

  it('converts to and from the named form at the boundary, in actor-name order', () => {
    const actors = new Actors();
    expect([actors.id('us'), actors.id('eu'), actors.id('n1·2'), actors.id('us')]).toEqual([0, 1, 2, 0]);
    expect(actors.find('ap')).toBe(-1);
    const v: DenseVector = [3, 2, 0];
    expect(toNamed(actors, v)).toEqual({ eu: 2, us: 3 });
    expect(Object.keys(toNamed(actors, v))).toEqual(['eu', 'us']);
    expect(formatDense(actors, v)).toBe('{eu:2, us:3}');
    expect(formatDense(actors, EMPTY_DENSE)).toBe('{}');
    expect(fromNamed(actors, { us: 1, ap: 4 })).toEqual([1, 0, 0, 4]);
    expect(actors.name(3)).toBe('ap');
    expect(actors.size).toBe(4);
  });

  it('names an actor called __proto__ as an ordinary entry, as named vectors do', () => {
    const actors = new Actors();
    const v = fromNamed(actors, withEntry(withEntry(EMPTY_VECTOR, '__proto__', 2), 'us', 1));
    const named = toNamed(actors, v);
    expect(Object.keys(named)).toEqual(['__proto__', 'us']);
    expect(entry(named, '__proto__')).toBe(2);
    expect(formatDense(actors, v)).toBe('{__proto__:2, us:1}');
  });

  it('agrees with the named vectors on compare, merge and format', () => {
    const names = ['a', 'b', 'c', 'd'];
    const named = fc
      .array(fc.tuple(fc.constantFrom(...names), fc.integer({ min: 1, max: 3 })), { maxLength: 4 })
      .map((entries) => Object.fromEntries(entries) as VersionVector);
    fc.assert(
      fc.property(named, named, (x, y) => {
        const actors = new Actors();
        for (const n of ['c', 'a', 'd', 'b']) actors.id(n);
        const dx = fromNamed(actors, x);
        const dy = fromNamed(actors, y);
        expect(compareDense(dx, dy)).toBe(compare(x, y));
        expect(toNamed(actors, mergeDense(dx, dy))).toEqual(merge(x, y));
        expect(formatDense(actors, dx)).toBe(formatVector(x));
      }),
    );
  });
});

describe('precedes (named vectors)', () => {
  it('is compare(a, b) === "before", exactly', () => {
    expect(precedes({ a: 1 }, { a: 2 })).toBe(true);
    expect(precedes({ a: 1 }, { a: 1, b: 1 })).toBe(true);
    expect(precedes({ a: 1 }, { a: 1 })).toBe(false);
    expect(precedes({ a: 2 }, { a: 1, b: 5 })).toBe(false);
    expect(precedes({}, {})).toBe(false);
    expect(precedes({}, { z: 1 })).toBe(true);
    const named = fc
      .array(fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.integer({ min: 1, max: 3 })), { maxLength: 3 })
      .map((entries) => Object.fromEntries(entries) as VersionVector);
    fc.assert(
      fc.property(named, named, (x, y) => {
        expect(precedes(x, y)).toBe(compare(x, y) === 'before');
      }),
    );
  });
});
