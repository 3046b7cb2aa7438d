/**
 * The worker reads a leaderless run's quorums every frame while the story watches for a sloppy quorum's write:
 * the model gives them alone (model.quorums()), the same as its whole view's, without placing every key.
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { getPreset } from '../../src/sim/scenarios/presets/index.ts';
import { createSimCore } from '../../src/worker/core.ts';

const scenarioOf = (id: string) => {
  const scenario = getPreset(id)?.scenario;
  if (!scenario) throw new Error(`no preset ${id}`);
  return scenario;
};

describe("a leaderless model's quorums without its whole view", () => {
  it('are the view’s quorums at every moment of a sloppy-quorum run, finished and in progress', () => {
    const sim = new Simulation(scenarioOf('sloppy-quorum-stale'));
    let seen = 0;
    let live = 0;
    for (let t = 50_000; t <= 3_000_000; t += 50_000) {
      sim.runUntil(t);
      const view = sim.model.view();
      if (view.model !== 'leaderless') throw new Error('not leaderless');
      expect(sim.model.quorums?.()).toEqual(view.quorums);
      seen += view.quorums.length;
      live += view.quorums.filter((q) => q.doneUs === null).length;
    }
    // The comparison covered real quorums, some of them still gathering replies.
    expect(seen).toBeGreaterThan(0);
    expect(live).toBeGreaterThan(0);
  });

  it('the worker core reads them so, and none in models without quorums', () => {
    const core = createSimCore(scenarioOf('sloppy-quorum-stale'));
    core.runUntil(2_000_000, Number.POSITIVE_INFINITY);
    const quorums = core.quorums?.() ?? [];
    expect(quorums.length).toBeGreaterThan(0);
    expect(quorums.some((q) => q.fallbacks.length > 0)).toBe(true);
    const lf = createSimCore(scenarioOf('split-brain'));
    lf.runUntil(1_000_000, Number.POSITIVE_INFINITY);
    expect(lf.quorums?.()).toEqual([]);
  });
});
