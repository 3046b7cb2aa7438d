/**
 * Start-up: open what the address bar's link names, else the default preset. Two kinds of link:
 * `#preset=<id>` opens a built-in preset by its id (the links courses and posts use), and `#s=...` a shared run
 * (the scenario with its actions, and maybe a time). A link that does not decode, or names no preset, never runs
 * anything: the user sees what was wrong, with the text to copy, and the default preset starts instead. The
 * simulation worker reads a shared run (it holds the schema and the decompressor; the page loads neither).
 */
import { runOfFragment } from '../codec/fragment.ts';
import { DEFAULT_PRESET_ID, getPreset, PRESET_CATALOG } from '../sim/scenarios/presets/catalog.ts';
import { didYouMean } from '../sim/scenarios/presets/nearIds.ts';
import { prefetchModelUis } from './models/loadUi.ts';
import { loadPreset, sourceOf } from './presets.ts';
import { notify, setSpeedShown } from './store.ts';
import { decodeScenario, loadScenario } from './worker/simClient.ts';

export function boot(hash: string): void {
  // The embed flag chooses the player (main.tsx); the rest of the fragment names the run.
  const run = runOfFragment(hash);
  if (run.kind === 'preset') {
    bootPreset(run.id, hash);
    return;
  }
  if (run.kind === 'other') {
    // Its model is known once the worker has read it: meanwhile the page fetches each model's code.
    prefetchModelUis();
    void decodeScenario({ kind: 'link', hash: run.text }).then((result) => {
      if (result.ok) {
        const source = sourceOf(result.scenario);
        // A preset's run shared plays at that preset's own speed, as its `#preset=` link does.
        const speed = source.kind === 'preset' ? getPreset(source.id)?.speed : undefined;
        if (speed !== undefined) setSpeedShown(speed);
        loadScenario(result.scenario, {
          source,
          seekToUs: result.atUs,
          play: result.atUs === null,
        });
        return;
      }
      // The default run first: the notice saying it runs instead lasts until another run replaces it.
      loadPreset(DEFAULT_PRESET_ID);
      notify({
        tone: 'error',
        title: 'This share link could not be opened',
        message: `${capitalize(result.error)}. Nothing from it was run; the default scenario is running instead.`,
        detail: hash,
        untilNextRun: true,
      });
    });
    return;
  }
  loadPreset(DEFAULT_PRESET_ID);
}

/** Whether a hash names a run (a preset or a shared run), rather than a place on the page. */
export function isRunLink(hash: string): boolean {
  const run = runOfFragment(hash);
  return run.kind === 'preset' || (run.kind === 'other' && run.text.startsWith('s='));
}

function bootPreset(id: string | null, hash: string): void {
  if (id !== null && getPreset(id)) {
    loadPreset(id);
    return;
  }
  loadPreset(DEFAULT_PRESET_ID);
  notify({
    tone: 'error',
    title: 'No such preset',
    message:
      id === null || id === ''
        ? 'The link names no preset. The default scenario is running instead; pick one from the list.'
        : `There is no preset called "${id}".${didYouMean(
            id,
            PRESET_CATALOG.map((p) => p.id),
          )} The default scenario is running instead; pick one from the list.`,
    detail: hash,
    untilNextRun: true,
  });
}

/**
 * Follows the address bar: another share link pasted into it (or the back button) changes only the hash, which
 * reloads nothing by itself; this opens the run it names; a hash that names no run is left alone. The page's own updates of the address
 * bar (`syncAddressBar`, with `history.replaceState`) fire no `hashchange`, so they never reload the run.
 */
export function followHashChanges(): () => void {
  const onChange = () => {
    if (isRunLink(location.hash)) boot(location.hash);
  };
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
