/**
 * The share link and the address bar. The address bar always holds the current scenario (with every recorded
 * action) so a reload or a copied address replays the run; the Share button adds the current simulated time.
 */
import { encodeShareHash } from '../codec/url.ts';
import type { Scenario } from '../sim/scenarios/schema.ts';
import { labStore } from './store.ts';

export function shareLink(scenario: Scenario, atUs: number | null): string {
  return `${location.origin}${location.pathname}#${encodeShareHash(scenario, atUs)}`;
}

/** Keeps `location.hash` in step with the recorded scenario (without a time). Returns an unsubscribe. */
export function syncAddressBar(): () => void {
  return labStore.subscribe((state, previous) => {
    if (!state.scenario || state.scenario === previous.scenario) return;
    const hash = `#${encodeShareHash(state.scenario)}`;
    if (location.hash !== hash) history.replaceState(history.state, '', hash);
  });
}
