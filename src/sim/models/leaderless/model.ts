/**
 * Leaderless replication in the style of Dynamo, Cassandra, Riak and Voldemort (DeCandia et al., SOSP 2007;
 * DDIA 5, "Leaderless Replication").
 *
 * Keys live on a consistent-hash ring: each node owns `vnodes` tokens, and a key's preference list is the first
 * N distinct nodes clockwise from the key's hash. Any node coordinates the requests a client sends it:
 * - a write gets a new dot `(coordinator, counter)` and the version vector of the client's causal context plus
 *   that dot; the coordinator sends it to the N home replicas and acknowledges the client once W of them have
 *   acknowledged (counted as the acknowledgements arrive), or reports "quorum failed" at its timeout. A failed
 *   write is not rolled back on the replicas that stored it.
 * - a read asks the N home replicas and answers once R have replied, merging their versions: concurrent
 *   versions become siblings (or, with last-write-wins, the latest timestamp wins).
 * Repair mechanisms, each switchable:
 * - read repair: replicas that answered with an older version get the merged one (asynchronously, or before the
 *   coordinator answers when `blocking`);
 * - sloppy quorum: when home replicas do not answer in time, the next nodes on the ring take the write for them
 *   and keep it as a hint (their acknowledgements count towards W);
 * - hinted handoff: a node holding hints periodically offers them to the intended replica and drops them once
 *   it acknowledges;
 * - anti-entropy: every interval a node compares a digest of the keys it shares with one ring neighbour and
 *   they exchange what differs.
 */
import { hash32 } from '../../engine/hash.ts';
import { unreachable } from '../../engine/unreachable.ts';
import {
  BOOL_BYTES,
  clientPayloadBytes,
  LEN_BYTES,
  NUM_BYTES,
  strBytes,
  strListBytes,
  vectorBytes,
} from '../../engine/wire.ts';
import type { Action, Scenario } from '../../scenarios/schema.ts';
import type {
  CellView,
  LeaderlessSettings,
  Message,
  MessageBody,
  ModelSettings,
  NodeId,
  Operation,
  QuorumView,
} from '../../types.ts';
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
import { describeClientMessage, discardedWrites } from '../model.ts';
import { compare, formatVector, merge, type VersionVector, vectorSize } from '../shared/versionVector.ts';

export interface LlVersion {
  readonly value: string;
  readonly vv: VersionVector;
  /** Coordinator clock at the write, in µs. */
  readonly ts: number;
  readonly dot: { readonly node: NodeId; readonly n: number };
  readonly opId: number;
}

export type { ReadRepairMode } from '../../types.ts';
/** The model's settings: the same fields its view shows (types.ts), so the two cannot drift apart. */
export type LeaderlessConfig = LeaderlessSettings;

interface Store extends MessageBody {
  readonly type: 'store';
  readonly kind: 'replicate';
  /** The coordinator's request id (0: a repair nobody waits for). */
  readonly reqId: number;
  readonly key: string;
  readonly versions: readonly LlVersion[];
  /** Sloppy quorum: this node keeps the write as a hint for the unreachable home replica. */
  readonly hintFor?: NodeId;
}
interface StoreAck extends MessageBody {
  readonly type: 'storeAck';
  readonly kind: 'ack';
  readonly reqId: number;
  readonly hinted: boolean;
}
interface Fetch extends MessageBody {
  readonly type: 'fetch';
  readonly kind: 'read';
  readonly reqId: number;
  readonly key: string;
}
interface FetchReply extends MessageBody {
  readonly type: 'fetchReply';
  readonly kind: 'response';
  readonly reqId: number;
  readonly versions: readonly LlVersion[];
}
interface Handoff extends MessageBody {
  readonly type: 'handoff';
  readonly kind: 'replicate';
  readonly key: string;
  readonly versions: readonly LlVersion[];
}
interface HandoffAck extends MessageBody {
  readonly type: 'handoffAck';
  readonly kind: 'ack';
  readonly key: string;
  readonly dots: readonly string[];
}
interface Digest extends MessageBody {
  readonly type: 'digest';
  readonly kind: 'heartbeat';
  /** key -> signature of the versions held (absent keys are not listed). */
  readonly entries: readonly (readonly [string, string])[];
}
interface DigestReply extends MessageBody {
  readonly type: 'digestReply';
  readonly kind: 'replicate';
  readonly items: readonly { readonly key: string; readonly versions: readonly LlVersion[] }[];
  /** Keys the replier lacks or holds differently: the asker sends its versions back. */
  readonly want: readonly string[];
}

