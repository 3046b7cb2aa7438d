/**
 * Clients, their operations and the history. A client sends a request to a node and waits for the reply, a
 * redirect, or its timeout; every operation is recorded as an invoke and a completion in the style of a Jepsen
 * history: ok, fail (it definitely did not happen) or info (indeterminate: it may or may not have happened).
 *
 * Read policies, per client: "leader" (every read from the leader), "any" (a random replica), "read-your-writes"
 * (a random replica, which hands the read to the leader if it has not applied the client's last write) and
 * "monotonic" (one sticky replica, chosen once), or a fixed node id.
 *
 * Clients drive the workload and record what they saw; they judge nothing. Whether a read was stale, went back
 * in time or returned a failed write, or an id was handed out twice, is decided by the oracle's checkers
 * (src/sim/oracle) from this history: one judge, one count.
 */

import type { Rng } from '../engine/rng.ts';
import { SpareList } from '../engine/spares.ts';
import type { ClientRead, ClientReply, ClientRequest, ClientWrite } from '../models/model.ts';
import type { VersionVector } from '../models/shared/versionVector.ts';
import { isPolicy } from '../scenarios/constants.ts';
import type { Scenario } from '../scenarios/schema.ts';
import type { Message, Mutable, NodeId, Operation, OpKind, TimeUs } from '../types.ts';
import { PendingTable } from './pendingTable.ts';
import { HistoryWindow, type WindowLimits } from './recent.ts';

const MAX_REDIRECTS = 3;
const MAX_SPARE_PENDING = 1_024;

export interface ClientHost {
  readonly nowUs: TimeUs;
  readonly nodes: readonly NodeId[];
  send(from: NodeId, to: NodeId, body: ClientRequest): void;
  scheduleTimeout(opId: number, attempt: number, delayUs: TimeUs): void;
}

interface ClientState {
  readonly id: NodeId;
  readFrom: string;
  /** Where writes go: the last leader this client heard of. */
  leaderHint: NodeId;
  sticky: NodeId | null;
  /** Log position of this client's last acknowledged write (read-your-writes). */
  lastWriteIndex: number;
  /** The causal context (version vector) of this client's last read of each key, sent with its next write. */
  readonly contexts: Map<string, VersionVector>;
  pending: number;
  /** What this client believes each account holds (bank workload). */
  readonly balances: Map<string, number>;
}

/** The refusals of an operation no node refused. */
const NONE_REFUSED: ReadonlySet<NodeId> = new Set();

interface Pending {
  op: Operation;
  /** The operation's client (`op.client`'s state), so its replies and timeouts look nothing up. */
  client: ClientState;
  attempt: number;
  redirects: number;
  /**
   * Nodes that refused the connection during this operation (made at the first refusal: most operations meet
   * none), and the first refusal's message.
   */
  refused: Set<NodeId> | null;
  refusal: string | null;
}

export interface IssueRequest {
  client: NodeId;
  f: OpKind;
  key: string;
  value: string | null;
  /** A node id or a read policy. */
  target: string;
  manual: boolean;
  note?: string;
  autoIncrement?: boolean;
}

export class Clients {
  /** The history: every operation, or the recent ones in full and a summary of the rest (recent.ts). */
  readonly recent: HistoryWindow;
  private readonly clients = new Map<NodeId, ClientState>();
  private readonly pending = new PendingTable<Pending>();
  /**
   * Pending records of completed operations, kept to carry the next ones (at most MAX_SPARE_PENDING): nothing
   * holds one once its operation completed.
   */
  private readonly sparePending = new SpareList<Pending>(MAX_SPARE_PENDING);
  /** The clients' ids in scenario order (the clients are fixed for the run): the workload picks from them. */
  private readonly clientIds: readonly NodeId[];
  /** The history's events (invocations and completions) so far: the next one's `invokeSeq` or `completeSeq`. */
  private events = 0;
  private readonly host: ClientHost;
  private readonly timeoutUs: TimeUs;
  private readonly rng: Rng;
  /** Operations by outcome: what the simulation counts itself (anomalies are the oracle's to count). */
  counts = { ok: 0, fail: 0, info: 0, writesOk: 0, readsOk: 0 };
  /** When an operation last completed (with a reply, or given up on at a timeout). */
  lastCompleteUs = Number.NEGATIVE_INFINITY;

  constructor(scenario: Scenario, host: ClientHost, rng: Rng, limits: WindowLimits | null = null) {
    this.recent = new HistoryWindow(limits);
    this.host = host;
    this.rng = rng;
    this.timeoutUs = Math.round(scenario.clientTimeoutMs * 1000);
    const leader = scenario.nodes[0] as NodeId;
    for (const c of scenario.clients)
      this.clients.set(c.id, {
        id: c.id,
        readFrom: c.readFrom ?? 'any',
        leaderHint: c.home ?? leader,
        contexts: new Map(),
        sticky: null,
        lastWriteIndex: 0,
        pending: 0,
        balances: new Map(),
      });
    this.clientIds = [...this.clients.keys()];
  }

