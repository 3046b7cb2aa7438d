/**
 * A preset declaration resolved into a whole preset: a fix gets its broken twin's scenario with its patch
 * applied. index.ts resolves every file's declarations at once; the simulation worker resolves only the file the
 * asked preset is declared in (src/worker/onDemand/presets.ts), so this module imports no preset file.
 */
import type { AnomalyKind } from '../../oracle/oracle.ts';
import type { ModelName } from '../constants.ts';
import type { Scenario } from '../schema.ts';
import { applyPatch, isFix, type PresetSpec, type ScenarioPatch, type WholePresetSpec } from './helpers.ts';

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
  /** What to watch for, in words: the story's behaviour, or what a fix's run still shows (helpers.ts). */
  readonly watch?: string;
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
  const { id, title, summary, explanation, shows = [], watch, speed, hidden, scenario } = spec;
  return {
    id,
    title,
    summary,
    explanation,
    model: scenario.model,
    shows,
    ...(watch ? { watch } : {}),
    speed,
    ...(hidden ? { hidden } : {}),
    scenario,
  };
}

/** Every declaration resolved, in declaration order; a fix gets its twin's scenario with its patch applied. */
export function resolve(specs: readonly PresetSpec[]): Preset[] {
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
    const { id, title, summary, explanation, fixes, name, patch, watch } = spec;
    const scenario = applyPatch(twin.scenario, name, patch);
    return {
      id,
      title,
      summary,
      explanation,
      model: scenario.model,
      shows: [],
      ...(watch ? { watch } : {}),
      fixes,
      patch,
      speed: twin.speed,
      scenario,
    };
  });
}
