/**
 * Time travel in the engine: a run resumed from a checkpoint adopts its recorded future (the user's later
 * actions) and goes on exactly as a fresh run of the recorded scenario; a fork drops the later actions and
 * records a new one, and its recorded scenario replays to the same state.
 */
import { describe, expect, it } from 'vitest';
import { cloneState } from '../../src/sim/engine/clone.ts';
import { InvalidActionError, Simulation } from '../../src/sim/engine/simulation.ts';
import { PRESETS } from '../../src/sim/scenarios/presets/index.ts';
import type { Action, Scenario } from '../../src/sim/scenarios/schema.ts';

/** User actions every model accepts, at fractions of the scenario's duration. */
function liveActions(scenario: Scenario): { at: number; action: Action }[] {
  const client = scenario.clients[0]?.id ?? 'c1';
  const node = scenario.nodes.at(-1) ?? 'n1';
  const key = scenario.workload.keys[0] ?? 'k';
  return [
    { at: 0.1, action: { type: 'write', client, key, value: 'first' } },
    { at: 0.25, action: { type: 'crash', node } },
    { at: 0.25, action: { type: 'write', client, key, value: 'same instant' } },
    { at: 0.5, action: { type: 'restart', node } },
    { at: 0.7, action: { type: 'read', client, key } },
  ];
}

/** The run as the page's host would drive it: live actions applied at their times, a checkpoint at `cut`. */
function liveRun(scenario: Scenario, cut: number) {
  const end = scenario.durationMs * 1000;
  const sim = new Simulation(scenario);
  let checkpoint: Simulation | null = null;
  for (const { at, action } of liveActions(scenario)) {
    if (checkpoint === null && at > cut) {
      sim.runUntil(Math.round(end * cut));
      checkpoint = cloneState(sim);
    }
    sim.runUntil(Math.round(end * at));
    sim.apply(action);
  }
  if (checkpoint === null) {
    sim.runUntil(Math.round(end * cut));
    checkpoint = cloneState(sim);
  }
  return { sim, checkpoint, end };
}

function state(sim: Simulation) {
  return {
    now: sim.nowUs,
    hash: sim.traceHash(),
    nodes: sim.nodeViews(),
    history: sim.clients.history,
    counts: sim.counts(),
    scenario: sim.currentScenario(),
  };
}

/**
 * The presets up to 25 nodes. The presets at scale (100 and 1,000 nodes) take seconds a run each, several times
 * over on a loaded machine, and what this file checks is the engine's, the same at any size: they have their own
 * tests in scale.test.ts, which also resume one of them from a copy.
 */
const STORY_PRESETS = PRESETS.filter((p) => p.scenario.nodes.length <= 25);

describe('Simulation.adoptRecorded', () => {
  it('a checkpoint that adopts the recorded future ends exactly as a fresh run of the recorded scenario, for every preset', () => {
    for (const preset of STORY_PRESETS) {
      for (const cut of [0.05, 0.3, 0.6]) {
        const { sim, checkpoint, end } = liveRun(preset.scenario, cut);
        sim.runUntil(end);
        const resumed = cloneState(checkpoint);
        resumed.adoptRecorded(sim.recordedActions());
        resumed.runUntil(end);
        const fresh = new Simulation(sim.currentScenario());
        fresh.runUntil(end);
        expect(state(resumed), `${preset.id} from ${cut}`).toEqual(state(fresh));
        expect(state(sim), `${preset.id} live`).toEqual(state(fresh));
      }
    }
  });

  it('a fork drops the later actions, records the new one at the cursor, and its scenario replays to the same state', () => {
    for (const preset of STORY_PRESETS) {
      const { sim, checkpoint, end } = liveRun(preset.scenario, 0.2);
      sim.runUntil(end);
      const cursor = Math.round(end * 0.4);
      const branch = sim.recordedActions().filter((e) => e.atUs <= cursor);
      const forked = cloneState(checkpoint);
      // Resumed with the whole recorded future queued, as a seek leaves it; the fork then drops the rest.
      forked.adoptRecorded(sim.recordedActions());
      forked.runUntil(cursor);
      forked.adoptRecorded(branch);
      const node = preset.scenario.nodes[0] ?? 'n1';
      forked.apply({ type: 'crash', node });
      expect(forked.recordedActions().map((e) => e.action.type)).toEqual([
        ...branch.map((e) => e.action.type),
        'crash',
      ]);
      forked.runUntil(end);
      const fresh = new Simulation(forked.currentScenario());
      fresh.runUntil(end);
      expect(state(forked), preset.id).toEqual(state(fresh));
      // The scenario's own timeline stays whole in the branch.
      for (const entry of preset.scenario.timeline)
        expect(forked.currentScenario().timeline).toContainEqual(entry);
    }
  });

  it('refuses a branch that does not extend what already ran, or that would queue an action in the past', () => {
    const scenario = PRESETS[0]?.scenario as Scenario;
    const sim = new Simulation(scenario);
    sim.runUntil(10_000);
    sim.apply({ type: 'crash', node: scenario.nodes[0] as string });
    sim.runUntil(20_000);
    expect(() => sim.adoptRecorded([])).toThrow(InvalidActionError);
    expect(() =>
      sim.adoptRecorded([...sim.recordedActions(), { atUs: 15_000, action: { type: 'heal' } }]),
    ).toThrow(/before now/);
    // Nothing changed by the refusals.
    expect(sim.recordedActions()).toHaveLength(1);
  });
});
