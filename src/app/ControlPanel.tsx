/** The right-hand column of controls: the generic ones, plus those of the loaded replication model. */
import { ClientControls } from './controls/ClientControls.tsx';
import { DataControls } from './controls/DataControls.tsx';
import { FailoverControls } from './controls/FailoverControls.tsx';
import { FaultControls } from './controls/FaultControls.tsx';
import { PlaybackControls } from './controls/PlaybackControls.tsx';
import { ReplicationControls } from './controls/ReplicationControls.tsx';
import { WorkloadControls } from './controls/WorkloadControls.tsx';
import { useLab } from './hooks.ts';
import { QuorumControls } from './leaderless/QuorumControls.tsx';
import { MultiLeaderControls } from './multileader/MultiLeaderControls.tsx';

export function ControlPanel() {
  const model = useLab((s) => s.snapshot?.model ?? s.scenario?.model ?? 'leader-follower');
  // Failover, replication mode and read policies belong to leader-follower replication; leaderless clusters
  // have no leader and are tuned by their quorums instead.
  const leaderless = model === 'leaderless';
  const leaderFollower = model === 'leader-follower';
  return (
    <aside className="control-panel" aria-label="Controls">
      <PlaybackControls />
      <FaultControls />
      {leaderFollower && <FailoverControls />}
      {leaderFollower && <ReplicationControls />}
      {model === 'multi-leader' && <MultiLeaderControls />}
      {leaderless && <QuorumControls />}
      {!leaderless && <ClientControls />}
      <DataControls />
      <WorkloadControls />
    </aside>
  );
}
