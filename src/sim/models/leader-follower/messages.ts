/**
 * The leader-follower protocol's messages and timers (Raft's AppendEntries and RequestVote, with their
 * replies), how each is described in a tooltip, and its size on the wire (wire.ts).
 */
import { unreachable } from '../../engine/unreachable.ts';
import { BOOL_BYTES, clientPayloadBytes, LEN_BYTES, NUM_BYTES, strBytes } from '../../engine/wire.ts';
import type { MessageBody, NodeId } from '../../types.ts';
import type { ClientRead, ClientReply, ClientWrite, TimerBody } from '../model.ts';
import { describeClientMessage } from '../model.ts';

/** A configuration and the log index of the entry that set it. */
export interface ConfigPoint {
  readonly index: number;
  readonly nodes: readonly NodeId[];
}

export interface LogEntry {
  readonly index: number;
  readonly term: number;
  /**
   * The leader that created the entry. Under majority election one leader leads a term, so (index, term) names
   * an entry; naive and manual promotion can give two leaders the same term, so an entry's epoch is its term
   * and its leader together, and logs agree only where both match.
   */
  readonly leader: NodeId;
  readonly key: string;
  readonly value: string;
  /** The client operation that wrote it; 0 for a new leader's no-op and for a configuration entry. */
  readonly op: number;
  /**
   * A configuration entry (Raft section 6): the cluster's voting members from this entry on. A node uses the
   * latest configuration in its log from the moment it appends it, committed or not.
   */
  readonly config?: readonly NodeId[];
}

export interface AppendEntries extends MessageBody {
  readonly type: 'append';
  readonly kind: 'replicate' | 'heartbeat';
  readonly term: number;
  readonly prevIndex: number;
  readonly prevTerm: number;
  /** The leader that created the entry at prevIndex ('' when prevIndex is 0). */
  readonly prevLeader: NodeId;
  readonly entries: readonly LogEntry[];
  readonly commit: number;
  /** Read-index mode: the leader's current confirmation round, echoed by the reply. */
  readonly round?: number;
}

export interface AppendReply extends MessageBody {
  readonly type: 'appendReply';
  readonly kind: 'ack' | 'heartbeat';
  readonly term: number;
  readonly ok: boolean;
  /** With ok: the last index the follower now holds in agreement with the leader. */
  readonly matchIndex: number;
  /** Without ok: where the leader should resume sending (0: the sender's term is stale). */
  readonly conflictIndex: number;
  /** Naive mode: two leaders of one term met; the receiver is the one that stays. */
  readonly leaderConflict?: boolean;
  /** Read-index mode: the leader's round this reply answers (the follower still follows it in that term). */
  readonly round?: number;
}

/**
 * InstallSnapshot (Raft section 7): the leader's snapshot, for a follower that needs entries the leader has
 * compacted. It carries the snapshot point, the data as of it (each key's latest write) and the epochs of the
 * entries it covers; the follower answers with an AppendReply.
 */
export interface InstallSnapshot extends MessageBody {
  readonly type: 'snapshot';
  readonly kind: 'replicate';
  readonly term: number;
  readonly lastIndex: number;
  readonly lastTerm: number;
  readonly lastLeader: NodeId;
  readonly data: readonly (readonly [key: string, value: string, version: number, op: number])[];
  readonly epochs: readonly { readonly from: number; readonly term: number; readonly leader: NodeId }[];
  /** The latest configuration entry the snapshot covers (null: none, the bootstrap configuration holds). */
  readonly config: ConfigPoint | null;
  readonly commit: number;
  /** Read-index mode: the leader's current confirmation round, as in AppendEntries. */
  readonly round?: number;
}

export interface VoteRequest extends MessageBody {
  readonly type: 'voteRequest';
  readonly kind: 'vote';
  readonly term: number;
  readonly lastLogIndex: number;
  readonly lastLogTerm: number;
}

export interface VoteReply extends MessageBody {
  readonly type: 'voteReply';
  readonly kind: 'vote';
  readonly term: number;
  readonly granted: boolean;
}

export type LfMessage =
  | AppendEntries
  | AppendReply
  | InstallSnapshot
  | VoteRequest
  | VoteReply
  | ClientWrite
  | ClientRead
  | ClientReply;

export interface ElectionTimer extends TimerBody {
  readonly type: 'election';
  readonly generation: number;
}

export const HEARTBEAT: TimerBody = { type: 'heartbeat' };
export const SHIP: TimerBody = { type: 'ship' };

export function describeLf(b: LfMessage): string {
  switch (b.type) {
    case 'append': {
      const first = b.entries[0];
      const last = b.entries[b.entries.length - 1];
      if (!first || !last) return `heartbeat (term ${b.term}, log at #${b.prevIndex})`;
      const range = first === last ? `#${first.index}` : `#${first.index}..#${last.index}`;
      const what = first.op === 0 ? 'no-op' : `${first.key} = ${first.value}`;
      return `replicate ${range} (term ${b.term}): ${what}${b.entries.length > 1 ? ', ...' : ''}`;
    }
    case 'snapshot':
      return `snapshot up to #${b.lastIndex} (term ${b.term}): ${b.data.length} keys`;
    case 'appendReply':
      if (b.ok) return `ack: holds up to #${b.matchIndex}`;
      return b.conflictIndex === 0
        ? `rejected: term ${b.term} is newer`
        : `behind: resend from #${b.conflictIndex}`;
    case 'voteRequest':
      return `vote for me? term ${b.term}, log #${b.lastLogIndex} (term ${b.lastLogTerm})`;
    case 'voteReply':
      return `${b.granted ? 'vote granted' : 'vote refused'} (term ${b.term})`;
    case 'clientWrite':
    case 'clientRead':
    case 'clientReply':
      return describeClientMessage(b);
    default:
      return unreachable(b);
  }
}

export function lfPayloadBytes(b: LfMessage): number {
  switch (b.type) {
    case 'append': {
      // term, prevIndex, prevTerm, prevLeader, commit; each entry: index, term, leader, op id, key, value.
      let n = 4 * NUM_BYTES + strBytes(b.prevLeader) + LEN_BYTES + (b.round !== undefined ? NUM_BYTES : 0);
      for (const e of b.entries)
        n += 3 * NUM_BYTES + strBytes(e.leader) + strBytes(e.key) + strBytes(e.value);
      return n;
    }
    case 'snapshot': {
      // term, last index, last term, last leader, commit; each key: key, value, version, op id; each epoch: first
      // index, term, leader.
      let n =
        4 * NUM_BYTES + strBytes(b.lastLeader) + 2 * LEN_BYTES + (b.round !== undefined ? NUM_BYTES : 0);
      for (const [key, value] of b.data) n += strBytes(key) + strBytes(value) + 2 * NUM_BYTES;
      for (const e of b.epochs) n += 2 * NUM_BYTES + strBytes(e.leader);
      return n;
    }
    case 'appendReply':
      return (
        3 * NUM_BYTES +
        BOOL_BYTES +
        (b.leaderConflict !== undefined ? BOOL_BYTES : 0) +
        (b.round !== undefined ? NUM_BYTES : 0)
      );
    case 'voteRequest':
      return 3 * NUM_BYTES;
    case 'voteReply':
      return NUM_BYTES + BOOL_BYTES;
    case 'clientWrite':
    case 'clientRead':
    case 'clientReply':
      return clientPayloadBytes(b);
    default:
      return unreachable(b);
  }
}
