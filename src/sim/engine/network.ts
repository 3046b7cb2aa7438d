/**
 * The network's state: which nodes are up, which links are cut, and how long a message takes. Clients sit
 * outside the cluster (as in a Jepsen test): partitions cut links between nodes only, and a client reaches every
 * node unless that node is down.
 *
 * Links are FIFO, as the TCP connections that replication streams and client sessions use: a message never
 * overtakes an earlier one on the same link (it waits behind it, head-of-line), so latency draws that would
 * reorder them instead delay the later one.
 */

import type { Latency } from '../scenarios/schema.ts';
import type { DropReason, MessageKind, NodeId, TimeUs } from '../types.ts';
import { stringCode } from './hash.ts';
import { sampleLatencyUs } from './latency.ts';
import type { Rng } from './rng.ts';

export interface NetworkOptions {
  latency: Latency;
  /** Latency between nodes (or a node and a client) of different regions. */
  interRegionLatency?: Latency | undefined;
  /** Region of each node or client, for interRegionLatency. */
  regionOf?: ReadonlyMap<NodeId, string> | undefined;
  /** false: messages on one link may overtake each other (independent delays). */
  fifo?: boolean | undefined;
  /** Node-to-node latency by message kind (the PBS W/A/R/S profiles); client links are not affected. */
  kindLatency?: Partial<Record<MessageKind, Latency>> | undefined;
  /** Per-link overrides, symmetric. */
  links?: readonly { a: NodeId; b: NodeId; latency: Latency }[] | undefined;
  /** Latency between a client and a node; defaults to `latency`. */
  clientLatency?: Latency | undefined;
  dropProbability: number;
  /** Node-to-node messages are delivered twice with this probability. */
  duplicateProbability?: number | undefined;
}

/**
 * A copy of the options with every field, in one order, made by one object literal: every copy then shares one
 * hidden class, which the per-message steps (latency, drop, duplication, FIFO) read through. A spread copy
 * (`{ ...options }`) does not: V8 gives a spread's result a map of its own that a garbage collection may drop with
 * the temporary objects it was copied from, so after a collection every new simulation's options came in a new
 * map and the optimised network code was thrown away ("wrong map") several runs over.
 */
function shapedOptions(o: NetworkOptions): NetworkOptions {
  return {
    latency: o.latency,
    interRegionLatency: o.interRegionLatency,
    regionOf: o.regionOf,
    fifo: o.fifo,
    kindLatency: o.kindLatency,
    links: o.links,
    clientLatency: o.clientLatency,
    dropProbability: o.dropProbability,
    duplicateProbability: o.duplicateProbability,
  };
}

export class Network {
  /** Every node that ever joined, in order of joining (a removed node keeps its place, down for good). */
  private readonly nodes: NodeId[];
  private readonly index = new Map<NodeId, number>();
  private readonly up: boolean[];
  /** Nodes whose machines were decommissioned: down for good, a restart does not bring them back. */
  private readonly removed = new Set<NodeId>();
  /** Every endpoint (nodes, then clients, then nodes added later) by index, for the FIFO bookkeeping. */
  private readonly endpoint = new Map<NodeId, number>();
  private endpoints: number;
  /**
   * By endpoint index: the node index (-1 for a client) and the id's trace-hash code. The simulation resolves a
   * message's two ends once, when it is sent (`endpointOf`), and the per-message steps read these arrays instead
   * of looking ids up in maps again at delivery.
   */
  private readonly nodeAt: number[] = [];
  private readonly codeAt: number[] = [];
  /** Each endpoint's id, by index. */
  private readonly idAt: NodeId[] = [];
  /**
   * Each endpoint's region (`regionOf`), by index, and the map and size it was read from: the map is the
   * membership's, which grows when a node joins a region, so a change of either reads it again.
   */
  private regionAt: (string | undefined)[] = [];
  private regionSource: ReadonlyMap<NodeId, string> | undefined;
  private regionSize = -1;
  /** lastArrival[from * endpoints + to]: when the latest message on that link arrives. */
  private lastArrival: Float64Array;
  /** Latency overrides by link (from * endpoints + to). */
  private readonly linkLatency = new Map<number, Latency>();
  /** blocked[from * n + to] = 1 when the link from -> to is cut (by the partition or by a link cut). */
  private blocked: Uint8Array;
  /** Links cut one by one (cutLink), as "a|b" pairs of regions or nodes, in both directions. */
  cuts: { a: string; b: string }[] = [];
  private partitionGroups: readonly (readonly NodeId[])[] = [];
  partition: NodeId[][] = [];
  oneWay = false;
  /** The options as set (`options`), always in one shape (`shapedOptions`). */
  private opts: NetworkOptions;
  private readonly rng: Rng;

