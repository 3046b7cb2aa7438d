/**
 * The checkers' map from operation ids (src/sim/oracle/idMap.ts) answers exactly as a Map does, whatever the
 * ids: recent ones close together (the ring), ones that share a slot (the Map beside it), far apart, negative,
 * fractional, -0 and NaN; through growing, and a BoundedMap kept in one forgets exactly as one kept in a Map.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BoundedMap } from '../../../src/sim/oracle/bounded.ts';
import { IdMap } from '../../../src/sim/oracle/idMap.ts';

type Step = readonly ['set', number, number] | readonly ['delete', number] | readonly ['get', number];

const closeId = fc.integer({ min: 0, max: 300 });
const anyId = fc.oneof(
  closeId,
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.constantFrom(0, -0, 64, 128, 4096, 2 ** 31, 2 ** 32 + 5, -(2 ** 31), 0.5, 1.5, Number.NaN),
  fc.double({ noDefaultInfinity: false }),
);

function stepsOf(id: fc.Arbitrary<number>) {
  return fc.array(
    fc.oneof(
      fc.tuple(fc.constant('set' as const), id, fc.integer()),
      fc.tuple(fc.constant('delete' as const), id),
      fc.tuple(fc.constant('get' as const), id),
    ),
    { maxLength: 400 },
  );
}

/** Runs the steps on an IdMap and a Map side by side: every answer and size must agree. */
function agree(steps: readonly Step[], maxSlots?: number): void {
  const ids = new IdMap<number>(maxSlots, 4);
  const map = new Map<number, number>();
  for (const step of steps) {
    if (step[0] === 'set') {
      ids.set(step[1], step[2]);
      map.set(step[1], step[2]);
    } else if (step[0] === 'delete') expect(ids.delete(step[1])).toBe(map.delete(step[1]));
    else {
      expect(ids.get(step[1])).toBe(map.get(step[1]));
      expect(ids.has(step[1])).toBe(map.has(step[1]));
    }
    expect(ids.size).toBe(map.size);
  }
  for (const [id, value] of map) expect(ids.get(id)).toBe(value);
}

describe('IdMap', () => {
  it('answers as a Map for ids close together', () => {
    fc.assert(
      fc.property(stepsOf(closeId), (steps) => agree(steps)),
      { numRuns: 300 },
    );
  });

  it('answers as a Map for any ids, also when the ring may not grow', () => {
    fc.assert(
      fc.property(stepsOf(anyId), (steps) => agree(steps)),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(stepsOf(anyId), (steps) => agree(steps, 8)),
      { numRuns: 300 },
    );
  });

  it('holds a sliding window of recent ids in its slots, growing to fit it', () => {
    const ids = new IdMap<number>(1 << 16, 4);
    for (let id = 1; id <= 10_000; id++) {
      ids.set(id, id * 2);
      if (id > 100) expect(ids.delete(id - 100)).toBe(true);
    }
    expect(ids.size).toBe(100);
    expect(ids.get(9_901)).toBe(19_802);
    expect(ids.get(9_900)).toBeUndefined();
    // Ids a power of two apart share a slot: the one that came second is kept beside the ring.
    ids.set(9_901 + 2 ** 20, 1);
    expect(ids.get(9_901 + 2 ** 20)).toBe(1);
    expect(ids.get(9_901)).toBe(19_802);
    expect(ids.size).toBe(101);
  });

  it('keeps -0 and 0 as one id, and NaN as one, as a Map does', () => {
    const ids = new IdMap<string>();
    ids.set(-0, 'zero');
    expect(ids.get(0)).toBe('zero');
    ids.set(0, 'again');
    expect(ids.get(-0)).toBe('again');
    ids.set(Number.NaN, 'nan');
    expect(ids.get(Number.NaN)).toBe('nan');
    expect(ids.size).toBe(2);
    expect(ids.delete(Number.NaN)).toBe(true);
    expect(ids.get(Number.NaN)).toBeUndefined();
  });

  it('a BoundedMap kept in an IdMap forgets exactly what one kept in a Map forgets', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(anyId, fc.integer()), { maxLength: 300 }), (sets) => {
        const inIds = new BoundedMap<number, number>(16, new IdMap(1 << 16, 4));
        const inMap = new BoundedMap<number, number>(16);
        for (const [id, value] of sets) {
          inIds.set(id, value);
          inMap.set(id, value);
          expect(inIds.size).toBe(inMap.size);
        }
        for (const [id] of sets) expect(inIds.get(id)).toBe(inMap.get(id));
      }),
      { numRuns: 300 },
    );
  });
});
