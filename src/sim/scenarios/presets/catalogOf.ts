/**
 * The catalog of the presets (catalog.json, written by scripts/preset-catalog.ts): each preset without its
 * scenario and story, with the scenario's name (how a shared run is matched back to its preset); and the stories
 * by id (stories.json), which the page loads once it has drawn the graph.
 */
import type { PresetInfo } from './catalog.ts';
import { PRESETS } from './index.ts';

export function presetCatalog(): PresetInfo[] {
  return PRESETS.map(({ scenario, patch: _patch, explanation: _story, ...info }) => ({
    ...info,
    name: scenario.name,
  }));
}

export function presetStories(): Record<string, string> {
  return Object.fromEntries(PRESETS.map((p) => [p.id, p.explanation]));
}
