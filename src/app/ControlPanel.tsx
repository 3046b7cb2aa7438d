/**
 * The column of controls, the most used first: playback, faults, the loaded model's own (its record's
 * `Controls`), the data forms, and generated traffic. Each group folds away; the column scrolls on its own and
 * stays beside the graph.
 */

import { Suspense } from 'react';
import { DataControls } from './controls/DataControls.tsx';
import { FaultControls } from './controls/FaultControls.tsx';
import { NodesControl } from './controls/NodesControl.tsx';
import { PlaybackControls } from './controls/PlaybackControls.tsx';
import { WorkloadControls } from './controls/WorkloadControls.tsx';
import type { ModelUi } from './models/types.ts';

export function ControlPanel({ ui }: { ui: ModelUi }) {
  const { Controls } = ui;
  return (
    // The skip link's target: focusable so that following the link moves the keyboard here too.
    <aside className="control-panel" id="controls" aria-label="Controls" tabIndex={-1}>
      <PlaybackControls />
      <FaultControls />
      <NodesControl />
      {/* The model's own groups are a chunk of their own; another model's arrive after the column has. */}
      <Suspense fallback={null}>
        <Controls />
      </Suspense>
      <DataControls ui={ui} />
      <WorkloadControls />
    </aside>
  );
}
