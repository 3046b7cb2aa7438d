/**
 * Multi-leader replication, as in multi-datacenter databases (MySQL/Tungsten, BDR), CouchDB-style offline
 * clients and collaborative editors (DDIA 5, "Multi-Leader Replication").
 *
 * Every leader accepts writes. A write becomes a change `{origin, seq, key, op, vv, ts, deps}`: `(origin, seq)`
 * is its dot, `vv` the key's version vector after it, `ts` the origin's (possibly skewed) clock, `deps` every
 * change the origin had applied. Changes travel between leaders along the replication topology:
 * - all-to-all: the origin sends to every other leader;
 * - circular: each leader forwards to the next one in the ring, up to the origin;
 * - star: spokes send to the hub, which forwards to the other spokes.
 * A node applies each origin's changes in sequence order and exactly once (`applied[origin]`), so nothing is
 * applied twice or forwarded round a loop for ever. A periodic anti-entropy exchange with the topology
 * neighbours (`sync`) fills whatever a partition or a lost message left out. With `causalDelivery`, a change
 * also waits until its `deps` are applied (the fix for causality violations).
 *
 * Conflicts are recognised with the per-key version vectors: a change concurrent with a version the node holds
 * is a conflict, resolved as configured: `arrival` (the last to arrive wins: replicas may diverge for ever),
 * `lww` (the highest timestamp wins, ties by origin; concurrent writes are silently dropped), `siblings` (all
 * concurrent values are kept; a read returns them; a write carrying their context supersedes them), or `merge`
 * (convergent data types for the keys configured as a counter or an add-wins set; LWW for the rest).
 *
 * Ownership: with `key-range`, each key prefix has an owner leader and a write for a key owned elsewhere is
 * forwarded to its owner, so concurrent writes to one key cannot happen; with `any`, every leader writes every
 * key. Local followers replicate their region's leader and serve reads.
 */

import { unreachable } from '../../engine/unreachable.ts';
import {
  clientPayloadBytes,
  LEN_BYTES,
  NUM_BYTES,
  strBytes,
  strListBytes,
  vectorBytes,
} from '../../engine/wire.ts';
import type { Action, Scenario } from '../../scenarios/schema.ts';
import type { CellView, Message, MessageBody, ModelSettings, NodeId, Operation } from '../../types.ts';
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

export type Resolution = 'arrival' | 'lww' | 'siblings' | 'merge';
export type Topology = 'all-to-all' | 'circular' | 'star';
export type Ownership = 'key-range' | 'any';
export type CrdtType = 'counter' | 'set';

export interface Change {
  readonly origin: NodeId;
  readonly seq: number;
  readonly key: string;
  /** The value written, or a data-type operation ("+5", "add x", "remove x"). */
  readonly op: string;
  readonly vv: VersionVector;
  /** The origin's clock when it accepted the write, in µs (skew included). */
  readonly ts: number;
  readonly deps: VersionVector;
  /** The client operation that wrote it. */
  readonly opId: number;
  /** For an add-wins set removal: the dots of the element the origin had observed. */
  readonly removes?: readonly string[];
}

interface Version {
  readonly value: string;
  readonly vv: VersionVector;
  readonly ts: number;
  readonly origin: NodeId;
  readonly opId: number;
}

/** A key's state: its concurrent versions, or a convergent data type's state. */
interface Cell {
  versions: Version[];
  counter?: Map<NodeId, number>;
  /** Add-wins set: element -> dots ("origin:seq") that added it and were not removed. */
  set?: Map<string, Set<string>>;
  vv: VersionVector;
  conflicts: number;
}

interface ChangeMsg extends MessageBody {
  readonly type: 'change';
  readonly kind: 'replicate';
  readonly changes: readonly Change[];
}

interface SyncRequest extends MessageBody {
  readonly type: 'sync';
  readonly kind: 'heartbeat';
  readonly have: VersionVector;
}

interface Forward extends MessageBody {
  readonly type: 'forward';
  readonly kind: 'request';
  readonly client: NodeId;
  readonly write: ClientWrite;
}

