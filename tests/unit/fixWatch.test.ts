/**
 * A fix's intro is true about its own run: a fixed preset whose run still shows anomalies (of kinds other than
 * those its twin exists to show, which it prevents) says so in its `watch` words, so "Watch for: no X" does not
 * leave a reader surprised by the counts under the graph; one whose run shows nothing has no such words.
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { checkRun } from '../../src/sim/oracle/oracle.ts';
import { PRESETS } from '../../src/sim/scenarios/presets/index.ts';

describe('a fixed preset’s intro', () => {
  for (const preset of PRESETS.filter((p) => p.fixes))
    it(`${preset.id} names what its run still shows, and only then`, () => {
      const sim = new Simulation(preset.scenario);
      sim.runUntil(preset.scenario.durationMs * 1000);
      const counts = checkRun(sim).counts ?? {};
      const still = Object.entries(counts)
        .filter(([, n]) => typeof n === 'number' && n > 0)
        .map(([kind]) => kind);
      if (still.length === 0) expect(preset.watch).toBeUndefined();
      else expect(preset.watch, `${preset.id} still shows ${still.join(', ')}`).toBeTruthy();
    });
});
