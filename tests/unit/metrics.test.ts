/**
 * Run metrics: percentiles on hand-written histories, a preset's figures against the simulation's own counts
 * and the oracle's verdicts, the byte estimate, and the incremental collector's series (cadence-independent, merged buckets keep totals
 * and their percentiles).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  INITIAL_BUCKET_US,
  type Judged,
  MAX_BUCKETS,
  MetricsCollector,
  percentile,
  RankTracker,
  summarizeHistory,
  summarizeRun,
} from '../../src/sim/analysis/metrics.ts';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { clientPayloadBytes, HEADER_BYTES } from '../../src/sim/engine/wire.ts';
import type { ClientReply, ClientWrite } from '../../src/sim/models/model.ts';
import { checkRun, countByKind } from '../../src/sim/oracle/oracle.ts';
import { getPreset } from '../../src/sim/scenarios/presets/index.ts';
import type { Scenario } from '../../src/sim/scenarios/schema.ts';
import type { Counts, Operation } from '../../src/sim/types.ts';

function preset(id: string): Scenario {
  const p = getPreset(id);
  if (!p) throw new Error(`no preset ${id}`);
  return p.scenario;
}

let nextId = 1;
/** Reads the oracle judged stale, by id (the summary asks the oracle's verdicts, not the operations). */
const STALE = new Set<number>();
function op(
  f: 'write' | 'read',
  status: Operation['status'],
  invokeUs: number,
  completeUs: number | null,
  stale = false,
): Operation {
  const id = nextId++;
  if (stale) STALE.add(id);
  return {
    id,
    client: 'c1',
    f,
    key: 'x',
    value: null,
    invokeUs,
    completeUs,
    invokeSeq: 2 * invokeUs,
    completeSeq: completeUs === null ? null : 2 * completeUs + 1,
    status,
    node: 'n1',
    version: 0,
    manual: true,
  };
}

const JUDGED: Judged = { isStale: (id) => STALE.has(id), lostWrites: 3, conflicts: 4 };

const COUNTS: Counts = {
  opsOk: 0,
  opsFailed: 0,
  opsInfo: 0,
  opsPending: 0,
  writesOk: 0,
  readsOk: 0,
  messagesSent: 120,
  messagesDelivered: 100,
  bytesSent: 5000,
  messagesDropped: 7,
  events: 0,
};

describe('percentile (nearest rank)', () => {
  it('is the ceil(p/100 * n)-th smallest value', () => {
    const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(ten, 50)).toBe(5);
    expect(percentile(ten, 99)).toBe(10);
    expect(percentile(ten, 10)).toBe(1);
    expect(percentile(ten, 11)).toBe(2);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNull();
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile([...hundred, 101], 99)).toBe(100);
  });

  it('the streaming tracker gives the same answer as sorting, value by value', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 300 }),
        fc.constantFrom(1, 50, 90, 99, 100),
        (values, p) => {
          const tracker = new RankTracker(p);
          const seen: number[] = [];
          for (const v of values) {
            tracker.add(v);
            seen.push(v);
            const sorted = [...seen].sort((a, b) => a - b);
            if (tracker.value() !== percentile(sorted, p)) return false;
          }
          return true;
        },
      ),
      { seed: 6, numRuns: 200 },
    );
  });
});

