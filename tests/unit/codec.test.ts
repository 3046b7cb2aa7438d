import fc from 'fast-check';
import { deflateSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { momentTooFar } from '../../src/codec/encode.ts';
import { scenarioFromJson, scenarioToJson } from '../../src/codec/file.ts';
import {
  decodeShareHash,
  encodeShareHash,
  fromBase64Url,
  MAX_HASH_CHARS,
  toBase64Url,
} from '../../src/codec/url.ts';
import { defaultScenario, PRESETS } from '../../src/sim/scenarios/presets/index.ts';
import { scenarioArb } from '../support/arbitraries.ts';

const packJson = (json: string) => toBase64Url(deflateSync(strToU8(json)));

/**
 * The default scenario with its network latency nested `depth` mixtures deep, as JSON text (JSON.stringify
 * itself recurses, and overflows on thousands of levels).
 */
function deepMixtureJson(depth: number): string {
  const latency = `${'{"dist":"mixture","components":[{"weight":1,"latency":'.repeat(depth)}{"dist":"constant","ms":1}${'}]}'.repeat(depth)}`;
  const s = defaultScenario();
  return JSON.stringify({ ...s, network: { ...s.network, latency: 'DEEP' } }).replace('"DEEP"', latency);
}
const DEPTH_MESSAGE =
  'network.latency: latency mixtures may nest at most 4 levels deep (a mixture inside a mixture is 2); this one nests deeper';

describe('share URL codec', () => {
  it('scenario -> URL -> scenario is the identity (property)', () => {
    fc.assert(
      fc.property(
        scenarioArb,
        fc.option(fc.integer({ min: 0, max: 10_000_000 }), { nil: undefined }),
        (s, t) => {
          const decoded = decodeShareHash(encodeShareHash(s, t));
          expect(decoded).toEqual({ ok: true, scenario: s, atUs: t ?? null });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the decoder never throws on arbitrary text and returns a typed error instead (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string().map((x) => `s=1.${x}`),
          fc.base64String().map((x) => `s=1.${x}`),
        ),
        (text) => {
          const r = decodeShareHash(text);
          expect(r.ok === true || (typeof r.error === 'string' && r.error.length > 0)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('truncated links never decode to a different scenario (property)', () => {
    fc.assert(
      fc.property(scenarioArb, fc.double({ min: 0.05, max: 0.95, noNaN: true }), (s, frac) => {
        const hash = encodeShareHash(s);
        const cut = hash.slice(0, Math.floor(hash.length * frac));
        const r = decodeShareHash(cut);
        if (r.ok) expect(r.scenario).toEqual(s);
        else expect(r.error).toMatch(/share link/);
      }),
      { numRuns: 200 },
    );
  });

  it('a typical scenario stays well under 2,000 characters', () => {
    // The presets at scale list hundreds of node ids: they are not typical, and must still fit a link.
    for (const p of PRESETS) {
      const length = encodeShareHash(p.scenario, 1_234_567).length;
      if (p.scenario.nodes.length > 25) expect(length, p.id).toBeLessThan(MAX_HASH_CHARS / 2);
      else expect(length, p.id).toBeLessThan(1000);
    }
  });

  it('base64url round-trips any bytes and rejects foreign characters', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
      }),
    );
    expect(fromBase64Url('ab+c')).toBeNull();
    expect(fromBase64Url('abcde')).toBeNull();
  });

  const bad: [string, string, RegExp][] = [
    ['no scenario', 'x=1', /has no scenario/],
    ['no version separator', 's=abc', /malformed/],
    ['a version that is not a number', 's=v1.abc', /version "v1" is not a number/],
    ['a newer version', 's=9.abc', /version 9, made by a newer Replication Lab/],
    ['corrupted data', 's=1.!!!!', /not valid base64url/],
    ['data that does not inflate', 's=1.AAAAAAAA', /does not decompress|truncated|not valid JSON/],
    ['not JSON', `s=1.${packJson('{nope')}`, /not valid JSON/],
    ['not an object', `s=1.${packJson('[1,2]')}`, /does not hold a scenario object/],
    ['a bad time', `${encodeShareHash(defaultScenario())}&t=-5`, /time "t=-5"/],
  ];
  it.each(bad)('rejects %s with a message naming it', (_name, hash, message) => {
    const r = decodeShareHash(hash);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });

  it('names the field that is out of range', () => {
    const s = { ...defaultScenario(), network: { ...defaultScenario().network, dropProbability: 7 } };
    const r = decodeShareHash(`s=1.${packJson(JSON.stringify(s))}`);
    expect(r).toEqual({
      ok: false,
      error:
        'the share link is not a valid scenario: network.dropProbability: must be a number from 0 to 1 (got 7)',
    });
  });

  it('names an unknown node in the timeline', () => {
    const s = { ...defaultScenario(), timeline: [{ atUs: 5, action: { type: 'crash', node: 'ghost' } }] };
    const r = decodeShareHash(`s=1.${packJson(JSON.stringify(s))}`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain('timeline[0].action.node: unknown node "ghost"');
  });

  it('refuses a latency mixture nested thousands deep with a message, not a stack overflow', () => {
    // 4,000 levels is what fits under the 256 KB cap on the decompressed text; zod overflows near 450.
    expect(decodeShareHash(`s=1.${packJson(deepMixtureJson(4000))}`)).toEqual({
      ok: false,
      error: `the share link is not a valid scenario: ${DEPTH_MESSAGE}`,
    });
  });

  it('refuses a scenario whose run would exceed the work limit', () => {
    const s = defaultScenario();
    const day = { ...s, durationMs: 86_400_000, workload: { ...s.workload, ratePerSec: 5000 } };
    const r = decodeShareHash(`s=1.${packJson(JSON.stringify(day))}`);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error).toMatch(
        /^the share link is not a valid scenario: durationMs: expected work [\d,]+ \([\d,]+ operations: [\d,]+; heartbeats every \d+ ms: [\d,]+\) exceeds the limit of 2,000,000: shorten durationMs or lower workload.ratePerSec$/,
      );
  });

  it('holds a link’s time to the limit of a run to a moment, the one the CLI holds it to', () => {
    const s = defaultScenario();
    const busy = { ...s, workload: { ...s.workload, enabled: true, ratePerSec: 5000 } };
    const atUs = (ms: number) => encodeShareHash(busy, ms * 1000);
    // Past durationMs and the scenario's own limit, within the run's: opened there.
    const hour = decodeShareHash(atUs(60_000));
    expect(hour.ok && hour.atUs).toBe(60_000_000);
    const day = decodeShareHash(atUs(86_400_000));
    expect(day.ok).toBe(false);
    if (!day.ok)
      expect(day.error).toMatch(
        /^the share link's time t=86400000000 is too far into its run: expected work [\d,]+ \([\d,]+ operations: [\d,]+; heartbeats every \d+ ms: [\d,]+\) exceeds the limit of 200,000,000: share an earlier moment or lower workload.ratePerSec$/,
      );
  });

  it('makes no link the decoder refuses: the encoder leaves out a moment past the limit (momentTooFar)', () => {
    const s = defaultScenario();
    const busy = { ...s, workload: { ...s.workload, enabled: true, ratePerSec: 5000 } };
    for (const ms of [0, 1000, 60_000, 1_000_000, 86_400_000]) {
      const tooFar = momentTooFar(busy, ms * 1000);
      const decoded = decodeShareHash(encodeShareHash(busy, ms * 1000));
      expect(decoded.ok, `${ms} ms`).toBe(tooFar === null);
      if (tooFar) expect(decoded.ok || decoded.error).toContain(tooFar);
    }
    expect(momentTooFar(busy, null)).toBeNull();
  });

  it('caps the size before decoding', () => {
    const r = decodeShareHash(`s=1.${'A'.repeat(MAX_HASH_CHARS)}`);
    expect(r).toEqual({
      ok: false,
      error: 'the share link is too long (16,388 characters; the limit is 16,384)',
    });
  });

  it('stops a deflate bomb at the output cap', () => {
    const bomb = `s=1.${toBase64Url(deflateSync(new Uint8Array(10_000_000).fill(32), { level: 9 }))}`;
    expect(bomb.length).toBeLessThan(MAX_HASH_CHARS);
    const r = decodeShareHash(bomb);
    expect(r).toEqual({
      ok: false,
      error: "the share link's scenario is too large (over 256 KB uncompressed)",
    });
  });
});

describe('JSON file codec', () => {
  it('round-trips every preset', () => {
    for (const p of PRESETS)
      expect(scenarioFromJson(scenarioToJson(p.scenario))).toEqual({ ok: true, scenario: p.scenario });
  });

  it('explains invalid JSON and invalid fields', () => {
    expect(scenarioFromJson('{"version": 1,')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^the file is not valid JSON/),
    });
    const noSeed: Record<string, unknown> = { ...defaultScenario() };
    delete noSeed.seed;
    expect(scenarioFromJson(JSON.stringify(noSeed))).toEqual({
      ok: false,
      error: 'the file is not a valid scenario: seed: is missing: it must be a number',
    });
    expect(scenarioFromJson(JSON.stringify({ ...defaultScenario(), version: 2 }))).toMatchObject({
      ok: false,
      error: expect.stringContaining('scenario version 2, made by a newer Replication Lab'),
    });
  });

  it('refuses a latency mixture nested 5,000 deep with a message, not a stack overflow', () => {
    expect(scenarioFromJson(deepMixtureJson(5000))).toEqual({
      ok: false,
      error: `the file is not a valid scenario: ${DEPTH_MESSAGE}`,
    });
  });

  it('rejects unknown fields rather than silently dropping them', () => {
    const r = scenarioFromJson(JSON.stringify({ ...defaultScenario(), sneaky: '<script>' }));
    expect(r).toMatchObject({ ok: false, error: expect.stringContaining('unknown field "sneaky"') });
  });
});
