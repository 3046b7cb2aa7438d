/**
 * Scenario <-> share URL. The fragment is `s=<version>.<base64url(deflate-raw(JSON))>`, optionally followed by
 * `&t=<simulated microseconds>` (the moment the run was shared at; the app opens there, paused).
 *
 * The text is untrusted: it is size-capped before it is decoded, decompressed with a cap on the output (a
 * deflate bomb stops at the cap), parsed as JSON (never evaluated), migrated, and validated by the scenario
 * schema. Every failure returns a typed error naming what was wrong; nothing here throws.
 */
import { Inflate, strFromU8 } from 'fflate';
import { LIMITS, SCENARIO_VERSION } from '../sim/scenarios/constants.ts';
import type { Scenario } from '../sim/scenarios/schema.ts';
import { RUN_TO_WORK_LIMIT, workExcess } from '../sim/scenarios/work.ts';
import { ALPHABET, encodeShareHash, toBase64Url } from './encode.ts';
import { decodeScenarioData } from './migrate.ts';

// Encoding has a module of its own (the page loads only it, never the schema); these re-exports keep one door.
export { encodeShareHash, toBase64Url };

export const MAX_HASH_CHARS = 16 * 1024;
export const MAX_JSON_BYTES = 256 * 1024;

export type DecodeResult =
  | { ok: true; scenario: Scenario; atUs: number | null }
  | { ok: false; error: string };

export function decodeShareHash(input: string): DecodeResult {
  try {
    return decode(input);
  } catch (e) {
    // Defence in depth: every path below returns its own error, but nothing may escape to the page.
    return {
      ok: false,
      error: `the share link could not be read (${e instanceof Error ? e.message : 'unknown error'})`,
    };
  }
}

function decode(input: string): DecodeResult {
  if (input.length > MAX_HASH_CHARS)
    return {
      ok: false,
      error: `the share link is too long (${input.length.toLocaleString('en-US')} characters; the limit is ${MAX_HASH_CHARS.toLocaleString('en-US')})`,
    };
  const hash = input.startsWith('#') ? input.slice(1) : input;
  const params = new Map<string, string>();
  for (const part of hash.split('&')) {
    const eq = part.indexOf('=');
    if (eq > 0) params.set(part.slice(0, eq), part.slice(eq + 1));
  }
  const s = params.get('s');
  if (s === undefined)
    return { ok: false, error: 'the share link has no scenario (expected "#s=<version>.<data>")' };
  const dot = s.indexOf('.');
  if (dot <= 0)
    return { ok: false, error: 'the share link is malformed: expected "<version>.<data>" after "s="' };
  const versionText = s.slice(0, dot);
  if (!/^\d{1,4}$/.test(versionText))
    return { ok: false, error: `the share link's version "${versionText.slice(0, 12)}" is not a number` };
  const version = Number(versionText);
  if (version > SCENARIO_VERSION)
    return {
      ok: false,
      error: `the share link is version ${version}, made by a newer Replication Lab; this one reads up to version ${SCENARIO_VERSION}`,
    };
  let atUs: number | null = null;
  const t = params.get('t');
  if (t !== undefined) {
    if (!/^\d{1,14}$/.test(t) || Number(t) > LIMITS.maxTimeUs)
      return {
        ok: false,
        error: `the share link's time "t=${t.slice(0, 20)}" is not a simulated time in range`,
      };
    atUs = Number(t);
  }
  const bytes = fromBase64Url(s.slice(dot + 1));
  if (!bytes) return { ok: false, error: 'the share link is corrupted: its data is not valid base64url' };
  const inflated = inflateCapped(bytes, MAX_JSON_BYTES);
  if (!inflated.ok) return inflated;
  let data: unknown;
  try {
    data = JSON.parse(inflated.text);
  } catch {
    return { ok: false, error: 'the share link is corrupted: its data is not valid JSON' };
  }
  const result = decodeScenarioData(data, version, 'the share link');
  if (!result.ok) return result;
  // The page seeks to the link's moment and the CLI runs to it: both hold the run to the same limit.
  const excess = atUs === null ? null : workExcess(result.scenario, atUs / 1000, RUN_TO_WORK_LIMIT);
  if (excess)
    return {
      ok: false,
      error: `the share link's time t=${atUs} is too far into its run: ${excess.message}: share an earlier moment or ${excess.remedy}`,
    };
  return { ok: true, scenario: result.scenario, atUs };
}

function inflateCapped(
  bytes: Uint8Array,
  cap: number,
): { ok: true; text: string } | { ok: false; error: string } {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let tooBig = false;
  const inflater = new Inflate((chunk) => {
    size += chunk.length;
    if (size > cap) tooBig = true;
    else chunks.push(chunk);
  });
  try {
    // Small input steps bound how far one push can overshoot the cap.
    for (let i = 0; i < bytes.length && !tooBig; i += 512)
      inflater.push(bytes.subarray(i, i + 512), i + 512 >= bytes.length);
  } catch {
    return { ok: false, error: 'the share link is corrupted or truncated: its data does not decompress' };
  }
  if (tooBig)
    return {
      ok: false,
      error: `the share link's scenario is too large (over ${cap / 1024} KB uncompressed)`,
    };
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  if (size === 0) return { ok: false, error: 'the share link is truncated: its data is empty' };
  try {
    return { ok: true, text: strFromU8(out) };
  } catch {
    return { ok: false, error: 'the share link is corrupted: its data is not text' };
  }
}

const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

/** null when the text holds a character outside base64url or has an impossible length. */
export function fromBase64Url(text: string): Uint8Array | null {
  if (text.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    const count = Math.min(4, text.length - i);
    for (let j = 0; j < 4; j++) {
      const c = j < count ? text.charCodeAt(i + j) : 65;
      const v = c < 128 ? (LOOKUP[c] ?? -1) : -1;
      if (v < 0) return null;
      n = (n << 6) | (j < count ? v : 0);
    }
    out[o++] = (n >> 16) & 255;
    if (count > 2) out[o++] = (n >> 8) & 255;
    if (count > 3) out[o++] = n & 255;
  }
  return out.subarray(0, o);
}
