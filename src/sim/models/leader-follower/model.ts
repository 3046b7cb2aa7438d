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
 * - synchronously: once every follower in `syncFollowers` (default: all) holds it;
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
 */

import { unreachable } from '../../engine/unreachable.ts';
import { BOOL_BYTES, clientPayloadBytes, LEN_BYTES, NUM_BYTES, strBytes } from '../../engine/wire.ts';
import {
  type Action,
  DEFAULT_LEADER_FOLLOWER,
  type FailoverMode,
  type ReplicationMode,
  type Scenario,
} from '../../scenarios/schema.ts';
import type { Message, MessageBody, ModelSettings, NodeId, Operation, Role } from '../../types.ts';
import type {
  ClientRead,
  ClientReply,
  ClientWrite,
  LostWrite,
  ModelContext,
  NodeState,
  ReplicationModel,
  TimerBody,
} from '../model.ts';
import { describeClientMessage } from '../model.ts';

export interface LogEntry {
  readonly index: number;
  readonly term: number;
  readonly key: string;
  readonly value: string;
  /** The client operation that wrote it; 0 for a new leader's no-op. */
  readonly op: number;
}

interface AppendEntries extends MessageBody {
  readonly type: 'append';
  readonly kind: 'replicate' | 'heartbeat';
  readonly term: number;
  readonly prevIndex: number;
  readonly prevTerm: number;
  readonly entries: readonly LogEntry[];
  readonly commit: number;
}

interface AppendReply extends MessageBody {
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
}

interface VoteRequest extends MessageBody {
  readonly type: 'voteRequest';
  readonly kind: 'vote';
  readonly term: number;
  readonly lastLogIndex: number;
  readonly lastLogTerm: number;
}

interface VoteReply extends MessageBody {
  readonly type: 'voteReply';
  readonly kind: 'vote';
  readonly term: number;
  readonly granted: boolean;
}

type LfMessage =
  | AppendEntries
  | AppendReply
  | VoteRequest
  | VoteReply
  | ClientWrite
  | ClientRead
  | ClientReply;

interface ElectionTimer extends TimerBody {
  readonly type: 'election';
  readonly generation: number;
}
const HEARTBEAT: TimerBody = { type: 'heartbeat' };
const SHIP: TimerBody = { type: 'ship' };

interface Waiting {
  readonly index: number;
  readonly client: NodeId;
  readonly reqId: number;
}

/** One node's state. `term`, `votedFor` and `log` are durable; the rest is lost in a crash. */
interface LfNode {
  readonly id: NodeId;
  role: Role;
  term: number;
  votedFor: NodeId | null;
  leaderId: NodeId | null;
  log: LogEntry[];
  applied: number;
  commit: number;
  data: Map<string, { value: string; version: number }>;
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
}

/** An acknowledged entry that left the node holding it: the raw material of lost-write reports. */
interface Discard {
  readonly entry: LogEntry;
  readonly node: NodeId;
  readonly atUs: number;
  readonly reason: string;
}

export class LeaderFollower implements ReplicationModel {
  readonly name = 'leader-follower' as const;
  private readonly ctx: ModelContext;
  private readonly nodes = new Map<NodeId, LfNode>();
  private mode: ReplicationMode;
  private semiSyncAcks: number;
  private syncFollowers: readonly NodeId[] | null;
  private failover: FailoverMode;
  private electionTimeoutUs: number;
  private readonly heartbeatUs: number;
  private readonly shipIntervalUs: number;
  private readonly maxBatch: number;
  /** Every node but the given one, computed once: the cluster's membership is fixed. */
  private readonly others = new Map<NodeId, readonly NodeId[]>();
  private readonly matchScratch: number[] = [];
  private readonly discards: Discard[] = [];

