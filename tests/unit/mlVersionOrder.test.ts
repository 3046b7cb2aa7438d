/**
 * The multi-leader order of two versions of a key (models/multi-leader/resolution.ts `versionRelation`,
 * `concurrentVersions`) is read from one entry of each vector, where it was a walk over both: it must answer as
 * the walk (`denseRelation`) does for every pair of versions a run makes, whatever made their vectors (client
 * contexts from reads, siblings, state transfers, an origin that lost its disk and came back as a new actor).
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { CHANGE_LOG_LIMITS, missingChanges } from '../../src/sim/models/multi-leader/changeLog.ts';
import type { MlCluster, Version } from '../../src/sim/models/multi-leader/cluster.ts';
import { concurrentVersions, versionRelation } from '../../src/sim/models/multi-leader/resolution.ts';
import { CONCURRENT, denseRelation, EMPTY_DENSE } from '../../src/sim/models/shared/denseVector.ts';
import type { Scenario } from '../../src/sim/scenarios/schema.ts';
import type { MultiLeaderSettings } from '../../src/sim/types.ts';

const LEADERS = ['a', 'b', 'c', 'd'];

function scenario(resolution: MultiLeaderSettings['resolution']): Scenario {
  return {
    version: 1,
    name: 'version order',
    model: 'multi-leader',
    seed: 11,
    nodes: [...LEADERS, 'f'],
    clients: LEADERS.map((l) => ({ id: `c_${l}`, home: l, readFrom: 'leader' })),
    network: { latency: { dist: 'normal', meanMs: 10, sdMs: 3 }, dropProbability: 0.05 },
    multiLeader: {
      leaders: LEADERS,
      ownership: 'any',
      topology: 'all-to-all',
      resolution,
      syncIntervalMs: 50,
    },
    clientTimeoutMs: 500,
    // Reads give the writers contexts that their next writes merge.
    workload: { enabled: true, kind: 'register', ratePerSec: 400, readFraction: 0.4, keys: ['x', 'y'] },
    durationMs: 1500,
    timeline: [
      {
        atUs: 300_000,
        action: {
          type: 'partition',
          groups: [
            ['a', 'b'],
            ['c', 'd', 'f'],
          ],
        },
      },
      { atUs: 600_000, action: { type: 'heal' } },
      // b loses its disk: it comes back as a new actor and catches up by state transfers (the logs are short).
      { atUs: 700_000, action: { type: 'crash', node: 'b', durable: false } },
      { atUs: 800_000, action: { type: 'restart', node: 'b' } },
    ],
  };
}

/** Every version the run's nodes held, in their cells or logs, sampled every 5 ms: by key. */
function versionsOf(s: Scenario): Map<string, Version[]> {
  const sim = new Simulation(s);
  const c = (sim.model as unknown as { c: MlCluster }).c;
  const seen = new Map<string, Set<Version>>();
  const add = (key: string, v: Version) => {
    const set = seen.get(key) ?? new Set<Version>();
    set.add(v);
    seen.set(key, set);
  };
  for (let t = 5_000; t <= s.durationMs * 1000; t += 5_000) {
    sim.runUntil(t);
    for (const n of c.nodes.values()) {
      for (const [key, cell] of n.cells) for (const v of cell.versions) add(key, v);
      for (const ch of missingChanges(n.log, EMPTY_DENSE, Number.POSITIVE_INFINITY)) add(ch.key, ch);
    }
  }
  return new Map([...seen].map(([key, set]) => [key, [...set]]));
}

describe('the multi-leader version order', () => {
  for (const resolution of ['lww', 'siblings'] as const) {
    it(`answers as the vectors' walk does for every pair of a ${resolution} run's versions`, () => {
      const saved = { ...CHANGE_LOG_LIMITS };
      Object.assign(CHANGE_LOG_LIMITS, { keep: 20, retain: 60, every: 8 });
      try {
        const tally = [0, 0, 0, 0];
        for (const versions of versionsOf(scenario(resolution)).values()) {
          for (const a of versions)
            for (const b of versions) {
              const walk = denseRelation(a.vv, b.vv);
              expect(versionRelation(a, b)).toBe(walk);
              expect(concurrentVersions(a, b)).toBe(walk === CONCURRENT);
              const slot = walk === CONCURRENT ? 3 : walk + 1;
              tally[slot] = (tally[slot] as number) + 1;
            }
        }
        // Before, equal (each version with itself only), after, concurrent: every answer is met, most many times.
        expect(tally[1]).toBeGreaterThan(300);
        for (const i of [0, 2, 3]) expect(tally[i]).toBeGreaterThan(1_000);
      } finally {
        Object.assign(CHANGE_LOG_LIMITS, saved);
      }
    });
  }

  it('holds as an invariant through a run, and a version without its own dot is caught', () => {
    const sim = new Simulation(scenario('siblings'), { checkInvariants: true });
    sim.runUntil(1_500_000);
    expect(sim.model.invariantViolation()).toBeNull();
    const c = (sim.model as unknown as { c: MlCluster }).c;
    const node = c.nodes.get('a');
    const [key, cell] = [...node.cells].find(([, cl]) => cl.versions.length > 0) ?? [];
    const v = cell?.versions[0] as Version;
    const vv = [...v.vv];
    vv[v.originIx] = v.seq - 1;
    (cell?.versions as Version[])[0] = { ...v, vv };
    expect(sim.model.invariantViolation()).toBe(
      `a keeps ${v.origin}#${v.seq} for ${key} with a vector whose entry for its origin is ${v.seq - 1}`,
    );
  });

  it('a version with itself is equal, not concurrent; a later change of its origin follows it', () => {
    const v1: Version = { value: 'v1', vv: [1], ts: 0, origin: 'a', originIx: 0, seq: 1, opId: 1 };
    const v2: Version = { value: 'v2', vv: [2, 3], ts: 0, origin: 'a', originIx: 0, seq: 2, opId: 2 };
    const w3: Version = { value: 'w3', vv: [1, 3], ts: 0, origin: 'b', originIx: 1, seq: 3, opId: 3 };
    const w4: Version = { value: 'w4', vv: [0, 4], ts: 0, origin: 'b', originIx: 1, seq: 4, opId: 4 };
    expect(versionRelation(v1, v1)).toBe(0);
    expect(concurrentVersions(v1, v1)).toBe(false);
    expect(versionRelation(v1, v2)).toBe(-1);
    expect(versionRelation(v2, v1)).toBe(1);
    expect(versionRelation(w3, v2)).toBe(-1);
    expect(versionRelation(v1, w4)).toBe(CONCURRENT);
    expect(concurrentVersions(w4, v1)).toBe(true);
  });
});
