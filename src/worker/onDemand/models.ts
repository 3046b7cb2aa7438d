/**
 * `createModel` for the simulation worker's bundle, where vite.config.ts (`simWorkerOnDemand`) puts it in place
 * of src/sim/models/index.ts: each model is a chunk of its own, fetched when a scenario of that model is first
 * loaded (the inbox awaits `loadModel` before the host sees the `load`), so a first visit fetches one model, not
 * three. Everywhere else (Node, the CLI, the other workers, the unit tests) the engine uses index.ts, which
 * imports all three.
 */
import type { ModelContext, ReplicationModel } from '../../sim/models/model.ts';
import type { ModelName } from '../../sim/scenarios/constants.ts';
import type { Scenario } from '../../sim/scenarios/schema.ts';

type ModelClass = new (scenario: Scenario, ctx: ModelContext) => ReplicationModel;

const CHUNKS: Readonly<Record<ModelName, () => Promise<ModelClass>>> = {
  'leader-follower': async () => (await import('../../sim/models/leader-follower/model.ts')).LeaderFollower,
  'multi-leader': async () => (await import('../../sim/models/multi-leader/model.ts')).MultiLeader,
  leaderless: async () => (await import('../../sim/models/leaderless/model.ts')).Leaderless,
};

const loaded = new Map<ModelName, ModelClass>();
const loading = new Map<ModelName, Promise<void>>();

/** Fetches a model's code once (a failed fetch may be tried again); `createModel` can make it from then on. */
export function loadModel(name: ModelName): Promise<void> {
  let pending = loading.get(name);
  if (!pending) {
    pending = CHUNKS[name]().then((Model) => {
      loaded.set(name, Model);
    });
    pending.catch(() => loading.delete(name));
    loading.set(name, pending);
  }
  return pending;
}

export function isModelLoaded(name: ModelName): boolean {
  return loaded.has(name);
}

export function createModel(scenario: Scenario, ctx: ModelContext): ReplicationModel {
  const Model = loaded.get(scenario.model);
  if (!Model) throw new Error(`the ${scenario.model} model's code is not loaded (loadModel first)`);
  return new Model(scenario, ctx);
}