type LlMessage =
  | Store
  | StoreAck
  | Fetch
  | FetchReply
  | Handoff
  | HandoffAck
  | Digest
  | DigestReply
  | ClientWrite
  | ClientRead
  | ClientReply;

interface QuorumTimer extends TimerBody {
  readonly type: 'quorumTimeout' | 'sloppy';
  readonly reqId: number;
}

/** A request this node coordinates: progress toward W or R. */
interface Coordination {
  readonly reqId: number;
  readonly kind: 'write' | 'read';
  readonly key: string;
  readonly client: NodeId;
  readonly clientReq: number;
  readonly home: readonly NodeId[];
  readonly needed: number;
  readonly acks: Set<NodeId>;
  /** Fallback node -> the home replica it stands in for. */
  readonly fallbacks: Map<NodeId, NodeId>;
  readonly responses: Map<NodeId, readonly LlVersion[]>;
  readonly version?: LlVersion;
  status: 'waiting' | 'repairing' | 'reached' | 'failed';
  /** Blocking read repair: the replicas still to acknowledge the repair. */
  repairPending?: Set<NodeId>;
  merged?: LlVersion[];
  readonly startedUs: number;
  doneUs: number | null;
}

interface LlNode {
  readonly id: NodeId;
  readonly store: Map<string, LlVersion[]>;
  /** Sloppy quorum: versions held for another replica, by intended node, then key. */
  readonly hints: Map<NodeId, Map<string, LlVersion[]>>;
  readonly coordinating: Map<number, Coordination>;
  counter: number;
  nextReq: number;
  aePeer: number;
}

const dotKey = (v: LlVersion) => `${v.dot.node}:${v.dot.n}`;

export class Leaderless implements ReplicationModel {
  readonly name = 'leaderless' as const;
  private readonly ctx: ModelContext;
  private readonly nodes = new Map<NodeId, LlNode>();
  private config: LeaderlessConfig;
  /** The ring: sorted tokens with their owners. */
  private readonly ring: { token: number; node: NodeId }[] = [];
  private readonly placement = new Map<string, NodeId[]>();
  private readonly recent: QuorumView[] = [];
  private readonly clockSkewMs: Readonly<Record<NodeId, number>>;
  /** LWW: acknowledged versions a later timestamp replaced while concurrent (op id -> what and where). */
  private readonly dropped = new Map<number, { node: NodeId; atUs: number; reason: string }>();

  constructor(scenario: Scenario, ctx: ModelContext) {
    this.ctx = ctx;
    const ll = scenario.leaderless;
    if (!ll) throw new Error('a leaderless scenario needs its "leaderless" section');
    const n = Math.min(ll.n, scenario.nodes.length);
    this.config = {
      n,
      w: Math.min(ll.w, n),
      r: Math.min(ll.r, n),
      readRepair: ll.readRepair ?? 'async',
      sloppyQuorum: ll.sloppyQuorum ?? false,
      hintedHandoff: ll.hintedHandoff ?? false,
      antiEntropyMs: ll.antiEntropyMs ?? 0,
      resolution: ll.resolution ?? 'siblings',
      requestTimeoutMs: ll.requestTimeoutMs ?? 300,
      sloppyAfterMs: ll.sloppyAfterMs ?? 60,
      handoffIntervalMs: ll.handoffIntervalMs ?? 200,
      failedWriteStatus: ll.failedWriteStatus ?? 'fail',
    };
    this.clockSkewMs = Object.fromEntries((ll.clockSkew ?? []).map((s) => [s.node, s.ms]));
    const vnodes = ll.vnodes ?? 8;
    for (const id of scenario.nodes) {
      this.nodes.set(id, {
        id,
        store: new Map(),
        hints: new Map(),
        coordinating: new Map(),
        counter: 0,
        nextReq: 1,
        aePeer: 0,
      });
      for (let i = 0; i < vnodes; i++) this.ring.push({ token: hash32(`${id}#${i}`), node: id });
    }
    this.ring.sort((a, b) => a.token - b.token || (a.node < b.node ? -1 : 1));
  }

  start(): void {
    for (const n of this.nodes.values()) this.scheduleBackground(n);
  }

