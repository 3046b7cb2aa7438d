/** What the multi-leader views read off a snapshot: the cluster's settings, its cut links and clock skews. */
import type { MultiLeaderSettings, NetworkSettings } from '../../../sim/types.ts';
import type { LabState } from '../../store.ts';

export interface MultiLeaderShown extends MultiLeaderSettings {
  readonly cuts: NetworkSettings['cuts'];
  readonly clockSkewMs: NetworkSettings['clockSkewMs'];
}

/** The multi-leader settings with the network's cut links and clock skews, while a multi-leader run is loaded. */
export function multiLeaderShown(state: LabState): MultiLeaderShown | null {
  const snap = state.snapshot;
  if (snap?.view.model !== 'multi-leader') return null;
  return { ...snap.view.settings, cuts: snap.network.cuts, clockSkewMs: snap.network.clockSkewMs };
}
