/**
 * `createModel` for the simulation worker's bundle, where vite.config.ts (`simWorkerOnDemand`) puts it in place
 * of src/sim/models/index.ts: the other models are a chunk of their own (otherModels.ts), fetched when a scenario
 * of either is first loaded (the inbox awaits `loadModel` before the host sees the `load`), so a first visit loads one
 * model, not three; leader-follower's, the default preset's, is part of the worker's own chunk. Everywhere else (Node, the CLI, the other workers, the unit tests) the engine uses index.ts, which
 * imports all three.
 */
import { LeaderFollower } from '../../sim/models/leader-follower/model.ts';
import type { ModelContext, ReplicationModel } from '../../sim/models/model.ts';
import type { ModelName } from '../../sim/scenarios/constants.ts';
import type { Scenario } from '../../sim/scenarios/schema.ts';
import { oncePerName } from './once.ts';

type ModelClass = new (scenario: Scenario, ctx: ModelContext) => ReplicationModel;

const CHUNKS = oncePerName<ModelName, ModelClass>({
  'leader-follower': async () => LeaderFollower,
  // One chunk for both (otherModels.ts says why).
  'multi-leader': async () => (await import('./otherModels.ts')).MultiLeader,
  leaderless: async () => (await import('./otherModels.ts')).Leaderless,
});

// The default preset's model is part of the worker's own chunk (with the model code the others share): a first
// visit's run waits for no second and third round of fetches before its first snapshot.
CHUNKS['leader-follower'].set(LeaderFollower);

/** Fetches a model's code once (a failed fetch may be tried again); `createModel` can make it from then on. */
export async function loadModel(name: ModelName): Promise<void> {
  await CHUNKS[name].load();
}

export function isModelLoaded(name: ModelName): boolean {
  return CHUNKS[name].value !== undefined;
}

export function createModel(scenario: Scenario, ctx: ModelContext): ReplicationModel {
  const Model = CHUNKS[scenario.model].value;
  if (!Model) throw new Error(`the ${scenario.model} model's code is not loaded (loadModel first)`);
  return new Model(scenario, ctx);
}
