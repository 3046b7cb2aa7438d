/**
 * The built-in presets for the simulation worker, one preset file at a time: presetFiles.json (written by
 * scripts/preset-catalog.ts, kept in step by tests/unit/presetFiles.test.ts) says in which file each preset is
 * declared, its model, its scenario's name and the anomaly kinds it shows. The worker fetches only the file of the
 * preset asked for (each is a chunk of its own, but for the default preset's, bank.ts, which is part of the
 * worker's own chunk) and resolves its declarations there (a fix and its twin share a file), so a first visit loads
 * one file's scenarios, not every preset's; and the model's code is fetched beside it, since the table names the
 * model. Node, the CLI and the page use src/sim/scenarios/presets/index.ts.
 */
import type { AnomalyKind } from '../../sim/oracle/oracle.ts';
import type { ModelName } from '../../sim/scenarios/constants.ts';
import { BANK_PRESETS } from '../../sim/scenarios/presets/bank.ts';
import type { PresetSpec } from '../../sim/scenarios/presets/helpers.ts';
import { resolve } from '../../sim/scenarios/presets/resolve.ts';
import type { Scenario } from '../../sim/scenarios/schema.ts';
import table from './presetFiles.json' with { type: 'json' };

/** Each preset file's declarations, fetched on demand. */
export const PRESET_FILES = {
  // The default preset's file is part of the worker's own chunk: a first visit fetches no preset file.
  bank: async (): Promise<readonly PresetSpec[]> => BANK_PRESETS,
  'leader-follower': async (): Promise<readonly PresetSpec[]> => {
    const file = await import('../../sim/scenarios/presets/leader-follower.ts');
    return [...file.FAILOVER_PRESETS, ...file.HIDDEN_PRESETS];
  },
  membership: async (): Promise<readonly PresetSpec[]> =>
    (await import('../../sim/scenarios/presets/membership.ts')).MEMBERSHIP_PRESETS,
  'multi-leader': async (): Promise<readonly PresetSpec[]> =>
    (await import('../../sim/scenarios/presets/multi-leader.ts')).MULTI_LEADER_PRESETS,
  leaderless: async (): Promise<readonly PresetSpec[]> =>
    (await import('../../sim/scenarios/presets/leaderless.ts')).LEADERLESS_PRESETS,
  scale: async (): Promise<readonly PresetSpec[]> => {
    const file = await import('../../sim/scenarios/presets/scale.ts');
    return [
      ...file.SCALE_LEADER_FOLLOWER_PRESETS,
      ...file.SCALE_MULTI_LEADER_PRESETS,
      ...file.SCALE_LEADERLESS_PRESETS,
      ...file.SCALE_BENCH_PRESETS,
    ];
  },
} as const;

export type PresetFile = keyof typeof PRESET_FILES;

/** Where a preset is declared, and what the worker needs to know of it before (or without) its scenario. */
export interface PresetPlace {
  readonly id: string;
  readonly file: PresetFile;
  readonly model: ModelName;
  /** The scenario's name: a shared or imported run with this name started from this preset. */
  readonly name: string;
  /** The anomaly kinds the preset exists to show (the story stops at them). */
  readonly shows: readonly AnomalyKind[];
}

export const PRESET_PLACES: readonly PresetPlace[] = table as readonly PresetPlace[];

export function placeOf(id: string): PresetPlace | undefined {
  return PRESET_PLACES.find((p) => p.id === id);
}

/** The preset a scenario started from, by its name (which a user's edits keep). */
export function placeNamed(name: string): PresetPlace | undefined {
  return PRESET_PLACES.find((p) => p.name === name);
}

/** A built-in preset's scenario, fetching only its file; undefined for an unknown id. */
export async function presetScenario(id: string): Promise<Scenario | undefined> {
  const place = placeOf(id);
  if (!place) return undefined;
  const presets = resolve(await PRESET_FILES[place.file]());
  return presets.find((p) => p.id === id)?.scenario;
}

/** The table presetFiles.json holds, computed from the preset files (scripts/preset-catalog.ts writes it). */
export async function presetPlacesOf(): Promise<PresetPlace[]> {
  const places: PresetPlace[] = [];
  for (const file of Object.keys(PRESET_FILES) as PresetFile[]) {
    for (const preset of resolve(await PRESET_FILES[file]())) {
      const { id, model, scenario, shows } = preset;
      places.push({ id, file, model, name: scenario.name, shows });
    }
  }
  return places;
}
