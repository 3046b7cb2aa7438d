/** One leader-follower node's state, and the record of an entry that left it. */
import type { NodeId, Role } from '../../types.ts';
import type { DataCell, LfSnapshot } from './log.ts';
import type { LogEntry } from './messages.ts';

export interface Waiting {
  readonly index: number;
  readonly client: NodeId;
  readonly reqId: number;
}

/** Read-index: a read the leader answers once a majority has confirmed its leadership in `round`. */
export interface PendingRead {
  readonly client: NodeId;
  readonly reqId: number;
  readonly key: string;
  /** The confirmation round it waits for (0: it waits for the leader to commit an entry of its term first). */
  round: number;
  /** The commit index when the read arrived (or when its term's first commit let it start). */
  readIndex: number;
}

/** One node's state. `term`, `votedFor`, `log` and `commit` are durable; the rest is lost in a crash. */
export interface LfNode {
  readonly id: NodeId;
  /** Whether the process runs (a view's concern: the rules run only on nodes that are up). */
  up: boolean;
  role: Role;
  term: number;
  votedFor: NodeId | null;
  leaderId: NodeId | null;
  /** The entries after the snapshot point (log.ts): the entry at index i is `log[i - snap.index - 1]`. */
  log: LogEntry[];
  /** The compacted prefix of the log: durable, as the log is. */
  snap: LfSnapshot;
  applied: number;
  commit: number;
  /** Each key's latest write applied (log.ts: `DataCell`, an entry itself or a snapshot's cell). */
  data: Map<string, DataCell>;
  /** The configuration it uses (the latest in its log, committed or not), the entry that set it, its peers. */
  config: readonly NodeId[];
  configIndex: number;
  peers: readonly NodeId[];
  /** Leader only: next index to send and highest index known replicated, per follower. */
  nextIndex: Map<NodeId, number>;
  matchIndex: Map<NodeId, number>;
  /** Leader only: client writes awaiting enough acknowledgements, in index order. */
  waiting: Waiting[];
  /** Candidate only: who granted a vote this term. */
  votes: Set<NodeId>;
  /** Invalidates election timers set before the last reset (timers cannot be cancelled). */
  electionGeneration: number;
  /** Manual failover only: the leader role survives a restart, as a configured primary does. */
  configuredLeader: boolean;
  /** Leader, read-index mode: the current confirmation round, each follower's latest confirmed round, reads waiting. */
  readRound: number;
  ackedRound: Map<NodeId, number>;
  pendingReads: PendingRead[];
}

/**
 * An entry that left the node holding it, or that the leader in office lacks (orphaned): the raw material of
 * lost-write reports (the reports keep only the acknowledged ones).
 */
export interface Discard {
  readonly entry: LogEntry;
  /** Where it was lost: the node that discarded it, or (orphaned) the first node holding it. */
  readonly node: NodeId;
  readonly atUs: number;
  readonly reason: string;
  /**
   * Orphaned (cluster.ts `orphan`): the nodes that held it when a leader that lacks it took office (or when a
   * deposed leader appended it), and that leader. Absent: it was discarded.
   */
  readonly orphan?: { readonly holders: readonly NodeId[]; readonly leader: NodeId; readonly term: number };
}
