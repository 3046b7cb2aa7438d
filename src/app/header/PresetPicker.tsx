/** The preset select. A shared or imported run that did not start from a preset shows as "Custom". */
import { useId } from 'react';
import { useLab } from '../hooks.ts';
import { loadPreset, VISIBLE_PRESETS } from '../presets.ts';

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
        {VISIBLE_PRESETS.map((p) => (
          <option key={p.id} value={p.id}>
            {p.title}
          </option>
        ))}
        {(source.kind === 'custom' || hiddenPreset) && (
          <option value={value} disabled>
            {`Custom: ${name}`}
          </option>
        )}
      </select>
    </div>
  );
}
