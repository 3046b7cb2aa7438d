/**
 * The anomaly list's order (src/sim/oracle/anomaly.ts): `mergeSorted` gives what a stable sort by `byTime` of
 * the two lists one after the other gives, whatever their lengths and overlap, and from any start in the second.
 */
import { describe, expect, it } from 'vitest';
import {
  ANOMALY_KINDS,
  type Anomaly,
  type AnomalyKind,
  byTime,
  mergeSorted,
} from '../../../src/sim/oracle/anomaly.ts';

const anomaly = (atUs: number, kind: AnomalyKind, tag: string): Anomaly => ({
  kind,
  explanation: tag,
  ops: [],
  nodes: [],
  atUs,
});

/** A small deterministic generator (no Math.random in tests that pin results). */
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

describe('mergeSorted', () => {
  it('is a stable sort of the first list then the second from `from` on', () => {
    const rand = lcg(7);
    for (let trial = 0; trial < 300; trial++) {
      const list = (n: number, tag: string) =>
        Array.from({ length: n }, (_, i) =>
          anomaly(
            Math.floor(rand() * 20),
            ANOMALY_KINDS[Math.floor(rand() * 3)] as AnomalyKind,
            `${tag}${i}`,
          ),
        ).sort(byTime);
      const first = list(Math.floor(rand() * 6), 'a');
      const second = list(Math.floor(rand() * 6), 'b');
      const from = Math.floor(rand() * (second.length + 1));
      const expected = [...first, ...second.slice(from)].sort(byTime);
      expect(mergeSorted(first, second, from).map((a) => a.explanation)).toEqual(
        expected.map((a) => a.explanation),
      );
    }
  });

  it('orders a tie in time by kind, in ANOMALY_KINDS order', () => {
    const a = anomaly(5, 'conflict', 'c');
    const b = anomaly(5, 'stale-read', 's');
    expect(mergeSorted([a], [b]).map((x) => x.kind)).toEqual(['stale-read', 'conflict']);
    expect(byTime(a, b)).toBeGreaterThan(0);
    expect(byTime(b, b)).toBe(0);
  });

  it('returns a new list, never one it was given', () => {
    const a = [anomaly(1, 'conflict', 'x')];
    expect(mergeSorted([], a)).not.toBe(a);
    expect(mergeSorted(a, [])).not.toBe(a);
    expect(mergeSorted(a, [anomaly(2, 'conflict', 'y')])).toHaveLength(2);
  });
});
