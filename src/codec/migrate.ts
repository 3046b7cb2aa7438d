/**
 * Reading scenario data of any version this build understands. Each migration takes the data of version v to
 * version v + 1; there are none yet, since version 1 is the first. A newer version is refused with a message,
 * never guessed at.
 */
import { describeIssues, parseScenario, SCENARIO_VERSION, type Scenario } from '../sim/scenarios/schema.ts';

const MIGRATIONS: Record<number, (data: Record<string, unknown>) => Record<string, unknown>> = {};

export function decodeScenarioData(
  data: unknown,
  declaredVersion: number | null,
  source: string,
): { ok: true; scenario: Scenario } | { ok: false; error: string } {
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    return { ok: false, error: `${source} does not hold a scenario object` };
  let obj = data as Record<string, unknown>;
  const version = declaredVersion ?? obj.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    return {
      ok: false,
      error: `${source}: version: expected a scenario version number (1..${SCENARIO_VERSION})`,
    };
  if (version > SCENARIO_VERSION)
    return {
      ok: false,
      error: `${source} is scenario version ${version}, made by a newer Replication Lab; this one reads up to version ${SCENARIO_VERSION}`,
    };
  for (let v = version; v < SCENARIO_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (!step) return { ok: false, error: `${source}: no migration from scenario version ${v}` };
    obj = step(obj);
  }
  const parsed = parseScenario(obj);
  if (!parsed.ok)
    return { ok: false, error: `${source} is not a valid scenario: ${describeIssues(parsed.issues)}` };
  return parsed;
}
