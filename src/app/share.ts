/**
 * The share link and the address bar. The address bar always holds the current scenario (with every recorded
 * action) so a reload or a copied address replays the run; while the run is paused it holds the moment too
 * (`&t=`, as a share link does), so a reload reopens there, paused. While the run plays it holds no time (a reload
 * replays from the start): the address is written when the scenario changes and when play starts or stops, and a
 * paused run's moment (a step, the scrubber) once it has stayed put for ADDRESS_SETTLE_MS, never on every frame.
 * The Share button adds the current simulated time. The encoder (and its compressor) is a chunk of its own,
 * fetched when the first link is written, once the first graph is drawn (firstGraph.ts).
 */
import { isEmbedHash } from '../codec/fragment.ts';
import type { Scenario } from '../sim/scenarios/schema.ts';
import { afterFirstGraph } from './firstGraph.ts';
import { type LabState, labStore } from './store.ts';

const encoder = () => import('./shareLink.ts');

/** How long a paused run's time stays put before the address bar takes it. */
export const ADDRESS_SETTLE_MS = 400;

/**
 * The link to this scenario at `atUs` (or its start), with why it does not carry `atUs` when a link may not
 * replay that far (`tooFar`).
 */
export async function makeShareLink(
  scenario: Scenario,
  atUs: number | null,
): Promise<{ readonly link: string; readonly tooFar: string | null }> {
  return (await encoder()).shareLinkAt(scenario, atUs);
}

/** The moment the address bar holds for a state: the paused run's time, or null while it plays. */
export function addressMoment(state: Pick<LabState, 'playing' | 'snapshot'>): number | null {
  return state.playing || !state.snapshot ? null : state.snapshot.nowUs;
}

/** Keeps `location.hash` in step with the recorded scenario and, while paused, its moment. Returns an unsubscribe. */
export function syncAddressBar(): () => void {
  /** The encoded scenario (`s=...`), made once per scenario: a new moment only changes the `&t=` after it. */
  let encoded: { scenario: Scenario; text: string } | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  /** Links the user put in the address bar (the page's own writes fire no hashchange). */
  let navigations = 0;
  const navigated = () => {
    navigations++;
  };
  window.addEventListener('hashchange', navigated);

  const write = () => {
    timer = null;
    const state = labStore.getState();
    const scenario = state.scenario;
    if (!scenario) return;
    const asked = navigations;
    void afterFirstGraph()
      .then(() => import('../codec/encode.ts'))
      .then(({ encodeShareHash, momentTooFar, shareTimePart }) => {
        const now = labStore.getState();
        // A newer scenario arrived while the encoder loaded, or a link the user pasted is on its way: its own
        // update writes the address.
        if (now.scenario !== scenario || navigations !== asked) return;
        if (encoded?.scenario !== scenario) encoded = { scenario, text: encodeShareHash(scenario) };
        // The embedded player keeps its flag, so a reload in its frame opens the player again.
        const embed = isEmbedHash(location.hash) ? '&embed' : '';
        // A moment past what a link may replay to is left out: a reload then opens the run from its start.
        const moment = addressMoment(now);
        const at = momentTooFar(scenario, moment) ? null : moment;
        const hash = `#${encoded.text}${shareTimePart(at)}${embed}`;
        if (location.hash !== hash) history.replaceState(history.state, '', hash);
      });
  };

  /** A run opened paused has no picture yet: its first one writes the address, with its moment. */
  let opening = false;
  const unsubscribe = labStore.subscribe((state, previous) => {
    if (!state.scenario) return;
    const moment = addressMoment(state);
    const changedRun = state.scenario !== previous.scenario || state.playing !== previous.playing;
    if (!changedRun && !opening && moment === addressMoment(previous)) return;
    if (timer !== null) clearTimeout(timer);
    // Until then the address keeps what it holds (a link opened at its time keeps the time, so a reload while
    // the run is still on its way reopens the same moment).
    if (!state.playing && !state.snapshot) {
      opening = true;
      return;
    }
    // A new scenario, its first picture, or play started or stopped: at once. A paused run's new moment: once
    // it settles.
    if (changedRun || opening || moment === null) write();
    else timer = setTimeout(write, ADDRESS_SETTLE_MS);
    opening = false;
  });
  return () => {
    unsubscribe();
    window.removeEventListener('hashchange', navigated);
    if (timer !== null) clearTimeout(timer);
  };
}
