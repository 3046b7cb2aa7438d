/**
 * A multi-leader cluster's state: its settings, each node's cells, applied positions, change log and buffer,
 * and the replication topology (who pushes to whom, whom a node asks for what it misses, who owns a key).
 */
import { unreachable } from '../../engine/unreachable.ts';
import type { Scenario } from '../../scenarios/schema.ts';
import type { CrdtType, MultiLeaderSettings, NodeId } from '../../types.ts';
import type { ModelContext } from '../model.ts';
import { Actors, type DenseVector, EMPTY_DENSE, setEntry } from '../shared/denseVector.ts';
import { NodeTable } from '../shared/nodes.ts';
import type { VersionVector } from '../shared/versionVector.ts';
import { type ChangeLog, emptyChangeLog } from './changeLog.ts';
import { type Change, SYNC } from './messages.ts';
import { MlDiscards } from './records.ts';

export interface Version {
  readonly value: string;
  readonly vv: DenseVector;
  readonly ts: number;
  readonly origin: NodeId;
  /** The origin's index in the cluster's actors (`MlCluster.actors`), the index of its entry in vectors. */
  readonly originIx: number;
  readonly seq: number;
  readonly opId: number;
}

/** A key's state: its concurrent versions, or a convergent data type's state. */
export interface Cell {
  /**
   * Its versions (changes, which are their own versions), in a list of its own: last-write-wins replaces its one
   * version in place, so whatever keeps the list past the event (a state transfer) takes a copy.
   */
  versions: Version[];
  counter?: Map<NodeId, number>;
  /** Add-wins set: element -> dots ("origin:seq") that added it and were not removed. */
  set?: Map<string, Set<string>>;
  /**
   * The cell's vector: its own, updated in place, or (`vvShared`) a change's vector it took whole because it covers
   * the cell's (a change whose version replaces the one the cell held, under last-write-wins), never changed
   * then: the next rise copies it first (`raiseCellVv`). A state transfer sends a copy; a read's context is named.
   */
  vv: DenseVector;
  /** Whether `vv` is a change's vector, shared with the change and every node that took it. */
  vvShared: boolean;
  /**
   * `vv` in the named form a read's context takes (it leaves the model for the history), made by the first read
   * since `vv` last rose and shared by the reads after it (a named vector is never changed); null until then.
   */
  context: VersionVector | null;
  conflicts: number;
}

export interface MlNode {
  readonly id: NodeId;
  readonly leader: boolean;
  /** Followers: the leader of their region (another leader once theirs leaves the cluster). */
  upstream: NodeId | null;
  readonly cells: Map<string, Cell>;
  /**
   * The same cells by key index (`MlCluster.keyIndex`): what applying a change reads, one array load instead of a
   * probe of the Map. Holes are keys the node holds nothing of. Emptied with `cells`.
   */
  cellAt: (Cell | undefined)[];
  /** Highest contiguous sequence number applied per origin. */
  applied: DenseVector;
  /**
   * Whether `applied` is this node's own copy, handed to no message since it was made, so the next change
   * applied may update it in place (`advanceApplied`, `shareApplied`).
   */
  appliedOwned: boolean;
  /** Its applied changes by origin, in application order (a causal order): what anti-entropy sends. */
  log: ChangeLog;
  /** Changes received out of order (or, with causal delivery, before their dependencies). */
  pending: Change[];
  seq: number;
  /**
   * The name its changes carry as their origin: its id, or after it lost its disk `id·k` (its k-th incarnation),
   * so new changes never reuse the dots of old ones that peers may still hold (as Riak gives a vnode that lost
   * its data a new actor id). Ids cannot contain "·".
   */
  actor: string;
  /** How many times it lost its disk: the simulator's count, which names the next incarnation. */
  incarnation: number;
  /** It lost its disk once: from then on its anti-entropy also asks its own followers, which hold its changes. */
  lostDisk: boolean;
  /**
   * A leader's followers (`MlCluster.followersOf`) and its push targets for its own changes under all-to-all, as
   * last worked out: read for every change it applies, kept on the node rather than in a Map by its id. Null
   * until first asked for, and again when the membership changes.
   */
  followerIds: readonly NodeId[] | null;
  ownTargets: OwnTargets | null;
}

/** A leader's push targets for its own changes under all-to-all, and what they were worked out from. */
interface OwnTargets {
  readonly config: MultiLeaderSettings;
  readonly followers: readonly NodeId[];
  readonly targets: readonly NodeId[];
}

/**
 * The node's applied vector, handed out to a message (a change's deps, a sync request, a state transfer): the
 * message keeps it as it is now, so the node's next change copies it before updating.
 */
export function shareApplied(n: MlNode): DenseVector {
  n.appliedOwned = false;
  return n.applied;
}

