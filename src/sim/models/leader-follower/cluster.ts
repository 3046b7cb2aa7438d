/**
 * A leader-follower cluster's state and the steps every rule shares: becoming leader, stepping down, appending
 * to the log, shipping entries, and the commit rules. The message handlers (election.ts, replication.ts,
 * clients.ts) are small functions over this state, named as the Raft paper names them.
 */
import {
  DEFAULT_LEADER_FOLLOWER,
  type FailoverMode,
  type ReadMode,
  type ReplicationMode,
} from '../../scenarios/constants.ts';
import type { Scenario } from '../../scenarios/schema.ts';
import type { LeaderFollowerSettings, Mutable, NodeId } from '../../types.ts';
import type { ClientReply, ModelContext } from '../model.ts';
import { Discards } from '../shared/discarded.ts';
import { NodeTable } from '../shared/nodes.ts';
import { replyToClient } from '../shared/replies.ts';
import { kthLargest } from '../shared/select.ts';
import { replyRead } from './clients.ts';
import { acknowledgedIndex, emptyTracker, type KthTracker, majorityIndex } from './commit.ts';
import {
  compactTo,
  type DataCell,
  type Epoch,
  emptySnapshot,
  entryAt,
  epochAt,
  LOG_LIMITS,
  lastIndex,
  sameEpoch,
  snapshotWrites,
} from './log.ts';
import { proposeMembership, refreshConfig, setConfig } from './membership.ts';
import type { AppendReply } from './messages.ts';
import { type AppendEntries, type ElectionTimer, HEARTBEAT, type LogEntry, SHIP } from './messages.ts';
import type { Discard, LfNode, Waiting } from './node.ts';
import { orphan, orphanOnTakeover } from './orphans.ts';
import { sendSnapshot } from './snapshot.ts';

export type { Discard, LfNode, PendingRead } from './node.ts';

export class LfCluster {
  readonly ctx: ModelContext;
  readonly nodes = new NodeTable<LfNode>();
  mode: ReplicationMode;
  reads: ReadMode;
  semiSyncAcks: number;
  syncFollowers: readonly NodeId[] | null;
  failover: FailoverMode;
  electionTimeoutUs: number;
  readonly heartbeatUs: number;
  readonly shipIntervalUs: number;
  readonly maxBatch: number;
  /** The configuration before any configuration entry: the scenario's nodes. */
  readonly bootstrap: readonly NodeId[];
  /** The membership the operator asked for (addNode, removeNode); leaders move toward it (membership.ts). */
  target: NodeId[];
  /**
   * A configuration known to hold exactly the target's members, or null: a cache for membership.ts, reset with
   * the target. (Configurations are never changed in place: a new one is a new array.)
   */
  settledConfig: readonly NodeId[] | null = null;
  /** The hazard: a leader applies every pending change in one entry instead of one server at a time. */
  readonly unsafeMembership: boolean;
  /** Changes a leader refused because an earlier one was not committed yet. */
  refusedChanges = 0;
  private readonly matchScratch: number[] = [];
  /** The followers a sync or semi-sync leader counts, worked out once per peers, target and sync set (commit.ts). */
  ackedBy: {
    peers: readonly NodeId[];
    target: readonly NodeId[];
    sync: readonly NodeId[] | null;
    waitFor: readonly NodeId[];
  } | null = null;
  /** The commit rules' k-th largest match indexes, kept between acknowledgements (commit.ts). */
  readonly ackTracker: KthTracker = emptyTracker();
  readonly majorityTracker: KthTracker = emptyTracker();
  /** Acknowledged entries that left a node, by op id (the first discard of each): bounded (shared/discarded.ts). */
  readonly discards = new Discards<Discard>();
  /** The newest term a leader took office in: a leader of an older term is deposed (acceptWrite's fast check). */
  officeTerm = 0;
  /** The last AppendReply a follower sent, sent again by the next follower that says the same (replication.ts). */
  lastReply: AppendReply | null = null;

