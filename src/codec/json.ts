/** Scenario -> JSON file text. Its own module: the page exports files without loading the schema (file.ts). */
import type { Scenario } from '../sim/scenarios/schema.ts';

/** The file's optional field beside the scenario's: the simulated time (µs) it was exported at. */
export const MOMENT_FIELD = 'openAtUs';

/** The scenario's JSON; with `atUs`, the moment to open it at (file.ts reads it back). */
export function scenarioToJson(scenario: Scenario, atUs?: number | null): string {
  const data =
    atUs === undefined || atUs === null
      ? scenario
      : { ...scenario, [MOMENT_FIELD]: Math.max(0, Math.round(atUs)) };
  return `${JSON.stringify(data, null, 2)}\n`;
}
