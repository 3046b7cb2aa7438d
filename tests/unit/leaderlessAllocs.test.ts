/**
 * The leaderless model's cheaper forms give what the plain ones gave: the one-pass concurrency test is
 * `!before(a, b) && !before(b, a)` for two versions; the finished quorums the view shows are the latest
 * RECENT_QUORUMS, oldest first, however far the list grew before it was cut back; a store's merge keeps the same
 * siblings, in lists of their exact size.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Coordination, concurrentVersions, LlCluster } from '../../src/sim/models/leaderless/cluster.ts';
import type { LlVersion } from '../../src/sim/models/leaderless/messages.ts';
import {
  byDot,
  before as comesBefore,
  relation,
  siblingsOnto,
  signature,
} from '../../src/sim/models/leaderless/siblings.ts';
import type { ModelContext } from '../../src/sim/models/model.ts';
import type { DenseVector } from '../../src/sim/models/shared/denseVector.ts';
import { EMPTY_VECTOR } from '../../src/sim/models/shared/versionVector.ts';
import { quietLeaderless } from '../support/story.ts';

const dense: fc.Arbitrary<DenseVector> = fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 5 });

let nextSeq = 1;
function version(dv: DenseVector, origin = 'n1'): LlVersion {
  const seq = nextSeq++;
  return { value: `v${seq}`, vv: EMPTY_VECTOR, ts: seq, origin, seq, opId: seq, dv };
}

describe('concurrentVersions', () => {
  it('is !before(a, b) && !before(b, a) for two versions, and false for one', () => {
    fc.assert(
      fc.property(dense, dense, (x, y) => {
        const a = version(x);
        const b = version(y);
        expect(concurrentVersions(a, b)).toBe(!comesBefore(a, b) && !comesBefore(b, a));
        expect(concurrentVersions(b, a)).toBe(!comesBefore(b, a) && !comesBefore(a, b));
        expect(concurrentVersions(a, a)).toBe(false);
      }),
      { seed: 12, numRuns: 3000 },
    );
    // Equal vectors of two versions (and one vector shared by both) are concurrent: neither comes before.
    expect(concurrentVersions(version([1, 2]), version([1, 2, 0]))).toBe(true);
    const shared = [2, 1];
    expect(concurrentVersions(version(shared), version(shared))).toBe(true);
    expect(concurrentVersions(version([1]), version([1, 1]))).toBe(false);
    expect(concurrentVersions(version([2, 0, 1]), version([1, 1]))).toBe(true);
  });
});

describe('relation', () => {
  it('is -1 when the first comes before, 1 when the second does, else 0', () => {
    fc.assert(
      fc.property(dense, dense, (x, y) => {
        const a = version(x);
        const b = version(y);
        const expected = comesBefore(a, b) ? -1 : comesBefore(b, a) ? 1 : 0;
        expect(relation(a, b)).toBe(expected);
        expect(relation(b, a)).toBe(expected === 0 ? 0 : -expected);
      }),
      { seed: 13, numRuns: 3000 },
    );
  });

  it('gives the same order when the versions list their positive entries (keys), as every write makes them', () => {
    /** A version with `keys`: its vector's positive entries, in index order. */
    const keyed = (dv: DenseVector): LlVersion => {
      const keys: number[] = [];
      for (let i = 0; i < dv.length; i++) if ((dv[i] as number) > 0) keys.push(i);
      return { ...version(dv), keys };
    };
    fc.assert(
      fc.property(dense, dense, (x, y) => {
        const expected = relation(version(x), version(y));
        expect(relation(keyed(x), keyed(y))).toBe(expected);
        expect(relation(keyed(y), keyed(x))).toBe(expected === 0 ? 0 : -expected);
      }),
      { seed: 14, numRuns: 3000 },
    );
    // One entry each (blind writes): other actors are concurrent, the same actor is ordered by its counter, and
    // two versions with the same entry (equal vectors) are neither before the other.
    expect(relation(keyed([2]), keyed([0, 1]))).toBe(0);
    expect(relation(keyed([0, 3]), keyed([0, 5, 0]))).toBe(-1);
    expect(relation(keyed([0, 5]), keyed([0, 3]))).toBe(1);
    expect(relation(keyed([0, 4]), keyed([0, 4, 0]))).toBe(0);
    expect(concurrentVersions(keyed([0, 4]), keyed([0, 4]))).toBe(true);
  });
});

describe('recent quorums', () => {
  it('are the latest 40, oldest first, at every length the list passes through', () => {
    const c = new LlCluster(quietLeaderless('recent', ['n1', 'n2', 'n3']), {} as ModelContext);
    const made: Coordination[] = [];
    for (let i = 0; i < 200; i++) {
      const q = { reqId: i } as unknown as Coordination;
      made.push(q);
      c.remember(q);
      expect(c.recentQuorums()).toEqual(made.slice(-40));
    }
  });
});

describe('siblingsOnto', () => {
  it('keeps the concurrent versions in dot order, in a list of its own of their exact size', () => {
    const a = version([1], 'n1');
    const b = version([0, 1], 'n2');
    const c = version([0, 0, 1], 'n3');
    const a2 = version([2], 'n1');
    const current = siblingsOnto([a], [b]);
    expect(current).toEqual([a, b]);
    const next = siblingsOnto(current, [c]);
    expect(next).toEqual([a, b, c]);
    expect(next).not.toBe(current);
    const after = siblingsOnto(next, [a2]);
    expect(after).toEqual([a2, b, c]);
    // A version the list already has something newer than: a new list of the same versions (merged anew).
    const again = siblingsOnto(after, [a]);
    expect(again).toEqual([a2, b, c]);
    expect(again).not.toBe(after);
    // Nothing new: the list itself, unchanged.
    expect(siblingsOnto(after, [b])).toBe(after);
    expect(after).toEqual([a2, b, c]);
    expect(next).toEqual([a, b, c]);
  });
});

describe('signature', () => {
  it('of none or one version is what sorting and joining their dots gave', () => {
    const a = version([1], 'n1');
    const b = version([0, 1], 'n2');
    expect(signature([])).toBe('');
    expect(signature([a])).toBe(`n1:${a.seq}`);
    expect(signature([b, a])).toBe([`n2:${b.seq}`, `n1:${a.seq}`].sort().join(','));
  });

  it('of any list is its dots sorted as text and joined, whether the list is in dot order or not', () => {
    // Origins that begin one another (kv1, kv13) and counters of different lengths, distinct dots.
    const dot = fc.tuple(
      fc.constantFrom('kv1', 'kv13', 'kv2', 'n1', 'n10', 'a:b'),
      fc.integer({ min: 1, max: 120 }),
    );
    const made = (origin: string, seq: number): LlVersion => ({ ...version([1], origin), seq });
    fc.assert(
      fc.property(
        fc.uniqueArray(dot, { maxLength: 6, selector: ([o, n]) => `${o}:${n}` }),
        fc.boolean(),
        (dots, inOrder) => {
          const list = dots.map(([o, n]) => made(o, n));
          if (inOrder) list.sort(byDot);
          expect(signature(list)).toBe(
            dots
              .map(([o, n]) => `${o}:${n}`)
              .sort()
              .join(','),
          );
        },
      ),
      { seed: 15, numRuns: 2000 },
    );
  });
});
