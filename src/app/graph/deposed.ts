/**
 * Which up nodes still call themselves leader but are not (a "stale leader"): under majority failover, when two
 * or more up nodes believe they lead and the older terms cannot commit (src/sim/analysis/leaders.ts, 'stale'),
 * every leader but the newest is deposed without having heard of it. Every view that spells a node's role (the
 * card's badge and body, its tooltip and label, the replica panel, the compact chips and dots) reads it here, so
 * they agree with the page's banner. Split brain proper (each leader can still acknowledge) deposes nobody: both
 * keep "leader", with the split-brain marking.
 */
import { twoLeadersKind } from '../../sim/analysis/leaders.ts';
import type { ModelView, NodeId, NodeView } from '../../sim/types.ts';

const NONE: readonly NodeId[] = [];

/** The deposed leaders among `nodes` under the settings in `view` (empty for the other models). */
export function deposedLeaders(
  nodes: readonly NodeView[] | undefined,
  view: ModelView | undefined,
): readonly NodeId[] {
  if (!nodes || view?.model !== 'leader-follower') return NONE;
  const leaders: { id: NodeId; term: number }[] = [];
  for (const n of nodes)
    if (n.model === 'leader-follower' && n.up && n.role === 'leader')
      leaders.push({ id: n.id, term: n.term });
  if (leaders.length < 2) return NONE;
  leaders.sort((a, b) => b.term - a.term);
  if (twoLeadersKind(leaders, view.settings.failover) !== 'stale') return NONE;
  const newest = leaders[0]?.term;
  return leaders.filter((l) => l.term !== newest).map((l) => l.id);
}

/** How a role is spelled for a node: a deposed leader is a "stale leader". */
export function roleWord(role: string, deposed: boolean): string {
  return deposed && role === 'leader' ? 'stale leader' : role;
}
