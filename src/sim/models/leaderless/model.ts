/**
 * Leaderless replication in the style of Dynamo, Cassandra, Riak and Voldemort (DeCandia et al., SOSP 2007;
 * DDIA 5, "Leaderless Replication").
 *
 * Keys live on a consistent-hash ring: each node owns `vnodes` tokens, and a key's preference list is the first
 * N distinct nodes clockwise from the key's hash. Any node coordinates the requests a client sends it
 * (coordination.ts): a write gets a new dot `(coordinator, counter)` and the version vector of the client's
 * causal context plus that dot, goes to the N home replicas, and is acknowledged once W of them have stored it
 * (or reported "quorum failed" at the timeout; a failed write is not rolled back on the replicas that stored
 * it); a read asks the N home replicas and answers once R replied, merging their versions: concurrent versions
 * become siblings (or, with last-write-wins, the latest timestamp wins).
 * Repair mechanisms, each switchable (replica.ts):
 * - read repair: replicas that answered with an older version get the merged one (asynchronously, or before the
 *   coordinator answers when `blocking`);
 * - sloppy quorum: when home replicas do not answer in time, the next nodes on the ring take the write for them
 *   and keep it as a hint (their acknowledgements count towards W);
 * - hinted handoff: a node holding hints periodically offers them to the intended replica and drops them once
 *   it acknowledges;
 * - anti-entropy: every interval a node compares a digest of the keys it shares with one ring neighbour and
 *   they exchange what differs.
 */
import { unreachable } from '../../engine/unreachable.ts';
import type { Scenario } from '../../scenarios/schema.ts';
import type { LostWrite, Message, MessageBody, NodeId, Operation } from '../../types.ts';
import type { ModelAction, ModelContext, ReplicationModel, TimerBody } from '../model.ts';
import { LlCluster } from './cluster.ts';
import {
  coordinateRead,
  coordinateWrite,
  onFetchReply,
  onQuorumTimeout,
  onSloppy,
  onStoreAck,
} from './coordination.ts';
import { forgetNode, onMoveData, onMoveFetch, onMoveRetry, requestMove } from './membership.ts';
import {
  ANTI_ENTROPY,
  describeLl,
  HANDOFF,
  type LlMessage,
  llPayloadBytes,
  MOVE_RETRY,
  type QuorumTimer,
} from './messages.ts';
import {
  onAntiEntropyTimer,
  onDigest,
  onDigestReply,
  onFetch,
  onHandoff,
  onHandoffAck,
  onHandoffTimer,
  onStore,
} from './replica.ts';
import { divergentKeysOf, invariantViolationOf, lostWritesOf, quorumsOf, replicaOf, viewOf } from './view.ts';

export class Leaderless implements ReplicationModel {
  readonly name = 'leaderless' as const;
  private readonly c: LlCluster;

  constructor(scenario: Scenario, ctx: ModelContext) {
    this.c = new LlCluster(scenario, ctx);
  }

  start(): void {
    for (const n of this.c.nodes.values()) this.c.scheduleBackground(n);
  }

  onMessage(to: NodeId, msg: Message, slot = -1): void {
    const c = this.c;
    const n = c.nodes.at(slot, to);
    const b = msg.body as LlMessage;
    switch (b.type) {
      case 'clientWrite':
        coordinateWrite(c, n, msg.from, b);
        return;
      case 'clientRead':
        coordinateRead(c, n, msg.from, b);
        return;
      case 'store':
        onStore(c, n, msg.from, b);
        return;
      case 'storeAck':
        onStoreAck(c, n, msg.from, b);
        return;
      case 'fetch':
        onFetch(c, n, msg.from, b);
        return;
      case 'fetchReply':
        onFetchReply(c, n, msg.from, b);
        return;
      case 'handoff':
        onHandoff(c, n, msg.from, b);
        return;
      case 'handoffAck':
        onHandoffAck(c, n, msg.from, b);
        return;
      case 'digest':
        onDigest(c, n, msg.from, b);
        return;
      case 'digestReply':
        onDigestReply(c, n, msg.from, b);
        return;
      case 'moveFetch':
        onMoveFetch(c, n, msg.from, b);
        return;
      case 'moveData':
        onMoveData(c, n, msg.from, b);
        return;
      case 'clientReply':
        return;
      default:
        unreachable(b);
    }
  }

