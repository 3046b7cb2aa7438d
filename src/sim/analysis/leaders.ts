/**
 * What several leader-follower nodes that each believe they lead are, under the cluster's rules: split brain,
 * or a deposed leader that has not heard of the newer term. Pure and free of the engine, so the page can
 * word its banner by the same rule as the story's caption (moments.ts).
 */
import type { FailoverMode, ReadMode } from '../scenarios/constants.ts';
import type { ModelView } from '../types.ts';

/** The leader-follower rules that decide what two nodes that each believe they lead can do. */
export interface LeaderRules {
  readonly failover: FailoverMode;
  readonly reads: ReadMode;
}

/**
 * A leader-follower cluster's rules as they are now (its view's settings, which a `setFailover` action changes
 * during the run); null for the other models. The page's banner reads the same settings from its snapshot.
 */
export function leaderRulesOf(view: ModelView): LeaderRules | null {
  if (view.model !== 'leader-follower') return null;
  return { failover: view.settings.failover, reads: view.settings.reads };
}

/**
 * What several up nodes that each believe they lead are (`leaders` newest term first). `split`: split brain,
 * every one of them can still acknowledge writes, and when they meet the older term's writes the newer does not
 * hold are discarded, acknowledged or not: under naive or manual failover a leader commits without a majority
 * (alone, or with the followers it waits for), and two leaders of one term (an unsafe membership change gave each
 * a majority of its own) each have the majority they need. `stale`: under majority failover a leader commits
 * only what a majority of the cluster holds, and that majority voted in the newer term and refuses the older one:
 * the older leaders are deposed without having heard of it, and cannot commit (their writes wait, then fail or
 * end unknown); with local reads they still answer reads from their own, possibly stale, state.
 */
export function twoLeadersKind(
  leaders: readonly { readonly term: number }[],
  failover: FailoverMode,
): 'split' | 'stale' {
  if (failover !== 'majority') return 'split';
  const newest = leaders[0]?.term;
  return leaders.slice(1).some((l) => l.term === newest) ? 'split' : 'stale';
}
