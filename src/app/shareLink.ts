/** A link to a run, made at once: for views that show links as they render (their chunk loads the encoder). */
import { encodeShareHash } from '../codec/encode.ts';
import type { Scenario } from '../sim/scenarios/schema.ts';

export function shareLink(scenario: Scenario, atUs: number | null): string {
  return `${location.origin}${location.pathname}#${encodeShareHash(scenario, atUs)}`;
}
