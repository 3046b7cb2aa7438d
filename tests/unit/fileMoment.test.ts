import { describe, expect, it } from 'vitest';
import { addressMoment } from '../../src/app/share.ts';
import { MOMENT_FIELD, scenarioFromJson, scenarioToJson } from '../../src/codec/file.ts';
import { escapeControls, excerpt, fileTextProblem, sizeText } from '../../src/codec/fileText.ts';
import { LIMITS } from '../../src/sim/scenarios/constants.ts';
import { defaultScenario, getPreset } from '../../src/sim/scenarios/presets/index.ts';

describe('a scenario file carries the moment it was exported at', () => {
  const scenario = getPreset('sloppy-quorum-stale')?.scenario ?? defaultScenario();

  it('round-trips the moment beside the scenario', () => {
    const text = scenarioToJson(scenario, 2_029_782);
    expect(JSON.parse(text)[MOMENT_FIELD]).toBe(2_029_782);
    expect(scenarioFromJson(text)).toEqual({ ok: true, scenario, atUs: 2_029_782 });
  });

  it('still reads a file without one, which opens at the start', () => {
    const result = scenarioFromJson(scenarioToJson(scenario));
    expect(result).toEqual({ ok: true, scenario });
    expect(result.ok && result.atUs).toBeUndefined();
  });

  it('refuses a moment that is not a simulated time in range, naming the field', () => {
    for (const bad of [-1, 1.5, '2029782', null, LIMITS.maxTimeUs + 1]) {
      const text = JSON.stringify({ ...scenario, [MOMENT_FIELD]: bad });
      expect(scenarioFromJson(text, '"x.json"')).toEqual({
        ok: false,
        error: expect.stringMatching(
          /^"x\.json": openAtUs: expected a simulated time in integer microseconds/,
        ),
      });
    }
  });

  it('still validates the scenario itself when a moment is present', () => {
    const text = JSON.stringify({ ...scenario, sneaky: 1, [MOMENT_FIELD]: 5 });
    expect(scenarioFromJson(text)).toMatchObject({ ok: false, error: expect.stringContaining('"sneaky"') });
  });
});

describe("a file's problems are named plainly", () => {
  it('calls an empty or blank file empty, as the CLI does', () => {
    expect(scenarioFromJson('', '"a.json"')).toEqual({
      ok: false,
      error: '"a.json" is empty: a scenario file holds one JSON object',
    });
    expect(scenarioFromJson(' \n\t ', '"a.json"')).toMatchObject({
      error: expect.stringContaining('is empty'),
    });
  });

  it('gives sizes with separators and units', () => {
    expect(sizeText(512)).toBe('512 bytes');
    expect(sizeText(2_701_756)).toBe('2,701,756 bytes (2.6 MB)');
    expect(sizeText(1_048_576)).toBe('1,048,576 bytes (1 MB)');
    expect(sizeText(20_480)).toBe('20,480 bytes (20 kB)');
    const big = `{"name": "${'x'.repeat(2_000_000)}"}`;
    expect(scenarioFromJson(big, '"big.json"')).toEqual({
      ok: false,
      error: '"big.json" is too large (2,000,012 bytes (1.9 MB); the limit is 1,048,576 bytes (1 MB))',
    });
  });

  it('never echoes control characters: a binary file is named as such, with an escaped excerpt', () => {
    // A PNG's first bytes as the page's File.text() decodes them (invalid UTF-8 becomes U+FFFD).
    const png = '\ufffdPNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR\u0000\u0000\u0001';
    const result = scenarioFromJson(png, '"shot.png"');
    expect(result).toEqual({
      ok: false,
      error:
        '"shot.png" is not a text file (it starts "\\ufffdPNG\\r\\n\\x1a\\n\\x00\\x00\\x00\\r"…): a scenario file holds one JSON object',
    });
    expect(escapeControls(result.ok ? '' : result.error)).toBe(result.ok ? '' : result.error);
    expect(fileTextProblem('{"a": 1}', 'f')).toBeNull();
  });

  it('escapes control characters that a JSON error quotes', () => {
    const result = scenarioFromJson('{"name": "a\u0007b"', 'f');
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error).not.toContain('\u0007');
    expect(escapeControls(result.ok ? '' : result.error)).toBe(result.ok ? '' : result.error);
    expect(escapeControls('a\u0007\tb')).toBe('a\\x07\\tb');
    expect(excerpt('abc')).toBe('"abc"');
  });
});

describe('the address bar', () => {
  it('holds the moment while paused, and none while playing', () => {
    const snapshot = { nowUs: 846_360 } as never;
    expect(addressMoment({ playing: false, snapshot })).toBe(846_360);
    expect(addressMoment({ playing: true, snapshot })).toBeNull();
    expect(addressMoment({ playing: false, snapshot: null })).toBeNull();
  });
});
