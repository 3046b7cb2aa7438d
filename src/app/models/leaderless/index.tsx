/** Leaderless (Dynamo-style) replication as the page shows it. */
import { lazy } from 'react';
import type { ModelUi } from '../types.ts';
import { LeaderlessBar } from './LeaderlessBar.tsx';
import { LeaderlessCounts } from './LeaderlessCounts.tsx';
import { LeaderlessStatus } from './LeaderlessStatus.tsx';
import { describeLeaderlessNode, LeaderlessBody, leaderlessSummary } from './NodeBody.tsx';
import { QuorumLayer } from './QuorumLayer.tsx';
import { RingLayer } from './RingLayer.tsx';
import { useRingTopology } from './useRingTopology.ts';

/** Its own chunk, loaded when its tab is first opened (page/PanelTabs.tsx shows a loading line meanwhile). */
const StalenessPanel = lazy(() =>
  import('./StalenessPanel.tsx').then((m) => ({ default: m.StalenessPanel })),
);

/** Its own chunk, with the rest of the controls' column (src/app/lazy.tsx): not needed to draw the graph. */
const QuorumControls = lazy(() =>
  import('./QuorumControls.tsx').then((m) => ({ default: m.QuorumControls })),
);

export const leaderlessUi: ModelUi = {
  model: 'leaderless',
  useTopology: useRingTopology,
  Behind: RingLayer,
  Front: QuorumLayer,
  NodeBody: LeaderlessBody,
  describeNode: describeLeaderlessNode,
  replicaSummary: leaderlessSummary,
  epochOf: () => null,
  currentLeader: () => null,
  splitBrain: () => [],
  // No node leads, so there is nothing to promote or demote.
  nodeActions: () => [],
  Controls: QuorumControls,
  Status: LeaderlessStatus,
  Banner: LeaderlessBar,
  panels: [
    { id: 'staleness', title: 'Staleness (PBS)', place: 'tab', Component: StalenessPanel },
    { id: 'counts', title: 'Leaderless counters', place: 'history', Component: LeaderlessCounts },
  ],
  words: { holder: 'a replica', home: 'home coordinator', writeTo: 'Coordinator' },
  // Clients of a leaderless store send each request to a coordinator; there is no per-client read policy.
  readPolicies: null,
  readFormPolicies: ['any'],
  writeTargets: (snapshot) => snapshot.nodes.map((n) => n.id),
  readTargets: (snapshot) => snapshot.nodes.map((n) => n.id),
};