type MlMessage = ChangeMsg | SyncRequest | Forward | ClientWrite | ClientRead | ClientReply;

const SYNC: TimerBody = { type: 'sync' };

export interface Conflict {
  readonly key: string;
  readonly node: NodeId;
  readonly atUs: number;
  /** The values that were concurrent, with their origins. */
  readonly versions: readonly { value: string; origin: NodeId; opId: number }[];
  readonly resolution: Resolution;
  /** What the resolution did, in a sentence. */
  readonly outcome: string;
}

interface MlNode {
  readonly id: NodeId;
  readonly leader: boolean;
  /** Followers: the leader of their region. */
  readonly upstream: NodeId | null;
  readonly cells: Map<string, Cell>;
  /** Highest contiguous sequence number applied per origin. */
  applied: Record<string, number>;
  /** Every applied change in application order (a causal order): what anti-entropy sends. */
  log: Change[];
  /** Changes received out of order (or, with causal delivery, before their dependencies). */
  pending: Change[];
  seq: number;
}

export interface MultiLeaderConfig {
  readonly leaders: readonly NodeId[];
  readonly ownership: Ownership;
  readonly ranges: readonly { prefix: string; owner: NodeId }[];
  readonly topology: Topology;
  readonly hub: NodeId | null;
  readonly resolution: Resolution;
  readonly causalDelivery: boolean;
  readonly crdt: readonly { prefix: string; type: CrdtType }[];
  readonly clockSkewMs: Readonly<Record<NodeId, number>>;
  readonly syncIntervalMs: number;
}

export class MultiLeader implements ReplicationModel {
  readonly name = 'multi-leader' as const;
  private readonly ctx: ModelContext;
  private readonly nodes = new Map<NodeId, MlNode>();
  private config: MultiLeaderConfig;
  private readonly maxBatch = 64;
  readonly conflicts: Conflict[] = [];
  /** Acknowledged versions a last-write-wins resolution dropped: op id -> what replaced it, where, when. */
  private readonly dropped = new Map<
    number,
    { node: NodeId; atUs: number; version: Version; reason: string }
  >();

  constructor(scenario: Scenario, ctx: ModelContext) {
    this.ctx = ctx;
    const ml = scenario.multiLeader;
    if (!ml) throw new Error('a multi-leader scenario needs its "multiLeader" section');
    this.config = {
      leaders: ml.leaders,
      ownership: ml.ownership,
      ranges: ml.ranges ?? [],
      topology: ml.topology,
      hub: ml.hub ?? null,
      resolution: ml.resolution,
      causalDelivery: ml.causalDelivery ?? false,
      crdt: ml.crdt ?? [],
      clockSkewMs: Object.fromEntries((ml.clockSkew ?? []).map((s) => [s.node, s.ms])),
      syncIntervalMs: ml.syncIntervalMs ?? 200,
    };
    const regionOf = new Map<NodeId, string>();
    for (const r of scenario.regions ?? []) for (const n of r.nodes) regionOf.set(n, r.id);
    for (const id of scenario.nodes) {
      const leader = ml.leaders.includes(id);
      const upstream = leader
        ? null
        : (ml.leaders.find((l) => regionOf.get(l) !== undefined && regionOf.get(l) === regionOf.get(id)) ??
          ml.leaders[0] ??
          null);
      this.nodes.set(id, {
        id,
        leader,
        upstream,
        cells: new Map(),
        applied: {},
        log: [],
        pending: [],
        seq: 0,
      });
    }
  }

  start(): void {
    for (const n of this.nodes.values()) this.scheduleSync(n);
  }

  private node(id: NodeId): MlNode {
    const n = this.nodes.get(id);
    if (!n) throw new Error(`unknown node ${id}`);
    return n;
  }

  private scheduleSync(n: MlNode): void {
    // Spread the first exchanges so nodes do not all sync in the same instant.
    const jitter = Math.floor(this.ctx.rng.float() * this.config.syncIntervalMs * 500);
    this.ctx.setTimer(n.id, this.config.syncIntervalMs * 1000 + jitter, SYNC);
  }

