/**
 * The leaderless hot path's shortcuts give what the plain forms give: a dense `precedes` orders vectors as the
 * named one does; versions sort by their dots' text without building it; a read's responses, each a resolved
 * store list, resolve one at a time to what resolving them all at once keeps; versions carry the dense form of
 * their vector.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { byDot, LlCluster } from '../../src/sim/models/leaderless/cluster.ts';
import { dotKey, type LlVersion } from '../../src/sim/models/leaderless/messages.ts';
import { contextOf } from '../../src/sim/models/leaderless/readAnswer.ts';
import type { ModelContext } from '../../src/sim/models/model.ts';
import {
  Actors,
  compareDense,
  type DenseVector,
  fromNamed,
  precedesDense,
  toNamed,
} from '../../src/sim/models/shared/denseVector.ts';
import {
  EMPTY_VECTOR,
  merge,
  precedes,
  type VersionVector,
  withEntry,
} from '../../src/sim/models/shared/versionVector.ts';
import type { Scenario } from '../../src/sim/scenarios/schema.ts';
import { quietLeaderless } from '../support/story.ts';

const NODES = ['n1', 'n10', 'n2', 'n1:', 'n'];

const scenario: Scenario = quietLeaderless('hot path', NODES);

const dense: fc.Arbitrary<DenseVector> = fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 5 });

const vector: fc.Arbitrary<VersionVector> = fc
  .array(fc.tuple(fc.constantFrom(...NODES), fc.integer({ min: 1, max: 3 })), { maxLength: 4 })
  .map((entries) => entries.reduce<VersionVector>((v, [node, n]) => withEntry(v, node, n), EMPTY_VECTOR));

describe('dense precedes', () => {
  it('is compareDense(a, b) === "before"', () => {
    fc.assert(
      fc.property(dense, dense, (a, b) => {
        expect(precedesDense(a, b)).toBe(compareDense(a, b) === 'before');
      }),
      { seed: 5, numRuns: 3000 },
    );
    expect(precedesDense([1], [1])).toBe(false);
    expect(precedesDense([1, 0, 0], [1])).toBe(false);
    expect(precedesDense([1], [1, 0, 2])).toBe(true);
    expect(precedesDense([0, 0, 1], [1])).toBe(false);
  });

  it('orders named vectors as precedes does, through one actor table', () => {
    const actors = new Actors();
    fc.assert(
      fc.property(vector, vector, (a, b) => {
        expect(precedesDense(fromNamed(actors, a), fromNamed(actors, b))).toBe(precedes(a, b));
        expect(toNamed(actors, fromNamed(actors, a))).toEqual(a);
      }),
      { seed: 6, numRuns: 3000 },
    );
  });
});

const version: fc.Arbitrary<LlVersion> = fc
  .record({ origin: fc.constantFrom(...NODES), seq: fc.integer({ min: 1, max: 120 }), vv: vector })
  .map(({ origin, seq, vv }) => ({ value: `${origin}:${seq}`, vv, ts: seq, origin, seq, opId: seq }));

describe('versions by dot', () => {
  it('sort as their dots\u2019 text does (origins that begin one another, counters of several digits)', () => {
    fc.assert(
      fc.property(version, version, (a, b) => {
        const x = dotKey(a);
        const y = dotKey(b);
        expect(Math.sign(byDot(a, b))).toBe(x < y ? -1 : x > y ? 1 : 0);
      }),
      { seed: 7, numRuns: 5000 },
    );
    const v = (origin: string, seq: number): LlVersion => ({
      value: '',
      vv: EMPTY_VECTOR,
      ts: 0,
      origin,
      seq,
      opId: 0,
    });
    expect(byDot(v('kv1', 9), v('kv1', 10))).toBe(1);
    expect(byDot(v('kv1', 5), v('kv13', 1))).toBe(1);
    expect(byDot(v('kv1', 5), v('kv1a', 1))).toBe(-1);
    expect(byDot(v('kv1', 5), v('kv1!', 1))).toBe(1);
    expect(byDot(v('n1', 2), v('n1:', 1))).toBe(-1);
  });
});

describe("a read's responses", () => {
  it('resolve one at a time to what resolving them all at once keeps, in the same order', () => {
    const c = new LlCluster(scenario, {} as ModelContext);
    // Versions of a run: one object per dot (a dot names one write, whose vector holds its own dot).
    const distinct = fc.array(version, { maxLength: 8 }).map((vs) => {
      const byDotKey = new Map<string, LlVersion>();
      for (const v of vs) {
        const vv = withEntry(v.vv, v.origin, Math.max(v.seq, 1));
        if (!byDotKey.has(dotKey(v))) byDotKey.set(dotKey(v), { ...v, vv });
      }
      return [...byDotKey.values()];
    });
    fc.assert(
      fc.property(
        distinct,
        fc.array(fc.array(fc.nat(), { maxLength: 6 }), { minLength: 1, maxLength: 3 }),
        (pool, picks) => {
          // Each response is a store's list: the resolve of some of the run's versions.
          const responses = picks.map((p) =>
            c.resolve(p.map((i) => pool[i % Math.max(pool.length, 1)]).filter((v) => v !== undefined)),
          );
          expect(c.resolveResponses(responses)).toEqual(c.resolve(responses.flat()));
        },
      ),
      { seed: 8, numRuns: 2000 },
    );
  });
});

describe('a store of one version onto one', () => {
  it('keeps what resolving the pair keeps, in the same order (the shortcut for one onto one)', () => {
    const c = new LlCluster(scenario, {} as ModelContext);
    // Each version's vector holds its own dot, as every version a run makes does; with and without dense forms.
    const made = version.chain((v) =>
      fc.boolean().map((withDense) => {
        const vv = withEntry(v.vv, v.origin, Math.max(v.seq, 1));
        return withDense ? { ...v, vv, dv: fromNamed(c.actors, vv) } : { ...v, vv };
      }),
    );
    fc.assert(
      fc.property(made, made, fc.boolean(), (a, b, same) => {
        const incoming = same ? a : b;
        // A read's two responses merge by the same shortcut a store does.
        expect(c.resolveResponses([[a], [incoming]])).toEqual(
          c.resolve(a === incoming ? [a] : [a, incoming]),
        );
      }),
      { seed: 9, numRuns: 3000 },
    );
  });
});

describe('versions a run makes', () => {
  it('carry the dense form of their vector, and merge into the context merging by name gives, entry order too', () => {
    const sim = new Simulation({
      ...scenario,
      nodes: ['a', 'b', 'c'],
      clients: [
        { id: 'c1', home: 'a' },
        { id: 'c2', home: 'b' },
        { id: 'c3', home: 'c' },
      ],
      workload: { enabled: true, kind: 'register', ratePerSec: 200, readFraction: 0.5, keys: ['k1', 'k2'] },
    });
    sim.runUntil(2_000_000);
    // biome-ignore lint/suspicious/noExplicitAny: the model's private cluster, read for the test
    const c = (sim as any).model.c as LlCluster;
    let seen = 0;
    for (const n of c.nodes.values())
      for (const versions of n.store.values())
        for (const v of versions) {
          expect(v.dv).toBeDefined();
          expect(toNamed(c.actors, v.dv as DenseVector)).toEqual(v.vv);
          seen++;
        }
    expect(seen).toBeGreaterThan(0);
    // A version a write made knows whether its vector is all positive, and takes it as its context alone as a
    // version that does not know (whose vector is looked at) does.
    for (const n of c.nodes.values())
      for (const versions of n.store.values())
        for (const v of versions) {
          expect(v.positive).toBe(Object.values(v.vv).every((x) => x > 0));
          expect(contextOf(c, [v])).toEqual(contextOf(c, [{ ...v, positive: undefined }]));
        }
    const lists = [...c.nodes.values()].flatMap((n) => [...n.store.values()]);
    let several = 0;
    for (const a of lists)
      for (const b of lists) {
        const versions = [...a, ...b];
        if (versions.length > 1) several++;
        const byName = versions.reduce<VersionVector>((acc, v) => merge(acc, v.vv), EMPTY_VECTOR);
        expect(Object.entries(contextOf(c, versions))).toEqual(Object.entries(byName));
      }
    expect(several).toBeGreaterThan(0);
  });
});
