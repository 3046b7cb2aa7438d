/**
 * The leaderless model's shortcuts of ll13 give what the plain forms gave: a store's one new version is put in
 * its place in dot order (as sorting the merged list did), a read's answer kept per key is the one worked out
 * anew, and a digest looked up in its own list answers as the Map made of it did.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { byDot, type LlCluster } from '../../src/sim/models/leaderless/cluster.ts';
import type { LlVersion } from '../../src/sim/models/leaderless/messages.ts';
import { contextOf, readAnswer } from '../../src/sim/models/leaderless/readAnswer.ts';
import { onDigest } from '../../src/sim/models/leaderless/replica.ts';
import { followedByAny, siblingsOnto } from '../../src/sim/models/leaderless/siblings.ts';
import type { DenseVector } from '../../src/sim/models/shared/denseVector.ts';
import { EMPTY_VECTOR } from '../../src/sim/models/shared/versionVector.ts';
import { getPreset } from '../../src/sim/scenarios/presets/index.ts';

let nextSeq = 1;
function version(dv: DenseVector, origin: string): LlVersion {
  const seq = nextSeq++;
  return { value: `v${seq}`, vv: EMPTY_VECTOR, ts: seq, origin, seq, opId: seq, dv };
}

const origins = ['n1', 'n2', 'n10', 'n1:x', 'kv1', 'kv13', 'kv130'];
const arbVersion = fc
  .tuple(fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 4 }), fc.constantFrom(...origins))
  .map(([dv, origin]) => version(dv, origin));

/** The plain merge: the versions no other one follows, sorted by dot. */
function plainMerge(all: readonly LlVersion[]): LlVersion[] {
  return all.filter((v) => !followedByAny(v, all)).sort(byDot);
}

describe('siblingsOnto with one version', () => {
  it('gives the sorted merge, the new version in its place, whatever the list held', () => {
    fc.assert(
      fc.property(fc.array(arbVersion, { maxLength: 6 }), arbVersion, (some, v) => {
        // A store's list: a merge's answer (distinct dots, none before another, in dot order).
        const current = plainMerge(some);
        const out = siblingsOnto(current, [v]);
        expect(out).toEqual(plainMerge([...current, v]));
        expect(out.length === 0 || out !== current).toBe(true);
      }),
      { seed: 131, numRuns: 3000 },
    );
  });
});

function clusterAfter(preset: string, us: number): { sim: Simulation; c: LlCluster } {
  const found = getPreset(preset);
  if (!found) throw new Error(`no preset ${preset}`);
  const sim = new Simulation(found.scenario);
  sim.runUntil(us);
  // biome-ignore lint/suspicious/noExplicitAny: the model's private cluster, read for the test
  return { sim, c: (sim as any).model.c as LlCluster };
}

describe('readAnswer', () => {
  it('is the answer worked out anew, and the same object for the same versions again', () => {
    const { c } = clusterAfter('scale-leaderless-100', 3_000_000);
    let several = 0;
    for (const n of c.nodes.values())
      for (const [key, versions] of n.store) {
        const first = readAnswer(c, key, versions);
        const values = versions.map((v) => v.value);
        expect(first.value).toBe(values.length > 1 ? values.join(' | ') : (values[0] ?? null));
        expect(first.siblings).toEqual(values.length > 1 ? values : null);
        expect(first.opIds).toEqual(versions.map((v) => v.opId));
        expect(Object.entries(first.context)).toEqual(Object.entries(contextOf(c, versions)));
        const { value, siblings, context, opIds } = first;
        // The same version objects in another list: the same answer, its lists unchanged.
        const again = readAnswer(c, key, [...versions]);
        expect(again).toBe(first);
        expect([again.value, again.siblings, again.context, again.opIds]).toEqual([
          value,
          siblings,
          context,
          opIds,
        ]);
        if (versions.length > 1) several++;
        // Other versions: worked out anew, and the lists given before stay as they were.
        const fewer = versions.slice(1);
        const other = readAnswer(c, key, fewer);
        expect(other.opIds).toEqual(fewer.map((v) => v.opId));
        expect(opIds).toEqual(versions.map((v) => v.opId));
        expect(siblings).toEqual(values.length > 1 ? values : null);
      }
    expect(several).toBeGreaterThan(0);
    const empty = readAnswer(c, 'no such key', []);
    expect([empty.value, empty.siblings, empty.opIds, Object.keys(empty.context)]).toEqual([
      null,
      null,
      [],
      [],
    ]);
  });
});

describe('onDigest', () => {
  it('answers a short digest (searched as a list) as a long one (looked up in a Map) does', () => {
    const { c } = clusterAfter('scale-leaderless-100', 2_500_000);
    // biome-ignore lint/suspicious/noExplicitAny: a recording stand-in for the context's send
    const sent: any[] = [];
    const ctx = c.ctx;
    // biome-ignore lint/suspicious/noExplicitAny: the cluster's context, its send replaced for the test
    (c as any).ctx = { ...ctx, send: (_from: string, _to: string, body: unknown) => sent.push(body) };
    let compared = 0;
    for (const n of c.nodes.values()) {
      for (const peer of c.nodes.values()) {
        if (peer === n) continue;
        const entries: [string, string][] = [];
        for (const [key, versions] of peer.store)
          if (c.preferenceList(key).includes(n.id)) entries.push([key, versions.length > 1 ? 'x' : 'y']);
        if (entries.length === 0) continue;
        // The same keys padded past the scan limit with keys nobody holds, which the node then wants.
        const padding: [string, string][] = Array.from({ length: 20 }, (_, i) => [`absent${i}`, 'z']);
        sent.length = 0;
        onDigest(c, n, peer.id, { type: 'digest', kind: 'heartbeat', entries });
        onDigest(c, n, peer.id, { type: 'digest', kind: 'heartbeat', entries: [...entries, ...padding] });
        const [short, long] = sent;
        expect(long.items).toEqual(short?.items ?? []);
        expect(long.want).toEqual([...(short?.want ?? []), ...padding.map(([k]) => k)]);
        compared++;
      }
      if (compared > 40) break;
    }
    expect(compared).toBeGreaterThan(0);
  });
});
