/**
 * What the engine's recording (src/sim/engine/recording.ts) takes from the scenario schema, for the simulation
 * worker's bundle, where vite.config.ts (`simWorkerOnDemand`) puts this module in place of
 * src/sim/scenarios/schema.ts: the schema and zod are a chunk of their own, fetched after the first snapshot
 * (`loadSchema`), and a user action waits in the inbox until it has arrived. Only a user's action is checked
 * against the schema during a run; a preset loads without it.
 */
import type * as Schema from '../../sim/scenarios/schema.ts';

let schema: typeof Schema | null = null;
let loading: Promise<void> | null = null;

/** Fetches the schema once (a failed fetch may be tried again). */
export function loadSchema(): Promise<void> {
  loading ??= import('../../sim/scenarios/schema.ts').then(
    (module) => {
      schema = module;
    },
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}

export function isSchemaLoaded(): boolean {
  return schema !== null;
}

function loadedSchema(): typeof Schema {
  if (!schema) throw new Error('the scenario schema is not loaded (loadSchema first)');
  return schema;
}

export const actionSchema = {
  safeParse: (action: unknown) => loadedSchema().actionSchema.safeParse(action),
};

export function parseScenario(data: unknown): Schema.ParseResult {
  return loadedSchema().parseScenario(data);
}