  constructor(nodes: readonly NodeId[], clients: readonly NodeId[], options: NetworkOptions, rng: Rng) {
    this.rng = rng;
    this.nodes = [...nodes];
    for (const [i, n] of nodes.entries()) this.index.set(n, i);
    for (const [i, id] of [...nodes, ...clients].entries()) {
      this.endpoint.set(id, i);
      this.nodeAt.push(i < nodes.length ? i : -1);
      this.codeAt.push(stringCode(id));
      this.idAt.push(id);
    }
    this.endpoints = nodes.length + clients.length;
    this.lastArrival = new Float64Array(this.endpoints * this.endpoints);
    this.opts = shapedOptions(options);
    this.indexLinks();
    this.up = nodes.map(() => true);
    this.blocked = new Uint8Array(nodes.length * nodes.length);
  }

  /**
   * The network's options. Setting them (an action changes the latency, loss, duplication or latency profile)
   * takes a copy in the one shape every copy has (`shapedOptions`).
   */
  get options(): NetworkOptions {
    return this.opts;
  }

  set options(options: NetworkOptions) {
    this.opts = shapedOptions(options);
  }

  /** The per-link latency overrides, keyed by the endpoints' indexes. */
  private indexLinks(): void {
    this.linkLatency.clear();
    for (const link of this.opts.links ?? []) {
      const a = this.endpoint.get(link.a);
      const b = this.endpoint.get(link.b);
      if (a === undefined || b === undefined) continue;
      this.linkLatency.set(a * this.endpoints + b, link.latency);
      this.linkLatency.set(b * this.endpoints + a, link.latency);
    }
  }

  /**
   * A new node joins, up, reachable from everyone: it is on the partition's remaining side (the nodes in no
   * group) and behind no link cut unless its region is (the caller puts it in `regionOf` first). Its links start
   * empty, so FIFO holds nothing back.
   */
  addNode(id: NodeId): void {
    if (this.index.has(id)) return;
    const old = this.endpoints;
    this.index.set(id, this.nodes.length);
    this.nodes.push(id);
    this.up.push(true);
    this.endpoint.set(id, old);
    this.nodeAt.push(this.nodes.length - 1);
    this.codeAt.push(stringCode(id));
    this.idAt.push(id);
    this.endpoints = old + 1;
    // The FIFO table keeps its entries under the wider stride.
    const arrivals = new Float64Array(this.endpoints * this.endpoints);
    for (let f = 0; f < old; f++)
      for (let t = 0; t < old; t++) arrivals[f * this.endpoints + t] = this.lastArrival[f * old + t] ?? 0;
    this.lastArrival = arrivals;
    this.indexLinks();
    this.recomputeBlocked();
  }

  /** A node's machine is decommissioned: down for good; messages to it are dropped as to a crashed node. */
  remove(id: NodeId): void {
    this.setUp(id, false);
    this.removed.add(id);
  }

  isRemoved(id: NodeId): boolean {
    return this.removed.has(id);
  }

  isNode(id: NodeId): boolean {
    return this.index.has(id);
  }

  indexOf(id: NodeId): number {
    return this.index.get(id) ?? -1;
  }

  /** The id's endpoint index (nodes, clients, then nodes added later), or -1 for an id the network never saw. */
  endpointOf(id: NodeId): number {
    return this.endpoint.get(id) ?? -1;
  }

  /** The node index of an endpoint, or -1 for a client (or an unknown id's -1). */
  nodeOfEndpoint(e: number): number {
    return e < 0 ? -1 : (this.nodeAt[e] ?? -1);
  }

  /** The trace-hash code of an endpoint's id (`stringCode`), kept when it joined. */
  codeOfEndpoint(e: number): number | undefined {
    return this.codeAt[e];
  }

