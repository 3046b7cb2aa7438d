/**
 * A leaderless cluster's state: its settings, the consistent-hash ring and each key's preference list, and
 * every node's store, hints and the requests it coordinates; and the one rule for merging versions of a key
 * (siblings by version vector, or last-write-wins).
 */
import { flat } from '../../engine/flat.ts';
import { hash32 } from '../../engine/hash.ts';
import { storyKeys } from '../../scenarios/keys.ts';
import type { Scenario } from '../../scenarios/schema.ts';
import type { LeaderlessSettings, NodeId } from '../../types.ts';
import type { ModelContext } from '../model.ts';
import { Actors } from '../shared/denseVector.ts';
import { type Discarded, Discards } from '../shared/discarded.ts';
import { lwwAfter, stampText } from '../shared/lww.ts';
import { NodeTable } from '../shared/nodes.ts';
import { sortFew } from '../shared/select.ts';
import { compare } from '../shared/versionVector.ts';
import { LlConflict } from './conflict.ts';
import { Coordinating } from './coordinating.ts';
import { ANTI_ENTROPY, HANDOFF, type LlVersion } from './messages.ts';
import type { ReadAnswer } from './readAnswer.ts';
import {
  byDot,
  followedByAny,
  hasDot,
  relation,
  SINGLE_DOTS,
  sameDots,
  siblingsOnto,
  signature,
} from './siblings.ts';

export { byDot, Coordinating, sameDots, signature };

/** A request this node coordinates: progress toward W or R. */
export interface Coordination {
  /** The node coordinating it. */
  readonly coordinator: NodeId;
  readonly reqId: number;
  readonly kind: 'write' | 'read';
  readonly key: string;
  readonly client: NodeId;
  readonly clientReq: number;
  readonly home: readonly NodeId[];
  readonly needed: number;
  /**
   * The replicas (or stand-ins) that acknowledged or answered, each once, in the order they did: a few nodes,
   * so an array (a Set per request cost more to make than its lookups saved).
   */
  readonly acks: NodeId[];
  /**
   * Fallback node -> the home replica it stands in for. Only a sloppy write that took stand-ins has its own map;
   * every other request shares one empty map that nothing fills (`onSloppy` gives the request its own first).
   */
  fallbacks: Map<NodeId, NodeId>;
  /** A read: each responder's versions, in the order of `acks` (a read's acks are its responders). */
  readonly responses: (readonly LlVersion[])[];
  readonly version?: LlVersion;
  status: 'waiting' | 'repairing' | 'reached' | 'failed';
  /** Blocking read repair: the replicas still to acknowledge the repair. */
  repairPending?: Set<NodeId>;
  merged?: readonly LlVersion[];
  readonly startedUs: number;
  doneUs: number | null;
}

export interface LlNode {
  readonly id: NodeId;
  readonly store: Map<string, LlVersion[]>;
  /** Sloppy quorum: versions held for another replica, by intended node, then key. */
  readonly hints: Map<NodeId, Map<string, LlVersion[]>>;
  readonly coordinating: Coordinating;
  counter: number;
  nextReq: number;
  aePeer: number;
}

/** How many finished quorums the view keeps. */
const RECENT_QUORUMS = 40;

/** A ring order is never cut shorter than this, so rings of up to 32 nodes keep every node in it. */
const RING_ORDER_MIN = 32;

/** A key's place on the ring: its ring order (cut as `orderLength` says) and the first N of it. */
interface Placement {
  readonly order: readonly NodeId[];
  readonly home: readonly NodeId[];
  /** Where a write goes while no ring change is under way: the home replicas, none extra (made once). */
  readonly targets: WriteTargets;
}

/** Where a write goes: its targets, and how many of them must acknowledge beyond W. */
export interface WriteTargets {
  readonly home: readonly NodeId[];
  readonly extra: number;
}

/** The first token at or after `h` on the sorted ring (wrapping to the first), by binary search. */
function firstTokenAtOrAfter(ring: readonly { readonly token: number }[], h: number): number {
  let lo = 0;
  let hi = ring.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ring[mid] as { token: number }).token < h) lo = mid + 1;
    else hi = mid;
  }
  return lo === ring.length ? 0 : lo;
}

