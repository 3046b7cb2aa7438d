/**
 * What the engine's recording (src/sim/engine/recording.ts) takes from the scenario schema, for the simulation
 * worker's bundle, where vite.config.ts (`simWorkerOnDemand`) puts this module in place of
 * src/sim/scenarios/schema.ts: the schema and zod are a chunk of their own, fetched after the first snapshot
 * (`loadSchema`), and a user action waits in the inbox until it has arrived. Only a user's action is checked
 * against the schema during a run; a preset loads without it.
 */
import type * as Schema from '../../sim/scenarios/schema.ts';
import { Once } from './once.ts';

const schema = new Once<typeof Schema>(() => import('../../sim/scenarios/schema.ts'));

/** Fetches the schema once (a failed fetch may be tried again). */
export async function loadSchema(): Promise<void> {
  await schema.load();
}

export function isSchemaLoaded(): boolean {
  return schema.value !== undefined;
}

function loadedSchema(): typeof Schema {
  if (!schema.value) throw new Error('the scenario schema is not loaded (loadSchema first)');
  return schema.value;
}

export const actionSchema = {
  safeParse: (action: unknown) => loadedSchema().actionSchema.safeParse(action),
};

export function parseScenario(data: unknown): Schema.ParseResult {
  return loadedSchema().parseScenario(data);
}
