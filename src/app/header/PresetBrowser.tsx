/**
 * Every visible preset in a dialog, grouped by model, each with its one line on what you will see, the anomaly
 * kinds it shows (or the preset it fixes) and its step on the start-here path. Choosing one loads it.
 */
import { useRef } from 'react';
import {
  getPreset,
  PRESET_GROUPS,
  type PresetInfo as Preset,
  START_HERE,
} from '../../sim/scenarios/presets/catalog.ts';
import { useLab } from '../hooks.ts';
import { KIND_LABELS } from '../oracle/oracle.ts';
import { loadPreset } from '../presets.ts';

export function PresetBrowser() {
  const dialog = useRef<HTMLDialogElement>(null);
  const current = useLab((s) => (s.source.kind === 'preset' ? s.source.id : null));
  const choose = (id: string) => {
    loadPreset(id);
    dialog.current?.close();
  };
  return (
    <>
      <button type="button" onClick={() => dialog.current?.showModal()} aria-haspopup="dialog">
        Browse…
      </button>
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: the backdrop click is a pointer shortcut; Escape closes it. */}
      <dialog
        ref={dialog}
        className="preset-browser"
        aria-labelledby="preset-browser-heading"
        data-testid="preset-browser"
        onClick={(event) => {
          // A click on the backdrop (the dialog element itself, outside its content) closes it.
          if (event.target === event.currentTarget) event.currentTarget.close();
        }}
      >
        <div className="preset-browser-body">
          <div className="preset-browser-head">
            <h2 id="preset-browser-heading">Scenarios by model</h2>
            <button type="button" onClick={() => dialog.current?.close()}>
              Close
            </button>
          </div>
          {PRESET_GROUPS.map((group) => (
            <section key={group.model} aria-labelledby={`browse-${group.model}`}>
              <h3 id={`browse-${group.model}`}>{group.title}</h3>
              <ul className="preset-list">
                {group.presets.map((p) => (
                  <li key={p.id}>
                    <PresetItem preset={p} current={p.id === current} onChoose={choose} />
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </div>
      </dialog>
    </>
  );
}

function PresetItem(props: { preset: Preset; current: boolean; onChoose: (id: string) => void }) {
  const { preset, current, onChoose } = props;
  const tour = START_HERE.findIndex((p) => p.id === preset.id);
  const twin = preset.fixes ? getPreset(preset.fixes) : undefined;
  return (
    <button
      type="button"
      className="preset-item"
      aria-current={current ? 'true' : undefined}
      data-preset={preset.id}
      onClick={() => onChoose(preset.id)}
    >
      <span className="preset-item-title">
        {preset.title}
        {tour >= 0 && <span className="preset-tag preset-tag-tour">tour {tour + 1}</span>}
        {twin && <span className="preset-tag preset-tag-fix">fix</span>}
        {preset.shows.map((k) => (
          <span key={k} className={`preset-tag tag-${k}`}>
            {KIND_LABELS[k]}
          </span>
        ))}
      </span>
      <span className="preset-item-summary">{preset.summary}</span>
    </button>
  );
}