/**
 * The node has applied `origin`'s change `seq`. Vectors are never changed once handed out, so the node updates
 * its own copy in place and copies only a vector it has handed out since (once per local change or sync
 * instead of once per change applied).
 */
export function advanceApplied(n: MlNode, origin: number, seq: number): void {
  if (!n.appliedOwned) {
    n.applied = n.applied.slice();
    n.appliedOwned = true;
  }
  setEntry(n.applied as number[], origin, seq);
}

/** The node an actor belongs to ("n3·2" is n3's second incarnation after losing its disk). */
export function nodeOfActor(actor: string): NodeId {
  const i = actor.indexOf('·');
  return i < 0 ? actor : actor.slice(0, i);
}

/*
 * pushTargets, followersOf and allToAllTargets run for every change a leader or a follower applies, so the lists
 * they make now and then are made by the functions below: a closure that captures a parameter (`(l) => l !== n.id`)
 * makes V8 allocate a context object on every call of the function it is written in, even a call that returns the
 * kept list without making the closure.
 */

/** The ids in `ids` other than `id`. */
function othersThan(ids: readonly NodeId[], id: NodeId): NodeId[] {
  return ids.filter((l) => l !== id);
}

/** The nodes whose upstream is `leader`, in the table's order. */
function followersIn(nodes: Iterable<MlNode>, leader: NodeId): NodeId[] {
  const out: NodeId[] = [];
  for (const f of nodes) if (f.upstream === leader) out.push(f.id);
  return out;
}

/** No push targets (never changed: lists handed out are read only). */
const NO_TARGETS: readonly NodeId[] = Object.freeze([]);