  /** Whether node index `i` is up (`isUp` for a known node). */
  upAt(i: number): boolean {
    return this.up[i] ?? false;
  }

  /** `isCut` for node indexes (-1: a client, never cut). */
  isCutAt(f: number, t: number): boolean {
    if (this.partition.length === 0 && this.cuts.length === 0) return false;
    if (f < 0 || t < 0) return false;
    return this.blocked[f * this.nodes.length + t] === 1;
  }

  isUp(id: NodeId): boolean {
    const i = this.index.get(id);
    return i === undefined ? true : (this.up[i] ?? false);
  }

  setUp(id: NodeId, up: boolean): void {
    if (this.removed.has(id)) return;
    const i = this.index.get(id);
    if (i !== undefined) this.up[i] = up;
  }

  /** True when a message from -> to is dropped by the current partition. */
  isCut(from: NodeId, to: NodeId): boolean {
    if (this.partition.length === 0 && this.cuts.length === 0) return false;
    return this.isCutAt(this.index.get(from) ?? -1, this.index.get(to) ?? -1);
  }

  /**
   * Splits the cluster into groups; nodes in no group form one more group. With `oneWay`, only messages from the
   * first group to the others are dropped (a one-way partition: the first group can still hear the rest).
   */
  setPartition(groups: readonly (readonly NodeId[])[], oneWay: boolean): void {
    this.partitionGroups = groups;
    this.oneWay = oneWay;
    this.partition = groups.map((g) => [...g]);
    this.recomputeBlocked();
  }

  /** Cuts every link between two regions (or nodes), both ways, until restored. */
  cutLink(a: string, b: string): void {
    if (!this.cuts.some((c) => (c.a === a && c.b === b) || (c.a === b && c.b === a)))
      this.cuts.push({ a, b });
    this.recomputeBlocked();
  }

  restoreLink(a: string, b: string): void {
    this.cuts = this.cuts.filter((c) => !((c.a === a && c.b === b) || (c.a === b && c.b === a)));
    this.recomputeBlocked();
  }

  private inPlace(node: NodeId, place: string): boolean {
    return node === place || this.opts.regionOf?.get(node) === place;
  }

  private recomputeBlocked(): void {
    const groups = this.partitionGroups;
    const oneWay = this.oneWay;
    const n = this.nodes.length;
    const side = new Array<number>(n).fill(groups.length);
    groups.forEach((g, gi) => {
      for (const id of g) {
        const i = this.index.get(id);
        if (i !== undefined) side[i] = gi;
      }
    });
    this.blocked = new Uint8Array(n * n);
    for (let f = 0; f < n; f++)
      for (let t = 0; t < n; t++) {
        const sf = side[f] ?? 0;
        const st = side[t] ?? 0;
        if (groups.length > 0 && sf !== st && (!oneWay || sf === 0)) this.blocked[f * n + t] = 1;
      }
    // Each node's side of a cut is looked up once per cut (n region lookups, not 4 n^2).
    for (const cut of this.cuts) {
      const inA = this.nodes.map((id) => this.inPlace(id, cut.a));
      const inB = this.nodes.map((id) => this.inPlace(id, cut.b));
      for (let f = 0; f < n; f++)
        for (let t = 0; t < n; t++) if ((inA[f] && inB[t]) || (inB[f] && inA[t])) this.blocked[f * n + t] = 1;
    }
  }

  /** Removes the partition (links cut one by one stay cut until restored). */
  heal(): void {
    this.partitionGroups = [];
    this.partition = [];
    this.oneWay = false;
    this.recomputeBlocked();
  }

  /** The partition side of a node: 0 without a partition, else 1 + its group index. */
  sideOf(id: NodeId): number {
    if (this.partition.length === 0) return 0;
    const g = this.partition.findIndex((group) => group.includes(id));
    return g === -1 ? this.partition.length + 1 : g + 1;
  }

  /** Latency of one message, in integer microseconds (at least 1, so nothing arrives the instant it leaves). */
  drawLatencyUs(from: NodeId, to: NodeId, kind?: MessageKind): TimeUs {
    return this.latencyUsAt(this.endpointOf(from), this.endpointOf(to), from, to, kind);
  }