  /** The operations the window holds in full, oldest first (the whole history when it is unbounded). */
  get history(): readonly Operation[] {
    return this.recent.ops;
  }

  /** How many operations slid out of the window before `history[0]`. */
  get trimmed(): number {
    return this.recent.trimmed;
  }

  ids(): NodeId[] {
    return [...this.clientIds];
  }

  has(id: NodeId): boolean {
    return this.clients.has(id);
  }

  readPolicy(id: NodeId): string {
    return this.clients.get(id)?.readFrom ?? 'leader';
  }

  setReadPolicy(id: NodeId, policy: string): void {
    const c = this.clients.get(id);
    if (!c) return;
    c.readFrom = policy;
    c.sticky = null;
  }

  view(): { id: NodeId; pending: number; leaderHint: NodeId; readFrom: string; sticky: NodeId | null }[] {
    return [...this.clients.values()].map((c) => ({
      id: c.id,
      pending: c.pending,
      leaderHint: c.leaderHint,
      readFrom: c.readFrom,
      sticky: c.sticky,
    }));
  }

  pendingCount(): number {
    return this.pending.size;
  }

  issue(req: IssueRequest): Operation | null {
    const client = this.clients.get(req.client);
    if (!client) return null;
    const { f, key, value, target, manual, note } = req;
    return this.start(client, f, key, value, target, manual, note, req.autoIncrement === true);
  }

  /**
   * `issue` for a client's state at hand, its request's fields as arguments: the workload's operations (one per
   * arrival) make no request object and look no client up.
   */
  private start(
    client: ClientState,
    f: OpKind,
    key: string,
    value: string | null,
    target: string,
    manual: boolean,
    note: string | undefined,
    autoIncrement: boolean,
  ): Operation {
    const op: Operation = {
      id: this.recent.total + 1,
      client: client.id,
      f,
      key,
      value: autoIncrement ? null : value,
      invokeUs: this.host.nowUs,
      completeUs: null,
      invokeSeq: this.events++,
      completeSeq: null,
      status: 'pending',
      node: null,
      version: 0,
      manual,
    };
    if (note) (op as { note?: string }).note = note;
    if (autoIncrement) (op as { autoIncrement?: boolean }).autoIncrement = true;
    this.recent.push(op, this.host.nowUs);
    client.pending++;
    const p = this.pendingFor(op, client);
    this.pending.set(op.id, p);
    this.sendAttempt(p, this.resolveTarget(client, f, target));
    return op;
  }

  /** A pending record for `op`: a spare one rewritten, or a new one. */
  private pendingFor(op: Operation, client: ClientState): Pending {
    const p = this.sparePending.take();
    if (p === undefined) return { op, client, attempt: 0, redirects: 0, refused: null, refusal: null };
    p.op = op;
    p.client = client;
    p.attempt = 0;
    p.redirects = 0;
    p.refused = null;
    p.refusal = null;
    return p;
  }

  /** Generates one operation of the scenario's workload for a random client. */
  generate(scenario: Scenario): void {
    const w = scenario.workload;
    const client = this.clients.get(this.rng.pick(this.clientIds));
    if (!client) return;
    const key = this.rng.pick(w.keys);
    if (this.rng.chance(w.readFraction)) {
      this.start(client, 'read', key, null, client.readFrom, false, undefined, false);
      return;
    }
    if (w.kind === 'bank') {
      const balance = client.balances.get(key) ?? 0;
      const amount = this.rng.int(1, 20) * 10;
      const withdraw = balance >= amount && this.rng.chance(0.4);
      const next = withdraw ? balance - amount : balance + amount;
      client.balances.set(key, next);
      const note = `${withdraw ? 'withdraw' : 'deposit'} ${amount}`;
      this.start(client, 'write', key, String(next), 'leader', false, note, false);
    } else {
      const value = `v${this.recent.total + 1}`;
      this.start(client, 'write', key, value, 'leader', false, undefined, false);
    }
  }

  private resolveTarget(client: ClientState, f: OpKind, target: string): NodeId {
    if (f === 'write' && isPolicy(target)) return client.leaderHint;
    switch (target) {
      case 'leader':
        return client.leaderHint;
      case 'any':
      case 'read-your-writes':
        return this.rng.pick(this.host.nodes);
      case 'monotonic':
        if (client.sticky === null) client.sticky = this.rng.pick(this.host.nodes);
        return client.sticky;
      default:
        return target;
    }
  }

  private sendAttempt(p: Pending, node: NodeId): void {
    p.attempt++;
    p.op.node = node;
    const client = p.client;
    // The optional fields are added when present, in the order they always had (no spread on this hot path).
    let body: ClientRequest;
    if (p.op.f === 'write') {
      const context = client.contexts.get(p.op.key);
      const write: Mutable<ClientWrite> = {
        type: 'clientWrite',
        kind: 'request',
        reqId: p.op.id,
        key: p.op.key,
        value: p.op.value ?? '',
      };
      if (p.op.autoIncrement) write.autoIncrement = true;
      if (context) write.context = context;
      body = write;
    } else {
      const read: Mutable<ClientRead> = { type: 'clientRead', kind: 'read', reqId: p.op.id, key: p.op.key };
      if (client.readFrom === 'read-your-writes' && client.lastWriteIndex > 0)
        read.minIndex = client.lastWriteIndex;
      body = read;
    }
    this.host.send(p.op.client, node, body);
    this.host.scheduleTimeout(p.op.id, p.attempt, this.timeoutUs);
  }

