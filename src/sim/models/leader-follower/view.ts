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
 * current leader does not hold it. An orphaned write is worded as such while some node still holds it, with the
 * moment and the nodes of the failover that orphaned it.
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
      reason: d.orphan ? orphanReason(c, d, d.orphan.holders) : d.reason,
    });
  }
  return lost;
}

/** An orphaned write's reason: who took office without it, and who holds it now (no one: it is gone for good). */
function orphanReason(c: LfCluster, d: Discard, holders: readonly NodeId[]): string {
  const now: NodeId[] = [];
  for (const n of c.nodes.values()) if (heldBy(n, d)) now.push(n.id);
  return now.length > 0
    ? `orphaned: ${d.reason}; held only by ${listed(now)}, not the leader in office: lost unless ${now.length > 1 ? 'one of them' : 'it'} leads again and keeps it`
    : `orphaned: ${d.reason}; held only by ${listed(holders)}, which ${holders.length > 1 ? 'have' : 'has'} since discarded it`;
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
