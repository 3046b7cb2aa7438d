/** The right-hand column of controls. */
import { ClientControls } from './controls/ClientControls.tsx';
import { DataControls } from './controls/DataControls.tsx';
import { FailoverControls } from './controls/FailoverControls.tsx';
import { FaultControls } from './controls/FaultControls.tsx';
import { PlaybackControls } from './controls/PlaybackControls.tsx';
import { ReplicationControls } from './controls/ReplicationControls.tsx';
import { WorkloadControls } from './controls/WorkloadControls.tsx';

export function ControlPanel() {
  return (
    <aside className="control-panel" aria-label="Controls">
      <PlaybackControls />
      <FaultControls />
      <FailoverControls />
      <ReplicationControls />
      <ClientControls />
      <DataControls />
      <WorkloadControls />
    </aside>
  );
}
