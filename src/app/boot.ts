/**
 * Start-up: open the run in the address bar's share link if there is one, else the default preset. A link that
 * does not decode never runs anything: the user sees what was wrong, with the text to copy, and the default
 * scenario starts instead.
 */
import { decodeShareHash } from '../codec/url.ts';
import { DEFAULT_PRESET_ID } from '../sim/scenarios/presets/index.ts';
import { withoutEmbed } from './embed/embedMode.ts';
import { loadPreset, sourceOf } from './presets.ts';
import { notify } from './store.ts';
import { loadScenario } from './worker/simClient.ts';

export function boot(hash: string): void {
  // The embed flag chooses the player (main.tsx); the rest of the fragment names the run.
  const text = withoutEmbed(hash).slice(1);
  if (text.length > 0) {
    const result = decodeShareHash(text);
    if (result.ok) {
      loadScenario(result.scenario, {
        source: sourceOf(result.scenario),
        seekToUs: result.atUs,
        play: result.atUs === null,
      });
      return;
    }
    notify({
      tone: 'error',
      title: 'This share link could not be opened',
      message: `${capitalize(result.error)}. Nothing from it was run; the default scenario is running instead.`,
      detail: hash,
    });
  }
  loadPreset(DEFAULT_PRESET_ID);
}

/**
 * Follows the address bar: another share link pasted into it (or the back button) changes only the hash, which
 * reloads nothing by itself; this opens the run it names. The page's own updates of the address bar
 * (`syncAddressBar`, with `history.replaceState`) fire no `hashchange`, so they never reload the run.
 */
export function followHashChanges(): () => void {
  const onChange = () => boot(location.hash);
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
