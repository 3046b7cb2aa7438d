/**
 * Leader-follower (primary-backup) replication, as in PostgreSQL streaming replication, MySQL semi-sync,
 * Redis with Sentinel, and Raft-based stores.
 *
 * Log shipping. The leader appends each client write to its log and ships entries to every follower in log
 * order; followers append and apply in order and acknowledge the position they hold. Shipping follows Raft's
 * AppendEntries consistency check (prevIndex/prevTerm, a conflict hint, truncation of a conflicting suffix), so a
 * follower that missed messages, crashed, or lost its disk catches up from the leader's log. A heartbeat is an
 * AppendEntries with no entries; it also repairs lost messages.
 *
 * Acknowledgement. The leader acknowledges a write
 * - asynchronously: as soon as the entry is in its own log;
 * - semi-synchronously: once `semiSyncAcks` followers hold it;
 * - synchronously: once every follower in `syncFollowers` (default: all) holds it, save members the operator has
 *   removed (their machine is gone; cluster.ts);
 * and, under majority failover, never before a majority holds it (Raft's commit rule, current term only).
 *
 * Failover.
 * - manual: nothing happens by itself; an operator promotes a follower or demotes the leader.
 * - majority (Raft, safe): a follower that hears no heartbeat for its randomised election timeout becomes a
 *   candidate for a new term and asks for votes; a node grants one vote per term, and only to a candidate whose
 *   log is at least as up to date as its own; a majority makes a leader, which appends a no-op of its term. A
 *   node that sees a higher term steps down, so a deposed leader is fenced off by the term in every message.
 * - naive (unsafe, as many real setups were): the first follower to time out promotes itself, without votes
 *   and without checking its log. Under a partition two leaders accept writes; when they meet, the one with the
 *   older term rejoins as a follower and its divergent entries, acknowledged or not, are discarded.
 *
 * The rules live beside this file, one per message, over the cluster's state (cluster.ts): election.ts,
 * replication.ts and clients.ts.
 */

import { unreachable } from '../../engine/unreachable.ts';
import type { Scenario } from '../../scenarios/schema.ts';
import type { LostWrite, Message, MessageBody, NodeId, Operation } from '../../types.ts';
import type { ModelAction, ModelContext, ReplicationModel, TimerBody } from '../model.ts';
import { divergentKeysOf } from '../shared/cells.ts';
import { onClientRead, onClientWrite } from './clients.ts';
import { LfCluster } from './cluster.ts';
import { crashNode } from './crash.ts';
import { onElectionTimeout, onVoteReply, onVoteRequest } from './election.ts';
import { lastIndex } from './log.ts';
import { requestMembership } from './membership.ts';
import { describeLf, type ElectionTimer, type LfMessage, lfPayloadBytes } from './messages.ts';
import { onAppendEntries, onAppendReply, onHeartbeatTimer, onShipTimer } from './replication.ts';
import { onInstallSnapshot } from './snapshot.ts';
import { cellsOf, invariantViolationOf, lostWritesOf, replicaOf, viewOf } from './view.ts';

export class LeaderFollower implements ReplicationModel {
  readonly name = 'leader-follower' as const;
  private readonly c: LfCluster;

  constructor(scenario: Scenario, ctx: ModelContext) {
    this.c = new LfCluster(scenario, ctx);
  }

  /** The scenario's first node starts as the leader of term 1, as a freshly configured cluster does. */
  start(): void {
    for (const n of this.c.nodes.values()) {
      if (n.configuredLeader) this.c.becomeLeader(n, false);
      else this.c.resetElectionTimer(n);
    }
  }

  onMessage(to: NodeId, msg: Message, slot = -1): void {
    const c = this.c;
    const n = c.nodes.at(slot, to);
    const body = msg.body as LfMessage;
    switch (body.type) {
      case 'clientWrite':
        onClientWrite(c, n, msg.from, body);
        return;
      case 'clientRead':
        onClientRead(c, n, msg.from, body);
        return;
      case 'append':
        onAppendEntries(c, n, msg.from, body);
        return;
      case 'appendReply':
        onAppendReply(c, n, msg.from, body);
        return;
      case 'snapshot':
        onInstallSnapshot(c, n, msg.from, body);
        return;
      case 'voteRequest':
        onVoteRequest(c, n, msg.from, body);
        return;
      case 'voteReply':
        onVoteReply(c, n, msg.from, body);
        return;
      case 'clientReply':
        return;
      default:
        unreachable(body);
    }
  }

