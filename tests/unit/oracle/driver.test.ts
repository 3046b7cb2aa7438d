/**
 * The oracle's driver (src/sim/oracle/oracle.ts): its verdicts per operation and its counts are one judgement
 * with the anomalies it lists, and the cheap per-operation pass (`advance`) agrees with a full update.
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../../src/sim/engine/simulation.ts';
import { checkRun, countByKind, kindsByOperation, Oracle } from '../../../src/sim/oracle/oracle.ts';
import { getPreset } from '../../../src/sim/scenarios/presets/index.ts';
import { op, source } from '../../support/history.ts';

describe('the oracle driver', () => {
  it('one read, two labels: a stale read that is also the client’s own write missed', () => {
    const history = [
      op(1, 'teller', 'write', 'acct', '1000', 0, 10, { version: 1 }),
      op(2, 'teller', 'read', 'acct', null, 20, 25, { node: 'f1' }),
    ];
    const oracle = new Oracle(source(history, 'leader-follower'));
    oracle.advance();
    expect(oracle.kindsOf(2)).toEqual(['stale-read', 'read-your-writes']);
    expect(oracle.kindsOf(1)).toEqual([]);
    expect(oracle.counts()).toMatchObject({ 'stale-read': 1, 'read-your-writes': 1, 'not-linearizable': 0 });
    // After a full update the verdict on linearizability counts too.
    oracle.update();
    expect(oracle.counts()['not-linearizable']).toBe(1);
  });

  it.each(['monotonic-reads-violation', 'split-brain', 'key-reuse-after-failover', 'failed-write-visible'])(
    '%s: counts and per-operation verdicts are the listed anomalies, counted',
    (id) => {
      const preset = getPreset(id);
      if (!preset) throw new Error(`no preset ${id}`);
      const sim = new Simulation(preset.scenario);
      sim.runUntil(preset.scenario.durationMs * 1000);
      const oracle = new Oracle(sim);
      const { anomalies } = oracle.update();
      expect(oracle.counts()).toEqual(countByKind(anomalies));
      expect(anomalies).toEqual(checkRun(sim).anomalies);
      const about = kindsByOperation(anomalies);
      for (const o of sim.clients.history) {
        const perOp = (about.get(o.id) ?? []).filter((k) => k !== 'lost-write');
        expect(oracle.kindsOf(o.id)).toEqual(perOp);
      }
    },
  );

  it('counts each operation once per kind: the per-operation checkers say at most one thing of a kind', () => {
    for (const id of [
      'read-your-writes-violation',
      'monotonic-reads-violation',
      'partial-quorum-staleness',
    ]) {
      const preset = getPreset(id);
      if (!preset) throw new Error(`no preset ${id}`);
      const sim = new Simulation(preset.scenario);
      sim.runUntil(preset.scenario.durationMs * 1000);
      const oracle = new Oracle(sim);
      oracle.advance();
      const perOp = sim.clients.history.flatMap((o) => oracle.kindsOf(o.id));
      expect(perOp.length, id).toBeGreaterThan(0);
      for (const o of sim.clients.history)
        expect(new Set(oracle.kindsOf(o.id)).size, `${id} op ${o.id}`).toBe(oracle.kindsOf(o.id).length);
      const counts = oracle.counts();
      for (const kind of new Set(perOp))
        expect(counts[kind], `${id} ${kind}`).toBe(perOp.filter((k) => k === kind).length);
    }
  });
});
