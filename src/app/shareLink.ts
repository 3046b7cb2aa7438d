/** A link to a run, made at once: for views that show links as they render (their chunk loads the encoder). */
import { encodeShareHash, momentTooFar } from '../codec/encode.ts';
import type { Scenario } from '../sim/scenarios/schema.ts';

export function shareLink(scenario: Scenario, atUs: number | null): string {
  return `${location.origin}${location.pathname}#${encodeShareHash(scenario, atUs)}`;
}

/**
 * The link to `scenario` at `atUs`, or from its start when a link may not replay that far (`tooFar` says why):
 * a link the page and the CLI would refuse is never made.
 */
export function shareLinkAt(
  scenario: Scenario,
  atUs: number | null,
): { readonly link: string; readonly tooFar: string | null } {
  const tooFar = momentTooFar(scenario, atUs);
  return { link: shareLink(scenario, tooFar ? null : atUs), tooFar };
}
