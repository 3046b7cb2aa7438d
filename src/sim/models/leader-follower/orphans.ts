/**
 * Writes orphaned by a failover (cluster.ts calls these): when a leader takes office, the entries other nodes hold
 * that its log lacks; and a deposed leader's writes appended after a newer leader took office (split brain).
 */
import type { NodeId } from '../../types.ts';
import type { LfCluster } from './cluster.ts';
import { entryAt, epochAt, lastIndex, sameEpoch, snapshotWrites } from './log.ts';
import type { LogEntry } from './messages.ts';
import type { LfNode } from './node.ts';

/**
 * A leader takes office: the entries other nodes hold that its log lacks are orphaned now.
 *
 * Why orphaned, and not lost for certain. The leader's log is the truth from now on: reads at it do not see
 * such an entry, and every node that follows it discards it (replication.ts truncates the conflicting suffix).
 * But this model's rules do not guarantee it can never come back: under naive failover a node holding it that
 * restarts, or sits across a partition, promotes itself when its timer fires, without votes, and when two
 * leaders meet the newer term wins, or at a tie the smaller id (replication.ts): db1 back from a crash can
 * take term 2 and beat db3, and its log, the orphan with it, becomes the truth again. Under manual failover an
 * operator can promote the holder again. Under majority failover an acknowledged write is on a majority and no
 * leader lacks it (the election restriction), unless a disk was lost; a holder may still win a later term.
 * So an orphaned acknowledged write is reported lost from the moment of the failover (the checkers judge the
 * state, and every read now misses it), worded as orphaned while some node still holds it, and the report is
 * withdrawn if a leader holding it takes office again (view.ts `lostWritesOf`). It is counted once: this
 * record is the write's first, and a later truncation of it on the holder adds none (Discards keeps the first).
 */
export function orphanOnTakeover(c: LfCluster, n: LfNode): void {
  let held: Map<number, { entry: LogEntry; holders: NodeId[] }> | null = null;
  for (const other of c.nodes.values()) {
    if (other === n) continue;
    const last = lastIndex(other);
    // The last index where both logs agree (the same epoch there means the same prefix: Log Matching).
    let agree = Math.min(last, lastIndex(n));
    while (agree > 0 && !sameEpoch(epochAt(other, agree), epochAt(n, agree))) agree--;
    if (agree >= last) continue;
    const tail: LogEntry[] = [];
    if (agree < other.snap.index)
      for (const e of snapshotWrites(other.snap)) if (e.index > agree) tail.push(e);
    for (let i = Math.max(agree, other.snap.index) + 1; i <= last; i++)
      tail.push(entryAt(other, i) as LogEntry);
    for (const e of tail) {
      if (e.op === 0 || c.discards.has(e.op)) continue;
      held ??= new Map();
      const h = held.get(e.op);
      if (h) h.holders.push(other.id);
      else held.set(e.op, { entry: e, holders: [other.id] });
    }
  }
  if (!held) return;
  for (const { entry, holders } of held.values())
    orphan(c, entry, holders, n, `${n.id} took office as leader of term ${n.term} without it`);
}

/** Records an orphaned entry (orphanOnTakeover): `holders` hold it, `leader`, in office, lacks it. */
export function orphan(
  c: LfCluster,
  entry: LogEntry,
  holders: readonly NodeId[],
  leader: LfNode,
  reason: string,
): void {
  c.discards.remember(entry.op, {
    entry,
    node: holders[0] as NodeId,
    atUs: c.ctx.nowUs,
    reason,
    orphan: { holders, leader: leader.id, term: leader.term },
  });
}
