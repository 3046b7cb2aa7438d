/** Loading built-in presets, and matching a shared scenario back to the preset it came from. */
import { DEFAULT_PRESET_ID, getPreset, PRESETS, type Preset } from '../sim/scenarios/presets/index.ts';
import type { Scenario } from '../sim/scenarios/schema.ts';
import type { ScenarioSource } from './store.ts';
import { loadScenario } from './worker/simClient.ts';

export const VISIBLE_PRESETS: readonly Preset[] = PRESETS.filter((p) => !p.hidden);

export function loadPreset(id: string): void {
  const preset = getPreset(id) ?? getPreset(DEFAULT_PRESET_ID);
  if (!preset) return;
  loadScenario(preset.scenario, { source: { kind: 'preset', id: preset.id } });
}

/** A shared or imported scenario keeps its preset's title and summary when it started from one. */
export function sourceOf(scenario: Scenario): ScenarioSource {
  const preset = PRESETS.find((p) => p.scenario.name === scenario.name);
  return preset ? { kind: 'preset', id: preset.id } : { kind: 'custom' };
}
