/**
 * Scenario -> share URL fragment: `s=<version>.<base64url(deflate-raw(JSON))>`, optionally `&t=<simulated
 * microseconds>`. Decoding (url.ts) validates untrusted text with the schema; encoding a scenario this build made
 * needs none of that, so the page loads this module alone, and only when it writes a link.
 */
import { deflateSync, strToU8 } from 'fflate';
import { SCENARIO_VERSION } from '../sim/scenarios/constants.ts';
import type { Scenario } from '../sim/scenarios/schema.ts';
import { RUN_TO_WORK_LIMIT, workExcess } from '../sim/scenarios/work.ts';

export function encodeShareHash(scenario: Scenario, atUs?: number | null): string {
  const packed = toBase64Url(deflateSync(strToU8(JSON.stringify(scenario)), { level: 9 }));
  return `s=${SCENARIO_VERSION}.${packed}${shareTimePart(atUs)}`;
}

/** The fragment's time part: `&t=<µs>`, or nothing without a time. */
export function shareTimePart(atUs?: number | null): string {
  return atUs !== undefined && atUs !== null ? `&t=${Math.max(0, Math.round(atUs))}` : '';
}

/**
 * Whether a link may carry `atUs`: the decoder (url.ts) refuses a link whose time is past the limit of a run to a
 * moment (RUN_TO_WORK_LIMIT), so a link made there must not carry it. Null when it may; else why not, in words.
 */
export function momentTooFar(scenario: Scenario, atUs: number | null): string | null {
  if (atUs === null) return null;
  return workExcess(scenario, atUs / 1000, RUN_TO_WORK_LIMIT)?.message ?? null;
}

export const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i] ?? 0;
    const b1 = bytes[i + 1] ?? 0;
    const b2 = bytes[i + 2] ?? 0;
    const n = (b0 << 16) | (b1 << 8) | b2;
    out += ALPHABET[(n >> 18) & 63];
    out += ALPHABET[(n >> 12) & 63];
    if (i + 1 < bytes.length) out += ALPHABET[(n >> 6) & 63];
    if (i + 2 < bytes.length) out += ALPHABET[n & 63];
  }
  return out;
}
