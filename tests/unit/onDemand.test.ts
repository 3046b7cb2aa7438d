/**
 * The simulation worker's on-demand modules (src/worker/onDemand/), which its bundle uses in place of the
 * engine's imports of the models and the schema: they refuse until their code is loaded, then behave as the
 * modules they stand in for.
 */
import { describe, expect, it } from 'vitest';
import { getPreset } from '../../src/sim/scenarios/presets/index.ts';
import { actionSchema, parseScenario } from '../../src/sim/scenarios/schema.ts';
import { createModel, isModelLoaded, loadModel } from '../../src/worker/onDemand/models.ts';
import * as onDemandSchema from '../../src/worker/onDemand/schema.ts';

const scenario = getPreset('lww-drops-writes')?.scenario;
if (!scenario) throw new Error('lww-drops-writes is missing');

describe('models on demand', () => {
  it('refuses to make a model until its code is loaded, and loads each model alone', async () => {
    const ctx = {} as Parameters<typeof createModel>[1];
    // The default preset's model is part of the worker's own chunk: here from the start.
    expect(isModelLoaded('leader-follower')).toBe(true);
    expect(isModelLoaded('multi-leader')).toBe(false);
    expect(() => createModel(scenario, ctx)).toThrow(
      "the multi-leader model's code is not loaded (loadModel first)",
    );
    await loadModel('multi-leader');
    expect(isModelLoaded('multi-leader')).toBe(true);
    expect(isModelLoaded('leaderless')).toBe(false);
  });
});

describe('one chunk for code that would otherwise be fetched after another chunk', () => {
  it('the two other models are one module, exporting the classes the engine uses', async () => {
    const other = await import('../../src/worker/onDemand/otherModels.ts');
    expect(other.MultiLeader).toBe((await import('../../src/sim/models/multi-leader/model.ts')).MultiLeader);
    expect(other.Leaderless).toBe((await import('../../src/sim/models/leaderless/model.ts')).Leaderless);
    await loadModel('leaderless');
    expect(isModelLoaded('leaderless')).toBe(true);
  });

  it("the two readers of untrusted text are one module, exporting the codec's own readers", async () => {
    const readers = await import('../../src/worker/onDemand/readers.ts');
    expect(readers.decodeShareHash).toBe((await import('../../src/codec/url.ts')).decodeShareHash);
    expect(readers.scenarioFromJson).toBe((await import('../../src/codec/file.ts')).scenarioFromJson);
  });
});

describe('the schema on demand', () => {
  it('refuses until loaded, then answers as the schema does', async () => {
    expect(onDemandSchema.isSchemaLoaded()).toBe(false);
    expect(() => onDemandSchema.parseScenario(scenario)).toThrow('the scenario schema is not loaded');
    await onDemandSchema.loadSchema();
    expect(onDemandSchema.isSchemaLoaded()).toBe(true);
    const bad = { ...scenario, seed: -1 };
    expect(onDemandSchema.parseScenario(bad)).toEqual(parseScenario(bad));
    expect(onDemandSchema.parseScenario(scenario)).toEqual({ ok: true, scenario });
    const action = { type: 'crash', node: 'x', extra: 1 };
    expect(onDemandSchema.actionSchema.safeParse(action).error?.issues).toEqual(
      actionSchema.safeParse(action).error?.issues,
    );
  });
});
