/** Loading built-in presets, and matching a shared scenario back to the preset it came from. */
import {
  DEFAULT_PRESET_ID,
  getPreset,
  PRESET_CATALOG,
  type PresetInfo,
  presetNamed,
} from '../sim/scenarios/presets/catalog.ts';
import type { Scenario } from '../sim/scenarios/schema.ts';
import { type ScenarioSource, setSpeedShown } from './store.ts';
import { loadPresetRun } from './worker/simClient.ts';

export const VISIBLE_PRESETS: readonly PresetInfo[] = PRESET_CATALOG.filter((p) => !p.hidden);

/** Loads a preset by id (the worker holds the scenarios; the page has their catalog). */
export function loadPreset(id: string): void {
  const preset = getPreset(id) ?? getPreset(DEFAULT_PRESET_ID);
  if (!preset) return;
  // Each preset plays its story within about 20 s of wall time at its own speed (see the presets' `speed`).
  setSpeedShown(preset.speed);
  loadPresetRun(preset.id);
}

/** A shared or imported scenario keeps its preset's title and summary when it started from one. */
export function sourceOf(scenario: Scenario): ScenarioSource {
  const preset = presetNamed(scenario.name);
  return preset ? { kind: 'preset', id: preset.id } : { kind: 'custom' };
}
