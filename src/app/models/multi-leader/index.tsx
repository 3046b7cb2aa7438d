/** Multi-leader replication as the page shows it. */

import { lazy } from 'react';
import type { ReadPolicy } from '../../../sim/scenarios/schema.ts';
import { StarLinks } from '../../graph/StarLinks.tsx';
import type { LayerProps, ModelUi } from '../types.ts';
import { describeMultiLeaderNode, MultiLeaderNodeBody, multiLeaderSummary } from './MultiLeaderNodeBody.tsx';
import { MultiLeaderStatus } from './MultiLeaderStatus.tsx';
import { RegionGroups, RegionLinks } from './RegionLayer.tsx';
import { useMultiLeaderTopology } from './regionTopology.ts';

/** Its own chunk, loaded when its tab is first opened (page/PanelTabs.tsx shows a loading line meanwhile). */
const ConflictsPanel = lazy(() =>
  import('./ConflictsPanel.tsx').then((m) => ({ default: m.ConflictsPanel })),
);

/** Region groups and the links changes travel along; without regions, links from the first leader. */
function Behind({ topology }: LayerProps) {
  if (!topology.layout.regions) return <StarLinks topology={topology} />;
  return (
    <>
      <RegionGroups layout={topology.layout} />
      <RegionLinks layout={topology.layout} />
    </>
  );
}

// Read-your-writes is a leader-follower mechanism (a replica's applied log position against the client's last
// write); with several leaders it has no meaning, so it is not offered.
export const READ_POLICIES: readonly ReadPolicy[] = ['leader', 'any', 'monotonic'];

/** Its own chunk, with the rest of the controls' column (src/app/lazy.tsx): not needed to draw the graph. */
const Controls = lazy(() => import('./Controls.tsx').then((m) => ({ default: m.Controls })));

export const multiLeaderUi: ModelUi = {
  model: 'multi-leader',
  useTopology: useMultiLeaderTopology,
  Behind,
  Front: null,
  NodeBody: MultiLeaderNodeBody,
  describeNode: describeMultiLeaderNode,
  replicaSummary: multiLeaderSummary,
  epochOf: () => null,
  // Several leaders are the design of multi-leader replication: none is "the" leader, and none is split brain.
  currentLeader: () => null,
  splitBrain: () => [],
  // Its leaders are fixed by the scenario: the simulation has no promote or demote in this model.
  nodeActions: () => [],
  Controls,
  Status: MultiLeaderStatus,
  Banner: null,
  panels: [{ id: 'conflicts', title: 'Conflicts', place: 'tab', Component: ConflictsPanel }],
  // A write counts as lost only once no node holds it (view.ts `lostWritesOf`): "every leader" was false on the
  // page of write-conflict-diverge, whose two leaders keep different titles with no write lost.
  words: { holder: 'at least one node', home: 'home leader', writeTo: 'Write to' },
  readPolicies: READ_POLICIES,
  readFormPolicies: ['any', 'monotonic'],
  writeTargets: (snapshot) =>
    snapshot.view.model === 'multi-leader' ? [...snapshot.view.settings.leaders] : [],
  readTargets: (snapshot) => snapshot.nodes.map((n) => n.id),
};