  constructor(scenario: Scenario, ctx: ModelContext) {
    this.ctx = ctx;
    const lf = scenario.leaderFollower ?? DEFAULT_LEADER_FOLLOWER;
    this.mode = lf.mode;
    this.reads = lf.reads ?? 'local';
    this.semiSyncAcks = lf.semiSyncAcks;
    this.syncFollowers = lf.syncFollowers ?? null;
    this.failover = lf.failover ?? 'manual';
    this.electionTimeoutUs = Math.round((lf.electionTimeoutMs ?? 300) * 1000);
    this.heartbeatUs = Math.max(1, Math.round(lf.heartbeatMs * 1000));
    this.shipIntervalUs = Math.round((lf.shipIntervalMs ?? 0) * 1000);
    this.maxBatch = lf.maxBatch ?? 64;
    this.unsafeMembership = lf.unsafeMembership ?? false;
    this.bootstrap = [...scenario.nodes];
    this.target = [...scenario.nodes];
    const leader = scenario.nodes[0] as NodeId;
    for (const id of scenario.nodes) this.nodes.set(id, this.freshNode(id, 1, leader, id === leader));
  }

  /**
   * A node as it starts: an empty log and the bootstrap configuration. A node added later starts in term 0,
   * knowing no leader; it is no member of that configuration, so it never stands for election until a
   * configuration entry that names it reaches its log.
   */
  freshNode(id: NodeId, term: number, leader: NodeId | null, configuredLeader: boolean): LfNode {
    return {
      id,
      up: true,
      role: 'follower',
      term,
      votedFor: null,
      leaderId: leader,
      config: this.bootstrap,
      configIndex: 0,
      peers: this.bootstrap.filter((n) => n !== id),
      log: [],
      snap: emptySnapshot(),
      applied: 0,
      commit: 0,
      data: new Map(),
      nextIndex: new Map(),
      matchIndex: new Map(),
      waiting: [],
      votes: new Set(),
      electionGeneration: 0,
      configuredLeader,
      readRound: 0,
      ackedRound: new Map(),
      pendingReads: [],
    };
  }

  settings(): LeaderFollowerSettings {
    return {
      mode: this.mode,
      reads: this.reads,
      semiSyncAcks: this.semiSyncAcks,
      syncFollowers: this.syncFollowers,
      failover: this.failover,
      electionTimeoutMs: this.electionTimeoutUs / 1000,
    };
  }

  /** The other members of the node's configuration: whom it replicates to and asks for votes. */
  peers(n: LfNode): readonly NodeId[] {
    return n.peers;
  }

  /** A majority of the configuration the node uses (Raft section 6: the latest in its log). */
  majority(n: LfNode): number {
    return Math.floor(n.config.length / 2) + 1;
  }

  /** The leader of the highest term, whether or not it is up. */
  currentLeader(): LfNode | undefined {
    let best: LfNode | undefined;
    for (const n of this.nodes.values()) if (n.role === 'leader' && (!best || n.term > best.term)) best = n;
    return best;
  }

  // ---------------------------------------------------------------- roles

  becomeLeader(n: LfNode, appendNoop: boolean): void {
    orphanOnTakeover(this, n);
    this.officeTerm = Math.max(this.officeTerm, n.term);
    n.role = 'leader';
    n.leaderId = n.id;
    n.votes = new Set();
    n.nextIndex = new Map();
    n.matchIndex = new Map();
    const last = lastIndex(n);
    n.commit = Math.max(n.commit, this.mode === 'async' && this.failover !== 'majority' ? last : 0);
    for (const f of this.peers(n)) {
      n.nextIndex.set(f, last + 1);
      n.matchIndex.set(f, 0);
    }
    // Raft: a new leader commits the entries of earlier terms by committing an entry of its own term.
    if (appendNoop)
      this.append(n, { index: last + 1, term: n.term, leader: n.id, key: '', value: '', op: 0 });
    else for (const f of this.peers(n)) this.sendAppend(n, f, true);
    this.advanceCommit(n);
    this.ctx.setTimer(n.id, this.heartbeatUs, HEARTBEAT);
    if (this.shipIntervalUs > 0) this.ctx.setTimer(n.id, this.shipIntervalUs, SHIP);
  }

  /** Naive or manual promotion: a new term, no votes, no check of the log. */
  promoteSelf(n: LfNode): void {
    n.term++;
    n.votedFor = n.id;
    for (const other of this.nodes.values()) other.configuredLeader = other === n;
    // A new term starts with a no-op entry of that term (a new timeline, in PostgreSQL's words), so every
    // follower's log is checked against it and divergent suffixes are truncated.
    this.becomeLeader(n, true);
  }