  onReply(msg: Message<ClientReply>): void {
    const reply = msg.body;
    const p = this.pending.get(reply.reqId);
    // A reply after the operation completed (e.g. after its timeout) changes nothing: the client gave up.
    if (!p || p.op.client !== msg.to) return;
    const client = p.client;
    const op = p.op;
    if (!reply.ok && reply.refused) {
      p.refused ??= new Set();
      p.refused.add(msg.from);
      p.refusal ??= reply.error ?? `${msg.from} refused the connection`;
    }
    if (!reply.ok && p.redirects < MAX_REDIRECTS) {
      const next = this.retryTarget(client, op, msg.from, reply, p.refused ?? NONE_REFUSED);
      if (next !== null) {
        p.redirects++;
        this.sendAttempt(p, next);
        return;
      }
    }
    op.node = msg.from;
    if (reply.term !== undefined) op.term = reply.term;
    if (reply.ok) this.succeed(client, op, reply);
    else
      op.error =
        p.refusal && !reply.refused ? `${p.refusal}; no other leader known` : (reply.error ?? 'failed');
    this.complete(p, reply.ok ? 'ok' : reply.indeterminate ? 'info' : 'fail');
  }

  /** Where to retry a failed request, or null to give up: follow a redirect, or find the new leader. */
  private retryTarget(
    client: ClientState,
    op: Operation,
    from: NodeId,
    reply: ClientReply,
    refused: ReadonlySet<NodeId>,
  ): NodeId | null {
    if (reply.indeterminate) return null;
    if (reply.redirect !== undefined) {
      // A redirect back to a node that already refused us: nobody else leads, so the write fails.
      if (refused.has(reply.redirect) || !this.host.nodes.includes(reply.redirect) || reply.redirect === from)
        return null;
      if (op.f === 'write') client.leaderHint = reply.redirect;
      return reply.redirect;
    }
    // The leader is unreachable: a write tries another node, which knows the new leader if there is one.
    if (op.f === 'write' && reply.refused) {
      const nodes = this.host.nodes;
      const i = nodes.indexOf(from);
      for (let k = 1; k < nodes.length; k++) {
        const next = nodes[(i + k) % nodes.length] as NodeId;
        if (refused.has(next)) continue;
        client.leaderHint = next;
        return next;
      }
      return null;
    }
    if (
      op.f === 'read' &&
      client.readFrom === 'monotonic' &&
      client.sticky === from &&
      this.host.nodes.length > 1
    ) {
      // The sticky replica is gone; stick to the next one (monotonicity can break here, as in real systems).
      const i = this.host.nodes.indexOf(from);
      client.sticky = this.host.nodes[(i + 1) % this.host.nodes.length] as NodeId;
      return client.sticky;
    }
    return null;
  }

  /** Records what came back (the ground truth the oracle judges by), and what the client itself keeps. */
  private succeed(client: ClientState, op: Operation, reply: ClientReply): void {
    op.version = reply.version ?? 0;
    if (reply.ts !== undefined) op.ts = reply.ts;
    if (op.f === 'read') {
      op.value = reply.value ?? null;
      if (reply.siblings) op.siblings = [...reply.siblings];
      if (reply.context) {
        op.context = reply.context;
        client.contexts.set(op.key, reply.context);
      }
      if (reply.opIds) op.opIds = [...reply.opIds];
      this.counts.readsOk++;
      if (op.value !== null && Number.isFinite(Number(op.value)))
        client.balances.set(op.key, Number(op.value));
      return;
    }
    this.counts.writesOk++;
    if (reply.dot) op.dot = reply.dot;
    // The write superseded what the client had read: its context is used up.
    client.contexts.delete(op.key);
    if (!reply.forwarded) client.leaderHint = op.node ?? client.leaderHint;
    if (op.version > client.lastWriteIndex) client.lastWriteIndex = op.version;
    if (op.autoIncrement) op.value = reply.value ?? null;
  }

  onTimeout(opId: number, attempt: number): void {
    const p = this.pending.get(opId);
    if (!p || p.attempt !== attempt) return;
    p.op.error = `timed out after ${this.timeoutUs / 1000} ms waiting for ${p.op.node}`;
    // A write that timed out may still take effect; a read that timed out had no effect, so it failed.
    this.complete(p, p.op.f === 'write' ? 'info' : 'fail');
  }

  private complete(p: Pending, status: 'ok' | 'fail' | 'info'): void {
    p.op.status = status;
    p.op.completeUs = this.host.nowUs;
    this.lastCompleteUs = this.host.nowUs;
    p.op.completeSeq = this.events++;
    this.pending.delete(p.op.id);
    p.client.pending--;
    this.counts[status]++;
    this.sparePending.give(p);
  }
}
