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
  return cellsInKeyOrder(n.data, (key, cell) => ({ key, value: cell.value, version: cell.version }));
}

/** The log length lag is measured against: the live leader of the newest term (any leader if none is up). */
function referenceLength(c: LfCluster): number {
  let best: LfNode | undefined;
  let longest = 0;
  for (const n of c.nodes.values()) {
    longest = Math.max(longest, lastIndex(n));
    if (n.role !== 'leader') continue;
    if (!best || Number(n.up) - Number(best.up) > 0 || (n.up === best.up && n.term > best.term)) best = n;
  }
  return best ? lastIndex(best) : longest;
}

export function replicaOf(c: LfCluster, n: LfNode, withData = true): LeaderFollowerReplica {
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
    lag: Math.max(0, referenceLength(c) - lastIndex(n)),
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
 * or lost with a disk) and the current leader does not hold it.
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
      reason: d.reason,
    });
  }
  return lost;
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
