/**
 * Key moments (src/sim/analysis/moments.ts): what the finder returns on real presets, found headlessly the way
 * the worker finds them while playing, with exact times and the oracle's own sentences; and its rules (each
 * cause once, the configured leader is no moment, a fork keeps what came before).
 */
import { describe, expect, it } from 'vitest';
import {
  findMoments,
  type Moment,
  MomentFinder,
  sloppyStandIns,
  upLeaders,
} from '../../src/sim/analysis/moments.ts';
import type { FaultInterval } from '../../src/sim/engine/messageLog.ts';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { DEFAULT_PRESET_ID, getPreset, PRESETS, type Preset } from '../../src/sim/scenarios/presets/index.ts';
import type { Scenario } from '../../src/sim/scenarios/schema.ts';
import type { QuorumView } from '../../src/sim/types.ts';

function preset(id: string): Preset {
  const p = getPreset(id);
  if (!p) throw new Error(`no preset ${id}`);
  return p;
}

/** The moments of a preset's whole run. */
function story(id: string): Moment[] {
  const p = preset(id);
  return findMoments(p.scenario, p.shows, (p.scenario.durationMs ?? 2000) * 1000);
}

const brief = (m: Moment) => [m.kind, m.atUs, m.nodes];

describe('findMoments on the presets', () => {
  it('split brain: the partition, the second leader, the lost write in the oracle’s words as db1 acknowledges it, then the heal', () => {
    const moments = story('split-brain');
    expect(moments.map(brief)).toEqual([
      ['fault', 300_000, ['db1', 'db2', 'db3', 'db4', 'db5']],
      ['election', 444_000, ['db5', 'db1']],
      ['anomaly', 605_577, ['db1']],
      ['heal', 1_200_000, ['db1', 'db2', 'db3', 'db4', 'db5']],
    ]);
    expect(moments.map((m) => m.sentence)).toEqual([
      'A partition at 300.0 ms splits the network into {db1, db2} and {db3, db4, db5}: messages between the sides are lost.',
      'db5 became the leader in term 2 by 444.0 ms, while db1 (term 1) still believes it leads: two leaders accept writes (split brain).',
      // db1 appended it after db5 took office: orphaned as appended, lost once acknowledged.
      'write w2 (cart = "alice-1") was acknowledged by db1 at 605.6 ms, but had been lost already at 602.8 ms on db1: orphaned: db1, deposed leader of term 1, appended it after db5 took office as leader of term 2, while only db1 held it: lost unless db1 leads again and keeps it',
      'The partition healed at 1200.0 ms: {db1, db2} and {db3, db4, db5} can talk again.',
    ]);
    expect(moments[2]).toMatchObject({ anomalyKind: 'lost-write', ops: [2], cause: 'anomaly:lost-write' });
  });

  it('async failover: the orders are lost when db3 takes office without them, not when db1 rejoins; the caption counts them as the pill does', () => {
    const moments = story('async-failover-lost-writes');
    expect(moments.map(brief)).toEqual([
      ['fault', 150_000, ['db1']],
      ['anomaly', 366_828, ['db1']],
      ['election', 367_000, ['db3']],
      ['heal', 900_000, ['db1']],
    ]);
    expect(moments[1]?.sentence).toBe(
      'write w1 (order_1 = "paid") was acknowledged by db1 at 15.0 ms and lost at 366.8 ms on db1: orphaned: db3 took office as leader of term 2 without it, while only db1 held it: lost unless db1 leads again and keeps it (+2 more lost on db1)',
    );
  });

  it('the default preset: its stale read, and nothing else (no fault, no election)', () => {
    const moments = story(DEFAULT_PRESET_ID);
    expect(moments).toEqual([
      {
        kind: 'anomaly',
        cause: 'anomaly:stale-read',
        atUs: 27_441,
        sentence:
          'read r2 on bank_follower1 at 20.0 ms returned nothing, but write w1 ("1000") was acknowledged at 14.8 ms',
        nodes: ['bank_follower1'],
        ops: [2, 1],
        anomalyKind: 'stale-read',
      },
    ]);
  });

  it('sloppy-quorum-stale: the partition, the write a sloppy quorum acknowledged, bob’s stale read, the heal', () => {
    const moments = story('sloppy-quorum-stale');
    expect(moments.map(brief)).toEqual([
      ['fault', 300_000, ['kv1', 'kv2', 'kv5', 'kv3', 'kv4']],
      // alice's write w2 meets W = 2 with kv2 (home) and kv1, a fallback standing in for kv3 across the partition.
      ['sloppy', 461_896, ['kv1', 'kv3']],
      ['anomaly', 846_360, ['kv3']],
      ['heal', 900_000, ['kv1', 'kv2', 'kv5', 'kv3', 'kv4']],
    ]);
    expect(moments[1]).toMatchObject({ cause: 'sloppy', ops: [2] });
    expect(moments[1]?.sentence).toBe(
      "Write w2 of profile met W at 461.9 ms through a sloppy quorum: a fallback node outside the key's preference " +
        'list {kv2, kv4, kv3} (kv1 for kv3) holds it as a hint. The write is acknowledged, but until the hint is ' +
        'handed over, a read from the home replicas can miss it.',
    );
    expect(moments[2]?.sentence).toBe(
      'read r3 on kv3 at 800.0 ms returned "v1", but write w2 ("v2") was acknowledged at 464.0 ms',
    );
  });

  it('a leaderless run without sloppy quorums has no sloppy moment, with one it has', () => {
    const p = preset('sloppy-quorum-stale');
    const strict = {
      ...p.scenario,
      leaderless: { ...p.scenario.leaderless, sloppyQuorum: false },
    } as Scenario;
    expect(findMoments(strict, p.shows, 1_500_000).filter((m) => m.kind === 'sloppy')).toEqual([]);
    for (const other of PRESETS.filter((x) => x.scenario.model === 'leaderless'))
      if (!other.scenario.leaderless?.sloppyQuorum)
        expect(
          story(other.id).filter((m) => m.kind === 'sloppy'),
          other.id,
        ).toEqual([]);
  });

  it('ecommerce-any-leader (multi-leader): the first write conflict, as the replica that detected it reports it', () => {
    expect(story('ecommerce-any-leader')).toEqual([
      {
        kind: 'anomaly',
        cause: 'anomaly:conflict',
        atUs: 97_451,
        sentence:
          'us_leader detected concurrent writes to EU_cart_7 at 97.5 ms ("scarf" from eu_leader, "gloves" from us_leader): us_leader kept "gloves" from us_leader (latest timestamp) and dropped "scarf"',
        nodes: ['us_leader'],
        ops: [2, 3],
        anomalyKind: 'conflict',
      },
    ]);
  });

  it('is deterministic: the same scenario gives the same moments', () => {
    expect(story('split-brain')).toEqual(story('split-brain'));
  });
});