  private scheduleBackground(n: LlNode): void {
    const c = this.config;
    if (c.hintedHandoff) this.ctx.setTimer(n.id, c.handoffIntervalMs * 1000, { type: 'handoff' });
    if (c.antiEntropyMs > 0) {
      const jitter = Math.floor(this.ctx.rng.float() * c.antiEntropyMs * 1000);
      this.ctx.setTimer(n.id, c.antiEntropyMs * 1000 + jitter, { type: 'antiEntropy' });
    }
  }

  private node(id: NodeId): LlNode {
    const n = this.nodes.get(id);
    if (!n) throw new Error(`unknown node ${id}`);
    return n;
  }

  // ---------------------------------------------------------------- the ring

  /** Every node in ring order starting clockwise from the key's hash: the first N are its home replicas. */
  ringOrder(key: string): NodeId[] {
    const cached = this.placement.get(key);
    if (cached) return cached;
    const h = hash32(`key:${key}`);
    let i = this.ring.findIndex((t) => t.token >= h);
    if (i === -1) i = 0;
    const out: NodeId[] = [];
    for (let k = 0; k < this.ring.length && out.length < this.nodes.size; k++) {
      const owner = (this.ring[(i + k) % this.ring.length] as { node: NodeId }).node;
      if (!out.includes(owner)) out.push(owner);
    }
    this.placement.set(key, out);
    return out;
  }

  preferenceList(key: string): NodeId[] {
    return this.ringOrder(key).slice(0, this.config.n);
  }

  /** The nodes' token positions on the ring, as fractions of a turn. */
  ringView(): { node: NodeId; position: number }[] {
    return this.ring.map((t) => ({ node: t.node, position: t.token / 2 ** 32 }));
  }

  // ---------------------------------------------------------------- dispatch

  onMessage(to: NodeId, msg: Message): void {
    const n = this.node(to);
    const b = msg.body as LlMessage;
    switch (b.type) {
      case 'clientWrite':
        this.coordinateWrite(n, msg.from, b);
        return;
      case 'clientRead':
        this.coordinateRead(n, msg.from, b);
        return;
      case 'store':
        this.onStore(n, msg.from, b);
        return;
      case 'storeAck':
        this.onStoreAck(n, msg.from, b);
        return;
      case 'fetch':
        this.ctx.send(n.id, msg.from, {
          type: 'fetchReply',
          kind: 'response',
          reqId: b.reqId,
          versions: n.store.get(b.key) ?? [],
        } satisfies FetchReply);
        return;
      case 'fetchReply':
        this.onFetchReply(n, msg.from, b);
        return;
      case 'handoff':
        this.mergeInto(n, n.store, b.key, b.versions);
        this.ctx.send(n.id, msg.from, {
          type: 'handoffAck',
          kind: 'ack',
          key: b.key,
          dots: b.versions.map(dotKey),
        } satisfies HandoffAck);
        return;
      case 'handoffAck':
        this.onHandoffAck(n, msg.from, b);
        return;
      case 'digest':
        this.onDigest(n, msg.from, b);
        return;
      case 'digestReply':
        for (const item of b.items) this.mergeInto(n, n.store, item.key, item.versions);
        for (const key of b.want) {
          const versions = n.store.get(key);
          if (versions)
            this.ctx.send(n.id, msg.from, {
              type: 'store',
              kind: 'replicate',
              reqId: 0,
              key,
              versions,
            } satisfies Store);
        }
        return;
      case 'clientReply':
        return;
      default:
        unreachable(b);
    }
  }

  onTimer(id: NodeId, timer: TimerBody): void {
    const n = this.node(id);
    switch (timer.type) {
      case 'quorumTimeout':
        this.onQuorumTimeout(n, (timer as QuorumTimer).reqId);
        return;
      case 'sloppy':
        this.onSloppy(n, (timer as QuorumTimer).reqId);
        return;
      case 'handoff':
        if (!this.config.hintedHandoff) return;
        for (const [target, keys] of n.hints)
          for (const [key, versions] of keys)
            this.ctx.send(n.id, target, {
              type: 'handoff',
              kind: 'replicate',
              key,
              versions,
            } satisfies Handoff);
        this.ctx.setTimer(n.id, this.config.handoffIntervalMs * 1000, { type: 'handoff' });
        return;
      case 'antiEntropy':
        if (this.config.antiEntropyMs <= 0) return;
        this.startAntiEntropy(n);
        this.ctx.setTimer(n.id, this.config.antiEntropyMs * 1000, { type: 'antiEntropy' });
        return;
      default:
        return;
    }
  }

