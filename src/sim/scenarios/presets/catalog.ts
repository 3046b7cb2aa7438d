/**
 * What the page knows of the presets: catalog.json (each preset's id, title, one line, model, the anomaly kinds
 * it shows, its fixed twin, speed and scenario name: everything but the scenario and the story, which is in
 * stories.json, loaded by the page when it first shows one: `loadStories`), the groups of the
 * picker and the start-here path. Plain data with no import of the schema or the preset definitions, so the page
 * loads none of them; the simulation worker resolves a preset's scenario by id (index.ts). The file is generated
 * from the presets by scripts/preset-catalog.ts, and tests/unit/presetCatalog.test.ts keeps it in step.
 */
import type { AnomalyKind } from '../../oracle/oracle.ts';
import { MODELS, type ModelName } from '../constants.ts';
import catalog from './catalog.json' with { type: 'json' };

export interface PresetInfo {
  readonly id: string;
  readonly title: string;
  /** One line, what you will see (the grouped picker). */
  readonly summary: string;
  /** The scenario's model: the group the preset is listed under. */
  readonly model: ModelName;
  /** The anomaly kinds this preset exists to show (none for a fix); its fixed twin shows none of them. */
  readonly shows: readonly AnomalyKind[];
  /** What to watch for, in words: the behaviour of a preset with no anomaly, or what a fix's run still shows. */
  readonly watch?: string;
  /** For a fixed variant: the id of the preset it fixes. */
  readonly fixes?: string;
  /** Suggested playback speed, simulated ms per wall second. */
  readonly speed: number;
  /** Hidden from the UI's picker (benchmarks), still available to the CLI and share URLs. */
  readonly hidden?: boolean;
  /** The scenario's name: a shared or imported run with this name started from this preset. */
  readonly name: string;
}

/** Each preset's whole story (what happens, why, and what fixes it), by id: a chunk of its own. */
export async function loadStories(): Promise<Readonly<Record<string, string>>> {
  // No import attribute here: the dev server serves JSON as a JavaScript module, which a browser refuses under
  // `with { type: 'json' }` ("Expected a JSON module script"); the bundler needs none either.
  return (await import('./stories.json')).default;
}

/** Every preset, in the order of PRESETS (index.ts). */
export const PRESET_CATALOG: readonly PresetInfo[] = catalog as readonly PresetInfo[];

export const DEFAULT_PRESET_ID = 'bank-ledger-async';

export function getPreset(id: string): PresetInfo | undefined {
  return PRESET_CATALOG.find((p) => p.id === id);
}

/** The preset a scenario started from, by its name (which a user's edits keep). */
export function presetNamed(name: string): PresetInfo | undefined {
  return PRESET_CATALOG.find((p) => p.name === name);
}

export const MODEL_TITLES: Readonly<Record<ModelName, string>> = {
  'leader-follower': 'Leader-follower',
  'multi-leader': 'Multi-leader',
  leaderless: 'Leaderless',
};

export interface PresetGroup<P = PresetInfo> {
  readonly model: ModelName;
  readonly title: string;
  readonly presets: readonly P[];
}

/** The visible presets grouped by model, in the schema's model order, each group in list order. */
export function groupsOf<P extends Pick<PresetInfo, 'model' | 'hidden'>>(
  presets: readonly P[],
): readonly PresetGroup<P>[] {
  return MODELS.map((model) => ({
    model,
    title: MODEL_TITLES[model],
    presets: presets.filter((p) => p.model === model && !p.hidden),
  }));
}

export const PRESET_GROUPS: readonly PresetGroup[] = groupsOf(PRESET_CATALOG);

/**
 * A first path through the presets. The three examples of the project's brief come first, one per model: the
 * bank ledger (a stale read from an asynchronous follower), the global e-commerce shop with key ranges owned by
 * regional leaders (multi-leader without conflicts), and the decentralised social posts (2 of 3 acknowledge).
 * Then the most telling anomaly of each model: split brain destroys acknowledged writes at the heal,
 * last-write-wins silently drops two of three concurrent writes, and a sloppy quorum hides an acknowledged write
 * from a reader even with W + R > N. Each of these three has a fixed twin to try next.
 */
export const START_HERE_IDS: readonly string[] = [
  'bank-ledger-async',
  'ecommerce-key-range',
  'social-posts',
  'split-brain',
  'lww-drops-writes',
  'sloppy-quorum-stale',
];

/** The path's presets (index.ts's START_HERE throws on an unknown id; a test checks this list is whole). */
export const START_HERE: readonly PresetInfo[] = START_HERE_IDS.flatMap((id) => getPreset(id) ?? []);
