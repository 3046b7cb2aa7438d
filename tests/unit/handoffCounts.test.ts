/**
 * Hinted handoff's work, counted (src/sim/models/leaderless: `LlCluster.handoff`, shown in the view, the page's
 * leaderless counters and the CLI's report): hints a sloppy quorum's fallback nodes take, hints their home replica
 * takes back, hints lost with a crashed node's disk; at every moment taken = handed off + lost + held.
 */
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/sim/analysis/report.ts';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { getPreset } from '../../src/sim/scenarios/presets/index.ts';
import type { Scenario } from '../../src/sim/scenarios/schema.ts';

const sloppy = getPreset('sloppy-quorum-stale')?.scenario as Scenario;

/** The counts and the hints nodes hold, at each of `timesMs`. */
function counts(scenario: Scenario, timesMs: readonly number[]) {
  const sim = new Simulation(scenario);
  return timesMs.map((ms) => {
    sim.runUntil(ms * 1000);
    const view = sim.model.view();
    if (view.model !== 'leaderless') throw new Error('not a leaderless run');
    const held = sim.nodeViews().reduce((sum, n) => sum + (n.model === 'leaderless' ? n.hintsHeld : 0), 0);
    return { ...view.handoff, held };
  });
}

describe('hinted handoff’s counts', () => {
  it('follow the sloppy write: taken by two fallbacks in the partition, handed off after the heal', () => {
    // Before the write, during the partition (after it), after the heal and the handoff.
    expect(counts(sloppy, [350, 800, 1500])).toEqual([
      { taken: 0, handedOff: 0, lost: 0, held: 0 },
      { taken: 2, handedOff: 0, lost: 0, held: 2 },
      { taken: 2, handedOff: 2, lost: 0, held: 0 },
    ]);
    const report = buildReport(runTo(sloppy, 1500));
    expect(report.handoff).toEqual({ taken: 2, handedOff: 2, lost: 0 });
  });

  it('stay held without handoff, and count what a crash loses with its disk', () => {
    const off = { ...sloppy, leaderless: { ...sloppy.leaderless, hintedHandoff: false } } as Scenario;
    expect(counts(off, [1500])).toEqual([{ taken: 2, handedOff: 0, lost: 0, held: 2 }]);
    // kv1 (alice's coordinator) and kv5 hold the write's hints: kv5's crash with its disk loses one of them.
    const crash = {
      ...off,
      timeline: [
        ...off.timeline,
        { atUs: 1_000_000, action: { type: 'crash', node: 'kv5', durable: false } },
      ],
    } as Scenario;
    expect(counts(crash, [1500])).toEqual([{ taken: 2, handedOff: 0, lost: 1, held: 1 }]);
  });

  it('are in no other model’s report', () => {
    const lf = getPreset('bank-ledger-async')?.scenario as Scenario;
    expect(buildReport(runTo(lf, 200)).handoff).toBeUndefined();
  });
});

function runTo(scenario: Scenario, ms: number): Simulation {
  const sim = new Simulation(scenario);
  sim.runUntil(ms * 1000);
  return sim;
}
