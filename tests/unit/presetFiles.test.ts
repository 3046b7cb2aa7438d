/**
 * The simulation worker loads a preset from its own file (src/worker/onDemand/presets.ts): the table it reads
 * (presetFiles.json) is what scripts/preset-catalog.ts writes today, and each preset resolved from its file alone
 * is exactly the preset of the whole registry. When the first test fails, run `npx tsx scripts/preset-catalog.ts`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/sim/scenarios/presets/index.ts';
import {
  PRESET_PLACES,
  placeNamed,
  placeOf,
  presetPlacesOf,
  presetScenario,
} from '../../src/worker/onDemand/presets.ts';

describe("the worker's presets, one file at a time", () => {
  it('reads the table scripts/preset-catalog.ts writes from the preset files today', async () => {
    const file = JSON.parse(readFileSync('src/worker/onDemand/presetFiles.json', 'utf8'));
    expect(file).toEqual(await presetPlacesOf());
    expect(PRESET_PLACES.map((p) => p.id).sort()).toEqual(PRESETS.map((p) => p.id).sort());
  });

  it("places every preset with its model, its scenario's name and the kinds it shows", () => {
    for (const preset of PRESETS) {
      const place = placeOf(preset.id);
      expect(place?.model).toBe(preset.model);
      expect(place?.name).toBe(preset.scenario.name);
      expect(place?.shows).toEqual(preset.shows);
      expect(placeNamed(preset.scenario.name)?.id).toBe(preset.id);
    }
    expect(placeOf('bank-ledger-async')?.file).toBe('bank');
    expect(placeOf('bank-ledger-sync')?.file).toBe('bank');
    expect(placeOf('split-brain')?.file).toBe('leader-follower');
    expect(placeOf('scale-leaderless-1000')?.file).toBe('scale');
  });

  it('resolves each preset from its file alone, fixes included, to the whole registry’s scenario', async () => {
    for (const preset of PRESETS) expect(await presetScenario(preset.id)).toEqual(preset.scenario);
  });

  it('knows no preset that is not declared', async () => {
    expect(placeOf('no-such-thing')).toBeUndefined();
    expect(placeNamed('A scenario of my own')).toBeUndefined();
    expect(await presetScenario('no-such-thing')).toBeUndefined();
  });
});