  onCrash(id: NodeId, durable: boolean): void {
    const n = this.node(id);
    n.coordinating.clear();
    if (!durable) {
      n.store.clear();
      n.hints.clear();
    }
  }

  onRestart(id: NodeId): void {
    this.scheduleBackground(this.node(id));
  }

  configure(action: Action): void {
    if (action.type !== 'setQuorum') return;
    const n = Math.min(action.n ?? this.config.n, this.nodes.size);
    const wasHandoff = this.config.hintedHandoff;
    const wasAe = this.config.antiEntropyMs;
    this.config = {
      ...this.config,
      n,
      w: Math.min(action.w ?? this.config.w, n),
      r: Math.min(action.r ?? this.config.r, n),
      readRepair: action.readRepair ?? this.config.readRepair,
      sloppyQuorum: action.sloppyQuorum ?? this.config.sloppyQuorum,
      hintedHandoff: action.hintedHandoff ?? this.config.hintedHandoff,
      antiEntropyMs: action.antiEntropyMs ?? this.config.antiEntropyMs,
      resolution: action.resolution ?? this.config.resolution,
    };
    this.placement.clear();
    // Switching a background mechanism on starts its timers.
    for (const node of this.nodes.values()) {
      if (!wasHandoff && this.config.hintedHandoff)
        this.ctx.setTimer(node.id, this.config.handoffIntervalMs * 1000, { type: 'handoff' });
      if (wasAe <= 0 && this.config.antiEntropyMs > 0)
        this.ctx.setTimer(node.id, this.config.antiEntropyMs * 1000, { type: 'antiEntropy' });
    }
  }

  leaderlessConfig(): LeaderlessConfig {
    return this.config;
  }

  settings(): ModelSettings {
    return { mode: 'async', semiSyncAcks: 1, syncFollowers: null, failover: 'manual', electionTimeoutMs: 0 };
  }

  promote(): void {}

  demote(): void {}

  conflictList(): readonly [] {
    return [];
  }

  multiLeaderView(): null {
    return null;
  }

  /** Keys whose home replicas (the live ones) disagree. */
  divergentKeys(isUp: (id: NodeId) => boolean): string[] {
    const keys = new Set<string>();
    for (const n of this.nodes.values()) for (const k of n.store.keys()) keys.add(k);
    const out: string[] = [];
    for (const key of [...keys].sort()) {
      const sigs = new Set(
        this.preferenceList(key)
          .filter(isUp)
          .map((id) => signature(this.node(id).store.get(key) ?? [])),
      );
      if (sigs.size > 1) out.push(key);
    }
    return out;
  }

  nodeState(id: NodeId): NodeState {
    const n = this.node(id);
    const data = new Map<string, { value: string; version: number }>();
    for (const [key, versions] of n.store)
      data.set(key, {
        value: versions.map((v) => v.value).join(' | '),
        version: vectorSize(mergeAll(versions)),
      });
    return {
      role: 'replica',
      term: 0,
      leaderId: null,
      votedFor: null,
      data,
      logLength: n.store.size,
      appliedIndex: n.store.size,
      commitIndex: n.store.size,
    };
  }

