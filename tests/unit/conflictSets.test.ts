/**
 * Conflicts counted as the literature counts them (DDIA 5, "Handling write conflicts"; Dynamo §4.4): one per key
 * and set of concurrent writes, however many replicas detect or resolve it, in every model that can have them.
 */
import { describe, expect, it } from 'vitest';
import { compareRows } from '../../src/sim/analysis/compareRows.ts';
import { conflictsText } from '../../src/sim/analysis/conflictWords.ts';
import type { RunMetrics } from '../../src/sim/analysis/metrics.ts';
import { buildReport } from '../../src/sim/analysis/report.ts';
import { translateScenario } from '../../src/sim/analysis/translate.ts';
import { ConflictSets } from '../../src/sim/engine/conflictLog.ts';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { Oracle } from '../../src/sim/oracle/oracle.ts';
import { getPreset } from '../../src/sim/scenarios/presets/index.ts';
import type { Scenario } from '../../src/sim/scenarios/schema.ts';
import { checkedReply } from '../../src/worker/checked.ts';

/** Writes named by op id; `before` lists the pairs [a, b] where a happened before b (all others concurrent). */
function writes(before: [number, number][]) {
  const precedes = new Set(before.map(([a, b]) => `${a}<${b}`));
  const concurrent = (a: { opId: number }, b: { opId: number }) =>
    !precedes.has(`${a.opId}<${b.opId}`) && !precedes.has(`${b.opId}<${a.opId}`);
  const w = (opId: number) => ({ opId });
  return { concurrent, w };
}

describe('ConflictSets', () => {
  it('three concurrent writes detected pairwise on six nodes are one conflict', () => {
    const { concurrent, w } = writes([]);
    const sets = new ConflictSets();
    const found: boolean[] = [];
    for (let node = 0; node < 6; node++) {
      found.push(sets.note('cart', [w(1), w(2)], concurrent));
      found.push(sets.note('cart', [w(2), w(3)], concurrent));
      found.push(sets.note('cart', [w(1), w(3)], concurrent));
    }
    expect(sets.count).toBe(1);
    expect(found.filter(Boolean)).toHaveLength(1);
  });

  it('siblings growing on one replica ({a, b} then {a, b, c}) are one conflict', () => {
    const { concurrent, w } = writes([]);
    const sets = new ConflictSets();
    sets.note('k', [w(1), w(2)], concurrent);
    sets.note('k', [w(1), w(2), w(3)], concurrent);
    expect(sets.count).toBe(1);
  });

  it('counts each key apart, and writes that causally follow one another never as one conflict', () => {
    // 1 || 2, then 3 saw 1 (not 2): {1, 2} and {2, 3} are two sets of concurrent writes.
    const { concurrent, w } = writes([[1, 3]]);
    const sets = new ConflictSets();
    expect(sets.note('k', [w(1), w(2)], concurrent)).toBe(true);
    expect(sets.note('k', [w(2), w(3)], concurrent)).toBe(true);
    expect(sets.note('other', [w(1), w(2)], concurrent)).toBe(true);
    expect(sets.count).toBe(3);
  });

  it('a lagging replica that detects a conflict a dozen conflicts of the key later does not count it again', () => {
    // Twelve conflicts of one key in turn, {1, 2}, {3, 4}, ...: each pair's writes saw every earlier pair's.
    const before: [number, number][] = [];
    for (let a = 1; a <= 24; a++)
      for (let b = a + 1; b <= 24; b++) if (Math.ceil(a / 2) < Math.ceil(b / 2)) before.push([a, b]);
    const { concurrent, w } = writes(before);
    const sets = new ConflictSets();
    for (let i = 1; i <= 24; i += 2) expect(sets.note('k', [w(i), w(i + 1)], concurrent)).toBe(true);
    // A replica cut off for a while finds the first ones only now: the same conflicts, counted once.
    expect(sets.note('k', [w(1), w(2)], concurrent)).toBe(false);
    expect(sets.note('k', [w(5), w(6)], concurrent)).toBe(false);
    expect(sets.count).toBe(12);
  });

  it('a single write is no conflict', () => {
    const { concurrent, w } = writes([]);
    const sets = new ConflictSets();
    expect(sets.note('k', [w(1)], concurrent)).toBe(false);
    expect(sets.count).toBe(0);
  });
});

