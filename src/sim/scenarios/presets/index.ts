/**
 * The built-in scenarios: one registry over the three model files. Each preset is plain data that passes the
 * scenario schema (a test checks it), with a one-line summary for the picker and an explanation the UI shows
 * beside the graph and the CLI lists with `--list-presets`. A fixed variant is declared as a patch of the
 * preset it fixes (see helpers.ts), and resolved into a whole preset (resolve.ts).
 */
import type { Scenario } from '../schema.ts';
import { DEFAULT_PRESET_ID, groupsOf, MODEL_TITLES, type PresetGroup, START_HERE_IDS } from './catalog.ts';
import { HIDDEN_PRESETS, LEADER_FOLLOWER_PRESETS } from './leader-follower.ts';
import { LEADERLESS_PRESETS } from './leaderless.ts';
import { MEMBERSHIP_PRESETS } from './membership.ts';
import { MULTI_LEADER_PRESETS } from './multi-leader.ts';
import { type Preset, resolve } from './resolve.ts';
import {
  SCALE_BENCH_PRESETS,
  SCALE_LEADER_FOLLOWER_PRESETS,
  SCALE_LEADERLESS_PRESETS,
  SCALE_MULTI_LEADER_PRESETS,
} from './scale.ts';

export type { ScenarioPatch } from './helpers.ts';
export type { Preset } from './resolve.ts';
export { DEFAULT_PRESET_ID, MODEL_TITLES, type PresetGroup };

/**
 * Every preset, in the order the picker and `--list-presets` show them: each model's stories, then its presets at
 * scale (scale.ts); hidden ones last.
 */
export const PRESETS: readonly Preset[] = resolve([
  ...LEADER_FOLLOWER_PRESETS,
  ...MEMBERSHIP_PRESETS,
  ...SCALE_LEADER_FOLLOWER_PRESETS,
  ...MULTI_LEADER_PRESETS,
  ...SCALE_MULTI_LEADER_PRESETS,
  ...LEADERLESS_PRESETS,
  ...SCALE_LEADERLESS_PRESETS,
  ...HIDDEN_PRESETS,
  ...SCALE_BENCH_PRESETS,
]);

export function getPreset(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}

function mustGet(id: string): Preset {
  const preset = getPreset(id);
  if (!preset) throw new Error(`no preset "${id}"`);
  return preset;
}

export function defaultScenario(): Scenario {
  return mustGet(DEFAULT_PRESET_ID).scenario;
}

/** The visible presets grouped by model, in the schema's model order, each group in list order. */
export const PRESET_GROUPS: readonly PresetGroup<Preset>[] = groupsOf(PRESETS);

/** The start-here path (catalog.ts). */
export const START_HERE: readonly Preset[] = START_HERE_IDS.map(mustGet);
