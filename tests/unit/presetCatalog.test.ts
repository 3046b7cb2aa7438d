/**
 * The page's preset catalog (catalog.json, which it reads instead of the preset definitions) says exactly what
 * the presets say. When this fails, run `npx tsx scripts/preset-catalog.ts` and commit the file.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PRESET_ID,
  getPreset as getInfo,
  PRESET_GROUPS as INFO_GROUPS,
  START_HERE as INFO_START_HERE,
  PRESET_CATALOG,
  presetNamed,
} from '../../src/sim/scenarios/presets/catalog.ts';
import { presetCatalog, presetStories } from '../../src/sim/scenarios/presets/catalogOf.ts';
import { getPreset, PRESET_GROUPS, PRESETS, START_HERE } from '../../src/sim/scenarios/presets/index.ts';

describe('the preset catalog', () => {
  it('is what scripts/preset-catalog.ts writes from the presets today', () => {
    const file = JSON.parse(readFileSync('src/sim/scenarios/presets/catalog.json', 'utf8'));
    expect(file).toEqual(presetCatalog());
    const stories = JSON.parse(readFileSync('src/sim/scenarios/presets/stories.json', 'utf8'));
    expect(stories).toEqual(presetStories());
    expect(stories['split-brain']).toBe(getPreset('split-brain')?.explanation);
    expect(PRESET_CATALOG.map((p) => p.id)).toEqual(PRESETS.map((p) => p.id));
  });

  it('carries each preset without its scenario, with the scenario name', () => {
    const info = getInfo('split-brain');
    const preset = getPreset('split-brain');
    expect(info).toBeDefined();
    expect(Object.keys(info ?? {})).not.toContain('scenario');
    expect(Object.keys(info ?? {})).not.toContain('explanation');
    expect(info?.name).toBe(preset?.scenario.name);
    expect(info?.shows).toEqual(preset?.shows);
    expect(info?.speed).toBe(preset?.speed);
    expect(getInfo(DEFAULT_PRESET_ID)?.title).toBe('Bank ledger: asynchronous replication');
  });

  it('groups and tours as the presets do', () => {
    expect(INFO_GROUPS.map((g) => [g.model, g.title, g.presets.map((p) => p.id)])).toEqual(
      PRESET_GROUPS.map((g) => [g.model, g.title, g.presets.map((p) => p.id)]),
    );
    expect(INFO_START_HERE.map((p) => p.id)).toEqual(START_HERE.map((p) => p.id));
    expect(INFO_START_HERE).toHaveLength(6);
  });

  it('gives every preset in the picker something to watch for: its anomalies, the twin it fixes, or words', () => {
    const silent = PRESETS.filter((p) => !p.hidden && p.shows.length === 0 && !p.fixes && !p.watch);
    expect(silent.map((p) => p.id)).toEqual([]);
    // Words beside kinds only for a fix (what its run still shows: fixWatch.test.ts): a preset about an anomaly
    // says it by kind.
    const both = PRESETS.filter((p) => p.watch && p.shows.length > 0);
    expect(both.map((p) => p.id)).toEqual([]);
    expect(getInfo('social-posts')?.watch).toBe(getPreset('social-posts')?.watch);
  });

  it('matches a scenario back to its preset by name', () => {
    for (const preset of PRESETS) expect(presetNamed(preset.scenario.name)?.id).toBe(preset.id);
    expect(presetNamed('A scenario of my own')).toBeUndefined();
  });
});
