/**
 * Leader-follower (primary-backup) replication, as in PostgreSQL streaming replication or MySQL semi-sync.
 *
 * The leader appends each client write to its log and ships entries to every follower in log order; followers
 * append and apply in order and acknowledge the position they hold. The leader acknowledges the client
 * - asynchronously: as soon as the entry is in its own log;
 * - semi-synchronously: once `semiSyncAcks` followers hold it;
 * - synchronously: once every follower holds it (a follower that is down stalls writes, as it does in PostgreSQL
 *   with synchronous_commit and no quorum).
 *
 * Log shipping follows Raft's AppendEntries consistency check (prevIndex/prevTerm, conflict hint, truncation of a
 * conflicting suffix) so that a follower that missed messages, crashed, or lost its disk catches up from the
 * leader's log. A heartbeat is an AppendEntries with no entries; it also repairs lost messages. Failover (terms
 * that change, elections) is a separate step of this model; here the leader is fixed by the scenario.
 */
import type {
  ClientRead,
  ClientReply,
  ClientWrite,
  ModelContext,
  NodeState,
  ReplicationModel,
  TimerBody,
} from '../model.ts';
import type { Action, ReplicationMode, Scenario } from '../scenario.ts';
import type { Message, MessageBody, ModelSettings, NodeId, Role } from '../types.ts';

export interface LogEntry {
  readonly index: number;
  readonly term: number;
  readonly key: string;
  readonly value: string;
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
  /** Without ok: where the leader should resume sending. */
  readonly conflictIndex: number;
}

type LfMessage = AppendEntries | AppendReply | ClientWrite | ClientRead | ClientReply;

const HEARTBEAT: TimerBody = { type: 'heartbeat' };

interface Waiting {
  readonly index: number;
  readonly client: NodeId;
  readonly reqId: number;
}

/** One node's state. `log`, `term` are durable; everything else is lost in a crash. */
interface LfNode {
  readonly id: NodeId;
  role: Role;
  term: number;
  leaderId: NodeId;
  log: LogEntry[];
  applied: number;
  commit: number;
  data: Map<string, { value: string; version: number }>;
  /** Leader only: next index to send and highest index known replicated, per follower. */
  nextIndex: Map<NodeId, number>;
  matchIndex: Map<NodeId, number>;
  /** Leader only: client writes awaiting enough acknowledgements, in index order. */
  waiting: Waiting[];
}

export class LeaderFollower implements ReplicationModel {
  readonly name = 'leader-follower' as const;
  private readonly ctx: ModelContext;
  private readonly nodes = new Map<NodeId, LfNode>();
  private mode: ReplicationMode;
  private semiSyncAcks: number;
  private readonly heartbeatUs: number;
  private readonly maxBatch: number;
  /** Every node but the given one, computed once: the cluster's membership is fixed. */
  private readonly others = new Map<NodeId, readonly NodeId[]>();
  private readonly matchScratch: number[] = [];

  constructor(scenario: Scenario, ctx: ModelContext) {
    this.ctx = ctx;
    this.mode = scenario.leaderFollower.mode;
    this.semiSyncAcks = scenario.leaderFollower.semiSyncAcks;
    this.heartbeatUs = Math.max(1, Math.round(scenario.leaderFollower.heartbeatMs * 1000));
    this.maxBatch = scenario.leaderFollower.maxBatch ?? 64;
    const leader = scenario.nodes[0] as NodeId;
    for (const id of scenario.nodes) {
      this.others.set(
        id,
        scenario.nodes.filter((n) => n !== id),
      );
      this.nodes.set(id, {
        id,
        role: id === leader ? 'leader' : 'follower',
        term: 1,
        leaderId: leader,
        log: [],
        applied: 0,
        commit: 0,
        data: new Map(),
        nextIndex: new Map(),
        matchIndex: new Map(),
        waiting: [],
      });
    }
  }

  start(): void {
    for (const n of this.nodes.values()) if (n.role === 'leader') this.becomeLeader(n);
  }

  private node(id: NodeId): LfNode {
    const n = this.nodes.get(id);
    if (!n) throw new Error(`unknown node ${id}`);
    return n;
  }

