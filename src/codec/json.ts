/** Scenario -> JSON file text. Its own module: the page exports files without loading the schema (file.ts). */
import type { Scenario } from '../sim/scenarios/schema.ts';

export function scenarioToJson(scenario: Scenario): string {
  return `${JSON.stringify(scenario, null, 2)}\n`;
}
