/**
 * Runs of any length at constant cost (issue 12.1): a run that keeps only a window of its history
 * (src/sim/workload/recent.ts) retains a bounded number of operations in the window, in the linearizability
 * check and in the oracle's examples, however long it runs, and still judges and counts every operation exactly as
 * a run that keeps its whole history does. Asserted on counts of retained entries, never on time or bytes.
 */
import { describe, expect, it } from 'vitest';
import { benchScenario } from '../../bench/scenarios.ts';
import { MetricsCollector } from '../../src/sim/analysis/metrics.ts';
import { buildReport } from '../../src/sim/analysis/report.ts';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { EdnStream, historyToEdn } from '../../src/sim/oracle/edn.ts';
import { checkRun, Oracle } from '../../src/sim/oracle/oracle.ts';
import type { ModelName, Scenario } from '../../src/sim/scenarios/schema.ts';

/**
 * The bench's load (5 nodes, 4 clients, 5 keys) at 1,000 operations/s: writes only under leader-follower (its
 * reads from any follower keep every key busy past what the live budget settles: see registers.ts), half reads
 * under leaderless.
 */
function load(model: ModelName): Scenario {
  const s = benchScenario(model, 60_000);
  return { ...s, workload: { ...s.workload, readFraction: model === 'leaderless' ? 0.5 : 0 } };
}

/** A small window, so a short test run slides it many times: 2 simulated s, at most 1,000 operations. */
const SMALL = { spanUs: 2_000_000, maxOps: 1_000 };
const RUN_US = 24_000_000;

/** Runs as the worker does: the oracle and the metrics every 500 simulated ms; the most each retained on the way. */
function runWindowed(scenario: Scenario) {
  const sim = new Simulation(scenario, { historyWindow: SMALL });
  const oracle = new Oracle(sim);
  const metrics = new MetricsCollector(sim, oracle);
  const most = { window: 0, registerOps: 0, examples: 0 };
  for (let t = 500_000; t <= RUN_US; t += 500_000) {
    sim.runUntil(t);
    oracle.update({ maxSteps: 50_000 });
    metrics.update();
    most.window = Math.max(most.window, sim.clients.history.length);
    most.registerOps = Math.max(most.registerOps, oracle.retained().registerOps);
    most.examples = Math.max(most.examples, oracle.retained().examples);
  }
  return { sim, oracle, metrics, most };
}

describe('a run that keeps a window of its history', () => {
  it.each(['leader-follower', 'leaderless'] as const)(
    '%s: retains a bounded number of operations, and judges every one as the whole history does',
    (model) => {
      const { sim, oracle, metrics, most } = runWindowed(load(model));
      const full = new Simulation(load(model));
      full.runUntil(RUN_US);
      const total = full.clients.history.length;
      // The same run (the window changes nothing the clients do)...
      expect(sim.traceHash()).toBe(full.traceHash());
      expect(sim.clients.trimmed + sim.clients.history.length).toBe(total);
      // ... of which the window kept a bounded part: the limit, and at most two chunks of 2,048 on the way.
      expect(total).toBeGreaterThan(20_000);
      expect(most.window).toBeLessThanOrEqual(SMALL.maxOps + 2 * 2_048);
      expect(sim.clients.recent.earlier.ops).toBe(sim.clients.trimmed);
      // What the linearizability check keeps stays bounded too (each key compacts at its clean cuts).
      expect(most.registerOps).toBeLessThan(total / 2);
      expect(most.examples).toBeLessThanOrEqual(2_000);
      // Judged exactly as one pass over the whole history judges it.
      const whole = checkRun(full);
      const live = oracle.update();
      expect(live.counts).toEqual(whole.counts);
      expect(live.linearizability.result).toBe(whole.linearizability.result);
      expect(metrics.summary().writes.ok).toBe(full.clients.counts.writesOk);
      expect(metrics.summary().reads.ok).toBe(full.clients.counts.readsOk);
    },
  );

  it('the report says what it left out, and counts as the whole run does', () => {
    const { sim, oracle } = runWindowed(load('leaderless'));
    const report = buildReport(sim, oracle);
    const full = new Simulation(load('leaderless'));
    full.runUntil(RUN_US);
    const fullReport = buildReport(full);
    expect(report.anomalyCounts).toEqual(fullReport.anomalyCounts);
    expect(report.counts).toEqual(fullReport.counts);
    expect(report.history.length).toBe(sim.clients.history.length);
    expect(report.historyEarlier?.ops).toBe(sim.clients.trimmed);
    expect(report.history[0]?.id).toBe(sim.clients.trimmed + 1);
    expect(fullReport.historyEarlier).toBeUndefined();
  });

  it('an EDN stream written as the run goes is exactly the whole history’s EDN', () => {
    const scenario = {
      ...load('leader-follower'),
      workload: { ...load('leader-follower').workload, ratePerSec: 300 },
    };
    const sim = new Simulation(scenario, { historyWindow: SMALL });
    const chunks: string[] = [];
    const stream = new EdnStream(sim.clients, (text) => chunks.push(text));
    for (let t = 250_000; t <= 30_000_000; t += 250_000) {
      sim.runUntil(t);
      stream.flush(sim.nowUs);
    }
    stream.finish();
    const full = new Simulation(scenario);
    full.runUntil(30_000_000);
    expect(sim.clients.trimmed).toBeGreaterThan(0);
    expect(chunks.length).toBeGreaterThan(10);
    expect(chunks.join('')).toBe(historyToEdn(full.clients.history));
  });
});
