/**
 * A search of at most 16 operations keeps its set and memo in one small integer each (SmallSet) rather than in
 * the general bitset and hashed memo. The two must hold the same (set, state) pairs, so every verdict, every
 * window named and every step spent must be the same: compared here on random tiny histories of overlapping,
 * failing-to-return and conflicting operations, under budgets that run out part way.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkKey, type RegisterOp } from '../../src/sim/oracle/linearizability.ts';

const VALUES = ['a', 'b', 'c', null] as const;

const opArb = fc.record({
  f: fc.constantFrom('read' as const, 'write' as const),
  value: fc.constantFrom(...VALUES),
  invokeUs: fc.integer({ min: 0, max: 40 }),
  length: fc.integer({ min: 0, max: 25 }),
  open: fc.integer({ min: 0, max: 5 }),
});

function history(
  raw: readonly {
    f: 'read' | 'write';
    value: string | null;
    invokeUs: number;
    length: number;
    open: number;
  }[],
): RegisterOp[] {
  return raw
    .map((r, i) => ({
      id: i + 1,
      key: 'k',
      f: r.f,
      value: r.f === 'write' && r.value === null ? 'a' : r.value,
      invokeUs: r.invokeUs,
      // A write that never returned now and then (indeterminate); reads always return.
      completeUs: r.f === 'write' && r.open === 0 ? null : r.invokeUs + r.length,
    }))
    .sort((x, y) => x.invokeUs - y.invokeUs || x.id - y.id);
}

describe('the small search set', () => {
  it('gives the verdicts and spends the steps of the general one', () => {
    fc.assert(
      fc.property(
        fc.array(opArb, { minLength: 1, maxLength: 16 }),
        fc.constantFrom(...VALUES),
        fc.integer({ min: 0, max: 400 }),
        (raw, initial, steps) => {
          const ops = history(raw);
          const small = { left: steps };
          const general = { left: steps };
          const a = checkKey('k', ops, small, initial, true);
          const b = checkKey('k', ops, general, initial, false);
          expect(a).toEqual(b);
          expect(small.left).toBe(general.left);
        },
      ),
      { numRuns: 3000, seed: 9 },
    );
  });

  it('finds a refutation in a tiny overlapping history as the general set does', () => {
    // w(a) then two overlapping reads, one of b (never written): not linearizable.
    const ops: RegisterOp[] = [
      { id: 1, key: 'k', f: 'write', value: 'a', invokeUs: 0, completeUs: 5 },
      { id: 2, key: 'k', f: 'read', value: 'a', invokeUs: 6, completeUs: 10 },
      { id: 3, key: 'k', f: 'read', value: 'b', invokeUs: 7, completeUs: 9 },
    ];
    const small = { left: 1000 };
    const general = { left: 1000 };
    const a = checkKey('k', ops, small, null, true);
    expect(a.result).toBe('not-linearizable');
    expect(a).toEqual(checkKey('k', ops, general, null, false));
    expect(small.left).toBe(general.left);
  });
});