  private followers(leader: LfNode): readonly NodeId[] {
    return this.others.get(leader.id) ?? [];
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
      case 'clientReply':
        return;
      default: {
        const never: never = body;
        never;
        return;
      }
    }
  }

  onTimer(id: NodeId, timer: TimerBody): void {
    const n = this.node(id);
    if (timer.type === 'heartbeat' && n.role === 'leader') {
      for (const f of this.followers(n)) this.sendAppend(n, f, true);
      this.ctx.setTimer(n.id, this.heartbeatUs, HEARTBEAT);
    }
  }

  onCrash(id: NodeId, durable: boolean): void {
    const n = this.node(id);
    n.applied = 0;
    n.commit = 0;
    n.data = new Map();
    n.nextIndex = new Map();
    n.matchIndex = new Map();
    n.waiting = [];
    if (!durable) n.log = [];
  }

  onRestart(id: NodeId): void {
    const n = this.node(id);
    if (n.log.length === 0 && n.role === 'leader') {
      // A leader that lost its disk starts a new epoch, so followers recognise its (empty) log as the truth.
      n.term++;
    }
    this.applyUpTo(n, n.log.length);
    if (n.role === 'leader') this.becomeLeader(n);
  }

  configure(action: Action): void {
    if (action.type !== 'setReplication') return;
    this.mode = action.mode;
    if (action.semiSyncAcks !== undefined) this.semiSyncAcks = action.semiSyncAcks;
    // A weaker mode may release writes that were waiting for acknowledgements.
    for (const n of this.nodes.values()) if (n.role === 'leader') this.advanceCommit(n);
  }

  settings(): ModelSettings {
    return { mode: this.mode, semiSyncAcks: this.semiSyncAcks };
  }

  nodeState(id: NodeId): NodeState {
    const n = this.node(id);
    return {
      role: n.role,
      term: n.term,
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
        return `replicate ${range}: ${first.key} = ${first.value}${b.entries.length > 1 ? ', ...' : ''}`;
      }
      case 'appendReply':
        return b.ok ? `ack: holds up to #${b.matchIndex}` : `behind: resend from #${b.conflictIndex}`;
      case 'clientWrite':
        return `write ${b.key} = ${b.value}`;
      case 'clientRead':
        return `read ${b.key}`;
      case 'clientReply':
        if (b.redirect) return `redirect to ${b.redirect}`;
        if (!b.ok) return `error: ${b.error ?? 'failed'}`;
        return b.value !== undefined
          ? `value ${b.value ?? 'none'} (v${b.version ?? 0})`
          : `ok (#${b.version ?? 0})`;
      default: {
        const never: never = b;
        return never;
      }
    }
  }

  // ---------------------------------------------------------------- client requests

  private onClientWrite(n: LfNode, client: NodeId, req: ClientWrite): void {
    if (n.role !== 'leader') {
      this.reply(n, client, req.reqId, false, undefined, 0, `${n.id} is a follower`, n.leaderId);
      return;
    }
    const entry: LogEntry = { index: n.log.length + 1, term: n.term, key: req.key, value: req.value };
    n.log.push(entry);
    this.applyUpTo(n, entry.index);
    n.waiting.push({ index: entry.index, client, reqId: req.reqId });
    for (const f of this.followers(n)) {
      // Pipeline: a follower that is up to date gets the new entry at once; one still catching up gets it
      // with its catch-up batch.
      if (n.nextIndex.get(f) === entry.index) this.sendAppend(n, f, false);
    }
    this.advanceCommit(n);
  }

  private onClientRead(n: LfNode, client: NodeId, req: ClientRead): void {
    const cell = n.data.get(req.key);
    this.reply(n, client, req.reqId, true, cell?.value ?? null, cell?.version ?? 0);
  }

  private reply(
    n: LfNode,
    client: NodeId,
    reqId: number,
    ok: boolean,
    value: string | null | undefined,
    version: number,
    error?: string,
    redirect?: NodeId,
  ): void {
    const body: ClientReply = { type: 'clientReply', kind: 'response', reqId, ok, version };
    if (value !== undefined) (body as { value?: string | null }).value = value;
    if (error !== undefined) (body as { error?: string }).error = error;
    if (redirect !== undefined) (body as { redirect?: NodeId }).redirect = redirect;
    this.ctx.send(n.id, client, body);
  }

  // ---------------------------------------------------------------- log shipping (leader side)

  private becomeLeader(n: LfNode): void {
    n.role = 'leader';
    n.leaderId = n.id;
    n.commit = Math.max(n.commit, this.mode === 'async' ? n.log.length : 0);
    for (const f of this.followers(n)) {
      n.nextIndex.set(f, n.log.length + 1);
      n.matchIndex.set(f, 0);
      this.sendAppend(n, f, true);
    }
    this.ctx.setTimer(n.id, this.heartbeatUs, HEARTBEAT);
  }

  /** Sends entries from nextIndex (up to maxBatch), or an empty heartbeat that probes the follower's log. */
  private sendAppend(n: LfNode, follower: NodeId, heartbeat: boolean): void {
    const next = n.nextIndex.get(follower) ?? n.log.length + 1;
    const entries = heartbeat ? [] : n.log.slice(next - 1, next - 1 + this.maxBatch);
    const prevIndex = heartbeat ? n.log.length : next - 1;
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
    if (n.role !== 'leader' || r.term !== n.term) return;
    if (r.ok) {
      if (r.matchIndex > (n.matchIndex.get(follower) ?? 0)) n.matchIndex.set(follower, r.matchIndex);
      const next = n.nextIndex.get(follower) ?? 1;
      // Everything sent so far is acknowledged but the follower is still behind (it is catching up in
      // batches): send the next batch. Entries merely in flight are not sent again; a lost one shows up as a
      // gap that the follower reports on the next append or heartbeat.
      if (r.matchIndex < n.log.length && next <= r.matchIndex + 1) {
        n.nextIndex.set(follower, r.matchIndex + 1);
        this.sendAppend(n, follower, false);
      }
      this.advanceCommit(n);
    } else {
      n.nextIndex.set(follower, Math.max(1, Math.min(r.conflictIndex, n.log.length + 1)));
      this.sendAppend(n, follower, n.log.length < (n.nextIndex.get(follower) ?? 1));
    }
  }

  /** The highest index the current mode counts as acknowledged; acknowledges the writes up to it. */
  private advanceCommit(n: LfNode): void {
    const commit = this.mode === 'async' ? n.log.length : this.acknowledgedIndex(n);
    if (commit > n.commit) n.commit = Math.min(commit, n.log.length);
    while (n.waiting.length > 0 && (n.waiting[0] as Waiting).index <= n.commit) {
      const w = n.waiting.shift() as Waiting;
      this.reply(n, w.client, w.reqId, true, undefined, w.index);
    }
  }

  /** The index held by every follower (sync) or by at least `semiSyncAcks` of them (semi-sync). */
  private acknowledgedIndex(n: LfNode): number {
    const followers = this.followers(n);
    if (followers.length === 0) return n.log.length;
    const matches = this.matchScratch;
    matches.length = 0;
    for (const f of followers) matches.push(n.matchIndex.get(f) ?? 0);
    matches.sort((a, b) => b - a);
    const k = this.mode === 'sync' ? matches.length : Math.min(this.semiSyncAcks, matches.length);
    return matches[k - 1] ?? 0;
  }

  // ---------------------------------------------------------------- log shipping (follower side)

  private onAppendEntries(n: LfNode, leader: NodeId, a: AppendEntries): void {
    const replyKind = a.entries.length > 0 ? 'ack' : 'heartbeat';
    if (a.term < n.term) {
      this.ctx.send(n.id, leader, {
        type: 'appendReply',
        kind: replyKind,
        term: n.term,
        ok: false,
        matchIndex: 0,
        conflictIndex: 0,
      } satisfies AppendReply);
      return;
    }
    if (a.term > n.term) n.term = a.term;
    n.leaderId = leader;
    if (n.role === 'leader' && leader !== n.id) n.role = 'follower';
    // Consistency check: the follower must hold the leader's entry at prevIndex.
    const conflictIndex = this.findConflict(n, a.prevIndex, a.prevTerm);
    if (conflictIndex !== null) {
      this.ctx.send(n.id, leader, {
        type: 'appendReply',
        kind: replyKind,
        term: n.term,
        ok: false,
        matchIndex: 0,
        conflictIndex,
      } satisfies AppendReply);
      return;
    }
    let truncated = false;
    for (const e of a.entries) {
      const mine = n.log[e.index - 1];
      if (mine && mine.term === e.term) continue;
      if (mine) {
        // A conflicting suffix (written by a leader of an older epoch) is discarded, as Raft does.
        n.log.length = e.index - 1;
        truncated = true;
      }
      n.log.push(e);
    }
    if (truncated) this.rebuild(n);
    const matchIndex = a.prevIndex + a.entries.length;
    this.applyUpTo(n, matchIndex);
    n.commit = Math.max(n.commit, Math.min(a.commit, matchIndex));
    this.ctx.send(n.id, leader, {
      type: 'appendReply',
      kind: replyKind,
      term: n.term,
      ok: true,
      matchIndex,
      conflictIndex: 0,
    } satisfies AppendReply);
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
      n.data.set(e.key, { value: e.value, version: e.index });
    }
    if (upTo > n.applied) n.applied = upTo;
  }

  private rebuild(n: LfNode): void {
    n.data = new Map();
    n.applied = 0;
    n.commit = Math.min(n.commit, n.log.length);
  }
}
