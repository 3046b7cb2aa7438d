/** A leader-follower node's crash (model.ts): its volatile state gone; without its disk, its log and vote too. */
import type { LfCluster } from './cluster.ts';
import type { LfNode } from './node.ts';

/** A node's volatile state is gone after a crash; without its disk, its log and vote too. */
export function crashNode(c: LfCluster, n: LfNode, durable: boolean): void {
  n.up = false;
  if (!durable) c.discardAll(n, `${n.id} lost its disk in a crash`);
  // The state machine restarts from the snapshot, which holds only committed entries. The commit index is
  // kept with the log (as etcd's raft keeps it in its HardState), not reset to what the node can prove: one
  // reset to its snapshot point would know more with compaction than without (0), and compaction must change
  // what a node keeps, never what the cluster does (a restarted primary sends its commit index to followers).
  n.applied = n.snap.index;
  n.data = new Map(n.snap.data);
  n.nextIndex = new Map();
  n.matchIndex = new Map();
  n.waiting = [];
  n.votes = new Set();
  n.pendingReads = [];
  n.ackedRound = new Map();
  if (!durable) n.votedFor = null;
}
