/**
 * A leaderless store merges new versions into siblings it already resolved by comparing only the pairs that
 * involve a new version (cluster.ts `mergeInto`): what it keeps is exactly what resolving the whole list again
 * keeps, in the same order, for random versions over a few nodes (equal vectors, causal chains, concurrent
 * writes, duplicate dots, node ids that are prefixes of each other).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LlCluster } from '../../src/sim/models/leaderless/cluster.ts';
import type { LlVersion } from '../../src/sim/models/leaderless/messages.ts';
import type { ModelContext } from '../../src/sim/models/model.ts';
import { EMPTY_VECTOR, type VersionVector, withEntry } from '../../src/sim/models/shared/versionVector.ts';
import type { Scenario } from '../../src/sim/scenarios/schema.ts';
import { quietLeaderless } from '../support/story.ts';

const NODES = ['n1', 'n10', 'n2'];

const scenario: Scenario = quietLeaderless('siblings', NODES);

const vector: fc.Arbitrary<VersionVector> = fc
  .array(fc.tuple(fc.constantFrom(...NODES), fc.integer({ min: 1, max: 3 })), { maxLength: 3 })
  .map((entries) => entries.reduce<VersionVector>((v, [node, n]) => withEntry(v, node, n), EMPTY_VECTOR));

const version: fc.Arbitrary<LlVersion> = fc
  .record({ origin: fc.constantFrom(...NODES), seq: fc.integer({ min: 1, max: 4 }), vv: vector })
  .map(({ origin, seq, vv }) => ({ value: `${origin}:${seq}`, vv, ts: seq, origin, seq, opId: seq }));

describe('siblings merged into a resolved store', () => {
  it('keep what resolving the whole list keeps, in the same order', () => {
    // Siblings a store keeps are noted as conflicts: here, nowhere.
    const c = new LlCluster(scenario, { noteConflict: () => {} } as unknown as ModelContext);
    fc.assert(
      fc.property(
        fc.array(version, { maxLength: 6 }),
        fc.array(version, { maxLength: 4 }),
        (before, incoming) => {
          const current = c.resolve(before);
          const store = new Map<string, LlVersion[]>([['k', current]]);
          c.mergeInto(c.nodes.get('n1'), store, 'k', incoming);
          expect(store.get('k')).toEqual(c.resolve([...current, ...incoming]));
        },
      ),
      { seed: 3, numRuns: 2000 },
    );
  });
});