  // ---------------------------------------------------------------- topology

  private leaders(): readonly NodeId[] {
    return this.config.leaders;
  }

  private hub(): NodeId | undefined {
    return this.config.hub ?? this.leaders()[0];
  }

  /** Where a leader sends a change it has just applied, according to the topology. */
  private pushTargets(n: MlNode, c: Change, from: NodeId | null): NodeId[] {
    if (!n.leader) return [];
    const leaders = this.leaders();
    const followers = [...this.nodes.values()].filter((f) => f.upstream === n.id).map((f) => f.id);
    let peers: NodeId[] = [];
    switch (this.config.topology) {
      case 'all-to-all':
        peers = c.origin === n.id ? leaders.filter((l) => l !== n.id) : [];
        break;
      case 'circular': {
        const i = leaders.indexOf(n.id);
        const next = leaders[(i + 1) % leaders.length];
        peers = next !== undefined && next !== c.origin && next !== n.id ? [next] : [];
        break;
      }
      case 'star': {
        const hub = this.hub();
        if (n.id === hub) peers = leaders.filter((l) => l !== hub && l !== c.origin && l !== from);
        else peers = c.origin === n.id && hub !== undefined ? [hub] : [];
        break;
      }
      default:
        unreachable(this.config.topology);
    }
    return [...peers, ...followers];
  }

  /** Whom a node asks for what it is missing. */
  private syncPeers(n: MlNode): NodeId[] {
    if (!n.leader) return n.upstream ? [n.upstream] : [];
    const leaders = this.leaders();
    switch (this.config.topology) {
      case 'all-to-all':
        return leaders.filter((l) => l !== n.id);
      case 'circular': {
        const i = leaders.indexOf(n.id);
        const prev = leaders[(i - 1 + leaders.length) % leaders.length];
        return prev !== undefined && prev !== n.id ? [prev] : [];
      }
      case 'star': {
        const hub = this.hub();
        return n.id === hub ? leaders.filter((l) => l !== hub) : hub !== undefined ? [hub] : [];
      }
      default:
        return unreachable(this.config.topology);
    }
  }

  ownerOf(key: string): NodeId | null {
    if (this.config.ownership !== 'key-range') return null;
    const range = this.config.ranges.find((r) => key.startsWith(r.prefix));
    return range?.owner ?? null;
  }

  /**
   * A key's convergent data type, if it has one. Types belong to keys (as Riak's data types do), whatever the
   * resolution chosen for the other keys, so switching the resolution mid-run never strands a key's state.
   */
  private crdtType(key: string): CrdtType | null {
    return this.config.crdt.find((c) => key.startsWith(c.prefix))?.type ?? null;
  }

  // ---------------------------------------------------------------- dispatch

  onMessage(to: NodeId, msg: Message): void {
    const n = this.node(to);
    const body = msg.body as MlMessage;
    switch (body.type) {
      case 'clientWrite':
        this.onClientWrite(n, msg.from, body);
        return;
      case 'forward':
        this.onClientWrite(n, body.client, body.write, true);
        return;
      case 'clientRead':
        this.onClientRead(n, msg.from, body);
        return;
      case 'change':
        for (const c of body.changes) this.receive(n, c, msg.from);
        return;
      case 'sync':
        this.onSync(n, msg.from, body);
        return;
      case 'clientReply':
        return;
      default:
        unreachable(body);
    }
  }

  onTimer(id: NodeId, timer: TimerBody): void {
    if (timer.type !== 'sync') return;
    const n = this.node(id);
    for (const peer of this.syncPeers(n))
      this.ctx.send(n.id, peer, {
        type: 'sync',
        kind: 'heartbeat',
        have: { ...n.applied },
      } satisfies SyncRequest);
    this.ctx.setTimer(n.id, this.config.syncIntervalMs * 1000, SYNC);
  }

  onCrash(id: NodeId, durable: boolean): void {
    const n = this.node(id);
    n.pending = [];
    if (!durable) {
      n.cells.clear();
      n.applied = {};
      n.log = [];
    }
  }

