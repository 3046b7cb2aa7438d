/**
 * A story never stops at an anomaly the page does not count yet: for every preset, at each anomaly moment its
 * story finds, a run opened at that instant (as a seek replays it) counts at least one anomaly of that kind,
 * which is what the strip under the graph shows beside the caption.
 */
import { describe, expect, it } from 'vitest';
import { findMoments } from '../../src/sim/analysis/moments.ts';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { Oracle } from '../../src/sim/oracle/oracle.ts';
import { PRESETS } from '../../src/sim/scenarios/presets/index.ts';

const TELLING = PRESETS.filter((p) => p.shows.length > 0 && p.scenario.nodes.length <= 30);

describe('anomaly moments are counted at their instant', () => {
  for (const preset of TELLING)
    it(preset.id, () => {
      const untilUs = (preset.scenario.durationMs ?? 2000) * 1000;
      const moments = findMoments(preset.scenario, preset.shows, untilUs).filter((m) => m.kind === 'anomaly');
      expect(moments.map((m) => m.anomalyKind).sort()).toEqual([...preset.shows].sort());
      for (const m of moments) {
        const sim = new Simulation(preset.scenario);
        sim.runUntil(m.atUs);
        const oracle = new Oracle(sim);
        oracle.update({ maxSteps: 50_000 });
        expect({
          at: m.atUs,
          kind: m.anomalyKind,
          counted: oracle.counts()[m.anomalyKind ?? 'stale-read'] > 0,
        }).toEqual({
          at: m.atUs,
          kind: m.anomalyKind,
          counted: true,
        });
      }
    });
});