describe('summarizeHistory', () => {
  it('counts outcomes, takes latency from ok operations only, and derives the rates', () => {
    const history = [
      op('write', 'ok', 0, 10_000),
      op('write', 'ok', 1_000, 4_000),
      op('write', 'ok', 2_000, 22_000),
      op('write', 'fail', 3_000, 5_000),
      op('write', 'info', 3_000, 1_003_000),
      op('write', 'pending', 9_000, null),
      op('read', 'ok', 0, 2_000, true),
      op('read', 'ok', 0, 6_000),
      op('read', 'ok', 0, 1_000),
      op('read', 'ok', 0, 8_000, true),
      op('read', 'fail', 0, 500_000),
    ];
    const m = summarizeHistory(history, COUNTS, JUDGED, 2_000_000);
    expect(m.writes).toEqual({
      invoked: 6,
      ok: 3,
      failed: 1,
      info: 1,
      pending: 1,
      p50Us: 10_000,
      p99Us: 20_000,
      meanUs: 11_000,
    });
    expect(m.reads).toEqual({
      invoked: 5,
      ok: 4,
      failed: 1,
      info: 0,
      pending: 0,
      p50Us: 2_000,
      p99Us: 8_000,
      meanUs: 4_250,
    });
    // 7 ok of 10 completed (the pending write is not counted).
    expect(m.availability).toBe(0.7);
    expect(m.staleReads).toBe(2);
    expect(m.staleReadRate).toBe(0.5);
    expect(m).toMatchObject({
      untilUs: 2_000_000,
      messagesSent: 120,
      bytesSent: 5000,
      messagesDropped: 7,
      conflicts: 4,
      lostWrites: 3,
    });
  });

  it('has no latency, availability or stale-read rate before anything completes', () => {
    const m = summarizeHistory([op('write', 'pending', 0, null)], COUNTS, JUDGED, 5);
    expect(m.writes).toMatchObject({ invoked: 1, pending: 1, p50Us: null, p99Us: null, meanUs: null });
    expect(m.availability).toBeNull();
    expect(m.staleReadRate).toBeNull();
  });
});

describe('summarizeRun', () => {
  it('bank ledger (async) at 300 ms: exact figures, consistent with the simulation counts and the oracle', () => {
    const sim = new Simulation(preset('bank-ledger-async'));
    sim.runUntil(300_000);
    const m = summarizeRun(sim);
    const c = sim.counts();
    const found = countByKind(checkRun(sim).anomalies);
    expect(m.writes).toEqual({
      invoked: 5,
      ok: 5,
      failed: 0,
      info: 0,
      pending: 0,
      p50Us: 8155,
      p99Us: 9788,
      meanUs: 7927.4,
    });
    expect(m.reads).toMatchObject({ invoked: 7, ok: 7, p50Us: 7784, p99Us: 10112 });
    expect(m.staleReads).toBe(2);
    expect(m.staleReadRate).toBe(2 / 7);
    expect(m.availability).toBe(1);
    expect(m.messagesSent).toBe(56);
    // Appends carry the leader that created each entry and the one at prevIndex (the epoch, with the term).
    expect(m.bytesSent).toBe(3682);
    expect(m.writes.ok).toBe(c.writesOk);
    expect(m.reads.ok).toBe(c.readsOk);
    expect(m.staleReads).toBe(found['stale-read']);
    expect(m.messagesSent).toBe(c.messagesSent);
    expect(m.bytesSent).toBe(c.bytesSent);
  });

  it.each([
    ['leader-down', 1500],
    ['async-failover-lost-writes', 1500],
    ['lww-drops-writes', 1500],
    ['write-conflict-lww', 1500],
    ['sloppy-quorum-stale', 2000],
    ['failed-write-visible', 2000],
  ])('%s: every figure agrees with the simulation counts and the oracle', (id, ms) => {
    const sim = new Simulation(preset(id));
    sim.runUntil(ms * 1000);
    const m = summarizeRun(sim);
    const c = sim.counts();
    const found = countByKind(checkRun(sim).anomalies);
    expect(m.writes.ok + m.reads.ok).toBe(c.opsOk);
    expect(m.writes.failed + m.reads.failed).toBe(c.opsFailed);
    expect(m.writes.info + m.reads.info).toBe(c.opsInfo);
    expect(m.writes.pending + m.reads.pending).toBe(c.opsPending);
    expect(m.writes.invoked + m.reads.invoked).toBe(sim.clients.history.length);
    expect(m.staleReads).toBe(found['stale-read']);
    expect(m).toMatchObject({
      messagesSent: c.messagesSent,
      bytesSent: c.bytesSent,
      messagesDropped: c.messagesDropped,
      // Conflicts: sets of concurrent writes to one key, each once; the oracle lists every node's detection.
      conflicts: sim.conflictCount(),
      lostWrites: found['lost-write'],
      untilUs: ms * 1000,
    });
    expect(found.conflict).toBe(sim.conflictDetections());
    const completed = c.opsOk + c.opsFailed + c.opsInfo;
    expect(m.availability).toBe(completed > 0 ? c.opsOk / completed : null);
  });

  it('shows what each preset is about: failures while the leader is down, lost writes, conflicts', () => {
    const down = new Simulation(preset('leader-down'));
    down.runUntil(1_500_000);
    const d = summarizeRun(down);
    expect(d.writes.failed).toBeGreaterThan(0);
    expect(d.availability).toBeLessThan(1);
    const lost = new Simulation(preset('async-failover-lost-writes'));
    lost.runUntil(1_500_000);
    expect(summarizeRun(lost).lostWrites).toBe(3);
    const lww = new Simulation(preset('write-conflict-lww'));
    lww.runUntil(1_500_000);
    expect(summarizeRun(lww).conflicts).toBeGreaterThan(0);
  });
});