  /**
   * A node that sees a newer term (or is told to) becomes a follower; a leader's waiting clients are told. Its
   * election timer starts afresh when it hears from a leader (`leader` given) or was the leader; a follower or
   * candidate that only learns of a newer term keeps its running timer (Raft resets it only on hearing from the
   * current leader or granting a vote: otherwise a node whose timer keeps firing first, but whose log is too far
   * behind to win, would hold back for ever the one node that could win).
   */
  stepDown(n: LfNode, term: number, leader: NodeId | null): void {
    const restartTimer = leader !== null || n.role === 'leader';
    if (term > n.term) {
      n.term = term;
      n.votedFor = null;
    }
    if (n.role === 'leader') {
      n.configuredLeader = false;
      for (const w of n.waiting)
        replyToClient(this.ctx, n.id, w.client, {
          type: 'clientReply',
          kind: 'response',
          reqId: w.reqId,
          term: n.term,
          ok: false,
          indeterminate: true,
          error: `${n.id} lost the leadership before #${w.index} committed: outcome unknown`,
        });
      n.waiting = [];
      n.nextIndex = new Map();
      n.matchIndex = new Map();
      for (const r of n.pendingReads) {
        const reply: Mutable<ClientReply> = {
          type: 'clientReply',
          kind: 'response',
          reqId: r.reqId,
          term: n.term,
          ok: false,
          error: `${n.id} lost the leadership before it could confirm the read`,
        };
        if (leader) reply.redirect = leader;
        replyToClient(this.ctx, n.id, r.client, reply);
      }
      n.pendingReads = [];
      n.ackedRound = new Map();
    }
    n.role = 'follower';
    n.leaderId = leader;
    n.votes = new Set();
    if (restartTimer) this.resetElectionTimer(n);
  }

  resetElectionTimer(n: LfNode): void {
    n.electionGeneration++;
    if (this.failover === 'manual') return;
    // Randomised in [T, 2T), as in Raft, so that followers rarely time out together (`int`: rng.ts says why).
    const delay = this.electionTimeoutUs + this.ctx.rng.int(0, this.electionTimeoutUs - 1);
    this.ctx.setTimer(n.id, delay, {
      type: 'election',
      generation: n.electionGeneration,
    } satisfies ElectionTimer);
  }

  // ---------------------------------------------------------------- the log (leader side)

  /** Appends a client write to the leader's log and waits for the acknowledgements its mode needs. */
  acceptWrite(n: LfNode, client: NodeId, reqId: number, key: string, value: string): void {
    const entry: LogEntry = { index: lastIndex(n) + 1, term: n.term, leader: n.id, key, value, op: reqId };
    // A deposed leader that has not heard of its successor still takes writes (split brain): each is orphaned
    // as it is appended, by the same rule as at a failover (orphanOnTakeover).
    const newer = this.officeTerm > n.term ? this.currentLeader() : undefined;
    if (newer && newer.term > n.term)
      orphan(
        this,
        entry,
        [n.id],
        newer,
        `${n.id}, deposed leader of term ${n.term}, appended it after ${newer.id} took office as leader of term ${newer.term}`,
      );
    this.append(n, entry);
    n.waiting.push({ index: entry.index, client, reqId });
    this.advanceCommit(n);
  }

  append(n: LfNode, entry: LogEntry): void {
    // An entry never changes once written (followers keep the very object it is shipped as), so it is frozen:
    // the worker's checkpoints share it instead of copying every node's log each time.
    n.log.push(Object.freeze(entry));
    // A configuration takes effect when appended: the new peers get this very entry below.
    if (entry.config) setConfig(n, entry.config, entry.index);
    this.applyUpTo(n, entry.index);
    // With a ship interval the entry waits for the next shipment.
    if (this.shipIntervalUs > 0) return;
    // Pipeline: a follower that is up to date gets the new entry at once; one still catching up gets it with its
    // catch-up batch. What sendAppend would send each up-to-date follower depends only on the leader's state,
    // which sending does not change: one body is built and sent to them all (a body is never changed once sent).
    let body: AppendEntries | null = null;
    for (const f of this.peers(n)) {
      if (n.nextIndex.get(f) !== entry.index) continue;
      body ??= this.appendBody(n, entry.index, false);
      if (body.entries.length > 0) n.nextIndex.set(f, entry.index + body.entries.length);
      this.ctx.send(n.id, f, body);
    }
  }

