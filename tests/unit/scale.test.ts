/**
 * The presets at scale (src/sim/scenarios/presets/scale.ts) run through the CLI as a user would run them, and
 * keep their models' promises: no acknowledged write is lost (durable disks, majority failover, quorums), the
 * multi-leader regions never conflict and converge, and every figure is exact, run after run. The leaderless
 * view of a 1,000-node ring stays small.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import type { Report } from '../../src/sim/analysis/report.ts';
import { cloneState } from '../../src/sim/engine/clone.ts';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { Oracle } from '../../src/sim/oracle/oracle.ts';
import { getPreset } from '../../src/sim/scenarios/presets/index.ts';
import { expectedWork, WORK_LIMIT } from '../../src/sim/scenarios/work.ts';

function report(id: string): Report {
  const r = runCli(['--preset', id, '--compact']);
  if (r.code !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as Report;
}

/** The anomaly kinds a run flagged, with their counts (kinds with none left out). */
const flagged = (r: Report) => Object.fromEntries(Object.entries(r.anomalyCounts).filter(([, n]) => n > 0));

// Each run takes about a second alone; on a loaded two-core machine several times that.
const SLOW_MS = 60_000;

describe('presets at scale', () => {
  it(
    'a 100-node ring with N = 3 loses no acknowledged write through a crash, and flags only its siblings (conflicts)',
    () => {
      const r = report('scale-leaderless-100');
      expect(r.nodes).toHaveLength(100);
      expect(r.traceHash).toBe('ad69e800bb303e5d');
      // Concurrent writes to a key kept as siblings: conflicts, as multi-leader's are (each set counted once).
      expect(flagged(r)).toEqual({ conflict: 201 });
      expect(r.lostWrites).toEqual([]);
      expect([r.counts.writesOk, r.counts.readsOk, r.counts.opsFailed]).toEqual([441, 460, 2]);
    },
    SLOW_MS,
  );

  it(
    'a leader with 100 followers crashes; a majority elects f93, and no acknowledged write is lost',
    () => {
      const r = report('scale-leader-follower-100');
      expect(r.nodes).toHaveLength(101);
      expect(r.traceHash).toBe('859e083614c135d6');
      expect(r.nodes.filter((n) => n.role === 'leader').map((n) => n.id)).toEqual(['f93']);
      expect(flagged(r)).toEqual({});
      expect(r.lostWrites).toEqual([]);
      // Writes during the election fail fast (no leader to take them); none is acknowledged and then lost.
      expect([r.counts.writesOk, r.counts.opsFailed]).toEqual([98, 29]);
    },
    SLOW_MS,
  );

  it(
    'four regions of 25 nodes with key ranges never conflict and converge after the cut link is restored',
    () => {
      const r = report('scale-multi-leader-regions');
      expect(r.nodes).toHaveLength(100);
      expect(r.traceHash).toBe('f057a4a5836e626a');
      expect(r.anomalyCounts.conflict).toBe(0);
      expect(r.anomalyCounts.divergence).toBe(0);
      expect(r.anomalyCounts['lost-write']).toBe(0);
      // Reads of another region's keys at the local leader can miss what synchronisation has not brought yet.
      expect(flagged(r)).toEqual({ 'stale-read': 9, 'non-linearizable-read': 2, 'not-linearizable': 1 });
    },
    SLOW_MS,
  );

  it(
    'a 1,000-node ring with N = 3 loses no acknowledged write (its siblings are conflicts), and its view ships a sample of the ring',
    () => {
      const r = report('scale-leaderless-1000');
      expect(r.nodes).toHaveLength(1000);
      expect(r.traceHash).toBe('47a8805b40e8fd4e');
      expect(flagged(r)).toEqual({ conflict: 81 });
      expect([r.counts.writesOk, r.counts.readsOk]).toEqual([199, 213]);
      const scenario = getPreset('scale-leaderless-1000')?.scenario;
      if (!scenario) throw new Error('no 1,000-node preset');
      const sim = new Simulation(scenario);
      sim.runUntil(500_000);
      const view = sim.snapshot().view;
      if (view.model !== 'leaderless') throw new Error('not a leaderless view');
      // Every 32nd of the 8,000 tokens: at most 256 of them.
      expect([view.ring.length, view.ringTokens]).toEqual([250, 8000]);
      expect(Math.max(...view.placement.map((p) => p.order.length))).toBe(32);
      expect(view.placement.every((p) => p.home.length === 3)).toBe(true);
    },
    SLOW_MS,
  );

  it(
    'a 100-node ring copied in the middle of its run continues exactly as the original',
    () => {
      const scenario = getPreset('scale-leaderless-100')?.scenario;
      if (!scenario) throw new Error('no 100-node preset');
      const original = new Simulation(scenario);
      const oracle = new Oracle(original);
      original.runUntil(1_500_000);
      oracle.update();
      const copy = cloneState({ sim: original, oracle });
      original.runUntil(3_000_000);
      copy.sim.runUntil(3_000_000);
      expect(copy.sim.traceHash()).toBe(original.traceHash());
      expect(copy.sim.traceHash()).toBe('ad69e800bb303e5d');
      expect(copy.oracle.update().anomalies).toEqual(oracle.update().anomalies);
    },
    SLOW_MS,
  );

  it('each fits the work limit with room to spare', () => {
    for (const id of [
      'scale-leaderless-100',
      'scale-leader-follower-100',
      'scale-multi-leader-regions',
      'scale-leaderless-1000',
    ]) {
      const scenario = getPreset(id)?.scenario;
      expect(scenario, id).toBeDefined();
      if (scenario) expect(expectedWork(scenario).total, id).toBeLessThan(WORK_LIMIT / 10);
    }
  });
});