  onTimer(id: NodeId, timer: TimerBody, slot = -1): void {
    const n = this.c.nodes.at(slot, id);
    switch (timer.type) {
      case 'quorumTimeout':
        onQuorumTimeout(this.c, n, (timer as QuorumTimer).reqId);
        return;
      case 'sloppy':
        onSloppy(this.c, n, (timer as QuorumTimer).reqId);
        return;
      case HANDOFF.type:
        onHandoffTimer(this.c, n);
        return;
      case ANTI_ENTROPY.type:
        onAntiEntropyTimer(this.c, n);
        return;
      case MOVE_RETRY.type:
        onMoveRetry(this.c, n);
        return;
      default:
        return;
    }
  }

  onCrash(id: NodeId, durable: boolean): void {
    const n = this.c.nodes.get(id);
    n.coordinating.clear();
    if (!durable) {
      this.c.discardOnDiskLoss(n);
      n.store.clear();
      for (const keys of n.hints.values()) this.c.handoff.lost += keys.size;
      n.hints.clear();
    }
  }

  onRestart(id: NodeId): void {
    const n = this.c.nodes.get(id);
    this.c.scheduleBackground(n);
    // Its retry timer died with it: a node still gaining keys asks again.
    onMoveRetry(this.c, n);
  }

  configure(action: ModelAction): void {
    const c = this.c;
    if (action.type === 'addNode') {
      this.c.scheduleBackground(c.addNodeState(action.node));
      requestMove(c, 'join', action.node);
      return;
    }
    if (action.type === 'removeNode') {
      // The machine is gone: nothing waits for it; the ring gives up its tokens in turn.
      forgetNode(c, action.node);
      requestMove(c, 'leave', action.node);
      return;
    }
    if (action.type !== 'setQuorum') return;
    const n = Math.min(action.n ?? c.config.n, c.nodes.size);
    const was = c.config;
    c.config = {
      ...was,
      n,
      w: Math.min(action.w ?? was.w, n),
      r: Math.min(action.r ?? was.r, n),
      readRepair: action.readRepair ?? was.readRepair,
      sloppyQuorum: action.sloppyQuorum ?? was.sloppyQuorum,
      hintedHandoff: action.hintedHandoff ?? was.hintedHandoff,
      antiEntropyMs: action.antiEntropyMs ?? was.antiEntropyMs,
      resolution: action.resolution ?? was.resolution,
    };
    c.forgetPlacement();
    // Switching a background mechanism on starts its timers.
    for (const node of c.nodes.values()) {
      if (!was.hintedHandoff && c.config.hintedHandoff)
        c.ctx.setTimer(node.id, c.config.handoffIntervalMs * 1000, HANDOFF);
      if (was.antiEntropyMs <= 0 && c.config.antiEntropyMs > 0)
        c.ctx.setTimer(node.id, c.config.antiEntropyMs * 1000, ANTI_ENTROPY);
    }
  }

  describe(body: MessageBody): string {
    return describeLl(body as LlMessage);
  }

  payloadBytes(body: MessageBody): number {
    return llPayloadBytes(body as LlMessage);
  }

  lostWrites(acked: readonly Operation[]): LostWrite[] {
    return lostWritesOf(this.c, acked);
  }

  divergentKeys(isUp: (id: NodeId) => boolean): string[] {
    return divergentKeysOf(this.c, isUp);
  }

  /**
   * The nodes in ring order from the key's hash: the first N are its home replicas (for tests and tools). On
   * rings of more than 32 nodes it is cut after 2N + 16 nodes (cluster.ts).
   */
  ringOrder(key: string): readonly NodeId[] {
    return this.c.ringOrder(key);
  }

  preferenceList(key: string): readonly NodeId[] {
    return this.c.preferenceList(key);
  }

  replica(node: NodeId, withData = true) {
    return replicaOf(this.c.nodes.get(node), withData);
  }

  /** No node leads here. */
  leadingTerm(): null {
    return null;
  }

  view() {
    return viewOf(this.c);
  }

  /** The view's quorums alone, without its placement of every key on the ring (costly on 1,000 nodes). */
  quorums() {
    return quorumsOf(this.c);
  }

  invariantViolation(): string | null {
    return invariantViolationOf(this.c);
  }
}