  constructor(scenario: Scenario, ctx: ModelContext) {
    this.ctx = ctx;
    const lf = scenario.leaderFollower ?? DEFAULT_LEADER_FOLLOWER;
    this.mode = lf.mode;
    this.semiSyncAcks = lf.semiSyncAcks;
    this.syncFollowers = lf.syncFollowers ?? null;
    this.failover = lf.failover ?? 'manual';
    this.electionTimeoutUs = Math.round((lf.electionTimeoutMs ?? 300) * 1000);
    this.heartbeatUs = Math.max(1, Math.round(lf.heartbeatMs * 1000));
    this.shipIntervalUs = Math.round((lf.shipIntervalMs ?? 0) * 1000);
    this.maxBatch = lf.maxBatch ?? 64;
    const leader = scenario.nodes[0] as NodeId;
    for (const id of scenario.nodes) {
      this.others.set(
        id,
        scenario.nodes.filter((n) => n !== id),
      );
      this.nodes.set(id, {
        id,
        role: 'follower',
        term: 1,
        votedFor: null,
        leaderId: leader,
        log: [],
        applied: 0,
        commit: 0,
        data: new Map(),
        nextIndex: new Map(),
        matchIndex: new Map(),
        waiting: [],
        votes: new Set(),
        electionGeneration: 0,
        configuredLeader: id === leader,
      });
    }
  }

  /** The scenario's first node starts as the leader of term 1, as a freshly configured cluster does. */
  start(): void {
    for (const n of this.nodes.values()) {
      if (n.configuredLeader) this.becomeLeader(n, false);
      else this.resetElectionTimer(n);
    }
  }

  private node(id: NodeId): LfNode {
    const n = this.nodes.get(id);
    if (!n) throw new Error(`unknown node ${id}`);
    return n;
  }

  private peers(n: LfNode): readonly NodeId[] {
    return this.others.get(n.id) ?? [];
  }

  private majority(): number {
    return Math.floor(this.nodes.size / 2) + 1;
  }

  // ---------------------------------------------------------------- dispatch

  onMessage(to: NodeId, msg: Message): void {
    const n = this.node(to);
    const body = msg.body as LfMessage;
    switch (body.type) {
      case 'clientWrite':
        this.onClientWrite(n, msg.from, body);
        return;
      case 'clientRead':
        this.onClientRead(n, msg.from, body);
        return;
      case 'append':
        this.onAppendEntries(n, msg.from, body);
        return;
      case 'appendReply':
        this.onAppendReply(n, msg.from, body);
        return;
      case 'voteRequest':
        this.onVoteRequest(n, msg.from, body);
        return;
      case 'voteReply':
        this.onVoteReply(n, msg.from, body);
        return;
      case 'clientReply':
        return;
      default:
        unreachable(body);
    }
  }

  onTimer(id: NodeId, timer: TimerBody): void {
    const n = this.node(id);
    if (timer.type === 'heartbeat') {
      if (n.role !== 'leader') return;
      for (const f of this.peers(n)) this.sendAppend(n, f, true);
      this.ctx.setTimer(n.id, this.heartbeatUs, HEARTBEAT);
      return;
    }
    if (timer.type === 'ship') {
      if (n.role !== 'leader') return;
      for (const f of this.peers(n))
        if ((n.nextIndex.get(f) ?? 1) <= n.log.length) this.sendAppend(n, f, false);
      this.ctx.setTimer(n.id, this.shipIntervalUs, SHIP);
      return;
    }
    if (timer.type === 'election') {
      const t = timer as ElectionTimer;
      if (t.generation !== n.electionGeneration || n.role === 'leader') return;
      if (this.failover === 'majority') this.startElection(n);
      else if (this.failover === 'naive') this.promoteSelf(n);
    }
  }

  onCrash(id: NodeId, durable: boolean): void {
    const n = this.node(id);
    if (!durable && n.log.length > 0) {
      for (const entry of n.log)
        this.discards.push({
          entry,
          node: n.id,
          atUs: this.ctx.nowUs,
          reason: `${n.id} lost its disk in a crash`,
        });
      n.log = [];
    }
    n.applied = 0;
    n.commit = 0;
    n.data = new Map();
    n.nextIndex = new Map();
    n.matchIndex = new Map();
    n.waiting = [];
    n.votes = new Set();
    if (!durable) n.votedFor = null;
  }