  onTimer(id: NodeId, timer: TimerBody, slot = -1): void {
    const n = this.c.nodes.at(slot, id);
    switch (timer.type) {
      case 'heartbeat':
        onHeartbeatTimer(this.c, n);
        return;
      case 'ship':
        onShipTimer(this.c, n);
        return;
      case 'election':
        // A timer set before the last reset is stale (timers cannot be cancelled).
        if ((timer as ElectionTimer).generation === n.electionGeneration) onElectionTimeout(this.c, n);
        return;
      default:
        return;
    }
  }

  onCrash(id: NodeId, durable: boolean): void {
    crashNode(this.c, this.c.nodes.get(id), durable);
  }

  onRestart(id: NodeId): void {
    const c = this.c;
    const n = c.nodes.get(id);
    n.up = true;
    c.applyUpTo(n, lastIndex(n));
    if (c.failover === 'manual' && n.configuredLeader) {
      // A configured primary comes back as primary. One that lost its disk starts a new epoch (a new timeline, in
      // PostgreSQL's words) with a no-op entry of it, so followers find their longer logs in conflict and take
      // its (empty) log as the truth: what they held beyond it is discarded, and acknowledged writes among it are
      // reported lost with the disk.
      const newEpoch = lastIndex(n) === 0;
      if (newEpoch) n.term++;
      c.becomeLeader(n, newEpoch);
      return;
    }
    // Under automatic failover a restarted node rejoins as a follower and waits to hear from a leader.
    n.role = 'follower';
    n.leaderId = null;
    c.resetElectionTimer(n);
  }

  configure(action: ModelAction): void {
    const c = this.c;
    switch (action.type) {
      case 'setReplication':
        c.mode = action.mode;
        if (action.reads !== undefined) c.reads = action.reads;
        if (action.semiSyncAcks !== undefined) c.semiSyncAcks = action.semiSyncAcks;
        if (action.syncFollowers !== undefined) c.syncFollowers = action.syncFollowers;
        // A weaker mode may release writes that were waiting for acknowledgements.
        for (const n of c.nodes.values()) if (n.role === 'leader') c.advanceCommit(n);
        return;
      case 'setFailover':
        c.failover = action.failover;
        if (action.electionTimeoutMs !== undefined)
          c.electionTimeoutUs = Math.round(action.electionTimeoutMs * 1000);
        for (const n of c.nodes.values()) if (n.role !== 'leader') c.resetElectionTimer(n);
        return;
      case 'promote': {
        // An operator's manual failover: the chosen node takes over as leader of a new term.
        const n = c.nodes.get(action.node);
        if (n.role !== 'leader') c.promoteSelf(n);
        return;
      }
      case 'addNode': {
        // A fresh server: empty log, no leader known; it hears of one from the leader's first AppendEntries.
        const n = c.freshNode(action.node, 0, null, false);
        c.nodes.set(action.node, n);
        c.resetElectionTimer(n);
        requestMembership(c, [...c.target, action.node]);
        return;
      }
      case 'removeNode':
        // The machine is gone; the configuration follows through the log.
        c.nodes.delete(action.node);
        requestMembership(
          c,
          c.target.filter((id) => id !== action.node),
        );
        return;
      case 'demote': {
        // An operator demotes a leader: it stops taking writes and becomes a follower.
        const n = c.nodes.get(action.node);
        if (n.role === 'leader') c.stepDown(n, n.term, null);
        return;
      }
      default:
        return;
    }
  }

  describe(body: MessageBody): string {
    return describeLf(body as LfMessage);
  }

  payloadBytes(body: MessageBody): number {
    return lfPayloadBytes(body as LfMessage);
  }

  lostWrites(acked: readonly Operation[]): LostWrite[] {
    return lostWritesOf(this.c, acked);
  }

  divergentKeys(isUp: (node: NodeId) => boolean): string[] {
    return divergentKeysOf([...this.c.nodes.values()].filter((n) => isUp(n.id)).map(cellsOf));
  }

  replica(node: NodeId, withData = true) {
    return replicaOf(this.c, this.c.nodes.get(node), withData);
  }

  view() {
    return viewOf(this.c);
  }

  leadingTerm(node: NodeId): number | null {
    const n = this.c.nodes.get(node);
    return n?.role === 'leader' ? n.term : null;
  }

  invariantViolation(): string | null {
    return invariantViolationOf(this.c);
  }
}
