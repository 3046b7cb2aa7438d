/**
 * Scenario files: export the recorded scenario as JSON, with the moment it was exported at; import one, validated
 * by the same schema as share links (in the simulation worker), and open it at its moment, paused, as a share link
 * opens (a file without one starts and plays). A file that fails validation changes nothing: the current run goes
 * on and the error names the field. An empty or too large file is refused before it is read.
 */
import { type ChangeEvent, useId } from 'react';
import { emptyMessage, escapeControls, MAX_FILE_BYTES, tooLargeMessage } from '../../codec/fileText.ts';
import { scenarioToJson } from '../../codec/json.ts';
import { downloadText, fileSlug } from '../download.ts';
import { useLab } from '../hooks.ts';
import { sourceOf } from '../presets.ts';
import { dismissNotice, labStore, notify } from '../store.ts';
import { decodeScenario, loadScenario } from '../worker/simClient.ts';

/**
 * The notice of the last refused file. Each new import replaces it: left in place, the refusal of an earlier
 * file stayed above the page after a later file had been imported and was running, saying the opposite.
 */
let refusalNotice: number | null = null;

export function ImportExport() {
  const ready = useLab((s) => s.scenario !== null);
  const inputId = useId();

  const exportJson = () => {
    const { scenario, snapshot } = labStore.getState();
    if (!scenario) return;
    downloadText(
      scenarioToJson(scenario, snapshot?.nowUs ?? null),
      `${fileSlug(scenario.name)}.json`,
      'application/json',
    );
  };

  const importJson = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    if (refusalNotice !== null) dismissNotice(refusalNotice);
    refusalNotice = null;
    const source = `"${escapeControls(file.name)}"`;
    const refuse = (message: string): void => {
      refusalNotice = notify({ tone: 'error', title: 'The scenario file was not imported', message });
    };
    // Told from its size, before its text is read: a file far too large is never loaded into the page.
    if (file.size === 0) return refuse(emptyMessage(source));
    if (file.size > MAX_FILE_BYTES) return refuse(tooLargeMessage(source, file.size));
    const text = await file.text();
    // The worker reads it with the schema (the page does not load it), with the same messages.
    const result = await decodeScenario({ kind: 'file', text, source });
    if (!result.ok) return refuse(result.error);
    // Like a share link: a file that carries its moment opens there, paused; one without starts and plays.
    loadScenario(result.scenario, {
      source: sourceOf(result.scenario),
      seekToUs: result.atUs,
      play: result.atUs === null,
    });
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
