/**
 * The preset select, grouped by model, and the button that opens the preset browser (every preset with its one
 * line). A shared or imported run that did not start from a visible preset shows as "Custom".
 */
import { useId } from 'react';
import { PRESET_GROUPS } from '../../sim/scenarios/presets/catalog.ts';
import { useLab } from '../hooks.ts';
import { loadPreset, VISIBLE_PRESETS } from '../presets.ts';
import { PresetBrowser } from './PresetBrowser.tsx';

export function PresetPicker() {
  const id = useId();
  const source = useLab((s) => s.source);
  const name = useLab((s) => s.scenario?.name ?? '');
  const value = source.kind === 'preset' ? source.id : 'custom';
  const hiddenPreset = source.kind === 'preset' && !VISIBLE_PRESETS.some((p) => p.id === source.id);
  return (
    <div className="preset-picker">
      <label htmlFor={id}>Preset</label>
      <select id={id} value={value} onChange={(event) => loadPreset(event.currentTarget.value)}>
        {PRESET_GROUPS.map((group) => (
          <optgroup key={group.model} label={group.title}>
            {group.presets.map((p) => (
              <option key={p.id} value={p.id} title={p.summary}>
                {p.title}
              </option>
            ))}
          </optgroup>
        ))}
        {(source.kind === 'custom' || hiddenPreset) && (
          <option value={value} disabled>
            {`Custom: ${name}`}
          </option>
        )}
      </select>
      <PresetBrowser />
    </div>
  );
}
