/**
 * Membership changes through the log (Raft section 6; Ongaro's dissertation, section 4.1). The operator asks for
 * a membership (`target`: addNode and removeNode actions); the leader moves its configuration toward it one
 * server at a time, each step a configuration entry in the log. A node uses the latest configuration in its log
 * from the moment it appends it, committed or not, and majorities (elections, commits, read rounds) are counted
 * over that configuration. Two rules keep any two majorities of consecutive configurations overlapping:
 * - one change at a time: a leader appends no configuration entry while an earlier one is uncommitted (a request
 *   that arrives meanwhile is refused for now and waits its turn);
 * - a leader changes the configuration only once it has committed an entry of its own term (the dissertation's
 *   fix for the bug found in 2015), so a configuration from a deposed leader can never be overtaken.
 *
 * `unsafeMembership` drops both rules and jumps to the target in one entry: adding two servers to three at once
 * lets {old two} (a majority of the old three) and {three of the new five} elect leaders independently, even
 * in the same term. The hazard preset shows exactly that.
 *
 * A new server starts with an empty log and the bootstrap configuration, of which it is no member, so it never
 * campaigns; the leader catches it up with AppendEntries, or InstallSnapshot when its log is compacted. (The
 * dissertation's catch-up rounds before the change, which only keep availability, are not modelled: the new
 * server counts toward majorities from the moment its configuration entry is appended.)
 */
import type { NodeId } from '../../types.ts';
import type { LfCluster, LfNode } from './cluster.ts';
import { type Epoch, epochAt, lastIndex, latestConfig, sameEpoch } from './log.ts';

/** The node uses `nodes` from log index `index` on; a leader starts replicating to the new peers. */
export function setConfig(n: LfNode, nodes: readonly NodeId[], index: number): void {
  n.config = nodes;
  n.configIndex = index;
  n.peers = nodes.filter((id) => id !== n.id);
  if (n.role !== 'leader') return;
  for (const f of n.peers)
    if (!n.nextIndex.has(f)) {
      // From the configuration entry itself: a new server's log check fails there and it is caught up from its
      // own end (or given the snapshot).
      n.nextIndex.set(f, index);
      n.matchIndex.set(f, 0);
    }
}

/** Recomputes the node's configuration from its log, after a truncation or a snapshot replaced part of it. */
export function refreshConfig(c: LfCluster, n: LfNode): void {
  const latest = latestConfig(n);
  if (latest) setConfig(n, latest.nodes, latest.index);
  else setConfig(n, c.bootstrap, 0);
}

/** Whether the configuration the leader uses has an uncommitted change in it. */
export function changePending(n: LfNode): boolean {
  return n.configIndex > n.commit;
}

/**
 * Whether the leader may change the configuration: it has committed an entry of its own epoch, or it is a fresh
 * cluster's first leader (term 1, its log all its own), which no earlier configuration can overtake. Stricter
 * than read-index's test: a new leader whose log holds only its no-op may still lack a configuration entry an
 * earlier leader appended elsewhere (the dissertation's 2015 fix).
 */
function committedOwnEntry(n: LfNode): boolean {
  const own: Epoch = { term: n.term, leader: n.id };
  if (n.commit > 0 && sameEpoch(epochAt(n, n.commit), own)) return true;
  return (
    n.term <= 1 && n.snap.epochs.every((x) => sameEpoch(x, own)) && n.log.every((x) => sameEpoch(x, own))
  );
}

/**
 * The next configuration toward the target: the whole target when unsafe, else one server added or removed.
 * A leader asks on every commit, so a configuration found equal to the target is remembered (`settledConfig`,
 * forgotten when the target changes) and the usual answer, none, costs one comparison instead of a pass over
 * both lists.
 */
function nextConfig(c: LfCluster, n: LfNode): readonly NodeId[] | null {
  if (n.config === c.settledConfig) return null;
  const inConfig = new Set(n.config);
  const inTarget = new Set(c.target);
  const adding = c.target.filter((id) => !inConfig.has(id));
  const removing = n.config.filter((id) => !inTarget.has(id));
  if (adding.length === 0 && removing.length === 0) {
    c.settledConfig = n.config;
    return null;
  }
  if (c.unsafeMembership) return [...c.target];
  const add = adding[0];
  if (add !== undefined) return [...n.config, add];
  return n.config.filter((id) => id !== removing[0]);
}

/** A leader appends the next configuration entry toward the target, when the rules allow one now. */
export function proposeMembership(c: LfCluster, n: LfNode): void {
  if (n.role !== 'leader' || !n.up || n.config === c.settledConfig) return;
  if (!c.unsafeMembership && (changePending(n) || !committedOwnEntry(n))) return;
  const config = nextConfig(c, n);
  if (!config) return;
  c.append(n, { index: lastIndex(n) + 1, term: n.term, leader: n.id, key: '', value: '', op: 0, config });
  c.advanceCommit(n);
}

/**
 * The operator asks the cluster for a membership change. A leader that is up takes it now, or refuses it for
 * now while its last change is uncommitted (it waits its turn: proposed again once that one commits).
 */
export function requestMembership(c: LfCluster, target: NodeId[]): void {
  c.target = target;
  c.settledConfig = null;
  for (const n of c.nodes.values()) {
    if (n.role !== 'leader' || !n.up) continue;
    if (!c.unsafeMembership && changePending(n)) c.refusedChanges++;
    else proposeMembership(c, n);
  }
}