describe('bytes sent', () => {
  it('follows the documented encoding for client messages', () => {
    const write: ClientWrite = { type: 'clientWrite', kind: 'request', reqId: 1, key: 'x', value: '10' };
    // reqId 8 + key (2 + 1) + value (2 + 2)
    expect(clientPayloadBytes(write)).toBe(15);
    const reply: ClientReply = {
      type: 'clientReply',
      kind: 'response',
      reqId: 1,
      ok: true,
      version: 4,
      term: 2,
    };
    // reqId 8 + ok 1 + version 8 + term 8
    expect(clientPayloadBytes(reply)).toBe(25);
    const refused: ClientReply = {
      type: 'clientReply',
      kind: 'response',
      reqId: 1,
      ok: false,
      refused: true,
      error: 'down',
    };
    expect(clientPayloadBytes(refused)).toBe(8 + 1 + (2 + 4) + 1);
  });

  it('is deterministic, grows with what messages carry, and stays out of the trace hash', () => {
    for (const id of ['bank-ledger-async', 'ecommerce-any-leader', 'social-posts']) {
      const a = new Simulation(preset(id));
      const b = new Simulation(preset(id));
      a.runUntil(1_000_000);
      b.runUntil(1_000_000);
      expect(a.counts().bytesSent).toBe(b.counts().bytesSent);
      // Every message has its envelope, and most carry more.
      expect(a.counts().bytesSent).toBeGreaterThan(a.counts().messagesSent * HEADER_BYTES);
      // Watching the sends changes nothing in the run.
      const watched = new Simulation(preset(id));
      new MetricsCollector(watched);
      watched.runUntil(1_000_000);
      expect(watched.traceHash()).toBe(a.traceHash());
    }
  });

  it('a larger value costs more bytes and the same messages', () => {
    const scenario = preset('bank-ledger-async');
    const big: Scenario = {
      ...scenario,
      timeline: scenario.timeline.map((e) =>
        e.action.type === 'write'
          ? { ...e, action: { ...e.action, value: e.action.value.padEnd(40, '0') } }
          : e,
      ),
    };
    const a = new Simulation(scenario);
    const b = new Simulation(big);
    a.runUntil(300_000);
    b.runUntil(300_000);
    expect(b.counts().messagesSent).toBe(a.counts().messagesSent);
    expect(b.counts().bytesSent).toBeGreaterThan(a.counts().bytesSent);
  });
});