function run(scenario: Scenario) {
  const sim = new Simulation(scenario);
  sim.runUntil(Math.max(scenario.durationMs, 2_000) * 1000);
  return { sim, report: buildReport(sim) };
}

describe('conflicts in every model', () => {
  const lww = getPreset('lww-drops-writes')?.scenario as Scenario;

  it('multi-leader: three concurrent cart writes are one 3-way conflict, detected 12 times', () => {
    const { sim, report } = run(lww);
    expect(sim.conflictCount()).toBe(1);
    expect(sim.conflictDetections()).toBe(12);
    expect(report.anomalyCounts.conflict).toBe(1);
    expect(report.anomalies.conflict).toHaveLength(12);
    expect(report.conflictDetections?.note).toBe(
      '1 conflict (a set of concurrent writes to one key), detected 12 times by the replicas (anomalies.conflict lists each detection)',
    );
  });

  it("the page's anomaly counts: one conflict, the list each node's detection", () => {
    const sim = new Simulation(lww);
    sim.runUntil(2_000_000);
    const reply = checkedReply(1, 1, sim.nowUs, new Oracle(sim).update(), '');
    expect(reply.counts.conflict).toBe(1);
    expect(reply.anomalies.filter((a) => a.kind === 'conflict')).toHaveLength(12);
  });

  it('leaderless: the same writes kept as siblings are the same one conflict', () => {
    const { sim, report } = run(translateScenario(lww, 'leaderless').scenario);
    const carts = report.history.filter((o) => o.f === 'read' && o.key === 'cart_1').map((o) => o.value);
    expect(carts.some((v) => typeof v === 'string' && v.split(' | ').length === 3)).toBe(true);
    expect(sim.conflictCount()).toBe(1);
  });

  it('leader-follower: none', () => {
    const { sim } = run(translateScenario(lww, 'leader-follower').scenario);
    expect(sim.conflictCount()).toBe(0);
  });
});

describe('the words', () => {
  it('say what a conflict is', () => {
    expect(conflictsText(1)).toBe('1 conflict (a set of concurrent writes to one key)');
    expect(conflictsText(1200)).toBe('1,200 conflicts (sets of concurrent writes to one key)');
  });

  it('call a latency "the same everywhere" only when every variant has one', () => {
    const m = (p50Us: number | null): RunMetrics =>
      ({
        untilUs: 1_000_000,
        writes: {
          invoked: 3,
          ok: p50Us === null ? 0 : 3,
          failed: 0,
          info: 0,
          pending: 0,
          p50Us,
          p99Us: p50Us,
          meanUs: p50Us,
        },
        reads: { invoked: 0, ok: 0, failed: 0, info: 0, pending: 0, p50Us: null, p99Us: null, meanUs: null },
        availability: 1,
        staleReads: 0,
        staleReadRate: null,
        messagesSent: 1,
        bytesSent: 1,
        messagesDropped: 0,
        conflicts: 0,
        lostWrites: 0,
      }) as RunMetrics;
    const reading = (cols: (number | null)[]) =>
      compareRows(
        cols.map((v, i) => ({ label: ['async', 'semisync', 'sync'][i] as string, metrics: m(v) })),
      ).find((r) => r.key === 'writeP50')?.reading;
    expect(reading([7_200, null, null])).toBe('async 7.2 ms; semisync and sync: none completed');
    expect(reading([7_200, 7_200, null])).toBe('async and semisync 7.2 ms each; sync: none completed');
    expect(reading([7_200, 7_200, 7_200])).toBe('the same everywhere (7.2 ms)');
  });
});
