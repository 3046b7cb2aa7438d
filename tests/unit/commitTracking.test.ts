/**
 * A leader-follower leader keeps its commit rules' k-th largest match index between acknowledgements instead of
 * a full pass on each (models/leader-follower/commit.ts). That is an optimisation only: with the tracking off
 * (every question a full pass) every run is the same run, event for event, over the swarm's random scenarios
 * (elections, crashes with and without disks, partitions, loss, duplication, membership changes, sync and
 * semi-sync) and over every leader-follower preset, the 100-follower one included.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { COMMIT_TRACKING } from '../../src/sim/models/leader-follower/commit.ts';
import { PRESETS } from '../../src/sim/scenarios/presets/index.ts';
import type { Scenario } from '../../src/sim/scenarios/schema.ts';
import { swarmCaseArb } from '../support/swarm.ts';

/** The run with the tracking on and off; `checkInvariants` except for the hazard presets, which break them. */
function runBothWays(scenario: Scenario, untilUs: number, checkInvariants: boolean) {
  const run = (incremental: boolean) => {
    COMMIT_TRACKING.incremental = incremental;
    const sim = new Simulation(scenario, { checkInvariants });
    sim.runUntil(untilUs);
    return {
      hash: sim.traceHash(),
      counts: sim.counts(),
      history: sim.snapshot().history,
      nodes: sim.nodeViews(),
    };
  };
  return { tracked: run(true), full: run(false) };
}

afterEach(() => {
  COMMIT_TRACKING.incremental = true;
});

describe('the commit rules kept between acknowledgements', () => {
  it('give the same runs as a full pass per acknowledgement, over random leader-follower scenarios', () => {
    let runs = 0;
    fc.assert(
      fc.property(
        swarmCaseArb.filter((c) => c.scenario.model === 'leader-follower'),
        (c) => {
          runs++;
          const { tracked, full } = runBothWays(c.scenario, c.scenario.durationMs * 1000, true);
          expect(tracked).toEqual(full);
        },
      ),
      { numRuns: 25, seed: 21 },
    );
    expect(runs).toBe(25);
  });

  it('give the same runs over every leader-follower preset', () => {
    const presets = PRESETS.filter((p) => p.scenario.model === 'leader-follower');
    expect(presets.length).toBeGreaterThan(10);
    for (const p of presets) {
      // The 100-follower preset over its first 2.5 s: its crash at 1 s, the election and the old leader's return.
      const untilUs = Math.min(p.scenario.durationMs, 2500) * 1000;
      const { tracked, full } = runBothWays(p.scenario, untilUs, false);
      expect(tracked.hash, p.id).toBe(full.hash);
      expect(tracked.counts, p.id).toEqual(full.counts);
      expect(tracked.nodes, p.id).toEqual(full.nodes);
    }
  });
});