export class LlCluster {
  readonly ctx: ModelContext;
  readonly nodes = new NodeTable<LlNode>();
  config: LeaderlessSettings;
  /** The ring: sorted tokens with their owners (the settled one while a change moves keys: membership.ts). */
  ring: { token: number; node: NodeId }[] = [];
  private readonly placement = new Map<string, Placement>();
  readonly vnodes: number;
  /** The ring change under way (its keys are moving) and the ones waiting for it, oldest first. */
  move: RingMove | null = null;
  readonly queuedMoves: { readonly kind: 'join' | 'leave'; readonly node: NodeId }[] = [];
  movesDone = 0;
  /**
   * The latest finished quorums (retired: nothing changes them any more), kept as they are; the view builds
   * theirs only when asked, not on every request. Holds up to twice RECENT_QUORUMS: read `recentQuorums()`.
   */
  private readonly recent: Coordination[] = [];
  /**
   * LWW: acknowledged versions a later timestamp replaced while concurrent (op id -> what and where), and versions
   * lost with a disk; bounded by MAX_DISCARDED (shared/discarded.ts).
   */
  readonly dropped = new Discards<Discarded>();
  /** The keys the view places from the start (scenarios/keys.ts). */
  readonly storyKeys: readonly string[];
  /**
   * Hinted handoff's work, in hints (a key a fallback node holds for one home replica): taken (a sloppy write's
   * copy stored as a hint), handed off (its home replica took all of it back) and lost with a crashed node's
   * disk. Taken = handed off + lost + held now.
   */
  readonly handoff = { taken: 0, handedOff: 0, lost: 0 };
  /** The node names of the versions' dense vectors (`LlVersion.dv`), in order of first sight. */
  readonly actors = new Actors();
  /**
   * The last answer worked out for a read of each key (readAnswer.ts): its value, siblings, context
   * and op ids, and the versions they came from. A key's versions often stay the same from one read to the next.
   */
  readonly readAnswers = new Map<string, ReadAnswer>();
  /** By actor index, the list of that index alone: the `keys` every version of a write without context shares. */
  readonly soleKeys: (readonly number[] | undefined)[] = [];
  /** A read's context is merged here (readAnswer.ts `contextOf`): counters by actor, all zero between reads. */
  readonly scratchCounters: number[] = [];
  /** ...and the actors in the order their entries first appear (empty between reads). */
  readonly scratchOrder: number[] = [];

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
    this.storyKeys = storyKeys(scenario);
    this.vnodes = ll.vnodes ?? 8;
    for (const id of scenario.nodes) this.addNodeState(id);
    this.ring = ringOf(scenario.nodes, this.vnodes);
  }

  /** A node's empty store and tables. */
  addNodeState(id: NodeId): LlNode {
    const n: LlNode = {
      id,
      store: new Map(),
      hints: new Map(),
      coordinating: new Coordinating(),
      counter: 0,
      nextReq: 1,
      aePeer: 0,
    };
    this.nodes.set(id, n);
    return n;
  }

  /** Starts a node's background timers: hinted handoff and anti-entropy, as configured. */
  scheduleBackground(n: LlNode): void {
    const c = this.config;
    if (c.hintedHandoff) this.ctx.setTimer(n.id, c.handoffIntervalMs * 1000, HANDOFF);
    if (c.antiEntropyMs > 0) {
      const jitter = Math.floor(this.ctx.rng.float() * c.antiEntropyMs * 1000);
      this.ctx.setTimer(n.id, c.antiEntropyMs * 1000 + jitter, ANTI_ENTROPY);
    }
  }

  /**
   * The nodes in ring order clockwise from the key's hash, distinct: the first N are its home replicas, the rest
   * the fallbacks a sloppy quorum takes in turn. The walk stops after `orderLength()` nodes (every node on a ring
   * of up to 32), so a 1,000-node ring costs one pass over its tokens per key, with a Set to skip nodes already
   * taken. Cached per key until N or the ring changes (`forgetPlacement`).
   */
  ringOrder(key: string): readonly NodeId[] {
    return this.placementOf(key).order;
  }

  /** The key's N home replicas (cached with its ring order). */
  preferenceList(key: string): readonly NodeId[] {
    return this.placementOf(key).home;
  }

  /** How far a key's ring order goes: N home replicas and as many fallbacks again, plus some, or every node. */
  private orderLength(): number {
    return Math.min(this.nodes.size, Math.max(RING_ORDER_MIN, 2 * this.config.n + 16));
  }

  private placementOf(key: string): Placement {
    const cached = this.placement.get(key);
    if (cached) return cached;
    const order = orderOn(this.ring, key, this.orderLength());
    const home = order.slice(0, this.config.n);
    const placed = { order, home, targets: { home, extra: 0 } };
    this.placement.set(key, placed);
    return placed;
  }

  /**
   * Where a write goes: its home replicas, and while a ring change moves the key, the nodes gaining it too (the
   * "pending" replicas, as Cassandra writes to them during a bootstrap); `extra` of them must acknowledge beyond
   * W, so the write is on W home replicas of the ring before the change and of the ring after it.
   */
  writeTargets(key: string): WriteTargets {
    if (!this.move) return this.placementOf(key).targets;
    const home = this.preferenceList(key);
    const gaining = this.move.preferenceList(key, this.config.n).filter((id) => !home.includes(id));
    return { home: [...home, ...gaining], extra: gaining.length };
  }

  /** After a change of N, preference lists are computed anew. */
  forgetPlacement(): void {
    this.placement.clear();
  }

  /**
   * Anti-entropy's next peer of `n`: the `turn`-th of the other nodes in table order, cycling. Worked out by
   * index instead of filtering a copy of the node table; the table keeps its order itself and drops it when a
   * node joins or leaves, so nothing goes stale.
   */
  peerInTurn(n: LlNode, turn: number): NodeId | undefined {
    const ids = this.nodes.idList();
    if (ids.length < 2) return undefined;
    const self = this.nodes.indexOf(n.id);
    const k = turn % (ids.length - 1);
    return ids[k < self ? k : k + 1];
  }

  /**
   * Keeps a finished quorum for the view (the latest few). The list is let grow to twice its size and then cut
   * back in one splice: a shift per request moved the whole list down one place every time.
   */
  remember(q: Coordination): void {
    const recent = this.recent;
    recent.push(q);
    if (recent.length > 2 * RECENT_QUORUMS) recent.splice(0, recent.length - RECENT_QUORUMS);
  }

  /** The latest finished quorums, oldest first (at most RECENT_QUORUMS). */
  recentQuorums(): readonly Coordination[] {
    const recent = this.recent;
    return recent.length > RECENT_QUORUMS ? recent.slice(recent.length - RECENT_QUORUMS) : recent;
  }

  /**
   * Merges versions into a store under the configured resolution. Every list a store holds came from `resolve`
   * (or is part of one: a hint list after a handoff), and none is ever changed in place.
   */
  mergeInto(n: LlNode, store: Map<string, LlVersion[]>, key: string, incoming: readonly LlVersion[]): void {
    const current = store.get(key);
    if (this.config.resolution === 'lww') {
      const all = current ? current.concat(incoming) : incoming;
      const resolved = this.resolve(all);
      this.noteDropped(n, key, resolved[0], all, current);
      store.set(key, resolved);
      return;
    }
    const kept = current ? siblingsOnto(current, incoming) : this.resolve(incoming);
    // Nothing new (most repairs, a duplicate): the key keeps the very list it holds, so the map is left alone.
    if (kept === current) return;
    if (kept.length > 1) this.noteSiblings(n.id, key, kept, 'keeps');
    store.set(key, kept);
  }

  /**
   * Siblings a replica keeps or a coordinator's read returns (mutually concurrent writes to the key): one conflict,
   * counted once however many replicas and reads find it (engine/conflictLog.ts). The first to find a conflict
   * reports it (the replicas find the same siblings on every store and read: one record per conflict, not per
   * finding).
   */
  noteSiblings(node: NodeId, key: string, siblings: readonly LlVersion[], how: 'keeps' | 'read'): void {
    if (this.ctx.noteConflict(key, siblings, concurrentVersions, SINGLE_DOTS))
      this.ctx.reportConflict(new LlConflict(key, node, this.ctx.nowUs, siblings, how));
  }

  /** LWW: the acknowledged writes concurrent with the winner are dropped here; the first drop is recorded. */
  private noteDropped(
    n: LlNode,
    key: string,
    winner: LlVersion | undefined,
    versions: readonly LlVersion[],
    held: readonly LlVersion[] | undefined,
  ): void {
    if (!winner) return;
    for (const v of versions) {
      if (v.opId === winner.opId) continue;
      // Discarded elsewhere already: if this replica held it, its copy goes too (perhaps the last one).
      if (this.dropped.has(v.opId)) {
        if (held?.includes(v)) this.dropped.letGo(v.opId, n.id, this.ctx.nowUs);
      } else if (compare(v.vv, winner.vv) === 'concurrent') {
        // A concurrent write dropped: a conflict (the first drop of each write is enough to count it).
        const pair = [v, winner];
        if (this.ctx.noteConflict(key, pair, concurrentVersions, SINGLE_DOTS))
          this.ctx.reportConflict(new LlConflict(key, n.id, this.ctx.nowUs, pair, 'lww'));
        this.dropped.remember(v.opId, {
          node: n.id,
          atUs: this.ctx.nowUs,
          dot: { origin: v.origin, seq: v.seq },
          cause: 'resolution',
          reason: flat(
            `last-write-wins kept the concurrent write ${JSON.stringify(winner.value)} (timestamp ${stampText(winner.ts)} > ${stampText(v.ts)})`,
          ),
        });
      }
    }
  }

  /** `n` keeps `versions` of `key` as a hint for its home replica `home` (a sloppy quorum's write, stored aside). */
  holdHint(n: LlNode, home: NodeId, key: string, versions: readonly LlVersion[]): void {
    let keys = n.hints.get(home);
    if (!keys) {
      keys = new Map<string, LlVersion[]>();
      n.hints.set(home, keys);
    }
    if (!keys.has(key)) this.handoff.taken++;
    this.mergeInto(n, keys, key, versions);
  }

  /** A node lost its disk: the versions it held (stored or as hints) are discarded there, the first loss kept. */
  discardOnDiskLoss(n: LlNode): void {
    const lose = (v: LlVersion) => {
      this.dropped.remember(v.opId, {
        node: n.id,
        atUs: this.ctx.nowUs,
        reason: `${n.id} lost its disk in a crash`,
        dot: { origin: v.origin, seq: v.seq },
        cause: 'disk',
      });
    };
    for (const versions of n.store.values()) for (const v of versions) lose(v);
    for (const keys of n.hints.values())
      for (const versions of keys.values()) for (const v of versions) lose(v);
  }

  /**
   * Siblings: the versions no other version follows, in dot order. LWW: the single latest timestamp. A dot names
   * one version, so a version listed twice counts once (the first of equal timestamps wins under LWW). This runs
   * on every store, fetch reply and repair: it compares in place, without building keys, for the few versions a
   * key holds.
   */
  resolve(versions: readonly LlVersion[]): LlVersion[] {
    // One version (a key's first store): itself, under either resolution, in a list of its exact size.
    if (versions.length === 1) return [versions[0] as LlVersion];
    const all: LlVersion[] = [];
    for (const v of versions) if (!hasDot(all, v)) all.push(v);
    if (this.config.resolution === 'lww') {
      let winner: LlVersion | undefined;
      for (const v of all) if (!winner || lwwAfter(v, winner)) winner = v;
      return winner ? [winner] : [];
    }
    if (all.length <= 1) return all;
    const maximal: LlVersion[] = [];
    for (const v of all) if (!followedByAny(v, all)) maximal.push(v);
    if (maximal.length > 1) sortFew(maximal, byDot);
    return maximal;
  }

  /**
   * What a read's responses resolve to: `resolve` of every response's versions in turn (`everyResponse`), taken
   * one response at a time under siblings. Each response is a store's list (or empty), which a resolve made:
   * distinct dots, none before another, in dot order, so it stands for its own resolve, and each next one is
   * merged in by comparing only the pairs with a new version (`siblingsOnto`); replicas that agree add nothing
   * and the first list is the answer itself (lists are never changed in place).
   */
  resolveResponses(responses: readonly (readonly LlVersion[])[]): readonly LlVersion[] {
    if (this.config.resolution === 'lww') {
      const all: LlVersion[] = [];
      for (const versions of responses) for (const v of versions) all.push(v);
      return this.resolve(all);
    }
    let merged: readonly LlVersion[] | null = null;
    for (const versions of responses) merged = merged ? siblingsOnto(merged, versions) : versions;
    return merged ?? [];
  }
}

