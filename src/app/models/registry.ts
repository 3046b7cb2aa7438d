/**
 * The one place that knows every model's page record. The page looks a model up here by name; graph/,
 * controls/ and the history only ever see the `ModelUi` they are handed.
 */
import type { ModelName } from '../../sim/scenarios/schema.ts';
import { useLab } from '../hooks.ts';
import type { LabState } from '../store.ts';
import { leaderFollowerUi } from './leader-follower/index.tsx';
import { leaderlessUi } from './leaderless/index.tsx';
import { multiLeaderUi } from './multi-leader/index.tsx';
import type { ModelUi } from './types.ts';

export const MODEL_UIS: Readonly<Record<ModelName, ModelUi>> = {
  'leader-follower': leaderFollowerUi,
  'multi-leader': multiLeaderUi,
  leaderless: leaderlessUi,
};

/** The loaded run's model: from the latest snapshot, or from the scenario before the first one arrives. */
export function modelOf(state: LabState): ModelName {
  return state.snapshot?.view.model ?? state.scenario?.model ?? 'leader-follower';
}

/** The record of the loaded run's model; the component re-renders only when the model changes. */
export function useModelUi(): ModelUi {
  return MODEL_UIS[useLab(modelOf)];
}