  onRestart(id: NodeId): void {
    const n = this.node(id);
    this.applyUpTo(n, n.log.length);
    if (this.failover === 'manual' && n.configuredLeader) {
      // A configured primary comes back as primary; one that lost its disk starts a new epoch, so followers take
      // its (empty) log as the truth.
      if (n.log.length === 0) n.term++;
      this.becomeLeader(n, false);
      return;
    }
    // Under automatic failover a restarted node rejoins as a follower and waits to hear from a leader.
    n.role = 'follower';
    n.leaderId = null;
    this.resetElectionTimer(n);
  }

  configure(action: Action): void {
    switch (action.type) {
      case 'setReplication':
        this.mode = action.mode;
        if (action.semiSyncAcks !== undefined) this.semiSyncAcks = action.semiSyncAcks;
        if (action.syncFollowers !== undefined) this.syncFollowers = action.syncFollowers;
        // A weaker mode may release writes that were waiting for acknowledgements.
        for (const n of this.nodes.values()) if (n.role === 'leader') this.advanceCommit(n);
        return;
      case 'setFailover':
        this.failover = action.failover;
        if (action.electionTimeoutMs !== undefined)
          this.electionTimeoutUs = Math.round(action.electionTimeoutMs * 1000);
        for (const n of this.nodes.values()) if (n.role !== 'leader') this.resetElectionTimer(n);
        return;
      default:
        return;
    }
  }

  /** An operator's manual failover: the chosen node takes over as leader of a new term. */
  promote(id: NodeId): void {
    const n = this.node(id);
    if (n.role === 'leader') return;
    this.promoteSelf(n);
  }

  /** An operator demotes a leader: it stops taking writes and becomes a follower. */
  demote(id: NodeId): void {
    const n = this.node(id);
    if (n.role !== 'leader') return;
    this.stepDown(n, n.term, null);
  }

  settings(): ModelSettings {
    return {
      mode: this.mode,
      semiSyncAcks: this.semiSyncAcks,
      syncFollowers: this.syncFollowers,
      failover: this.failover,
      electionTimeoutMs: this.electionTimeoutUs / 1000,
    };
  }

  nodeState(id: NodeId): NodeState {
    const n = this.node(id);
    return {
      role: n.role,
      term: n.term,
      leaderId: n.leaderId,
      votedFor: n.votedFor,
      data: n.data,
      logLength: n.log.length,
      appliedIndex: n.applied,
      commitIndex: n.commit,
    };
  }

