/**
 * A leader-follower cluster driven by hand for unit tests of one rule: every message the model sends is kept in
 * `sent` (nothing is delivered), timers are never set, and the node called `leader` is made leader at term 1 with
 * `sent` then emptied.
 */
import { Rng } from '../../src/sim/engine/rng.ts';
import { LfCluster, type LfNode } from '../../src/sim/models/leader-follower/cluster.ts';
import type { ModelContext } from '../../src/sim/models/model.ts';
import type { Scenario } from '../../src/sim/scenarios/schema.ts';
import type { MessageBody, NodeId } from '../../src/sim/types.ts';
import { quietCluster } from './story.ts';

export interface Sent {
  readonly from: NodeId;
  readonly to: NodeId;
  readonly body: MessageBody;
}

export function lfCluster(
  nodes: readonly NodeId[],
  leaderFollower: Scenario['leaderFollower'],
): { c: LfCluster; sent: Sent[]; leader: LfNode } {
  const sent: Sent[] = [];
  const ctx: ModelContext = {
    nowUs: 0,
    nodes: [...nodes],
    rng: new Rng(1),
    send: (from, to, body) => {
      sent.push({ from, to, body });
    },
    setTimer: () => {},
    clockUs: () => 0,
    reportConflict: () => {},
    noteConflict: () => false,
  };
  const c = new LfCluster(quietCluster({ nodes: [...nodes], leaderFollower }), ctx);
  const leader = c.nodes.get('leader') as LfNode;
  c.becomeLeader(leader, false);
  sent.length = 0;
  return { c, sent, leader };
}