  cellsOf(id: NodeId): CellView[] {
    const n = this.node(id);
    return [...n.store.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, versions]) => ({
        key,
        values: versions.map((v) => v.value),
        vv: formatVector(mergeAll(versions)),
        conflicts: versions.length > 1 ? 1 : 0,
      }));
  }

  /** Hints a node holds for others: intended node -> keys. */
  hintsOf(id: NodeId): { for: NodeId; keys: string[] }[] {
    return [...this.node(id).hints.entries()].map(([target, keys]) => ({
      for: target,
      keys: [...keys.keys()].sort(),
    }));
  }

  quorums(): readonly QuorumView[] {
    const live: QuorumView[] = [];
    for (const n of this.nodes.values())
      for (const c of n.coordinating.values()) live.push(this.quorumView(n.id, c));
    return [...this.recent, ...live].slice(-40);
  }

  describe(body: MessageBody): string {
    const b = body as LlMessage;
    switch (b.type) {
      case 'store':
        return `${b.reqId === 0 ? 'repair' : 'store'} ${b.key} = ${b.versions.map((v) => v.value).join(' | ')}${b.hintFor ? ` (hint for ${b.hintFor})` : ''}`;
      case 'storeAck':
        return `stored${b.hinted ? ' as a hint' : ''}`;
      case 'fetch':
        return `get ${b.key}`;
      case 'fetchReply':
        return b.versions.length ? `has ${b.versions.map((v) => v.value).join(' | ')}` : 'has nothing';
      case 'handoff':
        return `hinted handoff ${b.key} = ${b.versions.map((v) => v.value).join(' | ')}`;
      case 'handoffAck':
        return `took over hint for ${b.key}`;
      case 'digest':
        return `anti-entropy digest (${b.entries.length} keys)`;
      case 'digestReply':
        return `anti-entropy: ${b.items.length} to repair, ${b.want.length} wanted`;
      case 'clientWrite':
      case 'clientRead':
      case 'clientReply':
        return describeClientMessage(b);
      default:
        return unreachable(b);
    }
  }

  payloadBytes(body: MessageBody): number {
    const b = body as LlMessage;
    switch (b.type) {
      case 'store':
        return (
          NUM_BYTES + strBytes(b.key) + versionsBytes(b.versions) + (b.hintFor ? strBytes(b.hintFor) : 0)
        );
      case 'storeAck':
        return NUM_BYTES + BOOL_BYTES;
      case 'fetch':
        return NUM_BYTES + strBytes(b.key);
      case 'fetchReply':
        return NUM_BYTES + versionsBytes(b.versions);
      case 'handoff':
        return strBytes(b.key) + versionsBytes(b.versions);
      case 'handoffAck':
        return strBytes(b.key) + strListBytes(b.dots);
      case 'digest': {
        let n = LEN_BYTES;
        for (const [key, signature] of b.entries) n += strBytes(key) + strBytes(signature);
        return n;
      }
      case 'digestReply': {
        let n = LEN_BYTES + strListBytes(b.want);
        for (const item of b.items) n += strBytes(item.key) + versionsBytes(item.versions);
        return n;
      }
      case 'clientWrite':
      case 'clientRead':
      case 'clientReply':
        return clientPayloadBytes(b);
      default:
        return unreachable(b);
    }
  }

  lostWrites(acked: readonly Operation[]): LostWrite[] {
    return discardedWrites(acked, this.dropped, (op) =>
      [...this.nodes.values()].some((n) => n.store.get(op.key)?.some((v) => v.opId === op.id)),
    );
  }

  // ---------------------------------------------------------------- coordination

  private coordinateWrite(n: LlNode, client: NodeId, req: ClientWrite): void {
    n.counter++;
    const skewUs = Math.round((this.clockSkewMs[n.id] ?? 0) * 1000);
    const version: LlVersion = {
      value: req.value,
      vv: { ...(req.context ?? {}), [n.id]: n.counter },
      ts: this.ctx.nowUs + skewUs,
      dot: { node: n.id, n: n.counter },
      opId: req.reqId,
    };
    const c = this.begin(n, 'write', req.key, client, req.reqId, this.config.w, version);
    for (const home of c.home) {
      if (home === n.id) {
        this.mergeInto(n, n.store, req.key, [version]);
        this.countAck(n, c, n.id);
      } else
        this.ctx.send(n.id, home, {
          type: 'store',
          kind: 'replicate',
          reqId: c.reqId,
          key: req.key,
          versions: [version],
        } satisfies Store);
    }
  }

  private coordinateRead(n: LlNode, client: NodeId, req: ClientRead): void {
    const c = this.begin(n, 'read', req.key, client, req.reqId, this.config.r);
    for (const home of c.home) {
      if (home === n.id) this.countResponse(n, c, n.id, n.store.get(req.key) ?? []);
      else
        this.ctx.send(n.id, home, {
          type: 'fetch',
          kind: 'read',
          reqId: c.reqId,
          key: req.key,
        } satisfies Fetch);
    }
  }

  private begin(
    n: LlNode,
    kind: 'write' | 'read',
    key: string,
    client: NodeId,
    clientReq: number,
    needed: number,
    version?: LlVersion,
  ): Coordination {
    const c: Coordination = {
      reqId: n.nextReq++,
      kind,
      key,
      client,
      clientReq,
      home: this.preferenceList(key),
      needed,
      acks: new Set(),
      fallbacks: new Map(),
      responses: new Map(),
      ...(version ? { version } : {}),
      status: 'waiting',
      startedUs: this.ctx.nowUs,
      doneUs: null,
    };
    n.coordinating.set(c.reqId, c);
    this.ctx.setTimer(n.id, this.config.requestTimeoutMs * 1000, {
      type: 'quorumTimeout',
      reqId: c.reqId,
    } satisfies QuorumTimer);
    if (kind === 'write' && this.config.sloppyQuorum)
      this.ctx.setTimer(n.id, this.config.sloppyAfterMs * 1000, {
        type: 'sloppy',
        reqId: c.reqId,
      } satisfies QuorumTimer);
    return c;
  }

  private onStore(n: LlNode, from: NodeId, s: Store): void {
    if (s.hintFor !== undefined) {
      const keys = n.hints.get(s.hintFor) ?? new Map<string, LlVersion[]>();
      n.hints.set(s.hintFor, keys);
      this.mergeInto(n, keys, s.key, s.versions);
    } else this.mergeInto(n, n.store, s.key, s.versions);
    if (s.reqId !== 0)
      this.ctx.send(n.id, from, {
        type: 'storeAck',
        kind: 'ack',
        reqId: s.reqId,
        hinted: s.hintFor !== undefined,
      } satisfies StoreAck);
  }

  private onStoreAck(n: LlNode, from: NodeId, a: StoreAck): void {
    const c = n.coordinating.get(a.reqId);
    if (!c) return;
    if (c.kind === 'read') {
      // Blocking read repair: the answer waits for the stale replicas to take the merged version.
      c.repairPending?.delete(from);
      if (c.status === 'repairing' && c.repairPending?.size === 0) this.answerRead(n, c);
      return;
    }
    this.countAck(n, c, from);
  }

  private countAck(n: LlNode, c: Coordination, from: NodeId): void {
    c.acks.add(from);
    if (c.status === 'waiting' && c.acks.size >= c.needed) {
      c.status = 'reached';
      c.doneUs = this.ctx.nowUs;
      const v = c.version as LlVersion;
      this.reply(n, c.client, c.clientReq, { ok: true, version: 0, value: v.value, dot: v.dot, ts: v.ts });
    }
    // Keep counting late acknowledgements until every target answered, for the view; then retire.
    if (c.status !== 'waiting' && c.acks.size >= c.home.length + c.fallbacks.size) this.retire(n, c);
  }

  private onFetchReply(n: LlNode, from: NodeId, f: FetchReply): void {
    const c = n.coordinating.get(f.reqId);
    if (c?.kind !== 'read') return;
    this.countResponse(n, c, from, f.versions);
  }

  private countResponse(n: LlNode, c: Coordination, from: NodeId, versions: readonly LlVersion[]): void {
    c.responses.set(from, versions);
    c.acks.add(from);
    if (c.status === 'waiting' && c.responses.size >= c.needed) {
      c.merged = this.resolve([...c.responses.values()].flat());
      if (this.config.readRepair === 'blocking') {
        const stale = [...c.responses.entries()]
          .filter(([, v]) => signature(v) !== signature(c.merged ?? []))
          .map(([id]) => id);
        if (stale.length > 0) {
          c.status = 'repairing';
          c.repairPending = new Set(stale);
          for (const id of stale) this.repair(n, id, c.key, c.merged, c.reqId);
          return;
        }
      }
      this.answerRead(n, c);
      return;
    }
    if (
      c.status !== 'waiting' &&
      c.status !== 'repairing' &&
      this.config.readRepair === 'async' &&
      c.merged
    ) {
      // A late reply: repair it too if it is behind.
      if (signature(versions) !== signature(c.merged)) this.repair(n, from, c.key, c.merged, 0);
    }
    if (this.settled(c) && c.responses.size >= c.home.length) this.retire(n, c);
  }

  /** Answered (or failed): only late replies are still expected. */
  private settled(c: Coordination): boolean {
    return c.status === 'reached' || c.status === 'failed';
  }

  private answerRead(n: LlNode, c: Coordination): void {
    const merged = c.merged ?? [];
    c.status = 'reached';
    c.doneUs = this.ctx.nowUs;
    if (this.config.readRepair === 'async')
      for (const [id, v] of c.responses)
        if (signature(v) !== signature(merged)) this.repair(n, id, c.key, merged, 0);
    const values = merged.map((v) => v.value);
    this.reply(n, c.client, c.clientReq, {
      ok: true,
      value: merged.length ? values.join(' | ') : null,
      version: 0,
      context: mergeAll(merged),
      opIds: merged.map((v) => v.opId),
      ...(this.config.resolution === 'lww' ? { ts: merged[0]?.ts ?? Number.NEGATIVE_INFINITY } : {}),
      ...(merged.length > 1 ? { siblings: values } : {}),
    });
    if (c.responses.size >= c.home.length && (c.repairPending?.size ?? 0) === 0) this.retire(n, c);
  }

  private repair(
    n: LlNode,
    target: NodeId,
    key: string,
    versions: readonly LlVersion[] | undefined,
    reqId: number,
  ): void {
    if (!versions || versions.length === 0) return;
    if (target === n.id) {
      this.mergeInto(n, n.store, key, versions);
      if (reqId !== 0) {
        const c = n.coordinating.get(reqId);
        c?.repairPending?.delete(n.id);
        if (c && c.status === 'repairing' && c.repairPending?.size === 0) this.answerRead(n, c);
      }
      return;
    }
    this.ctx.send(n.id, target, { type: 'store', kind: 'replicate', reqId, key, versions } satisfies Store);
  }

  private onSloppy(n: LlNode, reqId: number): void {
    const c = n.coordinating.get(reqId);
    if (c?.status !== 'waiting' || c.kind !== 'write') return;
    const missing = c.home.filter((h) => !c.acks.has(h));
    const candidates = this.ringOrder(c.key).filter((id) => !c.home.includes(id) && !c.fallbacks.has(id));
    for (const home of missing) {
      const fallback = candidates.shift();
      if (fallback === undefined) break;
      c.fallbacks.set(fallback, home);
      const version = c.version as LlVersion;
      if (fallback === n.id) {
        const keys = n.hints.get(home) ?? new Map<string, LlVersion[]>();
        n.hints.set(home, keys);
        this.mergeInto(n, keys, c.key, [version]);
        this.countAck(n, c, n.id);
      } else
        this.ctx.send(n.id, fallback, {
          type: 'store',
          kind: 'replicate',
          reqId,
          key: c.key,
          versions: [version],
          hintFor: home,
        } satisfies Store);
    }
  }

  private onQuorumTimeout(n: LlNode, reqId: number): void {
    const c = n.coordinating.get(reqId);
    if (!c) return;
    if (c.status === 'waiting' || c.status === 'repairing') {
      c.status = 'failed';
      c.doneUs = this.ctx.nowUs;
      const got = c.kind === 'write' ? c.acks.size : c.responses.size;
      const what = c.kind === 'write' ? 'acknowledgements' : 'responses';
      const note = c.kind === 'write' ? ' (the write is not rolled back where it was stored)' : '';
      // A write some replicas stored may still become visible: reported as unknown when so configured.
      const unknown = c.kind === 'write' && got > 0 && this.config.failedWriteStatus === 'unknown';
      this.reply(n, c.client, c.clientReq, {
        ok: false,
        error: `quorum failed: ${got} of ${c.needed} ${what} within ${this.config.requestTimeoutMs} ms${note}`,
        ...(unknown ? { indeterminate: true } : {}),
      });
    }
    this.retire(n, c);
  }

  private retire(n: LlNode, c: Coordination): void {
    if (!n.coordinating.delete(c.reqId)) return;
    this.recent.push(this.quorumView(n.id, c));
    if (this.recent.length > 40) this.recent.shift();
  }

  private quorumView(coordinator: NodeId, c: Coordination): QuorumView {
    return {
      coordinator,
      reqId: c.reqId,
      opId: c.clientReq,
      kind: c.kind,
      key: c.key,
      home: c.home,
      acked: [...c.acks],
      fallbacks: [...c.fallbacks.entries()].map(([node, home]) => ({ node, for: home })),
      needed: c.needed,
      status: c.status,
      startedUs: c.startedUs,
      doneUs: c.doneUs,
    };
  }

  private reply(
    n: LlNode,
    client: NodeId,
    reqId: number,
    fields: Partial<ClientReply> & { ok: boolean },
  ): void {
    this.ctx.send(n.id, client, {
      type: 'clientReply',
      kind: 'response',
      reqId,
      ...fields,
    } satisfies ClientReply);
  }

  // ---------------------------------------------------------------- repair in the background

  private onHandoffAck(n: LlNode, target: NodeId, a: HandoffAck): void {
    const keys = n.hints.get(target);
    const held = keys?.get(a.key);
    if (!keys || !held) return;
    // Drop what the intended replica took; keep anything newer that arrived meanwhile.
    const remaining = held.filter((v) => !a.dots.includes(dotKey(v)));
    if (remaining.length === 0) keys.delete(a.key);
    else keys.set(a.key, remaining);
    if (keys.size === 0) n.hints.delete(target);
  }

  private startAntiEntropy(n: LlNode): void {
    const others = [...this.nodes.keys()].filter((id) => id !== n.id);
    if (others.length === 0) return;
    const peer = others[n.aePeer % others.length] as NodeId;
    n.aePeer++;
    const entries: [string, string][] = [];
    for (const [key, versions] of n.store)
      if (this.preferenceList(key).includes(peer)) entries.push([key, signature(versions)]);
    this.ctx.send(n.id, peer, { type: 'digest', kind: 'heartbeat', entries } satisfies Digest);
  }

  private onDigest(n: LlNode, from: NodeId, d: Digest): void {
    const theirs = new Map(d.entries);
    const items: { key: string; versions: LlVersion[] }[] = [];
    const want: string[] = [];
    for (const [key, versions] of n.store) {
      if (!this.preferenceList(key).includes(from)) continue;
      const sig = signature(versions);
      const other = theirs.get(key);
      if (other === sig) continue;
      items.push({ key, versions });
      if (other !== undefined) want.push(key);
    }
    for (const key of theirs.keys()) if (!n.store.has(key)) want.push(key);
    if (items.length > 0 || want.length > 0)
      this.ctx.send(n.id, from, {
        type: 'digestReply',
        kind: 'replicate',
        items,
        want,
      } satisfies DigestReply);
  }

  // ---------------------------------------------------------------- versions

  /** Merges versions into a store under the configured resolution. */
  private mergeInto(
    n: LlNode,
    store: Map<string, LlVersion[]>,
    key: string,
    incoming: readonly LlVersion[],
  ): void {
    const current = store.get(key) ?? [];
    const resolved = this.resolve([...current, ...incoming]);
    if (this.config.resolution === 'lww') {
      const winner = resolved[0];
      for (const v of [...current, ...incoming])
        if (
          winner &&
          v.opId !== winner.opId &&
          compare(v.vv, winner.vv) === 'concurrent' &&
          !this.dropped.has(v.opId)
        )
          this.dropped.set(v.opId, {
            node: n.id,
            atUs: this.ctx.nowUs,
            reason: `last-write-wins kept the concurrent write ${JSON.stringify(winner.value)} (timestamp ${(winner.ts / 1000).toFixed(3)} ms > ${(v.ts / 1000).toFixed(3)} ms)`,
          });
    }
    store.set(key, resolved);
  }

  /** Siblings: the versions no other version follows. LWW: the single latest timestamp. */
  private resolve(versions: readonly LlVersion[]): LlVersion[] {
    const unique = new Map<string, LlVersion>();
    for (const v of versions) unique.set(dotKey(v), v);
    const all = [...unique.values()];
    if (this.config.resolution === 'lww') {
      const winner = all.reduce<LlVersion | undefined>((a, b) => (!a || lwwAfter(b, a) ? b : a), undefined);
      return winner ? [winner] : [];
    }
    const maximal = all.filter((v) => !all.some((o) => o !== v && compare(v.vv, o.vv) === 'before'));
    return maximal.sort((a, b) => (dotKey(a) < dotKey(b) ? -1 : dotKey(a) > dotKey(b) ? 1 : 0));
  }
}

function lwwAfter(a: LlVersion, b: LlVersion): boolean {
  return a.ts > b.ts || (a.ts === b.ts && dotKey(a) > dotKey(b));
}

function mergeAll(versions: readonly LlVersion[]): VersionVector {
  return versions.reduce<VersionVector>((acc, v) => merge(acc, v.vv), {});
}

/** A deterministic signature of a set of versions (the dots it holds). */
function signature(versions: readonly LlVersion[]): string {
  return versions.map(dotKey).sort().join(',');
}

/** A list of versions on the wire: each its value, version vector, timestamp, dot (node, counter) and op id. */
function versionsBytes(versions: readonly LlVersion[]): number {
  let n = LEN_BYTES;
  for (const v of versions) n += strBytes(v.value) + vectorBytes(v.vv) + strBytes(v.dot.node) + 3 * NUM_BYTES;
  return n;
}
