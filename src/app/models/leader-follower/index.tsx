/** Leader-follower replication as the page shows it. */
import { lazy } from 'react';
import { twoLeadersKind } from '../../../sim/analysis/leaders.ts';
import type { ReadPolicy } from '../../../sim/scenarios/schema.ts';
import { StarLinks } from '../../graph/StarLinks.tsx';
import type { ModelUi } from '../types.ts';
import { LeaderStatus, SplitBrainBanner } from './LeaderStatus.tsx';
import { currentLeader, upLeaders } from './leadership.ts';
import { describeLeaderFollowerNode, LeaderFollowerBody, leaderFollowerSummary } from './NodeBody.tsx';
import { useLeaderFollowerTopology } from './topology.ts';

export const READ_POLICIES: readonly ReadPolicy[] = ['leader', 'any', 'read-your-writes', 'monotonic'];

/** Its own chunk, with the rest of the controls' column (src/app/lazy.tsx): not needed to draw the graph. */
const Controls = lazy(() => import('./Controls.tsx').then((m) => ({ default: m.Controls })));

export const leaderFollowerUi: ModelUi = {
  model: 'leader-follower',
  useTopology: useLeaderFollowerTopology,
  Behind: StarLinks,
  Front: null,
  NodeBody: LeaderFollowerBody,
  describeNode: describeLeaderFollowerNode,
  replicaSummary: leaderFollowerSummary,
  epochOf: (node) => (node.model === 'leader-follower' ? node.term : null),
  currentLeader,
  splitBrain: (nodes, view) => {
    const leaders = upLeaders(nodes);
    if (leaders.length < 2) return [];
    // Without the settings (none given) two leaders are taken for split brain, as under naive failover.
    const failover = view?.model === 'leader-follower' ? view.settings.failover : 'naive';
    return twoLeadersKind(leaders, failover) === 'split' ? leaders.map((l) => l.id) : [];
  },
  nodeActions: (node) => {
    if (!node.up) return [];
    return node.role === 'leader'
      ? [
          {
            label: 'Demote to follower',
            action: { type: 'demote', node: node.id },
            hint: 'This leader steps down, as an operator would make it',
          },
        ]
      : [
          {
            label: 'Promote to leader',
            action: { type: 'promote', node: node.id },
            hint: 'Make this node the leader of a new term, without an election (a manual failover)',
          },
        ];
  },
  Controls,
  Status: LeaderStatus,
  Banner: SplitBrainBanner,
  panels: [],
  words: { holder: 'the leader', home: 'leader', writeTo: 'Write to' },
  readPolicies: READ_POLICIES,
  readFormPolicies: ['any', 'read-your-writes', 'monotonic'],
  writeTargets: () => [],
  readTargets: (snapshot) => snapshot.nodes.filter((n) => n.role !== 'leader').map((n) => n.id),
};