  onRestart(id: NodeId): void {
    this.scheduleSync(this.node(id));
  }

  configure(action: Action): void {
    switch (action.type) {
      case 'setResolution':
        this.config = {
          ...this.config,
          resolution: action.resolution,
          causalDelivery: action.causalDelivery ?? this.config.causalDelivery,
        };
        return;
      case 'setTopology':
        this.config = { ...this.config, topology: action.topology };
        return;
      case 'setOwnership':
        this.config = { ...this.config, ownership: action.ownership };
        return;
      case 'setClockSkew':
        this.config = {
          ...this.config,
          clockSkewMs: { ...this.config.clockSkewMs, [action.node]: action.ms },
        };
        return;
      default:
        return;
    }
  }

  promote(): void {}

  demote(): void {}

  settings(): ModelSettings {
    return {
      mode: 'async',
      semiSyncAcks: 1,
      syncFollowers: null,
      failover: 'manual',
      electionTimeoutMs: 0,
    };
  }

  multiLeaderView() {
    const c = this.config;
    return {
      leaders: c.leaders,
      ownership: c.ownership,
      ranges: c.ranges,
      topology: c.topology,
      hub: c.topology === 'star' ? (this.hub() ?? null) : null,
      resolution: c.resolution,
      causalDelivery: c.causalDelivery,
      crdt: c.crdt,
      clockSkewMs: c.clockSkewMs,
    };
  }

  conflictList(): readonly Conflict[] {
    return this.conflicts;
  }

  nodeState(id: NodeId): NodeState {
    const n = this.node(id);
    const data = new Map<string, { value: string; version: number }>();
    for (const [key, cell] of n.cells)
      data.set(key, { value: this.displayValue(key, cell), version: vectorSize(cell.vv) });
    return {
      role: n.leader ? 'leader' : 'follower',
      term: 0,
      leaderId: n.leader ? n.id : n.upstream,
      votedFor: null,
      data,
      logLength: n.log.length,
      appliedIndex: n.log.length,
      commitIndex: n.log.length,
    };
  }

