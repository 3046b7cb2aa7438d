/** Loading built-in presets, and matching a shared scenario back to the preset it came from. */
import {
  DEFAULT_PRESET_ID,
  getPreset,
  PRESET_CATALOG,
  type PresetInfo,
  presetNamed,
} from '../sim/scenarios/presets/catalog.ts';
import type { Scenario } from '../sim/scenarios/schema.ts';
import { loadModelUi } from './models/loadUi.ts';
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
  // The page's code for the preset's model travels beside the run (the client holds the run until it is here).
  void loadModelUi(preset.model).catch(() => {});
}

/** A shared or imported scenario keeps its preset's title and summary when it started from one. */
export function sourceOf(scenario: Scenario): ScenarioSource {
  const preset = presetNamed(scenario.name);
  return preset ? { kind: 'preset', id: preset.id } : { kind: 'custom' };
}
