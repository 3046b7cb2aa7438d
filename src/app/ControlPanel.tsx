/** The column of controls: the ones every model has, and the loaded model's own (its record's `Controls`). */
import { DataControls } from './controls/DataControls.tsx';
import { FaultControls } from './controls/FaultControls.tsx';
import { NodesControl } from './controls/NodesControl.tsx';
import { PlaybackControls } from './controls/PlaybackControls.tsx';
import { WorkloadControls } from './controls/WorkloadControls.tsx';
import type { ModelUi } from './models/types.ts';

export function ControlPanel({ ui }: { ui: ModelUi }) {
  const { Controls } = ui;
  return (
    <aside className="control-panel" aria-label="Controls">
      <PlaybackControls />
      <FaultControls />
      <NodesControl />
      <Controls />
      <DataControls ui={ui} />
      <WorkloadControls />
    </aside>
  );
}
