/**
 * Scenario <-> JSON file, through the same schema and migrations as the share URL. A file may carry the moment it
 * was exported at (`openAtUs`, integer simulated microseconds, beside the scenario's fields): the app opens an
 * imported file there, paused, as it opens a share link at its `t`. Files without it open at the start.
 */
import { LIMITS } from '../sim/scenarios/constants.ts';
import type { Scenario } from '../sim/scenarios/schema.ts';
import { escapeControls, fileTextProblem, MAX_FILE_BYTES } from './fileText.ts';
import { MOMENT_FIELD, scenarioToJson } from './json.ts';
import { decodeScenarioData } from './migrate.ts';

export { MAX_FILE_BYTES, MOMENT_FIELD, scenarioToJson };

/** A scenario read from a file; `atUs` only when the file carries a moment. */
export type FileResult = { ok: true; scenario: Scenario; atUs?: number } | { ok: false; error: string };

export function scenarioFromJson(text: string, source = 'the file'): FileResult {
  const problem = fileTextProblem(text, source);
  if (problem) return { ok: false, error: problem };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    // The engine's message may quote the text: its control characters are written as escapes, and it is capped.
    const why = e instanceof Error ? escapeControls(e.message).slice(0, 160) : 'parse error';
    return { ok: false, error: `${source} is not valid JSON (${why})` };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data) || !(MOMENT_FIELD in data))
    return decodeScenarioData(data, null, source);
  const { [MOMENT_FIELD]: moment, ...rest } = data as Record<string, unknown>;
  if (typeof moment !== 'number' || !Number.isInteger(moment) || moment < 0 || moment > LIMITS.maxTimeUs)
    return {
      ok: false,
      error: `${source}: ${MOMENT_FIELD}: expected a simulated time in integer microseconds, 0 to ${LIMITS.maxTimeUs.toLocaleString('en-US')}`,
    };
  const result = decodeScenarioData(rest, null, source);
  return result.ok ? { ...result, atUs: moment } : result;
}
