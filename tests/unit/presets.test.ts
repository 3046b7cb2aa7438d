/**
 * Every preset reproduces its anomaly deterministically (exact counts), and its fixed variant shows none.
 * Run through the CLI, so the report users see is what is checked.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import type { Report } from '../../src/sim/analysis/report.ts';
import { PRESETS } from '../../src/sim/scenarios/presets/index.ts';
import { parseScenario } from '../../src/sim/scenarios/schema.ts';

function report(id: string): Report {
  const r = runCli(['--preset', id, '--compact']);
  if (r.code !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as Report;
}

const anomalies = (r: Report) => ({
  staleReads: r.anomalyCounts['stale-read'],
  nonMonotonicReads: r.anomalyCounts['monotonic-reads'],
  lostWrites: r.anomalyCounts['lost-write'],
  duplicateIds: r.anomalyCounts['duplicate-id'],
});
const NONE = { staleReads: 0, nonMonotonicReads: 0, lostWrites: 0, duplicateIds: 0 };

describe('presets', () => {
  it.each(PRESETS.map((p) => [p.id]))('%s is a valid scenario', (id) => {
    const preset = PRESETS.find((p) => p.id === id);
    expect(parseScenario(preset?.scenario).ok).toBe(true);
  });

  it('read-your-writes: alice reads her own old profile; with the policy she never does', () => {
    const bad = report('read-your-writes-violation');
    expect(anomalies(bad)).toEqual({ ...NONE, staleReads: 5, nonMonotonicReads: 2 });
    const stale = bad.history.filter((o) => o.anomalies?.includes('stale-read'));
    expect(stale.every((o) => o.client === 'alice' && o.value === 'v1' && o.node !== 'db1')).toBe(true);
    const good = report('read-your-writes-fixed');
    expect(anomalies(good)).toEqual(NONE);
    // The reads a follower could not serve went to the leader.
    expect(
      good.history.filter((o) => o.f === 'read' && o.invokeMs >= 215).every((o) => o.value === 'v2'),
    ).toBe(true);
  });

  it('monotonic reads: bob sees a comment appear and disappear; with a sticky replica he never goes back', () => {
    const bad = report('monotonic-reads-violation');
    expect(anomalies(bad)).toEqual({ ...NONE, staleReads: 5, nonMonotonicReads: 5 });
    const regressions = bad.history.filter((o) => o.anomalies?.includes('monotonic-reads'));
    expect(regressions.every((o) => o.client === 'bob' && o.node === 'db3')).toBe(true);
    const good = report('monotonic-reads-fixed');
    expect(anomalies(good)).toEqual(NONE);
    expect(new Set(good.history.filter((o) => o.client === 'bob').map((o) => o.node)).size).toBe(1);
  });

  it('async failover loses the three acknowledged orders; semi-sync with majority election loses none', () => {
    const bad = report('async-failover-lost-writes');
    expect(anomalies(bad)).toEqual({ ...NONE, lostWrites: 3 });
    expect(bad.lostWrites.map((l) => [l.key, l.ackedBy, l.term, l.lostOn])).toEqual([
      ['order_1', 'db1', 1, 'db1'],
      ['order_2', 'db1', 1, 'db1'],
      ['order_3', 'db1', 1, 'db1'],
    ]);
    // Lost when db3 took office without them (366.8 ms), not when db1 rejoined and discarded them (969.6 ms), and
    // counted once.
    expect(bad.lostWrites.map((l) => l.lostAtMs)).toEqual([366.828, 366.828, 366.828]);
    expect(bad.lostWrites[0]?.reason).toBe(
      'orphaned: db3 took office as leader of term 2 without it, while only db1 held it: lost unless db1 leads again and keeps it',
    );
    const good = report('semisync-failover-no-loss');
    expect(anomalies(good)).toEqual(NONE);
    // The orders in flight at the crash were never acknowledged: the clients were told nothing definite.
    expect(
      good.history.filter((o) => o.key.startsWith('order_') && o.invokeMs < 150).map((o) => o.status),
    ).toEqual(['info', 'info', 'info']);
    expect(good.history.find((o) => o.key === 'order_4')?.status).toBe('ok');
  });

  it('split brain destroys what the old leader acknowledged during the partition; majority election prevents it', () => {
    const bad = report('split-brain');
    expect(anomalies(bad)).toEqual({ ...NONE, lostWrites: 5 });
    expect(bad.lostWrites.map((l) => l.value)).toEqual([
      'alice-1',
      'alice-2',
      'alice-3',
      'alice-4',
      'alice-5',
    ]);
    // Meanwhile the other side's leader acknowledged bob's writes: two leaders accepted writes.
    expect(
      bad.history.filter((o) => o.client === 'bob' && o.status === 'ok').every((o) => o.term === 2),
    ).toBe(true);
    const good = report('split-brain-fixed');
    expect(anomalies(good)).toEqual(NONE);
    expect(
      good.history.filter((o) => o.client === 'alice' && o.invokeMs >= 600).map((o) => o.status),
    ).toEqual(['info', 'info', 'info', 'info', 'info']);
  });

  it('key reuse: the promoted follower hands out ids 4 and 5 again; semi-sync with majority election does not', () => {
    const bad = report('key-reuse-after-failover');
    // db1 never comes back: the ids it acknowledged (4 and 5) are lost as well as handed out again, lost since db2
    // or db3 took office without them (as in the GitHub incident, DDIA 5).
    expect(anomalies(bad)).toEqual({ ...NONE, duplicateIds: 2, lostWrites: 2 });
    expect(bad.lostWrites.map((l) => [l.value, l.lostOn])).toEqual([
      ['4', 'db1'],
      ['5', 'db1'],
    ]);
    expect(bad.history.filter((o) => o.anomalies?.includes('duplicate-id')).map((o) => o.value)).toEqual([
      '4',
      '5',
    ]);
    expect(anomalies(report('key-reuse-fixed'))).toEqual(NONE);
  });

  it('the bank ledger presets: async shows the stale read of the brief, sync and semi-sync none', () => {
    expect(report('bank-ledger-async').anomalyCounts['stale-read']).toBe(2);
    expect(anomalies(report('bank-ledger-sync'))).toEqual(NONE);
    expect(anomalies(report('bank-ledger-semisync'))).toEqual(NONE);
  });
});