  /**
   * Sends entries from nextIndex (up to maxBatch), or an empty heartbeat that probes the follower's log at the
   * last entry shipped to it: a follower that lacks it (a lost message, a restart) answers with where to resume.
   */
  sendAppend(n: LfNode, follower: NodeId, heartbeat: boolean): void {
    const last = lastIndex(n);
    const next = Math.min(n.nextIndex.get(follower) ?? last + 1, last + 1);
    // The entries it needs are compacted: it gets the snapshot instead (snapshot.ts).
    if (!heartbeat && next <= n.snap.index) {
      sendSnapshot(this, n, follower);
      return;
    }
    const body = this.appendBody(n, next, heartbeat);
    if (body.entries.length > 0) n.nextIndex.set(follower, next + body.entries.length);
    this.ctx.send(n.id, follower, body);
  }

  /** The AppendEntries that ships from index `next` on (up to maxBatch entries; none for a heartbeat). */
  private appendBody(n: LfNode, next: number, heartbeat: boolean): AppendEntries {
    const from = next - n.snap.index - 1;
    const entries = heartbeat ? [] : n.log.slice(from, from + this.maxBatch);
    const prevIndex = next - 1;
    const prev = epochAt(n, prevIndex);
    const body: Mutable<AppendEntries> = {
      type: 'append',
      kind: entries.length > 0 ? 'replicate' : 'heartbeat',
      term: n.term,
      prevIndex,
      prevTerm: prev.term,
      prevLeader: prev.leader,
      entries,
      commit: n.commit,
    };
    // Set after rather than spread in (`...{ round }` or `...{}`): a spread copies properties one by one.
    if (this.reads === 'read-index') body.round = n.readRound;
    return body;
  }

  /** Advances the commit index as the acknowledgement rules allow; acknowledges the writes up to it. */
  advanceCommit(n: LfNode): void {
    const last = lastIndex(n);
    let commit = this.mode === 'async' ? last : acknowledgedIndex(this, n, this.matchScratch);
    if (this.failover === 'majority') commit = Math.min(commit, majorityIndex(this, n, this.matchScratch));
    if (commit > n.commit) n.commit = Math.min(commit, last);
    // Asked only when reads wait: the test's closure was otherwise a new function object on every commit.
    if (n.pendingReads.length > 0 && n.pendingReads.some((r) => r.round === 0)) this.startWaitingReads(n);
    // A committed configuration lets the leader propose the next change it was asked for.
    if (n.configIndex <= n.commit) proposeMembership(this, n);
    while (n.waiting.length > 0 && (n.waiting[0] as Waiting).index <= n.commit) {
      const w = n.waiting.shift() as Waiting;
      replyToClient(this.ctx, n.id, w.client, {
        type: 'clientReply',
        kind: 'response',
        reqId: w.reqId,
        term: n.term,
        ok: true,
        version: w.index,
        value: entryAt(n, w.index)?.value ?? '',
      });
    }
    this.maybeCompact(n);
  }

  /**
   * Compacts what is committed and applied, less the margin; the leader also keeps what a follower has not
   * matched, up to `retain` entries (log.ts).
   */
  maybeCompact(n: LfNode): void {
    const stable = Math.min(n.commit, n.applied);
    let upTo = stable - LOG_LIMITS.keep;
    if (upTo - n.snap.index < LOG_LIMITS.every) return;
    if (n.role === 'leader') {
      let matched = Number.POSITIVE_INFINITY;
      for (const f of this.peers(n)) matched = Math.min(matched, n.matchIndex.get(f) ?? 0);
      upTo = Math.min(upTo, Math.max(matched, stable - LOG_LIMITS.retain));
      // A read-index read answers with the value as of its read index: the log keeps that far back.
      for (const r of n.pendingReads) if (r.round > 0) upTo = Math.min(upTo, r.readIndex);
      if (upTo - n.snap.index < LOG_LIMITS.every) return;
    }
    // Only applied entries are compacted (upTo <= applied), and their keys are all in the node's data.
    compactTo(n, upTo, n.data.size);
  }

  // ---------------------------------------------------------------- read-index (Raft section 6.4)

  /**
   * Whether the leader's commit index is the cluster's: it has committed an entry of its own epoch, or its log
   * holds nothing from an earlier one (the first leader of a fresh cluster), so nothing committed elsewhere can
   * be missing from it.
   */
  committedInTerm(n: LfNode): boolean {
    const own: Epoch = { term: n.term, leader: n.id };
    if (n.commit > 0 && sameEpoch(epochAt(n, n.commit), own)) return true;
    return n.snap.epochs.every((x) => sameEpoch(x, own)) && n.log.every((x) => sameEpoch(x, own));
  }

