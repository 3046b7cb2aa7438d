/**
 * The ground-truth checkers (src/sim/oracle/ground-truth.ts): lost writes, conflicts and divergence as the
 * model reports them, explained; divergence judged only at quiet moments.
 */
import { describe, expect, it } from 'vitest';
import { ConflictLog, MAX_CONFLICTS_KEPT } from '../../../src/sim/engine/conflictLog.ts';
import {
  Conflicts,
  Divergence,
  type GroundTruthSource,
  LostWording,
} from '../../../src/sim/oracle/ground-truth.ts';
import type { ConflictView, LostWrite } from '../../../src/sim/types.ts';

function run(overrides: Partial<GroundTruthSource> = {}): GroundTruthSource {
  return {
    nowUs: 500_000,
    nodes: ['db1', 'db2', 'db3'],
    conflicts: () => [],
    divergentKeys: () => [],
    network: { isUp: (n) => n !== 'db3' },
    quiescent: () => true,
    lostWrites: () => [],
    nodeViews: () => [
      { id: 'db1', up: true, data: [{ key: 'cart', value: 'book' }] },
      { id: 'db2', up: true, data: [] },
      { id: 'db3', up: false, data: [{ key: 'cart', value: 'pen' }] },
    ],
    ...overrides,
  };
}

const lost: LostWrite = {
  opId: 7,
  client: 'alice',
  key: 'cart',
  value: 'book',
  ackedAtUs: 10_000,
  ackedBy: 'db1',
  term: 1,
  index: 3,
  lostAtUs: 600_000,
  lostOn: 'db1',
  reason: 'db1 discarded it when it followed db2, leader of term 2',
};

const conflict = (atUs: number, outcome: string): ConflictView => ({
  key: 'cart',
  node: 'db2',
  atUs,
  versions: [
    { value: 'book', origin: 'db1', opId: 1 },
    { value: 'pen', origin: 'db2', opId: 2 },
  ],
  resolution: 'lww',
  outcome,
});

describe('lost writes', () => {
  it('each acknowledged write the model no longer holds, with when, where and why', () => {
    expect(new LostWording().anomalies(run({ lostWrites: () => [lost] }))).toEqual([
      {
        kind: 'lost-write',
        explanation:
          'write w7 (cart = "book") was acknowledged by db1 at 10.0 ms and lost at 600.0 ms on db1: db1 discarded it when it followed db2, leader of term 2',
        ops: [7],
        nodes: ['db1', 'db1'],
        atUs: 600_000,
      },
    ]);
    expect(new LostWording().anomalies(run())).toEqual([]);
  });
});

describe('conflicts', () => {
  it('every conflict detected, worded once and kept as the log grows', () => {
    const log = [conflict(90_000, 'last-write-wins kept "pen"')];
    const conflicts = new Conflicts();
    const source = run({ conflicts: () => log });
    const first = conflicts.anomalies(source);
    expect(first.map((a) => [a.explanation, a.ops, a.nodes, a.atUs])).toEqual([
      [
        'db2 detected concurrent writes to cart at 90.0 ms ("book" from db1, "pen" from db2): last-write-wins kept "pen"',
        [1, 2],
        ['db2'],
        90_000,
      ],
    ]);
    log.push(conflict(95_000, 'kept both as siblings'));
    const second = conflicts.anomalies(source);
    expect(second[0]).toBe(first[0]);
    expect(second.map((a) => a.atUs)).toEqual([90_000, 95_000]);
  });
});

describe('conflicts worded', () => {
  it('quote each value as JSON does (escapes and all), first, middle or last, at any time', () => {
    const values = ['plain', 'say "hi"', 'back\\slash', 'tab\there', '', 'é', '\u2028', 'x'];
    const views: ConflictView[] = [];
    for (let n = 1; n <= 4; n++)
      for (let first = 0; first + n <= values.length; first++)
        views.push({
          key: 'k"1',
          node: 'kv2',
          atUs: 1_234_550 + first * 17 + n,
          versions: values
            .slice(first, first + n)
            .map((value, i) => ({ value, origin: `kv${i}`, opId: i + 1 })),
          resolution: 'siblings',
          outcome: `kv2 keeps ${n} siblings`,
        });
    const log: ConflictView[] = [];
    const source = run({ conflicts: () => log });
    const conflicts = new Conflicts();
    for (const c of views) {
      log.push(c);
      const worded = conflicts.anomalies(source).at(-1);
      const written = c.versions.map((v) => `${JSON.stringify(v.value)} from ${v.origin}`).join(', ');
      expect(worded?.explanation).toBe(
        `kv2 detected concurrent writes to k"1 at ${(c.atUs / 1000).toFixed(1)} ms (${written}): ${c.outcome}`,
      );
      expect(worded?.ops).toEqual(c.versions.map((v) => v.opId));
    }
  });
});

