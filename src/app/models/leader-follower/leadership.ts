/**
 * Reading leadership off a leader-follower snapshot for display. No protocol logic: these only sort and filter
 * what the replicas report about themselves (role, term, up), so the views agree on which leader is "the"
 * leader.
 */
import type {
  LeaderFollowerReplica,
  LeaderFollowerSettings,
  NodeId,
  NodePlace,
  NodeView,
} from '../../../sim/types.ts';
import type { LabState } from '../../store.ts';

type LfNode = NodePlace & LeaderFollowerReplica;

export interface RoleHolder {
  readonly id: NodeId;
  readonly term: number;
}

function replicas(nodes: readonly NodeView[]): LfNode[] {
  return nodes.filter((n): n is LfNode => n.model === 'leader-follower');
}

/** Up nodes that believe they lead, newest term first. Two or more is split brain. */
export function upLeaders(nodes: readonly NodeView[]): RoleHolder[] {
  return replicas(nodes)
    .filter((n) => n.up && n.role === 'leader')
    .map((n) => ({ id: n.id, term: n.term }))
    .sort((a, b) => b.term - a.term);
}

export function upCandidates(nodes: readonly NodeView[]): RoleHolder[] {
  return replicas(nodes)
    .filter((n) => n.up && n.role === 'candidate')
    .map((n) => ({ id: n.id, term: n.term }))
    .sort((a, b) => b.term - a.term);
}

/** The leader of the highest term among the nodes that are up, or null while there is none. */
export function currentLeader(nodes: readonly NodeView[]): NodeId | null {
  return upLeaders(nodes)[0]?.id ?? null;
}

/**
 * The node the graph draws on top, with the replication links from it. While no node is up and leading (the
 * leader crashed, an election is running) the last leader keeps its place, so the layout does not jump about.
 */
export function layoutLeader(nodes: readonly NodeView[]): NodeId | null {
  const current = currentLeader(nodes);
  if (current) return current;
  let best: LfNode | undefined;
  for (const n of replicas(nodes)) if (n.role === 'leader' && (!best || n.term > best.term)) best = n;
  return best?.id ?? nodes[0]?.id ?? null;
}

/** The cluster's replication and failover settings, while a leader-follower run is loaded. */
export function lfSettings(state: LabState): LeaderFollowerSettings | null {
  const view = state.snapshot?.view;
  return view?.model === 'leader-follower' ? view.settings : null;
}
