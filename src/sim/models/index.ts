/** The models by name: the one place the engine learns which class runs a scenario. */
import type { Scenario } from '../scenarios/schema.ts';
import { LeaderFollower } from './leader-follower/model.ts';
import { Leaderless } from './leaderless/model.ts';
import type { ModelContext, ReplicationModel } from './model.ts';
import { MultiLeader } from './multi-leader/model.ts';

export function createModel(scenario: Scenario, ctx: ModelContext): ReplicationModel {
  switch (scenario.model) {
    case 'leader-follower':
      return new LeaderFollower(scenario, ctx);
    case 'multi-leader':
      return new MultiLeader(scenario, ctx);
    case 'leaderless':
      return new Leaderless(scenario, ctx);
  }
}