/**
 * Whether two versions are concurrent: neither comes before the other (`!before(a, b) && !before(b, a)`; equal
 * vectors of two versions count as concurrent). Dense vectors are walked once (`relation`), stopping as soon as
 * each is ahead somewhere: the conflict count asks this of every pair it weighs.
 */
export function concurrentVersions(a: LlVersion, b: LlVersion): boolean {
  return a !== b && relation(a, b) === 0;
}

/** A ring change under way: the ring it leads to, and which nodes still wait for which peers' keys. */
export interface RingMove {
  readonly id: number;
  readonly kind: 'join' | 'leave';
  readonly node: NodeId;
  readonly ring: readonly { token: number; node: NodeId }[];
  /** Fetching node -> the peers it has not heard from yet. */
  readonly awaiting: Map<NodeId, Set<NodeId>>;
  preferenceList(key: string, n: number): NodeId[];
}

/** The ring of `nodes`: `vnodes` tokens each, sorted. */
export function ringOf(nodes: Iterable<NodeId>, vnodes: number): { token: number; node: NodeId }[] {
  const ring: { token: number; node: NodeId }[] = [];
  for (const id of nodes)
    for (let i = 0; i < vnodes; i++) ring.push({ token: hash32(`${id}#${i}`), node: id });
  return ring.sort((a, b) => a.token - b.token || (a.node < b.node ? -1 : 1));
}

/** Every node of `ring` in ring order clockwise from the key's hash. */
export function orderOn(
  ring: readonly { token: number; node: NodeId }[],
  key: string,
  limit: number = Number.POSITIVE_INFINITY,
): NodeId[] {
  const start = firstTokenAtOrAfter(ring, hash32(`key:${key}`));
  const out: NodeId[] = [];
  const seen = new Set<NodeId>();
  for (let k = 0; k < ring.length && out.length < limit; k++) {
    const owner = (ring[(start + k) % ring.length] as { node: NodeId }).node;
    if (seen.has(owner)) continue;
    seen.add(owner);
    out.push(owner);
  }
  return out;
}