export class MlCluster {
  readonly ctx: ModelContext;
  readonly nodes = new NodeTable<MlNode>();
  config: MultiLeaderSettings;
  readonly maxBatch = 64;
  /** The actors (node ids, and incarnations after a disk loss) by their index in the nodes' dense vectors. */
  readonly actors = new Actors();
  /** Each key a change was ever made to, by its index (`MlNode.cellAt`), in order of first change. */
  private readonly keys = new Map<string, number>();
  /** Acknowledged versions a last-write-wins resolution dropped: op id -> where, when and why. */
  readonly dropped = new MlDiscards();

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
        cellAt: [],
        applied: EMPTY_DENSE,
        appliedOwned: false,
        log: emptyChangeLog(),
        pending: [],
        seq: 0,
        actor: id,
        incarnation: 0,
        lostDisk: false,
        followerIds: null,
        ownTargets: null,
      });
    }
  }

  /**
   * A region's new leader joins with empty state: it asks its topology peers for what it lacks on its first sync,
   * and catches up by their change logs, or by a state transfer where they have trimmed them (state.ts).
   */
  addLeader(id: NodeId): MlNode {
    const n: MlNode = {
      id,
      leader: true,
      upstream: null,
      cells: new Map(),
      cellAt: [],
      applied: EMPTY_DENSE,
      appliedOwned: false,
      log: emptyChangeLog(),
      pending: [],
      seq: 0,
      actor: id,
      incarnation: 0,
      lostDisk: false,
      followerIds: null,
      ownTargets: null,
    };
    this.nodes.set(id, n);
    this.config = { ...this.config, leaders: [...this.config.leaders, id] };
    this.membershipChanged();
    return n;
  }

  /** A node left: it is no leader any more, and its followers follow the first leader left. */
  removeNode(id: NodeId): void {
    this.nodes.delete(id);
    this.config = { ...this.config, leaders: this.config.leaders.filter((l) => l !== id) };
    for (const n of this.nodes.values()) if (n.upstream === id) n.upstream = this.config.leaders[0] ?? null;
    this.membershipChanged();
  }

  /** Upstreams change only with the membership: each leader's followers are worked out again when next asked. */
  private membershipChanged(): void {
    for (const n of this.nodes.values()) {
      n.followerIds = null;
      n.ownTargets = null;
    }
  }

  scheduleSync(n: MlNode): void {
    // Spread the first exchanges so nodes do not all sync in the same instant.
    const jitter = Math.floor(this.ctx.rng.float() * this.config.syncIntervalMs * 500);
    this.ctx.setTimer(n.id, this.config.syncIntervalMs * 1000 + jitter, SYNC);
  }

  /** The star's hub: the configured one, else the first leader. */
  hub(): NodeId | undefined {
    return this.config.hub ?? this.config.leaders[0];
  }

  /** Where a leader sends a change it has just applied, according to the topology. */
  pushTargets(n: MlNode, c: Change, from: NodeId | null): readonly NodeId[] {
    // A follower pushes nothing: the one empty list, not a new one for every change it applies.
    if (!n.leader) return NO_TARGETS;
    const leaders = this.config.leaders;
    const followers = this.followersOf(n);
    // No list of its own until a branch makes one (this runs for every change a leader applies).
    let peers: readonly NodeId[] = NO_TARGETS;
    switch (this.config.topology) {
      case 'all-to-all':
        if (c.origin !== n.actor) return followers;
        return this.allToAllTargets(n, followers);
      case 'circular': {
        const i = leaders.indexOf(n.id);
        const next = leaders[(i + 1) % leaders.length];
        peers = next !== undefined && next !== nodeOfActor(c.origin) && next !== n.id ? [next] : [];
        break;
      }
      case 'star':
        peers = this.starTargets(n, c, from);
        break;
      default:
        unreachable(this.config.topology);
    }
    return followers.length === 0 ? peers : [...peers, ...followers];
  }

  /** Star: the hub forwards to the other spokes, a spoke sends its own changes to the hub. */
  private starTargets(n: MlNode, c: Change, from: NodeId | null): readonly NodeId[] {
    const hub = this.hub();
    if (n.id !== hub) return c.origin === n.actor && hub !== undefined ? [hub] : [];
    const origin = nodeOfActor(c.origin);
    return this.config.leaders.filter((l) => l !== hub && l !== origin && l !== from);
  }

  /**
   * All-to-all: a leader's own change goes to every other leader and its followers. The list is kept per leader
   * until the configuration (replaced on every change of it) or the followers change, as it is asked for on
   * every change the leader makes.
   */
  private allToAllTargets(n: MlNode, followers: readonly NodeId[]): readonly NodeId[] {
    const kept = n.ownTargets;
    if (kept !== null && kept.config === this.config && kept.followers === followers) return kept.targets;
    const targets = [...othersThan(this.config.leaders, n.id), ...followers];
    n.ownTargets = { config: this.config, followers, targets };
    return targets;
  }

  /** Whom a node asks for what it is missing (after a disk loss, its own followers too). */
  syncPeers(n: MlNode): NodeId[] {
    if (!n.leader) return n.upstream ? [n.upstream] : [];
    if (n.lostDisk) return [...this.topologyPeers(n), ...this.followersOf(n)];
    return this.topologyPeers(n);
  }

  /**
   * The nodes that, as the topology stands, ask this one for changes: the leaders it is a topology peer of, and
   * its followers. (A leader that lost its disk also asks its followers; its requests make it known to them.)
   */
  syncersOf(n: MlNode): NodeId[] {
    const out: NodeId[] = [];
    for (const other of this.nodes.values()) {
      if (other === n) continue;
      if (other.leader ? this.topologyPeers(other).includes(n.id) : other.upstream === n.id)
        out.push(other.id);
    }
    return out;
  }

  /** The followers that replicate this leader. */
  followersOf(n: MlNode): readonly NodeId[] {
    // Upstreams change only with the membership, so each leader's followers are worked out once per membership
    // (this runs for every change).
    n.followerIds ??= followersIn(this.nodes.values(), n.id);
    return n.followerIds;
  }

  /** The leaders a leader exchanges changes with, as the topology says. */
  private topologyPeers(n: MlNode): NodeId[] {
    const leaders = this.config.leaders;
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

  /** The key's index in the nodes' `cellAt` (given the first time a key is asked for, never changed). */
  keyIndex(key: string): number {
    let ix = this.keys.get(key);
    if (ix === undefined) {
      ix = this.keys.size;
      this.keys.set(key, ix);
    }
    return ix;
  }

  /** With key-range ownership, the leader that owns the key; null when any leader may write it. */
  ownerOf(key: string): NodeId | null {
    if (this.config.ownership !== 'key-range') return null;
    const range = this.config.ranges.find((r) => key.startsWith(r.prefix));
    return range?.owner ?? null;
  }

  /**
   * A key's convergent data type, if it has one. Types belong to keys (as Riak's data types do), whatever the
   * resolution chosen for the other keys, so switching the resolution mid-run never strands a key's state.
   */
  crdtType(key: string): CrdtType | null {
    for (const c of this.config.crdt) if (key.startsWith(c.prefix)) return c.type;
    return null;
  }

  /** A key's values as a read returns them: its siblings, a counter's total, or a set's elements. */
  valuesOf(cell: Cell): string[] {
    if (cell.counter) {
      let total = 0;
      for (const v of cell.counter.values()) total += v;
      return [String(total)];
    }
    if (cell.set) {
      const elements = [...cell.set.entries()].filter(([, dots]) => dots.size > 0).map(([e]) => e);
      return [`{${elements.sort().join(', ')}}`];
    }
    return cell.versions.map((v) => v.value);
  }
}
