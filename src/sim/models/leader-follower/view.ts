/**
 * What the leader-follower cluster shows and what it is judged by: each replica's term and log positions, the
 * acknowledged writes it lost, the keys its replicas hold differently, and the invariants Raft promises.
 */
import type {
  KeyValueView,
  LeaderFollowerReplica,
  LeaderFollowerView,
  LostWrite,
  NodeId,
  Operation,
} from '../../types.ts';
import { cellsInKeyOrder, dataOf } from '../shared/cells.ts';
import type { Discard, LfCluster, LfNode } from './cluster.ts';
import { entryAt, epochAt, lastIndex, sameEpoch } from './log.ts';

export function cellsOf(n: LfNode): KeyValueView[] {
  return cellsInKeyOrder(n.data, (key, cell) => ({ key, value: cell.value, version: cell.index }));
}

/** The leader lag is measured against: the live leader of the newest term (any leader if none is up). */
function referenceLeader(c: LfCluster): LfNode | undefined {
  let best: LfNode | undefined;
  for (const n of c.nodes.values()) {
    if (n.role !== 'leader') continue;
    if (!best || Number(n.up) - Number(best.up) > 0 || (n.up === best.up && n.term > best.term)) best = n;
  }
  return best;
}

/** The log length lag is measured against: the reference leader's (the longest log if there is no leader). */
function referenceLength(c: LfCluster, leader: LfNode | undefined): number {
  if (leader) return lastIndex(leader);
  let longest = 0;
  for (const n of c.nodes.values()) longest = Math.max(longest, lastIndex(n));
  return longest;
}

/**
 * How many entries at the end of `n`'s log `leader`'s log lacks: those past the last index where the two agree
 * (the same epoch there means the same prefix, Raft's Log Matching property).
 */
export function divergedFrom(n: LfNode, leader: LfNode): number {
  const last = lastIndex(n);
  let agree = Math.min(last, lastIndex(leader));
  while (agree > 0 && !sameEpoch(epochAt(n, agree), epochAt(leader, agree))) agree--;
  return last - agree;
}

export function replicaOf(c: LfCluster, n: LfNode, withData = true): LeaderFollowerReplica {
  const leader = referenceLeader(c);
  const diverged = leader && leader !== n ? divergedFrom(n, leader) : 0;
  return {
    model: 'leader-follower',
    id: n.id,
    role: n.role,
    ...dataOf(n.data, withData, () => cellsOf(n)),
    term: n.term,
    leaderId: n.leaderId,
    votedFor: n.votedFor,
    logLength: lastIndex(n),
    appliedIndex: n.applied,
    commitIndex: n.commit,
    lag: Math.max(0, referenceLength(c, leader) - lastIndex(n)),
    ...(diverged > 0 ? { diverged } : {}),
    configuration: [...n.config],
  };
}

export function viewOf(c: LfCluster): LeaderFollowerView {
  return {
    model: 'leader-follower',
    settings: c.settings(),
    targetMembers: [...c.target],
    refusedChanges: c.refusedChanges,
  };
}

/**
 * Acknowledged writes that the cluster no longer holds: their entry was discarded (truncated by a new leader,
 * or lost with a disk) or orphaned (a leader that lacks it took office: cluster.ts `orphanOnTakeover`), and the
 * current leader does not hold it. An orphaned write is worded as of the failover that orphaned it (its moment,
 * the leader that lacked it and the nodes that held it: `orphanReason`).
 */
export function lostWritesOf(c: LfCluster, acked: readonly Operation[]): LostWrite[] {
  if (c.discards.size === 0) return [];
  const leader = c.currentLeader();
  const lost: LostWrite[] = [];
  for (const op of acked) {
    const d = c.discards.get(op.id);
    if (!d || op.f !== 'write' || op.status !== 'ok') continue;
    if (leader && heldBy(leader, d)) continue;
    lost.push({
      opId: op.id,
      client: op.client,
      key: op.key,
      value: op.value,
      ackedAtUs: op.completeUs ?? op.invokeUs,
      ackedBy: op.node ?? '?',
      term: d.entry.term,
      index: d.entry.index,
      lostAtUs: d.atUs,
      lostOn: d.node,
      reason: d.orphan ? orphanReason(d, d.orphan.holders) : d.reason,
    });
  }
  return lost;
}

/**
 * An orphaned write's reason, as of the failover that orphaned it: who took office without it, who held it then,
 * and what would bring it back. Not who holds it now: the page and the story word a report when they first see
 * it, and the worker first sees it at a moment that depends on the playback speed (it runs ahead by a batch whose
 * size follows the wall clock), so a reason worded from the present read "held only by db1 and db2" at one speed
 * and "held only by db1" at another, for the same stop in the same run (split-brain at 605.6 ms). The report is
 * withdrawn if a node holding it leads again and keeps it (`lostWritesOf`), so one still listed is lost.
 */
function orphanReason(d: Discard, holders: readonly NodeId[]): string {
  const who = holders.length > 1 ? `one of ${listed(holders)}` : listed(holders);
  return `orphaned: ${d.reason}, while only ${listed(holders)} held it: lost unless ${who} leads again and keeps it`;
}

function listed(ids: readonly NodeId[]): string {
  return ids.length > 1 ? `${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}` : (ids[0] ?? '');
}

/**
 * How many configuration entries of its own term the leader's log holds after index `from`. Only its own: a
 * new leader's commit index may lag behind entries an earlier leader appended one at a time, as the rule asked.
 */
function configChangesAfter(n: LfNode, from: number): number {
  let count = 0;
  for (let i = lastIndex(n); i > from && i > n.snap.index; i--) {
    const e = entryAt(n, i);
    if (e?.config && e.term === n.term && e.leader === n.id) count++;
  }
  return count;
}

/**
 * Whether the node holds the discarded entry: at its index, the same write (or, compacted into the snapshot, the
 * same epoch, which names one entry).
 */
function heldBy(n: LfNode, d: Discard): boolean {
  if (d.entry.index <= n.snap.index) return sameEpoch(epochAt(n, d.entry.index), d.entry);
  return entryAt(n, d.entry.index)?.op === d.entry.op;
}

/**
 * Raft's safety invariants that hold whatever the faults: a node's commit and applied positions lie within its
 * log; under majority failover at most one leader per term (Election Safety), and the leader's log holds every
 * committed entry it acknowledged (its commit index is within its log, checked above).
 */
export function invariantViolationOf(c: LfCluster): string | null {
  const leaders = new Map<number, NodeId>();
  for (const n of c.nodes.values()) {
    const last = lastIndex(n);
    if (n.commit > last) return `${n.id}'s commit index ${n.commit} is past its log (${last})`;
    if (n.applied > last) return `${n.id} applied #${n.applied}, past the end of its log (${last})`;
    if (n.applied < n.snap.index)
      return `${n.id} applied #${n.applied}, behind its snapshot point #${n.snap.index}`;
    if (n.role === 'leader' && !c.unsafeMembership && configChangesAfter(n, n.commit) > 1)
      return `${n.id} has two uncommitted configuration changes: one server at a time is the rule`;
    if (n.role !== 'leader' || c.failover !== 'majority') continue;
    const other = leaders.get(n.term);
    if (other !== undefined) return `two leaders in term ${n.term}: ${other} and ${n.id}`;
    leaders.set(n.term, n.id);
  }
  return null;
}
