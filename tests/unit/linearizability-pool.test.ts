/**
 * A search of up to 256 operations takes its list's entries from a pool, the last such search's, written anew.
 * Whatever was searched before, a history's verdict, the window it names and the steps it spends are the same:
 * random histories (short, and past the pool's 256 operations) checked in one order and again in the reverse,
 * each against its own first verdict, with budgets that run out part way.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkKey, type RegisterOp } from '../../src/sim/oracle/linearizability.ts';

/** A history of `n` operations on one key from a seeded draw: overlapping, some never returning, some wrong. */
function history(seed: number, n: number): RegisterOp[] {
  const [raw] = fc.sample(
    fc.array(
      fc.record({
        f: fc.constantFrom('read' as const, 'write' as const),
        value: fc.constantFrom('a', 'b', 'c', null),
        gap: fc.integer({ min: 0, max: 6 }),
        length: fc.integer({ min: 0, max: 12 }),
        open: fc.integer({ min: 0, max: 9 }),
      }),
      { minLength: n, maxLength: n },
    ),
    { seed, numRuns: 1 },
  );
  let t = 0;
  return (raw ?? []).map((r, i) => {
    t += r.gap;
    return {
      id: i + 1,
      key: 'k',
      f: r.f,
      value: r.f === 'write' && r.value === null ? 'a' : r.value,
      invokeUs: t,
      completeUs: r.f === 'write' && r.open === 0 ? null : t + r.length,
    };
  });
}

describe('the search entries pooled', () => {
  it('give every history the verdict and steps it gets alone, whatever was searched before', () => {
    const cases: { ops: RegisterOp[]; steps: number }[] = [];
    for (let seed = 1; seed <= 60; seed++) {
      const n = seed % 10 === 0 ? 257 + seed : 2 + ((seed * 7) % 40);
      cases.push({ ops: history(seed, n), steps: seed % 3 === 0 ? 30 + seed : 100_000 });
    }
    const check = (c: { ops: RegisterOp[]; steps: number }) => {
      const budget = { left: c.steps };
      const verdict = checkKey('k', c.ops, budget);
      return { verdict, left: budget.left };
    };
    const first = cases.map(check);
    const again = [...cases].reverse().map(check).reverse();
    expect(again).toEqual(first);
    const results = new Set(first.map((r) => r.verdict.result));
    expect([...results].sort()).toEqual(['linearizable', 'not-linearizable', 'unknown']);
    // Each alone, right after a long search and a short one.
    for (const c of cases) {
      check(cases[9] as (typeof cases)[number]);
      check(cases[1] as (typeof cases)[number]);
      expect(check(c)).toEqual(first[cases.indexOf(c)]);
    }
  });
});
