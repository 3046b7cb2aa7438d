/**
 * Clients, their operations and the history. A client sends a request to a node and waits for the reply, a
 * redirect, or its timeout; every operation is recorded as an invoke and a completion in the style of a Jepsen
 * history: ok, fail (it definitely did not happen) or info (indeterminate: it may or may not have happened).
 */
import type { ClientReply, ClientRequest } from './model.ts';
import type { Rng } from './rng.ts';
import type { Scenario } from './scenario.ts';
import type { Message, NodeId, Operation, OpKind, TimeUs } from './types.ts';

const MAX_REDIRECTS = 3;

export interface ClientHost {
  readonly nowUs: TimeUs;
  readonly nodes: readonly NodeId[];
  send(from: NodeId, to: NodeId, body: ClientRequest): void;
  scheduleTimeout(opId: number, attempt: number, delayUs: TimeUs): void;
}

interface ClientState {
  readonly id: NodeId;
  readonly readFrom: string;
  leaderHint: NodeId;
  pending: number;
  /** What this client believes each account holds (bank workload). */
  readonly balances: Map<string, number>;
}

interface Pending {
  readonly op: Operation;
  attempt: number;
  redirects: number;
}

export interface IssueRequest {
  client: NodeId;
  f: OpKind;
  key: string;
  value: string | null;
  /** A node id, 'leader' or 'any'. */
  target: string;
  manual: boolean;
  note?: string;
}

export class Clients {
  readonly history: Operation[] = [];
  private readonly clients = new Map<NodeId, ClientState>();
  private readonly pending = new Map<number, Pending>();
  /** Newest version of each key acknowledged so far: the floor for reads invoked from now on. */
  private readonly ackedVersion = new Map<string, number>();
  private readonly host: ClientHost;
  private readonly timeoutUs: TimeUs;
  private readonly rng: Rng;
  counts = { ok: 0, fail: 0, info: 0, writesOk: 0, readsOk: 0, stale: 0 };

  constructor(scenario: Scenario, host: ClientHost, rng: Rng) {
    this.host = host;
    this.rng = rng;
    this.timeoutUs = Math.round(scenario.clientTimeoutMs * 1000);
    const leader = scenario.nodes[0] as NodeId;
    for (const c of scenario.clients)
      this.clients.set(c.id, {
        id: c.id,
        readFrom: c.readFrom ?? 'any',
        leaderHint: leader,
        pending: 0,
        balances: new Map(),
      });
  }

  ids(): NodeId[] {
    return [...this.clients.keys()];
  }

  has(id: NodeId): boolean {
    return this.clients.has(id);
  }

  view(): { id: NodeId; pending: number; leaderHint: NodeId }[] {
    return [...this.clients.values()].map((c) => ({
      id: c.id,
      pending: c.pending,
      leaderHint: c.leaderHint,
    }));
  }

  pendingCount(): number {
    return this.pending.size;
  }

  issue(req: IssueRequest): Operation | null {
    const client = this.clients.get(req.client);
    if (!client) return null;
    const op: Operation = {
      id: this.history.length + 1,
      client: req.client,
      f: req.f,
      key: req.key,
      value: req.value,
      ...(req.note ? { note: req.note } : {}),
      invokeUs: this.host.nowUs,
      completeUs: null,
      status: 'pending',
      node: null,
      version: 0,
      expectedMinVersion: req.f === 'read' ? (this.ackedVersion.get(req.key) ?? 0) : 0,
      stale: false,
      manual: req.manual,
    };
    this.history.push(op);
    client.pending++;
    const p: Pending = { op, attempt: 0, redirects: 0 };
    this.pending.set(op.id, p);
    this.sendAttempt(p, this.resolveTarget(client, req.f, req.target));
    return op;
  }

  /** Generates one operation of the scenario's workload for a random client. */
  generate(scenario: Scenario): void {
    const w = scenario.workload;
    const client = this.clients.get(this.rng.pick(this.ids()));
    if (!client) return;
    const key = this.rng.pick(w.keys);
    const isRead = this.rng.chance(w.readFraction);
    if (isRead) {
      this.issue({ client: client.id, f: 'read', key, value: null, target: client.readFrom, manual: false });
      return;
    }
    if (w.kind === 'bank') {
      const balance = client.balances.get(key) ?? 0;
      const amount = this.rng.int(1, 20) * 10;
      const withdraw = balance >= amount && this.rng.chance(0.4);
      const next = withdraw ? balance - amount : balance + amount;
      client.balances.set(key, next);
      this.issue({
        client: client.id,
        f: 'write',
        key,
        value: String(next),
        target: 'leader',
        manual: false,
        note: `${withdraw ? 'withdraw' : 'deposit'} ${amount}`,
      });
    } else {
      this.issue({
        client: client.id,
        f: 'write',
        key,
        value: `v${this.history.length + 1}`,
        target: 'leader',
        manual: false,
      });
    }
  }

  private resolveTarget(client: ClientState, f: OpKind, target: string): NodeId {
    if (f === 'write' && (target === 'any' || target === 'leader')) return client.leaderHint;
    if (target === 'leader') return client.leaderHint;
    if (target === 'any') return this.rng.pick(this.host.nodes);
    return target;
  }

  private sendAttempt(p: Pending, node: NodeId): void {
    p.attempt++;
    p.op.node = node;
    const body: ClientRequest =
      p.op.f === 'write'
        ? { type: 'clientWrite', kind: 'request', reqId: p.op.id, key: p.op.key, value: p.op.value ?? '' }
        : { type: 'clientRead', kind: 'read', reqId: p.op.id, key: p.op.key };
    this.host.send(p.op.client, node, body);
    this.host.scheduleTimeout(p.op.id, p.attempt, this.timeoutUs);
  }

  onReply(msg: Message<ClientReply>): void {
    const reply = msg.body;
    const p = this.pending.get(reply.reqId);
    // A reply after the operation completed (e.g. after its timeout) changes nothing: the client gave up.
    if (!p || p.op.client !== msg.to) return;
    const client = this.clients.get(p.op.client);
    if (!client) return;
    if (reply.redirect !== undefined && !reply.ok) {
      client.leaderHint = reply.redirect;
      if (p.redirects < MAX_REDIRECTS && this.host.nodes.includes(reply.redirect)) {
        p.redirects++;
        this.sendAttempt(p, reply.redirect);
        return;
      }
    }
    const op = p.op;
    op.node = msg.from;
    if (reply.ok) {
      op.version = reply.version ?? 0;
      if (op.f === 'read') {
        op.value = reply.value ?? null;
        op.stale = op.version < op.expectedMinVersion;
        if (op.stale) this.counts.stale++;
        this.counts.readsOk++;
        if (op.value !== null && Number.isFinite(Number(op.value)))
          client.balances.set(op.key, Number(op.value));
      } else {
        this.counts.writesOk++;
        if (op.version > (this.ackedVersion.get(op.key) ?? 0)) this.ackedVersion.set(op.key, op.version);
      }
      this.complete(p, 'ok');
    } else {
      op.error = reply.error ?? 'failed';
      this.complete(p, 'fail');
    }
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
    this.pending.delete(p.op.id);
    const client = this.clients.get(p.op.client);
    if (client) client.pending--;
    this.counts[status]++;
  }
}
