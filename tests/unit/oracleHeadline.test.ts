/** The anomalies' headline counts operations, not labels (issue 11.3): exact figures from real preset runs. */
import { describe, expect, it } from 'vitest';
import { headline } from '../../src/app/oracle/AnomaliesPanel.tsx';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { Oracle } from '../../src/sim/oracle/oracle.ts';
import { getPreset } from '../../src/sim/scenarios/presets/index.ts';
import { oracleHeadline } from '../../src/worker/oracleCounts.ts';

function anomaliesOf(id: string) {
  const p = getPreset(id);
  if (!p) throw new Error(`no preset ${id}`);
  const sim = new Simulation(p.scenario);
  const oracle = new Oracle(sim);
  sim.runUntil(p.scenario.durationMs * 1000);
  return oracle.update().anomalies;
}

describe('the anomalies headline', () => {
  it('bank-ledger-async: two stale reads that also break read-your-writes are two anomalous reads, not four', () => {
    const anomalies = anomaliesOf('bank-ledger-async');
    expect(anomalies.map((a) => `${a.kind}:${a.ops[0]}`)).toEqual([
      'stale-read:2',
      'read-your-writes:2',
      'not-linearizable:1',
      'stale-read:4',
      'read-your-writes:4',
    ]);
    const h = oracleHeadline(anomalies);
    expect(h).toEqual({ anomalousOps: 2, otherAnomalies: 1 });
    expect(headline(h.anomalousOps, h.otherAnomalies, anomalies.length)).toBe(
      '2 anomalous operations and 1 anomaly about several operations or a key (5 labels: one operation can break several rules)',
    );
  });

  it('counts a read with three labels once', () => {
    const h = oracleHeadline(anomaliesOf('consistent-prefix-violation'));
    expect(h).toEqual({ anomalousOps: 1, otherAnomalies: 1 });
  });

  it('says nothing about labels when each operation has one', () => {
    expect(headline(3, 0, 3)).toBe('3 anomalous operations');
    expect(headline(1, 0, 1)).toBe('1 anomalous operation');
  });
});
