/** What the leaderless views read off a snapshot: the quorum settings and the ring's state, flattened. */
import type { LeaderlessSettings, LeaderlessView } from '../../../sim/types.ts';
import type { LabState } from '../../store.ts';

export interface LeaderlessShown extends LeaderlessSettings, Omit<LeaderlessView, 'model' | 'settings'> {
  /** The PBS production profile replica traffic draws from, if any. */
  readonly latencyProfile: string | null;
}

/** The leaderless settings and ring state, while a leaderless run is loaded. */
export function leaderlessShown(state: LabState): LeaderlessShown | null {
  const snap = state.snapshot;
  if (snap?.view.model !== 'leaderless') return null;
  const { settings, model: _model, ...rest } = snap.view;
  return { ...settings, ...rest, latencyProfile: snap.network.latencyProfile };
}
