/**
 * The share link and the address bar. The address bar always holds the current scenario (with every recorded
 * action) so a reload or a copied address replays the run; the Share button adds the current simulated time.
 * The encoder (and its compressor) is a chunk of its own, fetched when the first link is written, once the
 * first graph is drawn (firstGraph.ts).
 */
import type { Scenario } from '../sim/scenarios/schema.ts';
import { afterFirstGraph } from './firstGraph.ts';
import { labStore } from './store.ts';

const encoder = () => import('./shareLink.ts');

/** The link to this scenario at `atUs` (or its start). */
export async function makeShareLink(scenario: Scenario, atUs: number | null): Promise<string> {
  return (await encoder()).shareLink(scenario, atUs);
}

/** Keeps `location.hash` in step with the recorded scenario (without a time). Returns an unsubscribe. */
export function syncAddressBar(): () => void {
  return labStore.subscribe((state, previous) => {
    if (!state.scenario || state.scenario === previous.scenario) return;
    const scenario = state.scenario;
    void afterFirstGraph()
      .then(() => import('../codec/encode.ts'))
      .then(({ encodeShareHash }) => {
        // A newer scenario arrived while the encoder loaded: its own update writes the address.
        if (labStore.getState().scenario !== scenario) return;
        const hash = `#${encodeShareHash(scenario)}`;
        if (location.hash !== hash) history.replaceState(history.state, '', hash);
      });
  });
}
