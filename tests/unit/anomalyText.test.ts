/**
 * The helpers explanations are worded with (oracle/anomaly.ts): `ms` writes a time as `toFixed(1)` of its ms
 * does, and `shown` a value as JSON does, whichever way each gets there.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ms, shown } from '../../src/sim/oracle/anomaly.ts';

const byToFixed = (us: number) => `${(us / 1000).toFixed(1)} ms`;

describe('ms', () => {
  it('writes every whole microsecond of the first ten seconds as toFixed(1) does, ties included', () => {
    for (let us = 0; us <= 10_000_000; us += 1)
      if (ms(us) !== byToFixed(us)) expect(ms(us)).toBe(byToFixed(us));
  });

  it('writes long runs, fractions, negatives and the rest as toFixed(1) does', () => {
    for (const us of [
      0.5,
      49.99,
      50,
      150,
      1_050,
      1_150,
      2_250,
      123_456_789_050,
      2 ** 50 + 1,
      999_999_999_999_999,
      1e15,
      1e15 + 50,
      1e18,
      -0,
      -1,
      -150,
      -1_234_567,
      Number.MAX_SAFE_INTEGER,
      Number.POSITIVE_INFINITY,
      Number.NaN,
    ])
      expect(ms(us)).toBe(byToFixed(us));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (us) => ms(us) === byToFixed(us)),
      { numRuns: 20_000 },
    );
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (us) => ms(us) === byToFixed(us)),
      { numRuns: 5_000 },
    );
  });
});

describe('shown', () => {
  it('quotes a value as JSON does, escapes and all, and says nothing for none', () => {
    expect(shown(null)).toBe('nothing');
    for (const v of [
      '',
      'v30',
      '1000',
      'add mug',
      'a"b',
      'a\\b',
      'line\nbreak',
      '\t',
      '\u001f',
      '\u007f',
      'é',
      '\u2028',
      '😀',
      '\ud800',
      'x\udfff',
    ])
      expect(shown(v)).toBe(JSON.stringify(v));
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (v) => shown(v) === JSON.stringify(v)),
      { numRuns: 20_000 },
    );
  });
});