  /** The extra per-key detail the multi-leader views show. */
  cellsOf(id: NodeId): CellView[] {
    const n = this.node(id);
    return [...n.cells.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, cell]) => ({
        key,
        values: this.valuesOf(key, cell),
        vv: formatVector(cell.vv),
        conflicts: cell.conflicts,
      }));
  }

  describe(body: MessageBody): string {
    const b = body as MlMessage;
    switch (b.type) {
      case 'change': {
        const c = b.changes[0];
        if (!c) return 'changes (none)';
        const more = b.changes.length > 1 ? ` (+${b.changes.length - 1} more)` : '';
        return `change ${c.origin}#${c.seq}: ${c.key} = ${c.op} ${formatVector(c.vv)}${more}`;
      }
      case 'sync':
        return `anti-entropy: I have ${formatVector(b.have)}`;
      case 'forward':
        return `forward write ${b.write.key} = ${b.write.value} to its owner`;
      case 'clientWrite':
      case 'clientRead':
      case 'clientReply':
        return describeClientMessage(b);
      default:
        return unreachable(b);
    }
  }

  payloadBytes(body: MessageBody): number {
    const b = body as MlMessage;
    switch (b.type) {
      case 'change': {
        // Each change: origin, sequence number, key, operation, version vector, timestamp, dependencies, op id.
        let n = LEN_BYTES;
        for (const c of b.changes)
          n +=
            strBytes(c.origin) +
            strBytes(c.key) +
            strBytes(c.op) +
            vectorBytes(c.vv) +
            vectorBytes(c.deps) +
            3 * NUM_BYTES +
            (c.removes ? strListBytes(c.removes) : 0);
        return n;
      }
      case 'sync':
        return vectorBytes(b.have);
      case 'forward':
        return strBytes(b.client) + clientPayloadBytes(b.write);
      case 'clientWrite':
      case 'clientRead':
      case 'clientReply':
        return clientPayloadBytes(b);
      default:
        return unreachable(b);
    }
  }

  /** Acknowledged writes that a last-write-wins resolution silently discarded everywhere. */
  lostWrites(acked: readonly Operation[]): LostWrite[] {
    return discardedWrites(acked, this.dropped, (op) =>
      [...this.nodes.values()].some((n) => n.cells.get(op.key)?.versions.some((v) => v.opId === op.id)),
    );
  }

  /** Keys whose value differs between the live leaders (divergence), for the given liveness. */
  divergentKeys(isUp: (id: NodeId) => boolean): string[] {
    const leaders = [...this.nodes.values()].filter((n) => n.leader && isUp(n.id));
    const keys = new Set<string>();
    for (const n of leaders) for (const k of n.cells.keys()) keys.add(k);
    const out: string[] = [];
    for (const k of [...keys].sort()) {
      const values = new Set(
        leaders.map((n) => (n.cells.get(k) ? this.displayValue(k, n.cells.get(k) as Cell) : '∅')),
      );
      if (values.size > 1) out.push(k);
    }
    return out;
  }

  // ---------------------------------------------------------------- client requests

  private onClientWrite(n: MlNode, client: NodeId, req: ClientWrite, forwarded = false): void {
    if (!n.leader) {
      this.reply(n, client, req.reqId, {
        ok: false,
        error: `${n.id} is a follower`,
        redirect: n.upstream ?? undefined,
      });
      return;
    }
    const owner = this.ownerOf(req.key);
    if (owner !== null && owner !== n.id && !forwarded) {
      this.ctx.send(n.id, owner, { type: 'forward', kind: 'request', client, write: req } satisfies Forward);
      return;
    }
    const c = this.localChange(n, req.key, req.value, req.reqId, req.context);
    this.apply(n, c, null);
    this.reply(n, client, req.reqId, {
      ok: true,
      version: 0,
      value: req.value,
      // The write's dot: a later read whose context does not cover it missed an acknowledged write (stale).
      dot: { node: n.id, n: c.seq },
      ...(forwarded ? { forwarded: true } : {}),
    });
  }

  private localChange(n: MlNode, key: string, op: string, opId: number, context?: VersionVector): Change {
    n.seq++;
    const cell = n.cells.get(key);
    // A local write supersedes what this leader holds for the key, and whatever the client's context covers.
    const base = merge(cell?.vv ?? {}, context ?? {});
    const vv = { ...base, [n.id]: n.seq };
    const skewUs = Math.round((this.config.clockSkewMs[n.id] ?? 0) * 1000);
    const change: Change = {
      origin: n.id,
      seq: n.seq,
      key,
      op,
      vv,
      ts: this.ctx.nowUs + skewUs,
      deps: { ...n.applied },
      opId,
    };
    if (this.crdtType(key) === 'set' && op.startsWith('remove ')) {
      const element = op.slice('remove '.length);
      return { ...change, removes: [...(cell?.set?.get(element) ?? [])] };
    }
    return change;
  }

  private onClientRead(n: MlNode, client: NodeId, req: ClientRead): void {
    const cell = n.cells.get(req.key);
    if (!cell) {
      // An empty context: the reader has seen no write of the key.
      this.reply(n, client, req.reqId, { ok: true, value: null, version: 0, context: {} });
      return;
    }
    const values = this.valuesOf(req.key, cell);
    this.reply(n, client, req.reqId, {
      ok: true,
      value: values.join(' | '),
      version: 0,
      ...(values.length > 1 ? { siblings: values } : {}),
      context: cell.vv,
    });
  }

  private reply(
    n: MlNode,
    client: NodeId,
    reqId: number,
    fields: Partial<ClientReply> & { ok: boolean },
  ): void {
    const body: ClientReply = { type: 'clientReply', kind: 'response', reqId, ...fields };
    this.ctx.send(n.id, client, body);
  }

  // ---------------------------------------------------------------- replication

  private onSync(n: MlNode, peer: NodeId, req: SyncRequest): void {
    const missing = n.log.filter((c) => c.seq > (req.have[c.origin] ?? 0)).slice(0, this.maxBatch);
    if (missing.length > 0)
      this.ctx.send(n.id, peer, { type: 'change', kind: 'replicate', changes: missing } satisfies ChangeMsg);
  }

  private ready(n: MlNode, c: Change): boolean {
    if (c.seq !== (n.applied[c.origin] ?? 0) + 1) return false;
    // Operation-based data types need causal delivery to converge: a removal must not overtake the addition it
    // observed.
    if (!this.config.causalDelivery && this.crdtType(c.key) === null) return true;
    for (const [origin, seq] of Object.entries(c.deps))
      if (origin !== c.origin && (n.applied[origin] ?? 0) < seq) return false;
    return true;
  }

  private receive(n: MlNode, c: Change, from: NodeId): void {
    if (c.seq <= (n.applied[c.origin] ?? 0)) return; // seen before: never applied twice, never forwarded again
    if (!this.ready(n, c)) {
      if (!n.pending.some((p) => p.origin === c.origin && p.seq === c.seq)) n.pending.push(c);
      return;
    }
    this.apply(n, c, from);
    // Applying one change may make buffered ones ready.
    for (let progress = true; progress; ) {
      progress = false;
      for (const p of n.pending) {
        if (p.seq <= (n.applied[p.origin] ?? 0)) continue;
        if (this.ready(n, p)) {
          this.apply(n, p, from);
          progress = true;
        }
      }
      n.pending = n.pending.filter((p) => p.seq > (n.applied[p.origin] ?? 0));
    }
  }

  private apply(n: MlNode, c: Change, from: NodeId | null): void {
    n.applied = { ...n.applied, [c.origin]: c.seq };
    n.log.push(c);
    this.applyToCell(n, c);
    const targets = this.pushTargets(n, c, from);
    for (const t of targets)
      this.ctx.send(n.id, t, { type: 'change', kind: 'replicate', changes: [c] } satisfies ChangeMsg);
  }

  private applyToCell(n: MlNode, c: Change): void {
    let cell = n.cells.get(c.key);
    if (!cell) {
      cell = { versions: [], vv: {}, conflicts: 0 };
      n.cells.set(c.key, cell);
    }
    const type = this.crdtType(c.key);
    if (type === 'counter') {
      const delta = Number.parseInt(c.op, 10) || 0;
      cell.counter ??= new Map();
      cell.counter.set(c.origin, (cell.counter.get(c.origin) ?? 0) + delta);
      cell.vv = merge(cell.vv, c.vv);
      return;
    }
    if (type === 'set') {
      cell.set ??= new Map();
      if (c.op.startsWith('remove ')) {
        const dots = cell.set.get(c.op.slice('remove '.length));
        if (dots) for (const d of c.removes ?? []) dots.delete(d);
      } else {
        const element = c.op.startsWith('add ') ? c.op.slice('add '.length) : c.op;
        const dots = cell.set.get(element) ?? new Set<string>();
        dots.add(`${c.origin}:${c.seq}`);
        cell.set.set(element, dots);
      }
      cell.vv = merge(cell.vv, c.vv);
      return;
    }
    this.applyVersion(n, cell, c);
  }

  private applyVersion(n: MlNode, cell: Cell, c: Change): void {
    const incoming: Version = { value: c.op, vv: c.vv, ts: c.ts, origin: c.origin, opId: c.opId };
    const resolution = this.config.resolution;
    const orders = cell.versions.map((v) => compare(c.vv, v.vv));
    const concurrent = cell.versions.filter((_, i) => orders[i] === 'concurrent');
    const newer = cell.versions.filter((_, i) => orders[i] === 'before' || orders[i] === 'equal');
    cell.vv = merge(cell.vv, c.vv);
    if (concurrent.length > 0) cell.conflicts++;
    const record = (outcome: string, versions: Version[]) =>
      this.conflicts.push({
        key: c.key,
        node: n.id,
        atUs: this.ctx.nowUs,
        versions: versions.map((v) => ({ value: v.value, origin: v.origin, opId: v.opId })),
        resolution,
        outcome,
      });
    switch (resolution) {
      case 'arrival': {
        // No resolution at all: whatever arrives last overwrites, even a change older than what is here.
        if (concurrent.length > 0)
          record(`${n.id} overwrote ${quote(concurrent)} with ${JSON.stringify(c.op)}, the last to arrive`, [
            ...concurrent,
            incoming,
          ]);
        else if (newer.length > 0)
          record(
            `${n.id} applied ${JSON.stringify(c.op)} from ${c.origin} over the newer ${quote(newer)}: out of causal order`,
            [...newer, incoming],
          );
        cell.versions = [incoming];
        return;
      }
      case 'lww': {
        // Timestamps decide, whatever the causal order (as in Cassandra): the latest timestamp wins.
        const current = cell.versions[0];
        const winner = current && !lwwAfter(incoming, current) ? current : incoming;
        const loser = winner === incoming ? current : incoming;
        cell.versions = [winner];
        if (!loser) return;
        const loserIsLater = loser === incoming ? orders[0] === 'after' : orders[0] === 'before';
        if (concurrent.length > 0 || loserIsLater) {
          const stamp = (v: Version) => `${(v.ts / 1000).toFixed(3)} ms`;
          const reason = loserIsLater
            ? `last-write-wins discarded this causally later write: its timestamp (${stamp(loser)}, ${loser.origin}'s skewed clock) is older than that of ${JSON.stringify(winner.value)} from ${winner.origin} (${stamp(winner)})`
            : `last-write-wins kept the concurrent write ${JSON.stringify(winner.value)} from ${winner.origin} (timestamp ${stamp(winner)} > ${stamp(loser)})`;
          if (!this.dropped.has(loser.opId))
            this.dropped.set(loser.opId, { node: n.id, atUs: this.ctx.nowUs, version: loser, reason });
          record(
            loserIsLater
              ? `${n.id} discarded the causally later ${JSON.stringify(loser.value)} from ${loser.origin}: its timestamp is older than that of ${JSON.stringify(winner.value)} (clock skew)`
              : `${n.id} kept ${JSON.stringify(winner.value)} from ${winner.origin} (latest timestamp) and dropped ${JSON.stringify(loser.value)}`,
            [loser, winner],
          );
        }
        return;
      }
      case 'siblings':
      case 'merge': {
        // Version vectors decide: a change some version here already covers is old news; one that follows
        // versions here replaces them; concurrent ones are all kept, as siblings.
        if (newer.length > 0) return;
        const kept = [...concurrent, incoming].sort(versionOrder);
        cell.versions = kept;
        if (concurrent.length > 0) record(`${n.id} keeps ${kept.length} siblings: ${quote(kept)}`, kept);
        return;
      }
      default:
        unreachable(resolution);
    }
  }

  private valuesOf(key: string, cell: Cell): string[] {
    if (cell.counter) {
      let total = 0;
      for (const v of cell.counter.values()) total += v;
      return [String(total)];
    }
    if (cell.set) {
      const elements = [...cell.set.entries()].filter(([, dots]) => dots.size > 0).map(([e]) => e);
      return [`{${elements.sort().join(', ')}}`];
    }
    void key;
    return cell.versions.map((v) => v.value);
  }

  private displayValue(key: string, cell: Cell): string {
    return this.valuesOf(key, cell).join(' | ');
  }
}

function quote(versions: readonly Version[]): string {
  return versions.map((v) => JSON.stringify(v.value)).join(', ');
}

/** Last-write-wins order: the later timestamp wins; equal timestamps are broken by origin id. */
function lwwAfter(a: Version, b: Version): boolean {
  return a.ts > b.ts || (a.ts === b.ts && a.origin > b.origin);
}

/** A canonical order for siblings, so every replica lists them alike. */
function versionOrder(a: Version, b: Version): number {
  return a.origin < b.origin ? -1 : a.origin > b.origin ? 1 : a.opId - b.opId;
}
