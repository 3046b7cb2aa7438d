/**
 * The built-in scenarios: one registry over the three model files. Each preset is plain data that passes the
 * scenario schema (a test checks it), with a one-line summary for the picker and an explanation the UI shows
 * beside the graph and the CLI lists with `--list-presets`. A fixed variant is declared as a patch of the
 * preset it fixes (see helpers.ts), and resolved here into a whole preset.
 */
import type { AnomalyKind } from '../../oracle/oracle.ts';
import type { ModelName } from '../constants.ts';
import type { Scenario } from '../schema.ts';
import { DEFAULT_PRESET_ID, groupsOf, MODEL_TITLES, type PresetGroup, START_HERE_IDS } from './catalog.ts';
import { applyPatch, isFix, type PresetSpec, type ScenarioPatch, type WholePresetSpec } from './helpers.ts';
import { HIDDEN_PRESETS, LEADER_FOLLOWER_PRESETS } from './leader-follower.ts';
import { LEADERLESS_PRESETS } from './leaderless.ts';
import { MEMBERSHIP_PRESETS } from './membership.ts';
import { MULTI_LEADER_PRESETS } from './multi-leader.ts';
import {
  SCALE_BENCH_PRESETS,
  SCALE_LEADER_FOLLOWER_PRESETS,
  SCALE_LEADERLESS_PRESETS,
  SCALE_MULTI_LEADER_PRESETS,
} from './scale.ts';

export type { ScenarioPatch } from './helpers.ts';
export { DEFAULT_PRESET_ID, MODEL_TITLES, type PresetGroup };

export interface Preset {
  readonly id: string;
  readonly title: string;
  /** One line, what you will see (the grouped picker). */
  readonly summary: string;
  /** The full story: what happens, why, and what fixes it. */
  readonly explanation: string;
  /** The scenario's model: the group the preset is listed under. */
  readonly model: ModelName;
  /** The anomaly kinds this preset exists to show (none for a fix); its fixed twin shows none of them. */
  readonly shows: readonly AnomalyKind[];
  /** For a fixed variant: the id of the preset it fixes, and what it changes in that preset's scenario. */
  readonly fixes?: string;
  readonly patch?: ScenarioPatch;
  /** Suggested playback speed, simulated ms per wall second: the story plays within about 20 s (helpers.ts). */
  readonly speed: number;
  /** Hidden from the UI's picker (benchmarks), still available to the CLI and share URLs. */
  readonly hidden?: boolean;
  readonly scenario: Scenario;
}

function whole(spec: WholePresetSpec): Preset {
  const { id, title, summary, explanation, shows = [], speed, hidden, scenario } = spec;
  return {
    id,
    title,
    summary,
    explanation,
    model: scenario.model,
    shows,
    speed,
    ...(hidden ? { hidden } : {}),
    scenario,
  };
}

/** Every declaration resolved, in declaration order; a fix gets its twin's scenario with its patch applied. */
function resolve(specs: readonly PresetSpec[]): Preset[] {
  const ids = new Set<string>();
  const wholes = new Map<string, Preset>();
  for (const spec of specs) {
    if (ids.has(spec.id)) throw new Error(`preset "${spec.id}" is declared twice`);
    ids.add(spec.id);
    if (!isFix(spec)) wholes.set(spec.id, whole(spec));
  }
  return specs.map((spec) => {
    if (!isFix(spec)) return wholes.get(spec.id) as Preset;
    const twin = wholes.get(spec.fixes);
    if (!twin)
      throw new Error(`preset "${spec.id}" fixes "${spec.fixes}", which is no preset declared whole`);
    const { id, title, summary, explanation, fixes, name, patch } = spec;
    const scenario = applyPatch(twin.scenario, name, patch);
    return {
      id,
      title,
      summary,
      explanation,
      model: scenario.model,
      shows: [],
      fixes,
      patch,
      speed: twin.speed,
      scenario,
    };
  });
}

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