describe('conflicts kept as the engine lets go of the oldest', () => {
  /** A source like the engine's log: every detection counted, the latest `kept` listed. */
  function engine(kept: number) {
    const all: ConflictView[] = [];
    const source = run({ conflicts: () => all.slice(-kept), conflictDetections: () => all.length });
    return { all, source };
  }

  it('lists exactly the latest the engine keeps, each worded once, however often read and however many go at once', () => {
    const { all, source } = engine(3);
    const conflicts = new Conflicts();
    const worded = new Map<number, unknown>();
    for (let n = 1; n <= 20; n++) {
      // Now one, now several conflicts between two readings (more than the engine keeps, at n = 10).
      const add = n === 10 ? 5 : 1;
      for (let k = 0; k < add; k++) all.push(conflict(all.length * 1_000, `outcome ${all.length}`));
      const { list, from, inOrder } = conflicts.update(source);
      const listed = list.slice(from);
      expect(inOrder).toBe(true);
      expect(listed.map((a) => a.atUs)).toEqual(all.slice(-3).map((c) => c.atUs));
      for (const a of listed) {
        expect(worded.get(a.atUs) ?? a).toBe(a);
        worded.set(a.atUs, a);
      }
    }
    expect(conflicts.anomalies(source).map((a) => a.atUs)).toEqual(all.slice(-3).map((c) => c.atUs));
  });

  it('reading only the conflicts since the last update (conflictsSince) lists what reading them all lists', () => {
    const log = new ConflictLog();
    const whole = new Conflicts();
    const tail = new Conflicts();
    const byAll = run({ conflicts: () => log.latest(), conflictDetections: () => log.total });
    const bySince = run({
      conflicts: () => {
        throw new Error('the whole list is not read');
      },
      conflictDetections: () => log.total,
      conflictsSince: (count) => log.since(count),
    });
    for (let n = 1; n <= 160; n++) {
      // Between two readings: none, a few, or more than the log keeps (n = 100).
      const add = n === 100 ? MAX_CONFLICTS_KEPT + 77 : (n * 7) % 23;
      for (let k = 0; k < add; k++) log.add(conflict(log.total * 1_000, `outcome ${log.total}`));
      const a = whole.update(byAll);
      const b = tail.update(bySince);
      expect(b.inOrder).toBe(a.inOrder);
      expect(b.list.slice(b.from).map((x) => x.explanation)).toEqual(
        a.list.slice(a.from).map((x) => x.explanation),
      );
    }
    expect(tail.anomalies(bySince).length).toBe(MAX_CONFLICTS_KEPT);
  });

  it('says when the kept ones are out of time order, until those are let go', () => {
    const { all, source } = engine(2);
    const conflicts = new Conflicts();
    all.push(conflict(5_000, 'a'), conflict(4_000, 'b'));
    expect(conflicts.update(source).inOrder).toBe(false);
    all.push(conflict(6_000, 'c'));
    expect(conflicts.update(source).inOrder).toBe(true);
  });
});

describe('divergence', () => {
  it('judged at quiet moments only, dated from the first, standing until a quiet moment shows convergence', () => {
    const state = { quiet: false, keys: ['cart'] };
    const source: { -readonly [K in keyof GroundTruthSource]: GroundTruthSource[K] } = run({
      nowUs: 100_000,
      quiescent: () => state.quiet,
      divergentKeys: () => state.keys,
    });
    const divergence = new Divergence();
    expect(divergence.update(source)).toEqual([]);
    state.quiet = true;
    source.nowUs = 200_000;
    expect(divergence.update(source)).toEqual([
      {
        kind: 'divergence',
        explanation:
          'replicas still disagree on cart with no fault in force and nothing left in flight (since 200.0 ms): db1 has "book", db2 has nothing',
        ops: [],
        nodes: ['db1', 'db2'],
        atUs: 200_000,
      },
    ]);
    // A busy moment proves nothing: the key stands divergent, still dated 200 ms.
    state.quiet = false;
    state.keys = [];
    source.nowUs = 300_000;
    expect(divergence.update(source).map((a) => a.atUs)).toEqual([200_000]);
    expect(divergence.size).toBe(1);
    state.quiet = true;
    expect(divergence.update(source)).toEqual([]);
    expect(divergence.size).toBe(0);
  });
});

describe('LostWording: each lost write worded once while it is reported', () => {
  it('gives the same anomaly for the same frozen report, a new one for a report asked again after a gap', () => {
    const a = Object.freeze({ ...lost });
    const b = Object.freeze({ ...lost, opId: 8 });
    let reported: LostWrite[] = [a, b];
    const wording = new LostWording();
    const source = run({ lostWrites: () => reported });
    const first = wording.anomalies(source);
    const second = wording.anomalies(source);
    expect(second[0]).toBe(first[0]);
    expect(second[1]).toBe(first[1]);
    expect(Object.isFrozen(first[0])).toBe(true);
    expect(first.map((x) => x.ops)).toEqual([[7], [8]]);
    // Kept for the last asking's reports only: one not reported once is worded anew when it comes back.
    reported = [b];
    expect(wording.anomalies(source)[0]).toBe(first[1]);
    reported = [a, b];
    const again = wording.anomalies(source);
    expect(again[0]).not.toBe(first[0]);
    expect(again[0]).toEqual(first[0]);
    expect(again[1]).toBe(first[1]);
  });
});
