import { describe, expect, it } from 'vitest';
import { TraceHash } from '../../src/sim/engine/hash.ts';

/** The digest of mixing `values` in turn into a fresh hash. */
function digestOf(values: readonly number[]): string {
  const h = new TraceHash();
  for (const n of values) h.mix(n);
  return h.digest();
}

describe('the trace hash', () => {
  // Digests of the hash as it was with unsigned seeds (double fields): keeping its lanes int32 from the start must
  // not change one bit, or every pinned trace hash would move.
  it('gives the same digests with int32 lanes as with the unsigned seeds', () => {
    expect(digestOf([])).toBe('87c1146f4656135f');
    expect(digestOf([0])).toBe('b82a19a61e809cc1');
    expect(digestOf([-1])).toBe('e0f0501ab6660377');
    expect(digestOf([1, 2, 3])).toBe('013d905d956acd7b');
    expect(digestOf([-5, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, 2 ** 32 + 7, 9_000_000_000, -0.5, 1.5])).toBe(
      '47995d8017820fb2',
    );
  });

  it('tells sequences apart by order and by the high half of large numbers', () => {
    expect(digestOf([1, 2])).not.toBe(digestOf([2, 1]));
    expect(digestOf([7])).not.toBe(digestOf([2 ** 32 + 7]));
  });
});