  /** Takes a read: it waits for the next confirmation round (a heartbeat to every follower, sent now). */
  acceptRead(n: LfNode, client: NodeId, reqId: number, key: string): void {
    n.pendingReads.push({ client, reqId, key, round: 0, readIndex: 0 });
    this.startWaitingReads(n);
  }

  /** Reads that wait for their term's first commit start a round once it is there. */
  private startWaitingReads(n: LfNode): void {
    if (!this.committedInTerm(n)) return;
    const waiting = n.pendingReads.filter((r) => r.round === 0);
    if (waiting.length === 0) return;
    n.readRound++;
    for (const r of waiting) {
      r.round = n.readRound;
      r.readIndex = n.commit;
    }
    for (const f of this.peers(n)) this.sendAppend(n, f, true);
    this.confirmReads(n);
  }

  /** A follower of this term answered round `round`; reads whose round a majority confirmed are answered. */
  confirmReads(n: LfNode, follower?: NodeId, round?: number): void {
    if (follower !== undefined && round !== undefined && round > (n.ackedRound.get(follower) ?? 0))
      n.ackedRound.set(follower, round);
    if (n.pendingReads.length === 0) return;
    const rounds = this.matchScratch;
    rounds.length = 0;
    rounds.push(n.readRound);
    for (const f of this.peers(n)) rounds.push(n.ackedRound.get(f) ?? 0);
    const confirmed = kthLargest(rounds, this.majority(n)) ?? 0;
    const answered = n.pendingReads.filter((r) => r.round > 0 && r.round <= confirmed);
    if (answered.length === 0) return;
    n.pendingReads = n.pendingReads.filter((r) => !(r.round > 0 && r.round <= confirmed));
    for (const r of answered) {
      replyRead(this, n, r.client, r.reqId, this.committedValue(n, r.key, r.readIndex));
    }
  }

  /**
   * The key's value as of log index `upTo` (committed state only: the leader applies entries before commit). If
   * the log was compacted past `upTo` while the read waited, the snapshot's value is a later committed one, written
   * while the read was in progress: still a linearizable answer.
   */
  private committedValue(n: LfNode, key: string, upTo: number): DataCell | undefined {
    for (let i = Math.min(upTo, lastIndex(n)); i > n.snap.index; i--) {
      const e = entryAt(n, i) as LogEntry;
      if (e.op !== 0 && e.key === key) return e;
    }
    return n.snap.data.get(key);
  }

  // ---------------------------------------------------------------- state machine

  applyUpTo(n: LfNode, index: number): void {
    const upTo = Math.min(index, lastIndex(n));
    for (let i = n.applied + 1; i <= upTo; i++) {
      const e = entryAt(n, i) as LogEntry;
      if (e.op !== 0) n.data.set(e.key, e);
    }
    if (upTo > n.applied) n.applied = upTo;
  }

  /** After a truncation the state machine is rebuilt from the snapshot and the log. */
  rebuild(n: LfNode): void {
    n.data = new Map(n.snap.data);
    n.applied = n.snap.index;
    n.commit = Math.min(n.commit, lastIndex(n));
    refreshConfig(this, n);
  }

  /** After the log changed under the node (truncated, replaced): it uses the latest configuration left in it. */
  refreshConfig(n: LfNode): void {
    refreshConfig(this, n);
  }

  /** Discards the log from `from` (past the snapshot point) on: entries the new leader does not have. */
  truncate(n: LfNode, from: number, reason: string): void {
    const cut = from - n.snap.index - 1;
    for (const entry of n.log.slice(cut)) this.discard(entry, n, reason);
    n.log.length = cut;
  }

  /** Records that an entry left the node holding it (a leader's no-op is no write). */
  discard(entry: LogEntry, n: LfNode, reason: string): void {
    if (entry.op !== 0) this.discards.remember(entry.op, { entry, node: n.id, atUs: this.ctx.nowUs, reason });
  }

  /**
   * Discards the whole log and snapshot: a truncation reached behind the snapshot point, or the disk is gone.
   * The compacted part is reported as the snapshot's latest write of each key (log.ts), unless the new leader is
   * known to hold it (`snapshotHeld`).
   */
  discardAll(n: LfNode, reason: string, snapshotHeld = false): void {
    if (!snapshotHeld) for (const entry of snapshotWrites(n.snap)) this.discard(entry, n, reason);
    for (const entry of n.log) this.discard(entry, n, reason);
    n.log = [];
    n.snap = emptySnapshot();
    n.data = new Map();
    n.applied = 0;
    n.commit = 0;
    refreshConfig(this, n);
  }
}
