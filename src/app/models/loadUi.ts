/**
 * The models' page records, fetched when first needed: leader-follower's is part of the page (the default
 * preset's model, and the one the page shows before any run names another: registry.ts registers it), while
 * multi-leader's and leaderless's are chunks of their own, fetched once the first graph is drawn or as soon as a
 * run of theirs is asked for, whichever comes first. The store never names a model whose record is not here:
 * the simulation client (src/app/worker/simClient.ts) holds a run of such a model back until it has arrived, so
 * the page keeps showing what it showed. No React here: the entry (src/main.tsx) imports this through the client.
 */
import type { ModelName } from '../../sim/scenarios/constants.ts';
import { oncePerName } from '../../worker/onDemand/once.ts';
import { notify } from '../store.ts';
import type { ModelUi } from './types.ts';

const CHUNKS = oncePerName<ModelName, ModelUi>({
  'leader-follower': async () => (await import('./leader-follower/index.tsx')).leaderFollowerUi,
  'multi-leader': async () => (await import('./multi-leader/index.tsx')).multiLeaderUi,
  leaderless: async () => (await import('./leaderless/index.tsx')).leaderlessUi,
});

/**
 * Fetches every model's record in the background (a failure is reported when a run needs it): for a run whose
 * model is not known yet (a shared run the worker is reading), so it starts as soon as it is known.
 */
export function prefetchModelUis(): void {
  for (const name of Object.keys(CHUNKS) as ModelName[]) void loadModelUi(name).catch(() => {});
}

/** A record that is part of the page's own chunk. */
export function registerModelUi(ui: ModelUi): void {
  CHUNKS[ui.model].set(ui);
}

export function loadedModelUi(name: ModelName): ModelUi | undefined {
  return CHUNKS[name].value;
}

/** Fetches a model's record once (a failed fetch may be tried again). */
export function loadModelUi(name: ModelName): Promise<ModelUi> {
  return CHUNKS[name].load();
}

/**
 * True when the record of `model` is here; otherwise false, and `then` runs once it has arrived (or the page says
 * it could not).
 */
export function withModelUi(model: ModelName, then: () => void): boolean {
  if (CHUNKS[model].value) return true;
  loadModelUi(model).then(then, () =>
    notify({
      tone: 'error',
      title: 'The run could not be shown',
      message: `The page's code for the ${model} model did not arrive: reload to try again.`,
    }),
  );
  return false;
}