/**
 * Each preset opens at its `speed`, so its story plays within about 20 s of wall time: the first moment of a
 * kind it shows comes at most 20 wall seconds in. Arithmetic on simulated time, not a timing assertion.
 */
describe('each preset’s story fits its speed', () => {
  const STORY_WALL_S = 20;
  it.each(PRESETS.filter((p) => p.shows.length > 0 && !p.hidden).map((p) => [p.id, p] as const))(
    '%s: its first shown anomaly comes within %s s of wall time at its speed',
    (_id, p) => {
      // speed is simulated ms per wall second: STORY_WALL_S wall seconds cover speed * STORY_WALL_S ms.
      const horizonUs = p.speed * STORY_WALL_S * 1000;
      const first = findMoments(p.scenario, p.shows, horizonUs).find((m) => m.kind === 'anomaly');
      expect(
        first,
        `${p.id} shows ${p.shows.join(', ')} but none was found by ${horizonUs} µs`,
      ).toBeDefined();
      expect((first?.atUs ?? Number.POSITIVE_INFINITY) / 1000 / p.speed).toBeLessThanOrEqual(STORY_WALL_S);
    },
  );
});

describe('MomentFinder', () => {
  const partition: FaultInterval = {
    id: 4,
    version: 1,
    fault: 'partition',
    groups: [['a'], ['b', 'c']],
    label: 'partition {a} | {b, c}',
    startUs: 5_000,
    endUs: null,
  };

  it('returns each fault start and each heal once, however often it is fed them', () => {
    const finder = new MomentFinder([]);
    expect(finder.find({ faults: [partition] }).map((m) => m.cause)).toEqual(['fault:4']);
    expect(finder.find({ faults: [partition] })).toEqual([]);
    const healed = { ...partition, version: 2, endUs: 9_000 };
    expect(finder.find({ faults: [healed] }).map((m) => [m.cause, m.atUs, m.sentence])).toEqual([
      ['heal:4', 9_000, 'The partition healed at 9.0 ms: {a} and {b, c} can talk again.'],
    ]);
    expect(finder.find({ faults: [healed] })).toEqual([]);
  });

  it('names a crash and a restart', () => {
    const finder = new MomentFinder([]);
    const down: FaultInterval = {
      id: 0,
      version: 2,
      fault: 'down',
      node: 'db1',
      label: 'db1 down',
      startUs: 1_000,
      endUs: 3_000,
    };
    expect(finder.find({ faults: [down] }).map((m) => [m.kind, m.sentence, m.nodes])).toEqual([
      ['fault', 'db1 crashed at 1.0 ms: it stops answering, and messages to it are lost.', ['db1']],
      ['heal', 'db1 restarted at 3.0 ms and rejoins the cluster.', ['db1']],
    ]);
  });

  it('takes the leader of its first look as the start, and each newer term as a new leader', () => {
    const finder = new MomentFinder([]);
    expect(finder.find({ leaders: { atUs: 1_000, leaders: [{ id: 'a', term: 1 }] } })).toEqual([]);
    expect(finder.find({ leaders: { atUs: 2_000, leaders: [] } })).toEqual([]);
    const elected = finder.find({ leaders: { atUs: 3_000, leaders: [{ id: 'b', term: 2 }] } });
    expect(elected.map((m) => [m.kind, m.atUs, m.sentence, m.nodes])).toEqual([
      ['election', 3_000, 'b became the leader in term 2 by 3.0 ms, replacing a (term 1).', ['b']],
    ]);
    // The same leader seen again, or an old leader of an older term, is no new moment.
    expect(
      finder.find({
        leaders: {
          atUs: 4_000,
          leaders: [
            { id: 'b', term: 2 },
            { id: 'a', term: 1 },
          ],
        },
      }),
    ).toEqual([]);
  });

  it('counts the first leader as elected when the first look found none', () => {
    const finder = new MomentFinder([]);
    finder.find({ leaders: { atUs: 1_000, leaders: [] } });
    expect(
      finder.find({ leaders: { atUs: 2_000, leaders: [{ id: 'a', term: 1 }] } }).map((m) => m.cause),
    ).toEqual(['election:1:a']);
  });

  it('keeps only the first anomaly of each kind it shows, the earliest even when listed later', () => {
    const finder = new MomentFinder(['stale-read']);
    const stale = (atUs: number, op: number) => ({
      kind: 'stale-read' as const,
      explanation: `read r${op} was stale`,
      ops: [op],
      nodes: ['n1', 'n1'],
      atUs,
    });
    const conflict = { kind: 'conflict' as const, explanation: 'c', ops: [], nodes: [], atUs: 1 };
    const found = finder.find({ anomalies: [stale(9_000, 2), conflict, stale(7_000, 1)] });
    expect(found.map((m) => [m.cause, m.atUs, m.sentence, m.nodes])).toEqual([
      ['anomaly:stale-read', 7_000, 'read r1 was stale', ['n1']],
    ]);
    expect(finder.wanted()).toEqual([]);
    expect(finder.find({ anomalies: [stale(1_000, 3)] })).toEqual([]);
  });

  it('takes the earliest write a sloppy quorum acknowledged, once: fallbacks among the acks that met W', () => {
    const quorum = (over: Partial<QuorumView>): QuorumView => ({
      coordinator: 'n1',
      reqId: 1,
      opId: 1,
      kind: 'write',
      key: 'k',
      home: ['n1', 'n2', 'n3'],
      acked: ['n1', 'n2'],
      fallbacks: [],
      needed: 2,
      status: 'reached',
      startedUs: 1_000,
      doneUs: 2_000,
      ...over,
    });
    const standIn = [{ node: 'n4', for: 'n3' }];
    // Home replicas met W; the fallback answered only afterwards.
    const late = quorum({ fallbacks: standIn, acked: ['n1', 'n2', 'n4'] });
    expect(sloppyStandIns(late)).toEqual([]);
    // A read, a failed write and one still waiting are no acknowledged writes.
    for (const q of [
      quorum({ kind: 'read', fallbacks: standIn, acked: ['n4', 'n1'] }),
      quorum({ status: 'failed', fallbacks: standIn, acked: ['n4'] }),
      quorum({ status: 'waiting', doneUs: null, fallbacks: standIn, acked: ['n4'] }),
    ])
      expect(sloppyStandIns(q)).toEqual([]);
    const sloppy = (opId: number, doneUs: number) =>
      quorum({ opId, doneUs, fallbacks: standIn, acked: ['n1', 'n4', 'n2'] });
    expect(sloppyStandIns(sloppy(2, 5_000))).toEqual(standIn);

    const finder = new MomentFinder([]);
    expect(finder.find({ quorums: [late] })).toEqual([]);
    expect(finder.watchesQuorums()).toBe(true);
    const found = finder.find({ quorums: [late, sloppy(3, 9_000), sloppy(2, 5_000)] });
    expect(found.map((m) => [m.kind, m.cause, m.atUs, m.nodes, m.ops])).toEqual([
      ['sloppy', 'sloppy', 5_000, ['n1', 'n4', 'n3'], [2]],
    ]);
    expect(finder.watchesQuorums()).toBe(false);
    expect(finder.find({ quorums: [sloppy(1, 1_000)] })).toEqual([]);
  });

  it('reads the up leaders off a leader-follower snapshot, newest term first', () => {
    const sim = new Simulation(preset('split-brain').scenario);
    sim.runUntil(1_000);
    expect(upLeaders(sim.nodeViews())).toEqual([{ id: 'db1', term: 1 }]);
    sim.runUntil(500_000);
    expect(upLeaders(sim.nodeViews())).toEqual([
      { id: 'db5', term: 2 },
      { id: 'db1', term: 1 },
    ]);
  });
});
