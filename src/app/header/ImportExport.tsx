/**
 * Scenario files: export the recorded scenario as JSON; import one, validated by the same schema as share
 * links (in the simulation worker). A file that fails validation changes nothing: the current run goes on and the error names the field.
 */
import { type ChangeEvent, useId } from 'react';
import { scenarioToJson } from '../../codec/json.ts';
import { downloadText, fileSlug } from '../download.ts';
import { useLab } from '../hooks.ts';
import { sourceOf } from '../presets.ts';
import { labStore, notify } from '../store.ts';
import { decodeScenario, loadScenario } from '../worker/simClient.ts';

export function ImportExport() {
  const ready = useLab((s) => s.scenario !== null);
  const inputId = useId();

  const exportJson = () => {
    const { scenario } = labStore.getState();
    if (!scenario) return;
    downloadText(scenarioToJson(scenario), `${fileSlug(scenario.name)}.json`, 'application/json');
  };

  const importJson = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const text = await file.text();
    // The worker reads it with the schema (the page does not load it), with the same messages.
    const result = await decodeScenario({ kind: 'file', text, source: `"${file.name}"` });
    if (!result.ok) {
      notify({ tone: 'error', title: 'The scenario file was not imported', message: result.error });
      return;
    }
    loadScenario(result.scenario, { source: sourceOf(result.scenario) });
  };

  return (
    <div className="import-export">
      <button type="button" onClick={exportJson} disabled={!ready}>
        {/* One inline run of text (a button lays its children out as flex items, with a gap between them). */}
        <span>
          Export<span className="phone-hidden"> JSON</span>
        </span>
      </button>
      <label htmlFor={inputId} className="button file-button">
        <span>
          Import<span className="phone-hidden"> JSON</span>
        </span>
      </label>
      <input
        id={inputId}
        className="visually-hidden"
        type="file"
        accept="application/json,.json"
        onChange={importJson}
      />
    </div>
  );
}