  describe(body: MessageBody): string {
    const b = body as LfMessage;
    switch (b.type) {
      case 'append': {
        const first = b.entries[0];
        const last = b.entries[b.entries.length - 1];
        if (!first || !last) return `heartbeat (term ${b.term}, log at #${b.prevIndex})`;
        const range = first === last ? `#${first.index}` : `#${first.index}..#${last.index}`;
        const what = first.op === 0 ? 'no-op' : `${first.key} = ${first.value}`;
        return `replicate ${range} (term ${b.term}): ${what}${b.entries.length > 1 ? ', ...' : ''}`;
      }
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

  payloadBytes(body: MessageBody): number {
    const b = body as LfMessage;
    switch (b.type) {
      case 'append': {
        // term, prevIndex, prevTerm, commit; each entry: index, term, op id, key, value.
        let n = 4 * NUM_BYTES + LEN_BYTES;
        for (const e of b.entries) n += 3 * NUM_BYTES + strBytes(e.key) + strBytes(e.value);
        return n;
      }
      case 'appendReply':
        return 3 * NUM_BYTES + BOOL_BYTES + (b.leaderConflict !== undefined ? BOOL_BYTES : 0);
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

  /**
   * Acknowledged writes that the cluster no longer holds: their entry was discarded (truncated by a new leader,
   * or lost with a disk) and the current leader does not hold it.
   */
  lostWrites(acked: readonly Operation[]): LostWrite[] {
    if (this.discards.length === 0) return [];
    const leader = this.currentLeader();
    const byOp = new Map<number, Discard>();
    for (const d of this.discards) if (d.entry.op !== 0 && !byOp.has(d.entry.op)) byOp.set(d.entry.op, d);
    const lost: LostWrite[] = [];
    for (const op of acked) {
      const d = byOp.get(op.id);
      if (!d || op.f !== 'write' || op.status !== 'ok') continue;
      const held = leader?.log[d.entry.index - 1];
      if (held && held.op === op.id) continue;
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

  conflictList(): readonly [] {
    return [];
  }

  divergentKeys(): string[] {
    return [];
  }

  cellsOf(): null {
    return null;
  }

  multiLeaderView(): null {
    return null;
  }

  private currentLeader(): LfNode | undefined {
    let best: LfNode | undefined;
    for (const n of this.nodes.values()) if (n.role === 'leader' && (!best || n.term > best.term)) best = n;
    return best;
  }

  // ---------------------------------------------------------------- client requests

  private onClientWrite(n: LfNode, client: NodeId, req: ClientWrite): void {
    if (n.role !== 'leader') {
      if (n.leaderId && n.leaderId !== n.id)
        this.reply(n, client, req.reqId, { ok: false, error: `${n.id} is a follower`, redirect: n.leaderId });
      else
        this.reply(n, client, req.reqId, {
          ok: false,
          error: `${n.id} knows no leader (election in progress)`,
        });
      return;
    }
    const value = req.autoIncrement
      ? String((Number.parseInt(n.data.get(req.key)?.value ?? '0', 10) || 0) + 1)
      : req.value;
    const entry: LogEntry = { index: n.log.length + 1, term: n.term, key: req.key, value, op: req.reqId };
    this.append(n, entry);
    n.waiting.push({ index: entry.index, client, reqId: req.reqId });
    this.advanceCommit(n);
  }

  private onClientRead(n: LfNode, client: NodeId, req: ClientRead): void {
    // Read-your-writes: a replica that has not applied the client's last write sends it to the leader.
    if (req.minIndex !== undefined && n.applied < req.minIndex && n.role !== 'leader' && n.leaderId) {
      this.reply(n, client, req.reqId, {
        ok: false,
        error: `${n.id} has applied #${n.applied}, behind the client's write #${req.minIndex}`,
        redirect: n.leaderId,
      });
      return;
    }
    const cell = n.data.get(req.key);
    this.reply(n, client, req.reqId, { ok: true, value: cell?.value ?? null, version: cell?.version ?? 0 });
  }

  private reply(
    n: LfNode,
    client: NodeId,
    reqId: number,
    fields: Partial<ClientReply> & { ok: boolean },
  ): void {
    const body: ClientReply = { type: 'clientReply', kind: 'response', reqId, term: n.term, ...fields };
    this.ctx.send(n.id, client, body);
  }

  // ---------------------------------------------------------------- roles and elections

  private becomeLeader(n: LfNode, appendNoop: boolean): void {
    n.role = 'leader';
    n.leaderId = n.id;
    n.votes = new Set();
    n.nextIndex = new Map();
    n.matchIndex = new Map();
    n.commit = Math.max(n.commit, this.mode === 'async' && this.failover !== 'majority' ? n.log.length : 0);
    for (const f of this.peers(n)) {
      n.nextIndex.set(f, n.log.length + 1);
      n.matchIndex.set(f, 0);
    }
    // Raft: a new leader commits the entries of earlier terms by committing an entry of its own term.
    if (appendNoop) this.append(n, { index: n.log.length + 1, term: n.term, key: '', value: '', op: 0 });
    else for (const f of this.peers(n)) this.sendAppend(n, f, true);
    this.advanceCommit(n);
    this.ctx.setTimer(n.id, this.heartbeatUs, HEARTBEAT);
    if (this.shipIntervalUs > 0) this.ctx.setTimer(n.id, this.shipIntervalUs, SHIP);
  }

  /** Naive or manual promotion: a new term, no votes, no check of the log. */
  private promoteSelf(n: LfNode): void {
    n.term++;
    n.votedFor = n.id;
    for (const other of this.nodes.values()) other.configuredLeader = other === n;
    // A new term starts with a no-op entry of that term (a new timeline, in PostgreSQL's words), so every
    // follower's log is checked against it and divergent suffixes are truncated.
    this.becomeLeader(n, true);
  }

  private startElection(n: LfNode): void {
    n.term++;
    n.role = 'candidate';
    n.votedFor = n.id;
    n.leaderId = null;
    n.votes = new Set([n.id]);
    this.resetElectionTimer(n);
    if (n.votes.size >= this.majority()) {
      this.becomeLeader(n, true);
      return;
    }
    const last = n.log[n.log.length - 1];
    for (const peer of this.peers(n))
      this.ctx.send(n.id, peer, {
        type: 'voteRequest',
        kind: 'vote',
        term: n.term,
        lastLogIndex: n.log.length,
        lastLogTerm: last?.term ?? 0,
      } satisfies VoteRequest);
  }

  /** A node that sees a newer term (or is told to) becomes a follower; a leader's waiting clients are told. */
  private stepDown(n: LfNode, term: number, leader: NodeId | null): void {
    if (term > n.term) {
      n.term = term;
      n.votedFor = null;
    }
    if (n.role === 'leader') {
      n.configuredLeader = false;
      for (const w of n.waiting)
        this.reply(n, w.client, w.reqId, {
          ok: false,
          indeterminate: true,
          error: `${n.id} lost the leadership before #${w.index} committed: outcome unknown`,
        });
      n.waiting = [];
      n.nextIndex = new Map();
      n.matchIndex = new Map();
    }
    n.role = 'follower';
    n.leaderId = leader;
    n.votes = new Set();
    this.resetElectionTimer(n);
  }

  private resetElectionTimer(n: LfNode): void {
    n.electionGeneration++;
    if (this.failover === 'manual') return;
    // Randomised in [T, 2T), as in Raft, so that followers rarely time out together.
    const delay = this.electionTimeoutUs + Math.floor(this.ctx.rng.float() * this.electionTimeoutUs);
    this.ctx.setTimer(n.id, delay, {
      type: 'election',
      generation: n.electionGeneration,
    } satisfies ElectionTimer);
  }

  private onVoteRequest(n: LfNode, candidate: NodeId, r: VoteRequest): void {
    if (r.term > n.term) this.stepDown(n, r.term, null);
    const last = n.log[n.log.length - 1];
    const lastTerm = last?.term ?? 0;
    // Election restriction (Raft 5.4.1): vote only for a log at least as up to date as ours.
    const upToDate =
      r.lastLogTerm > lastTerm || (r.lastLogTerm === lastTerm && r.lastLogIndex >= n.log.length);
    const granted = r.term === n.term && (n.votedFor === null || n.votedFor === candidate) && upToDate;
    if (granted) {
      n.votedFor = candidate;
      this.resetElectionTimer(n);
    }
    this.ctx.send(n.id, candidate, {
      type: 'voteReply',
      kind: 'vote',
      term: n.term,
      granted,
    } satisfies VoteReply);
  }

  private onVoteReply(n: LfNode, voter: NodeId, r: VoteReply): void {
    if (r.term > n.term) {
      this.stepDown(n, r.term, null);
      return;
    }
    if (n.role !== 'candidate' || r.term !== n.term || !r.granted) return;
    n.votes.add(voter);
    if (n.votes.size >= this.majority()) this.becomeLeader(n, true);
  }

  // ---------------------------------------------------------------- log shipping (leader side)

  private append(n: LfNode, entry: LogEntry): void {
    n.log.push(entry);
    this.applyUpTo(n, entry.index);
    // With a ship interval the entry waits for the next shipment.
    if (this.shipIntervalUs > 0) return;
    for (const f of this.peers(n)) {
      // Pipeline: a follower that is up to date gets the new entry at once; one still catching up gets it
      // with its catch-up batch.
      if (n.nextIndex.get(f) === entry.index) this.sendAppend(n, f, false);
    }
  }

  /**
   * Sends entries from nextIndex (up to maxBatch), or an empty heartbeat that probes the follower's log at the
   * last entry shipped to it: a follower that lacks it (a lost message, a restart) answers with where to resume.
   */
  private sendAppend(n: LfNode, follower: NodeId, heartbeat: boolean): void {
    const next = Math.min(n.nextIndex.get(follower) ?? n.log.length + 1, n.log.length + 1);
    const entries = heartbeat ? [] : n.log.slice(next - 1, next - 1 + this.maxBatch);
    const prevIndex = next - 1;
    const body: AppendEntries = {
      type: 'append',
      kind: entries.length > 0 ? 'replicate' : 'heartbeat',
      term: n.term,
      prevIndex,
      prevTerm: n.log[prevIndex - 1]?.term ?? 0,
      entries,
      commit: n.commit,
    };
    if (entries.length > 0) n.nextIndex.set(follower, next + entries.length);
    this.ctx.send(n.id, follower, body);
  }

  private onAppendReply(n: LfNode, follower: NodeId, r: AppendReply): void {
    if (r.term > n.term) {
      this.stepDown(n, r.term, null);
      return;
    }
    if (r.leaderConflict && n.role === 'leader' && r.term === n.term) {
      // Naive mode: another leader of this term refused us and keeps the role; we follow it.
      this.stepDown(n, n.term, follower);
      return;
    }
    if (n.role !== 'leader' || r.term !== n.term) return;
    if (r.ok) {
      if (r.matchIndex > (n.matchIndex.get(follower) ?? 0)) n.matchIndex.set(follower, r.matchIndex);
      const next = n.nextIndex.get(follower) ?? 1;
      // Everything sent so far is acknowledged but the follower is still behind (catching up in batches, or a
      // heartbeat showed it matching only up to an older point, as an old leader with a stale tail of its own
      // does): send the rest. Entries merely in flight are not sent again; a lost one shows up as a gap that the
      // follower reports on the next append or heartbeat. With a ship interval nothing ships between
      // shipments: unshipped entries wait for the next one.
      const catchingUp = this.shipIntervalUs === 0;
      if (catchingUp && r.matchIndex < n.log.length && next <= r.matchIndex + 1) {
        n.nextIndex.set(follower, r.matchIndex + 1);
        this.sendAppend(n, follower, false);
      }
      this.advanceCommit(n);
    } else if (r.conflictIndex > 0) {
      n.nextIndex.set(follower, Math.max(1, Math.min(r.conflictIndex, n.log.length + 1)));
      this.sendAppend(n, follower, n.log.length < (n.nextIndex.get(follower) ?? 1));
    }
  }

  /** Advances the commit index as the acknowledgement rules allow; acknowledges the writes up to it. */
  private advanceCommit(n: LfNode): void {
    let commit = this.mode === 'async' ? n.log.length : this.acknowledgedIndex(n);
    if (this.failover === 'majority') commit = Math.min(commit, this.majorityIndex(n));
    if (commit > n.commit) n.commit = Math.min(commit, n.log.length);
    while (n.waiting.length > 0 && (n.waiting[0] as Waiting).index <= n.commit) {
      const w = n.waiting.shift() as Waiting;
      this.reply(n, w.client, w.reqId, {
        ok: true,
        version: w.index,
        value: n.log[w.index - 1]?.value ?? '',
      });
    }
  }

  /** The index held by every sync follower (sync) or by at least `semiSyncAcks` followers (semi-sync). */
  private acknowledgedIndex(n: LfNode): number {
    const peers = this.peers(n);
    const waitFor =
      this.mode === 'sync' && this.syncFollowers
        ? peers.filter((p) => this.syncFollowers?.includes(p))
        : peers;
    if (waitFor.length === 0) return n.log.length;
    const matches = this.matchScratch;
    matches.length = 0;
    for (const f of waitFor) matches.push(n.matchIndex.get(f) ?? 0);
    matches.sort((a, b) => b - a);
    const k = this.mode === 'sync' ? matches.length : Math.min(this.semiSyncAcks, matches.length);
    return matches[k - 1] ?? 0;
  }

  /** Raft's commit rule: the highest index of the current term held by a majority (the leader included). */
  private majorityIndex(n: LfNode): number {
    const matches = this.matchScratch;
    matches.length = 0;
    matches.push(n.log.length);
    for (const f of this.peers(n)) matches.push(n.matchIndex.get(f) ?? 0);
    matches.sort((a, b) => b - a);
    const index = matches[this.majority() - 1] ?? 0;
    // Entries of earlier terms are committed only indirectly, by an entry of this term (Raft figure 8).
    return n.log[index - 1]?.term === n.term ? index : n.commit;
  }

  // ---------------------------------------------------------------- log shipping (follower side)

  private replyAppend(
    n: LfNode,
    leader: NodeId,
    kind: AppendReply['kind'],
    fields: Partial<AppendReply>,
  ): void {
    this.ctx.send(n.id, leader, {
      type: 'appendReply',
      kind,
      term: n.term,
      ok: false,
      matchIndex: 0,
      conflictIndex: 0,
      ...fields,
    } satisfies AppendReply);
  }

  private onAppendEntries(n: LfNode, leader: NodeId, a: AppendEntries): void {
    const kind = a.entries.length > 0 ? 'ack' : 'heartbeat';
    // Fencing: a message from a deposed leader's older term is refused, and the reply tells it the new term.
    if (a.term < n.term) {
      this.replyAppend(n, leader, kind, {});
      return;
    }
    if (n.role === 'leader' && a.term === n.term) {
      // Two leaders of one term can only meet in naive mode; the smaller id keeps the role.
      if (n.id < leader) {
        this.replyAppend(n, leader, kind, { leaderConflict: true });
        return;
      }
    }
    if (a.term > n.term || n.role !== 'follower' || n.leaderId !== leader) this.stepDown(n, a.term, leader);
    else this.resetElectionTimer(n);
    const conflictIndex = this.findConflict(n, a.prevIndex, a.prevTerm);
    if (conflictIndex !== null) {
      this.replyAppend(n, leader, kind, { conflictIndex });
      return;
    }
    let truncated = false;
    for (const e of a.entries) {
      const mine = n.log[e.index - 1];
      if (mine && mine.term === e.term) continue;
      if (mine) {
        this.truncate(n, e.index, leader, a.term);
        truncated = true;
      }
      n.log.push(e);
    }
    if (truncated) this.rebuild(n);
    const matchIndex = a.prevIndex + a.entries.length;
    this.applyUpTo(n, matchIndex);
    n.commit = Math.max(n.commit, Math.min(a.commit, matchIndex));
    this.replyAppend(n, leader, kind, { ok: true, matchIndex });
  }

  /** Discards the log from `from` on: entries of an older leader that the new leader does not have. */
  private truncate(n: LfNode, from: number, leader: NodeId, term: number): void {
    const reason = `${n.id} discarded it when it followed ${leader}, leader of term ${term}`;
    for (const entry of n.log.slice(from - 1))
      this.discards.push({ entry, node: n.id, atUs: this.ctx.nowUs, reason });
    n.log.length = from - 1;
  }

  /** null when the log matches at prevIndex, else the index the leader should resume from. */
  private findConflict(n: LfNode, prevIndex: number, prevTerm: number): number | null {
    if (prevIndex === 0) return null;
    if (prevIndex > n.log.length) return n.log.length + 1;
    const mine = n.log[prevIndex - 1] as LogEntry;
    if (mine.term === prevTerm) return null;
    // Skip back over the whole conflicting term at once (the Raft paper's optimisation).
    let i = prevIndex - 1;
    while (i > 0 && (n.log[i - 1] as LogEntry).term === mine.term) i--;
    return i + 1;
  }

  // ---------------------------------------------------------------- state machine

  private applyUpTo(n: LfNode, index: number): void {
    const upTo = Math.min(index, n.log.length);
    for (let i = n.applied; i < upTo; i++) {
      const e = n.log[i] as LogEntry;
      if (e.op !== 0) n.data.set(e.key, { value: e.value, version: e.index });
    }
    if (upTo > n.applied) n.applied = upTo;
  }

  private rebuild(n: LfNode): void {
    n.data = new Map();
    n.applied = 0;
    n.commit = Math.min(n.commit, n.log.length);
  }
}
