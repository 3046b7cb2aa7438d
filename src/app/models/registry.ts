/**
 * The one place that knows every model's page record. The page looks a model up here by name; graph/,
 * controls/ and the history only ever see the `ModelUi` they are handed. Leader-follower's record is part of the
 * page; the others are chunks (loadUi.ts), fetched after the first graph is drawn or when a run of theirs is
 * loaded, which the simulation client holds back until its record is here.
 */
import type { ModelName } from '../../sim/scenarios/constants.ts';
import { afterFirstGraph } from '../firstGraph.ts';
import { useLab } from '../hooks.ts';
import type { LabState } from '../store.ts';
import { leaderFollowerUi } from './leader-follower/index.tsx';
import { loadedModelUi, loadModelUi, registerModelUi } from './loadUi.ts';
import type { ModelUi } from './types.ts';

registerModelUi(leaderFollowerUi);
// Fetched once the first graph is drawn, so a switch of model rarely waits for its record.
void afterFirstGraph().then(() => {
  for (const model of ['multi-leader', 'leaderless'] as const) void loadModelUi(model).catch(() => {});
});

/** The loaded run's model: from the latest snapshot, or from the scenario before the first one arrives. */
export function modelOf(state: LabState): ModelName {
  return state.snapshot?.view.model ?? state.scenario?.model ?? 'leader-follower';
}

/** The record of the loaded run's model; the component re-renders only when the model changes. */
export function useModelUi(): ModelUi {
  const model = useLab(modelOf);
  const ui = loadedModelUi(model);
  // The simulation client admits a run into the store only once its model's record is here (loadUi.ts).
  if (!ui) throw new Error(`the page's code for the ${model} model is not loaded`);
  return ui;
}
