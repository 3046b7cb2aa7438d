/** Scenario <-> JSON file, through the same schema and migrations as the share URL. */
import type { Scenario } from '../sim/scenarios/schema.ts';
import { scenarioToJson } from './json.ts';
import { decodeScenarioData } from './migrate.ts';

export { scenarioToJson };

export const MAX_FILE_BYTES = 1024 * 1024;

export function scenarioFromJson(
  text: string,
  source = 'the file',
): { ok: true; scenario: Scenario } | { ok: false; error: string } {
  if (text.length > MAX_FILE_BYTES)
    return {
      ok: false,
      error: `${source} is too large (${text.length} bytes; the limit is ${MAX_FILE_BYTES})`,
    };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return {
      ok: false,
      error: `${source} is not valid JSON (${e instanceof Error ? e.message : 'parse error'})`,
    };
  }
  return decodeScenarioData(data, null, source);
}