  /** `drawLatencyUs` for a message whose ends' endpoint indexes (`endpointOf`) are known. */
  latencyUsAt(f: number, t: number, from: NodeId, to: NodeId, kind?: MessageKind): TimeUs {
    let lat: Latency | undefined;
    const nodes = this.nodeOfEndpoint(f) >= 0 && this.nodeOfEndpoint(t) >= 0;
    if (kind !== undefined && this.opts.kindLatency && nodes) lat = this.opts.kindLatency[kind];
    if (this.linkLatency.size > 0 && f >= 0 && t >= 0)
      lat = this.linkLatency.get(f * this.endpoints + t) ?? lat;
    if (lat === undefined && this.opts.interRegionLatency && this.opts.regionOf) {
      const ra = this.regionOfEndpoint(f, from, this.opts.regionOf);
      const rb = this.regionOfEndpoint(t, to, this.opts.regionOf);
      if (ra !== undefined && rb !== undefined && ra !== rb) lat = this.opts.interRegionLatency;
    }
    if (lat === undefined) lat = nodes ? this.opts.latency : (this.opts.clientLatency ?? this.opts.latency);
    return sampleLatencyUs(lat, this.rng);
  }

  /** `regionOf.get(id)` for the id at endpoint `e` (-1: not an endpoint), read by index. */
  private regionOfEndpoint(e: number, id: NodeId, regionOf: ReadonlyMap<NodeId, string>): string | undefined {
    if (e < 0) return regionOf.get(id);
    if (regionOf !== this.regionSource || regionOf.size !== this.regionSize || e >= this.regionAt.length) {
      this.regionAt = regionsAt(this.idAt, regionOf);
      this.regionSource = regionOf;
      this.regionSize = regionOf.size;
    }
    return this.regionAt[e];
  }

  /** When a message sent now with the drawn latency arrives, behind any earlier message on its link. */
  arrivalUs(from: NodeId, to: NodeId, nowUs: TimeUs, latencyUs: TimeUs): TimeUs {
    return this.arrivalUsAt(this.endpointOf(from), this.endpointOf(to), nowUs, latencyUs);
  }

  /** `arrivalUs` for endpoint indexes (`endpointOf`). */
  arrivalUsAt(f: number, t: number, nowUs: TimeUs, latencyUs: TimeUs): TimeUs {
    if (this.opts.fifo === false || f < 0 || t < 0) return nowUs + latencyUs;
    const link = f * this.endpoints + t;
    const at = Math.max(nowUs + latencyUs, this.lastArrival[link] ?? 0);
    this.lastArrival[link] = at;
    return at;
  }

  /**
   * Decides at send time whether a node-to-node message is duplicated by the network (client connections never
   * are). Draws nothing while duplication is off, so runs without it are unchanged.
   */
  duplicates(from: NodeId, to: NodeId): boolean {
    const p = this.opts.duplicateProbability ?? 0;
    if (p <= 0 || !this.index.has(from) || !this.index.has(to)) return false;
    return this.rng.chance(p);
  }

  /** Decides at send time whether the message is lost, and why. */
  dropAtSend(from: NodeId, to: NodeId): DropReason | null {
    return this.dropAtSendAt(this.index.get(from) ?? -1, this.index.get(to) ?? -1);
  }

  /** `dropAtSend` for node indexes (-1: a client). */
  dropAtSendAt(f: number, t: number): DropReason | null {
    if (this.isCutAt(f, t)) return 'partition';
    // A lossless network (the common case) draws nothing, as `chance(0)` would not: checked here, per message.
    const p = this.opts.dropProbability;
    if (p > 0 && this.rng.chance(p)) return 'loss';
    return null;
  }
}

/**
 * Each endpoint's region, by index. A function of its own: written inside `regionOfEndpoint`, the closure over
 * `regionOf` made V8 allocate a context object on every call of it, twice a message in a regions run, whether or
 * not the list was remade (four regions of 25: 288 bytes an event with it there, 200 here, sampling heap profile).
 */
function regionsAt(ids: readonly NodeId[], regionOf: ReadonlyMap<NodeId, string>): (string | undefined)[] {
  return ids.map((x) => regionOf.get(x));
}