describe('MetricsCollector', () => {
  function collect(scenario: Scenario, untilUs: number, everyUs: number) {
    const sim = new Simulation(scenario);
    const collector = new MetricsCollector(sim);
    for (let t = everyUs; t < untilUs; t += everyUs) {
      sim.runUntil(t);
      collector.update();
    }
    sim.runUntil(untilUs);
    return { sim, report: collector.report() };
  }

  it.each([
    ['bank-ledger-async', 2_000_000],
    ['leader-down', 1_500_000],
    ['ecommerce-any-leader', 1_500_000],
    ['sloppy-quorum-stale', 2_000_000],
  ])(
    '%s: its summary equals summarizeRun and its series does not depend on how often it updates',
    (id, until) => {
      const fine = collect(preset(id), until, 997);
      const coarse = collect(preset(id), until, 250_000);
      const once = collect(preset(id), until, until);
      expect(fine.report.summary).toEqual(summarizeRun(fine.sim));
      expect(coarse.report).toEqual(fine.report);
      expect(once.report).toEqual(fine.report);
    },
  );

  it('merges buckets in pairs as the run grows: at most 120, totals kept, each bucket exact', () => {
    const scenario: Scenario = {
      ...preset('bank-ledger-async'),
      workload: { ...preset('bank-ledger-async').workload, enabled: true, ratePerSec: 400 },
    };
    const { sim, report } = collect(scenario, 5_000_000, 10_000);
    const { series } = report;
    const c = sim.counts();
    // 5 s in at most 120 buckets: 1 ms doubled until 120 buckets span 5 s, i.e. 64 ms wide.
    expect(series.bucketUs).toBe(64 * INITIAL_BUCKET_US);
    expect(series.buckets.length).toBeLessThanOrEqual(MAX_BUCKETS);
    expect(series.buckets.length).toBe(Math.floor(5_000_000 / series.bucketUs) + 1);
    const sum = (pick: (b: (typeof series.buckets)[number]) => number) =>
      series.buckets.reduce((n, b) => n + pick(b), 0);
    expect(sum((b) => b.ok)).toBe(c.opsOk);
    expect(sum((b) => b.failed)).toBe(c.opsFailed);
    expect(sum((b) => b.info)).toBe(c.opsInfo);
    expect(sum((b) => b.writesOk)).toBe(c.writesOk);
    expect(sum((b) => b.readsOk)).toBe(c.readsOk);
    expect(sum((b) => b.staleReads)).toBe(
      countByKind(checkRun(sim, { maxSteps: 0 }).anomalies)['stale-read'],
    );
    expect(sum((b) => b.messagesSent)).toBe(c.messagesSent);
    expect(sum((b) => b.bytesSent)).toBe(c.bytesSent);
    expect(c.opsOk).toBeGreaterThan(1000);
    // Each merged bucket's percentiles are those of exactly the operations that completed in it.
    for (const b of series.buckets) {
      const inBucket = (f: 'write' | 'read') =>
        sim.clients.history
          .filter(
            (o) =>
              o.f === f &&
              o.status === 'ok' &&
              (o.completeUs ?? 0) >= b.startUs &&
              (o.completeUs ?? 0) < b.endUs,
          )
          .map((o) => (o.completeUs ?? 0) - o.invokeUs)
          .sort((x, y) => x - y);
      const writes = inBucket('write');
      const reads = inBucket('read');
      expect([b.writesOk, b.writeP50Us, b.writeP99Us]).toEqual([
        writes.length,
        percentile(writes, 50),
        percentile(writes, 99),
      ]);
      expect([b.readsOk, b.readP50Us, b.readP99Us]).toEqual([
        reads.length,
        percentile(reads, 50),
        percentile(reads, 99),
      ]);
    }
  });

  it('counts an operation that completes after an update saw it pending, once', () => {
    const sim = new Simulation(preset('bank-ledger-async'));
    const collector = new MetricsCollector(sim);
    // Stop while the first write (invoked at 5 ms) is in flight.
    sim.runUntil(6_000);
    collector.update();
    expect(collector.summary().writes).toMatchObject({ invoked: 1, pending: 1, ok: 0 });
    sim.runUntil(300_000);
    collector.update();
    collector.update();
    expect(collector.summary()).toEqual(summarizeRun(sim));
  });
});

describe('the metrics report', () => {
  it('carries the fault intervals the simulation logged, closed or still open', () => {
    const sim = new Simulation(preset('leader-down'));
    const collector = new MetricsCollector(sim);
    sim.runUntil(600_000);
    const during = collector.report();
    expect(during.faults).toEqual([
      {
        id: 0,
        version: 1,
        fault: 'down',
        node: 'bank_leader',
        label: 'bank_leader down',
        startUs: 300_000,
        endUs: null,
      },
    ]);
    sim.runUntil(1_500_000);
    expect(collector.report().faults).toEqual([
      {
        id: 0,
        version: 2,
        fault: 'down',
        node: 'bank_leader',
        label: 'bank_leader down',
        startUs: 300_000,
        endUs: 1_200_000,
      },
    ]);
    // A report is a copy: the open interval it sent is not changed afterwards.
    expect(during.faults[0]?.endUs).toBeNull();
  });
});
