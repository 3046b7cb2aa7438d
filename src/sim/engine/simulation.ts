/**
 * The simulation: one event queue, one seeded PRNG, the network, the clients and a replication model.
 * `new Simulation(scenario)` is a pure function of the scenario: the same scenario gives the same events in the
 * same order, in Node and in the browser, and `traceHash()` proves it.
 *
 * User actions taken while a run is live go through `apply`, which records them into the timeline at the
 * current simulated time and schedules them exactly as a timeline entry would be on replay (after every other
 * event of that instant), so a shared scenario replays the live run event for event.
 */

import { createModel } from '../models/index.ts';
import type { ClientReply, ModelContext, ReplicationModel, TimerBody } from '../models/model.ts';
import { isClientRequest } from '../models/model.ts';
import {
  type Action,
  actionSchema,
  type Latency,
  parseScenario,
  type Scenario,
  type TimelineEntry,
} from '../scenarios/schema.ts';
import type {
  ConflictView,
  Counts,
  DropReason,
  DropView,
  LostWrite,
  Message,
  MessageBody,
  MessageKind,
  MessageView,
  NodeId,
  NodeView,
  Snapshot,
  TimeUs,
} from '../types.ts';
import { type ClientHost, Clients } from '../workload/clients.ts';
import { stringCode, TraceHash } from './hash.ts';
import { PBS_PROFILES } from './latency.ts';
import { MessageLog } from './messageLog.ts';
import { Network } from './network.ts';
import { EventQueue, type Queued } from './queue.ts';
import { Rng } from './rng.ts';
import { unreachable } from './unreachable.ts';
import { HEADER_BYTES } from './wire.ts';

/**
 * A message in flight is its own queue event (one allocation per message on the hot path): it is delivered at
 * `deliverAt`, or, when the network has doomed it, dropped part-way along its link.
 */
interface InFlight extends Message, Queued {
  readonly t: 'deliver' | 'drop';
  readonly doomed: DropReason | null;
  label?: string;
}

type SimEvent =
  | InFlight
  | (Queued & {
      readonly t: 'timer';
      readonly node: NodeId;
      readonly incarnation: number;
      readonly body: TimerBody;
    })
  | (Queued & { readonly t: 'action'; readonly entry: TimelineEntry })
  | (Queued & { readonly t: 'workload'; readonly generation: number })
  | (Queued & { readonly t: 'clientTimeout'; readonly opId: number; readonly attempt: number });

const EVENT_CODE: Record<SimEvent['t'], number> = {
  deliver: 1,
  drop: 2,
  timer: 3,
  action: 4,
  workload: 5,
  clientTimeout: 6,
};

/** Where along its link a dropped message visibly dies. */
const DROP_POSITION: Record<DropReason, number> = { partition: 0.5, loss: 0.6, crashed: 1 };
const MAX_DROPS_KEPT = 64;
const HISTORY_IN_SNAPSHOT = 200;
const CONFLICTS_IN_SNAPSHOT = 50;

export class InvalidActionError extends Error {}

/** A model broke an invariant its protocol promises: the run stops at the event that broke it. */
export class InvariantViolation extends Error {}

export interface SimulationOptions {
  /**
   * Check the model's invariants after every event (tests and debug builds): a violation throws
   * `InvariantViolation` naming the event that broke it.
   */
  readonly checkInvariants?: boolean;
}

/** Watches every send without feeding the trace hash (the metrics collector). */
export interface SendObserver {
  onSend(atUs: TimeUs, bytes: number): void;
}

export class Simulation implements ModelContext, ClientHost {
  /** The scenario as loaded: its timeline holds the preset's (or shared run's) actions. */
  readonly scenario: Scenario;
  private now: TimeUs = 0;
  private readonly queue = new EventQueue<SimEvent>();
  private readonly hash = new TraceHash();
  readonly network: Network;
  readonly clients: Clients;
  readonly model: ReplicationModel;
  readonly rng: Rng;
  /** The members now: the scenario's nodes, plus those added and less those removed since (membership.ts). */
  private readonly members: NodeId[];
  private readonly workloadRng: Rng;
  private readonly drops: DropView[] = [];
  /** Finished messages and fault intervals, for the space-time diagram (not part of the trace hash). */
  readonly messageLog: MessageLog;
  private readonly regionOf: Map<NodeId, string>;
  /** The regions and their members (a node added to a region joins it). */
  private readonly regions: { id: string; nodes: NodeId[] }[];
  /** The PBS profile in force for replica traffic, if any (scenario or setLatencyProfile). */
  private latencyProfile: string | null;
  private readonly incarnation = new Map<NodeId, number>();
  /** Actions recorded by `apply` during this run, after the scenario's own timeline. */
  private readonly recorded: TimelineEntry[] = [];
  private nextMessageId = 1;
  private workload: { enabled: boolean; ratePerSec: number; generation: number };
  private sent = 0;
  /** Estimated bytes sent (wire.ts); an observation only, it never feeds the trace hash. */
  private bytes = 0;
  /** Who watches every send (the metrics collector): an observation seam that never feeds the trace hash. */
  private sendObserver: SendObserver | null = null;
  /** Per-node clock skew in µs (only nodes with a skew are listed). */
  private readonly clockSkewUs = new Map<NodeId, number>();
  /** Conflicts the replicas detected and resolved, oldest first. */
  private readonly conflictLog: ConflictView[] = [];
  private readonly checkInvariants: boolean;
  private delivered = 0;
  private dropped = 0;
  private events = 0;

  constructor(scenario: Scenario, options: SimulationOptions = {}) {
    this.scenario = scenario;
    this.checkInvariants = options.checkInvariants ?? false;
    for (const s of [...(scenario.multiLeader?.clockSkew ?? []), ...(scenario.leaderless?.clockSkew ?? [])])
      this.clockSkewUs.set(s.node, Math.round(s.ms * 1000));
    this.members = [...scenario.nodes];
    this.regions = (scenario.regions ?? []).map((r) => ({ id: r.id, nodes: [...r.nodes] }));
    this.messageLog = new MessageLog([...scenario.nodes, ...scenario.clients.map((c) => c.id)]);
    const root = new Rng(scenario.seed);
    const networkRng = root.fork();
    this.workloadRng = root.fork();
    this.rng = root.fork();
    const clientRng = root.fork();
    const regionOf = new Map<NodeId, string>();
    for (const r of scenario.regions ?? []) for (const n of r.nodes) regionOf.set(n, r.id);
    this.regionOf = regionOf;
    this.latencyProfile = scenario.leaderless?.latencyProfile ?? null;
    for (const c of scenario.clients) if (c.region) regionOf.set(c.id, c.region);
    this.network = new Network(
      scenario.nodes,
      scenario.clients.map((c) => c.id),
      { ...scenario.network, regionOf, kindLatency: kindLatencyOf(scenario) },
      networkRng,
    );
    for (const n of scenario.nodes) this.incarnation.set(n, 0);
    this.clients = new Clients(scenario, this, clientRng);
    this.model = createModel(scenario, this);
    this.workload = { enabled: false, ratePerSec: scenario.workload.ratePerSec, generation: 0 };
    this.model.start();
    for (const entry of scenario.timeline)
      this.queue.push(entry.atUs, { t: 'action', entry, time: 0, order: 0 }, 1);
    if (scenario.workload.enabled) this.setWorkload(true, scenario.workload.ratePerSec);
  }

  get nowUs(): TimeUs {
    return this.now;
  }

  /** The cluster's members now, in the order they joined. */
  get nodes(): readonly NodeId[] {
    return this.members;
  }

  // ---------------------------------------------------------------- ModelContext

  send<B extends MessageBody>(from: NodeId, to: NodeId, body: B): void {
    this.transmit(from, to, body);
    // A duplicating network delivers a second copy of the same message, on its own delay.
    if (this.network.duplicates(from, to)) this.transmit(from, to, body);
  }

  /** One message onto the wire: its delay, whether the network drops it, and its delivery or drop event. */
  private transmit<B extends MessageBody>(from: NodeId, to: NodeId, body: B): void {
    const latency = this.network.drawLatencyUs(from, to, body.kind);
    const doomed = this.network.dropAtSend(from, to);
    const msg: InFlight = {
      t: doomed ? 'drop' : 'deliver',
      time: 0,
      order: 0,
      id: this.nextMessageId++,
      from,
      to,
      sentAt: this.now,
      // A doomed message never occupies the link, so it does not hold back the ones behind it.
      deliverAt: doomed ? this.now + latency : this.network.arrivalUs(from, to, this.now, latency),
      body,
      doomed,
    };
    this.sent++;
    const bytes = HEADER_BYTES + this.model.payloadBytes(body);
    this.bytes += bytes;
    if (this.sendObserver) this.sendObserver.onSend(this.now, bytes);
    if (doomed) {
      const dieAt = this.now + Math.max(1, Math.round(latency * DROP_POSITION[doomed]));
      this.queue.push(dieAt, msg);
    } else {
      this.queue.push(msg.deliverAt, msg);
    }
  }

  /**
   * Calls `observer` with the time and estimated size of every message sent from now on (one observer at a
   * time; null removes it). It only watches: nothing it does reaches the run or its trace hash.
   */
  observeSends(observer: SendObserver | null): void {
    this.sendObserver = observer;
  }

  /** ClientHost: the client gives up on attempt `attempt` of operation `opId` after `delayUs`. */
  scheduleTimeout(opId: number, attempt: number, delayUs: TimeUs): void {
    this.queue.push(this.now + delayUs, { t: 'clientTimeout', opId, attempt, time: 0, order: 0 });
  }

  clockUs(node: NodeId): number {
    return this.now + (this.clockSkewUs.get(node) ?? 0);
  }

  reportConflict(conflict: ConflictView): void {
    this.conflictLog.push(conflict);
  }

  /** Every conflict the replicas detected so far, oldest first. */
  conflicts(): readonly ConflictView[] {
    return this.conflictLog;
  }

  setTimer<T extends TimerBody>(node: NodeId, delayUs: TimeUs, body: T): void {
    const incarnation = this.incarnation.get(node) ?? 0;
    this.queue.push(this.now + Math.max(1, Math.round(delayUs)), {
      t: 'timer',
      node,
      incarnation,
      body,
      time: 0,
      order: 0,
    });
  }

  // ---------------------------------------------------------------- running

  /** Processes one event. */
  private process(time: TimeUs, ev: SimEvent): void {
    this.now = time;
    this.events++;
    const h = this.hash;
    h.mix(time);
    h.mix(EVENT_CODE[ev.t]);
    switch (ev.t) {
      case 'deliver':
        h.mix(ev.id);
        h.mix(stringCode(ev.to));
        h.mix(stringCode(ev.body.type));
        this.deliver(ev);
        return;
      case 'drop':
        h.mix(ev.id);
        this.drop(ev, ev.doomed ?? 'loss');
        return;
      case 'timer':
        h.mix(stringCode(ev.node));
        h.mix(stringCode(ev.body.type));
        if (this.network.isUp(ev.node) && this.incarnation.get(ev.node) === ev.incarnation)
          this.model.onTimer(ev.node, ev.body);
        return;
      case 'action':
        // Not the entry's position: a shared scenario's timeline is re-sorted, the actions' order is not.
        h.mix(stringCode(ev.entry.action.type));
        this.execute(ev.entry.action);
        return;
      case 'workload':
        if (ev.generation !== this.workload.generation || !this.workload.enabled) return;
        h.mix(ev.generation);
        this.clients.generate(this.scenario);
        this.scheduleWorkload();
        return;
      case 'clientTimeout':
        h.mix(ev.opId);
        this.clients.onTimeout(ev.opId, ev.attempt);
        return;
      default:
        unreachable(ev);
    }
  }

  /** After an event, in tests and debug builds: the model's invariants still hold, or the run stops here. */
  private assertInvariants(time: TimeUs, ev: SimEvent): void {
    const violation = this.model.invariantViolation();
    if (violation === null) return;
    const what =
      ev.t === 'deliver' || ev.t === 'drop'
        ? `${ev.t} of message ${ev.id} (${ev.body.type} ${ev.from} -> ${ev.to})`
        : ev.t === 'timer'
          ? `${ev.body.type} timer of ${ev.node}`
          : ev.t === 'action'
            ? `timeline action ${ev.entry.action.type}`
            : ev.t;
    throw new InvariantViolation(`invariant broken at ${time} µs by the ${what}: ${violation}`);
  }

  /** Runs every event at or before `tUs` (at most `maxEvents`); returns how many ran. */
  runUntil(tUs: TimeUs, maxEvents = Number.POSITIVE_INFINITY): number {
    const target = Math.floor(tUs);
    let n = 0;
    for (;;) {
      const next = this.queue.peek();
      if (!next || next.time > target) break;
      if (n >= maxEvents) return n;
      this.queue.pop();
      this.process(next.time, next);
      if (this.checkInvariants) this.assertInvariants(next.time, next);
      n++;
    }
    if (target > this.now) this.now = target;
    return n;
  }

  /** Runs every event of the next instant that has any; false when nothing is left to happen. */
  step(): boolean {
    const next = this.queue.peek();
    if (!next) return false;
    this.runUntil(next.time);
    return true;
  }

  /** How many events are queued (messages in flight, timers, pending timeouts, future timeline actions). */
  queuedEvents(): number {
    return this.queue.size;
  }

  nextEventUs(): TimeUs | null {
    return this.queue.peek()?.time ?? null;
  }

  /**
   * Records a user action at the current simulated time and runs it, exactly as the timeline entry it becomes
   * will run on replay. Throws InvalidActionError (and changes nothing) when the action is malformed or names an
   * unknown node or client.
   */
  apply(action: Action): void {
    const problem = this.validate(action);
    if (problem) throw new InvalidActionError(problem);
    const entry: TimelineEntry = { atUs: this.now, action };
    this.recorded.push(entry);
    this.queue.push(this.now, { t: 'action', entry, time: 0, order: 0 }, 1);
    this.runUntil(this.now);
  }

  /**
   * An action is valid when the scenario it would make (the recorded one with this action at now) passes the
   * schema: the rules a share link is held to (known nodes and clients, partitions, quorums, the work limit),
   * so a live run can never record a timeline its own link would refuse.
   */
  private validate(action: Action): string | null {
    const parsed = actionSchema.safeParse(action);
    if (!parsed.success) return parsed.error.issues.map((i) => i.message).join('; ');
    const next = this.withEntry({ atUs: this.now, action: parsed.data });
    const checked = parseScenario(next);
    if (checked.ok) return null;
    const index =
      next.timeline.length - 1 - [...next.timeline].reverse().findIndex((e) => e.action === parsed.data);
    const own = `timeline[${index}]`;
    return checked.issues
      .map((i) => `${i.path.startsWith(`${own}.`) ? i.path.slice(own.length + 1) : i.path}: ${i.message}`)
      .join('; ');
  }

  /**
   * The scenario with every action recorded so far merged into its timeline, sorted by time: what a share URL
   * encodes. The merge is stable with the scenario's own entries first, which is also the order in which the
   * live run executed actions of the same instant (they were queued first).
   */
  currentScenario(): Scenario {
    if (this.recorded.length === 0) return this.scenario;
    return this.merged(this.recorded);
  }

  /** The recorded scenario with one more entry, as `apply` would record it. */
  private withEntry(entry: TimelineEntry): Scenario {
    return this.merged([...this.recorded, entry]);
  }

  private merged(recorded: readonly TimelineEntry[]): Scenario {
    const timeline: TimelineEntry[] = [];
    const base = this.scenario.timeline;
    let i = 0;
    for (const entry of recorded) {
      while (i < base.length && (base[i] as TimelineEntry).atUs <= entry.atUs)
        timeline.push(base[i++] as TimelineEntry);
      timeline.push(entry);
    }
    while (i < base.length) timeline.push(base[i++] as TimelineEntry);
    return { ...this.scenario, timeline };
  }

  recordedActions(): readonly TimelineEntry[] {
    return this.recorded;
  }

  /**
   * Adopts a recorded future (time travel): the run's recorded actions become `branch`, an earlier pass over this
   * run or a fork of it. The actions this run has already executed must be the first ones of `branch`; those it
   * had queued and not yet run are dropped, and the rest of `branch` is queued as the live actions they were
   * (after everything else of their instant), so a run resumed from a checkpoint goes on exactly as a fresh run
   * of the scenario with `branch` recorded. Throws when `branch` does not extend what already ran, or when an
   * action it would queue lies in the past.
   */
  adoptRecorded(branch: readonly TimelineEntry[]): void {
    const mine = new Set<TimelineEntry>(this.recorded);
    const queued = new Set<TimelineEntry>();
    for (const ev of this.queue.items()) if (ev.t === 'action' && mine.has(ev.entry)) queued.add(ev.entry);
    const executed = this.recorded.filter((e) => !queued.has(e));
    executed.forEach((entry, i) => {
      const same = branch[i];
      if (!same || same.atUs !== entry.atUs || same.action.type !== entry.action.type)
        throw new InvalidActionError(
          `recorded action ${i} (${entry.action.type} at ${entry.atUs} µs) is not in the branch`,
        );
    });
    const future = branch.slice(executed.length);
    const past = future.find((e) => e.atUs < this.now);
    if (past)
      throw new InvalidActionError(`a recorded ${past.action.type} at ${past.atUs} µs lies before now`);
    this.queue.removeWhere((ev) => ev.t === 'action' && queued.has(ev.entry));
    this.recorded.length = 0;
    this.recorded.push(...executed);
    for (const { atUs, action } of future) {
      const entry: TimelineEntry = { atUs, action };
      this.recorded.push(entry);
      this.queue.push(atUs, { t: 'action', entry, time: 0, order: 0 }, 1);
    }
  }

  // ---------------------------------------------------------------- the network

  private deliver(msg: InFlight): void {
    const { to } = msg;
    if (this.network.isNode(to)) {
      if (!this.network.isUp(to)) {
        this.drop(msg, 'crashed');
        // The host is reachable but the process is dead: a client's connection is refused at once.
        if (isClientRequest(msg.body))
          this.send(to, msg.from, {
            type: 'clientReply',
            kind: 'response',
            reqId: msg.body.reqId,
            ok: false,
            refused: true,
            error: `${to} is down (connection refused)`,
          } satisfies ClientReply);
        return;
      }
      if (this.network.isCut(msg.from, to)) {
        this.drop(msg, 'partition');
        return;
      }
      this.delivered++;
      this.logDelivered(msg);
      this.model.onMessage(to, msg);
      return;
    }
    this.delivered++;
    this.logDelivered(msg);
    if (msg.body.type === 'clientReply') this.clients.onReply(msg as unknown as Message<ClientReply>);
  }

  private logDelivered(msg: InFlight): void {
    this.messageLog.record(msg.id, msg.from, msg.to, msg.body.kind, msg.sentAt, this.now, false, 1);
  }

  private drop(msg: InFlight, reason: DropReason): void {
    this.dropped++;
    const span = msg.deliverAt - msg.sentAt;
    this.messageLog.record(
      msg.id,
      msg.from,
      msg.to,
      msg.body.kind,
      msg.sentAt,
      this.now,
      true,
      span > 0 ? Math.min(1, (this.now - msg.sentAt) / span) : 1,
    );
    this.drops.push({
      id: msg.id,
      from: msg.from,
      to: msg.to,
      at: this.now,
      position: span > 0 ? Math.min(1, (this.now - msg.sentAt) / span) : 1,
      reason,
      kind: msg.body.kind,
      type: msg.body.type,
    });
    if (this.drops.length > MAX_DROPS_KEPT) this.drops.splice(0, this.drops.length - MAX_DROPS_KEPT);
  }

  // ---------------------------------------------------------------- actions

  private execute(action: Action): void {
    switch (action.type) {
      case 'crash':
        if (!this.network.isUp(action.node)) return;
        this.network.setUp(action.node, false);
        this.messageLog.nodeUp(action.node, false, this.now);
        this.incarnation.set(action.node, (this.incarnation.get(action.node) ?? 0) + 1);
        this.model.onCrash(action.node, action.durable ?? true);
        return;
      case 'restart':
        if (this.network.isUp(action.node) || this.network.isRemoved(action.node)) return;
        this.network.setUp(action.node, true);
        this.messageLog.nodeUp(action.node, true, this.now);
        this.model.onRestart(action.node);
        return;
      case 'partition':
        this.network.setPartition(action.groups, action.oneWay ?? false);
        this.messageLog.partition(this.network.partition, this.now);
        return;
      case 'heal':
        this.network.heal();
        this.messageLog.partition([], this.now);
        return;
      case 'setLatency':
        this.network.options = { ...this.network.options, latency: action.latency };
        return;
      case 'setLoss':
        this.network.options = { ...this.network.options, dropProbability: action.dropProbability };
        return;
      case 'setDuplication':
        this.network.options = { ...this.network.options, duplicateProbability: action.duplicateProbability };
        return;
      case 'setLatencyProfile': {
        const p = action.profile ? PBS_PROFILES[action.profile] : null;
        this.latencyProfile = action.profile;
        this.network.options = {
          ...this.network.options,
          kindLatency: p
            ? { replicate: p.w, ack: p.a, read: p.r, response: p.s }
            : this.scenario.network.kindLatency,
        };
        return;
      }
      case 'addNode':
        this.addNode(action.node, action.region);
        this.model.configure(action);
        return;
      case 'removeNode':
        if (!this.removeNode(action.node)) return;
        this.model.configure(action);
        return;
      case 'setReplication':
      case 'setFailover':
      case 'setQuorum':
      case 'setResolution':
      case 'setTopology':
      case 'setOwnership':
        this.model.configure(action);
        return;
      case 'setClockSkew':
        this.clockSkewUs.set(action.node, Math.round(action.ms * 1000));
        return;
      case 'cutLink':
        this.network.cutLink(action.a, action.b);
        this.messageLog.link(action.a, action.b, true, this.now);
        return;
      case 'restoreLink':
        this.network.restoreLink(action.a, action.b);
        this.messageLog.link(action.a, action.b, false, this.now);
        return;
      case 'promote':
      case 'demote':
        // An operator acts on a running process; a crashed node cannot be promoted or demoted.
        if (this.network.isUp(action.node)) this.model.configure(action);
        return;
      case 'setReadPolicy':
        this.clients.setReadPolicy(action.client, action.policy);
        return;
      case 'write':
        this.clients.issue({
          client: action.client,
          f: 'write',
          key: action.key,
          value: action.value,
          target: action.node ?? 'leader',
          manual: true,
          ...(action.autoIncrement ? { autoIncrement: true } : {}),
        });
        return;
      case 'read':
        this.clients.issue({
          client: action.client,
          f: 'read',
          key: action.key,
          value: null,
          target:
            action.node ?? this.scenario.clients.find((c) => c.id === action.client)?.readFrom ?? 'leader',
          manual: true,
        });
        return;
      case 'setWorkload':
        this.setWorkload(action.enabled, action.ratePerSec ?? this.workload.ratePerSec);
        return;
      default:
        unreachable(action);
    }
  }

  /**
   * A new machine joins: up, with its own place in the network (links, FIFO queues, its region's latency) and a
   * lane in the message log. The model then makes it a member in its own way (configure).
   */
  private addNode(node: NodeId, region: string | undefined): void {
    if (this.members.includes(node) || this.network.isRemoved(node)) return;
    if (region !== undefined) {
      this.regionOf.set(node, region);
      this.regions.find((r) => r.id === region)?.nodes.push(node);
    }
    this.network.addNode(node);
    this.messageLog.addName(node);
    this.incarnation.set(node, 0);
    this.members.push(node);
  }

  /**
   * A machine is decommissioned: it leaves the members, its timers die (a new incarnation) and messages to it
   * are dropped from now on, as to a crashed node. False when it is no member.
   */
  private removeNode(node: NodeId): boolean {
    const i = this.members.indexOf(node);
    if (i < 0) return false;
    this.members.splice(i, 1);
    for (const r of this.regions) r.nodes = r.nodes.filter((n) => n !== node);
    if (this.network.isUp(node)) this.messageLog.nodeUp(node, false, this.now);
    this.network.remove(node);
    this.incarnation.set(node, (this.incarnation.get(node) ?? 0) + 1);
    return true;
  }

  private setWorkload(enabled: boolean, ratePerSec: number): void {
    this.workload = { enabled, ratePerSec, generation: this.workload.generation + 1 };
    if (enabled) this.scheduleWorkload();
  }

  /** Poisson arrivals: exponential gaps with the workload's mean rate. */
  private scheduleWorkload(): void {
    const meanUs = 1_000_000 / this.workload.ratePerSec;
    const gap = Math.max(1, Math.round(this.workloadRng.exponential(meanUs)));
    this.queue.push(this.now + gap, {
      t: 'workload',
      generation: this.workload.generation,
      time: 0,
      order: 0,
    });
  }

  // ---------------------------------------------------------------- observing

  traceHash(): string {
    return this.hash.digest();
  }

  /** Acknowledged writes the cluster has lost so far (ground truth from the model), oldest first. */
  lostWrites(): LostWrite[] {
    return this.model.lostWrites(this.clients.history);
  }

  /** Keys the live replicas disagree on now (the oracle judges them only when the run is quiescent). */
  divergentKeys(): string[] {
    return this.model.divergentKeys((n) => this.network.isUp(n));
  }

  /** What the simulation counts itself: operations by outcome, messages, bytes, events (anomalies: the oracle). */
  counts(): Counts {
    const c = this.clients.counts;
    return {
      opsOk: c.ok,
      opsFailed: c.fail,
      opsInfo: c.info,
      opsPending: this.clients.pendingCount(),
      writesOk: c.writesOk,
      readsOk: c.readsOk,
      messagesSent: this.sent,
      bytesSent: this.bytes,
      messagesDelivered: this.delivered,
      messagesDropped: this.dropped,
      events: this.events,
    };
  }

  /** Every node as the views see it, whatever the model: up or down, role, place, data. */
  nodeViews(): NodeView[] {
    return this.members.map((id) => ({
      ...this.model.replica(id),
      up: this.network.isUp(id),
      ...(this.regionOf.has(id) ? { region: this.regionOf.get(id) } : {}),
      side: this.network.sideOf(id),
    }));
  }

  /**
   * Healed and quiet: no partition or cut link, every node up, no client operation pending, and nothing in
   * flight but heartbeats and votes. The oracle judges divergence only then ("replicas that still disagree
   * after heal and quiescence"), not while writes are still on their way.
   */
  quiescent(): boolean {
    if (this.network.partition.length > 0 || this.network.cuts.length > 0) return false;
    if (this.nodes.some((n) => !this.network.isUp(n))) return false;
    if (this.clients.pendingCount() > 0) return false;
    for (const m of this.queue.items())
      if ((m.t === 'deliver' || m.t === 'drop') && m.body.kind !== 'heartbeat' && m.body.kind !== 'vote')
        return false;
    return true;
  }

  messageViews(): MessageView[] {
    return this.inFlight(Number.POSITIVE_INFINITY).views;
  }

  /**
   * At most `max` of the messages in flight, by id: client requests and replies first, then the oldest of the
   * rest; the ones left out are counted by kind. A flood (hundreds of thousands in flight) then costs a snapshot
   * no more than `max` views.
   */
  private inFlight(max: number): { views: MessageView[]; omitted: Partial<Record<MessageKind, number>> } {
    // The messages in flight are exactly those with a delivery or drop still queued.
    let flying: InFlight[] = [];
    for (const m of this.queue.items()) if (m.t === 'deliver' || m.t === 'drop') flying.push(m);
    const omitted: Partial<Record<MessageKind, number>> = {};
    if (flying.length > max) {
      const client = (m: InFlight) => (m.body.kind === 'request' || m.body.kind === 'response' ? 0 : 1);
      flying.sort((a, b) => client(a) - client(b) || a.id - b.id);
      for (const m of flying.slice(max)) omitted[m.body.kind] = (omitted[m.body.kind] ?? 0) + 1;
      flying = flying.slice(0, max);
    }
    return { views: flying.map((m) => this.view(m)).sort((a, b) => a.id - b.id), omitted };
  }

  private view(m: InFlight): MessageView {
    if (m.label === undefined) m.label = this.model.describe(m.body);
    return {
      id: m.id,
      from: m.from,
      to: m.to,
      sentAt: m.sentAt,
      deliverAt: m.deliverAt,
      type: m.body.type,
      kind: m.body.kind,
      label: m.label,
      ...(m.doomed ? { doomed: m.doomed } : {}),
    };
  }

  /** The state for the views; at most `maxMessages` of the messages in flight (see `messagesOmitted`). */
  snapshot(maxMessages = Number.POSITIVE_INFINITY): Snapshot {
    const inFlight = this.inFlight(maxMessages);
    const history = this.clients.history;
    const skews: Record<NodeId, number> = Object.create(null);
    for (const [node, us] of this.clockSkewUs) if (us !== 0) skews[node] = us / 1000;
    return {
      nowUs: this.now,
      regions: this.regions.map((r) => ({ id: r.id, nodes: [...r.nodes] })),
      view: this.model.view(),
      conflicts: this.conflictLog.slice(-CONFLICTS_IN_SNAPSHOT),
      divergentKeys: this.divergentKeys(),
      nodes: this.nodeViews(),
      clients: this.clients.view(),
      messages: inFlight.views,
      messagesOmitted: inFlight.omitted,
      drops: [...this.drops],
      history: history.slice(-HISTORY_IN_SNAPSHOT).map((op) => ({ ...op })),
      counts: this.counts(),
      lostWrites: this.lostWrites(),
      network: {
        latency: this.network.options.latency,
        latencyProfile: this.latencyProfile,
        dropProbability: this.network.options.dropProbability,
        duplicateProbability: this.network.options.duplicateProbability ?? 0,
        fifo: this.network.options.fifo !== false,
        partition: this.network.partition.map((g) => [...g]),
        oneWay: this.network.oneWay,
        cuts: this.network.cuts.map((c) => ({ ...c })),
        clockSkewMs: skews,
      },
      workload: { enabled: this.workload.enabled, ratePerSec: this.workload.ratePerSec },
      traceHash: this.hash.digest(),
      nextEventUs: this.nextEventUs(),
    };
  }
}

/** A PBS profile gives replica traffic its W, A, R and S delays by message kind. */
function kindLatencyOf(scenario: Scenario): Partial<Record<MessageKind, Latency>> | undefined {
  const explicit = scenario.network.kindLatency;
  const name = scenario.leaderless?.latencyProfile;
  if (!name) return explicit;
  const p = PBS_PROFILES[name];
  return { replicate: p.w, ack: p.a, read: p.r, response: p.s, ...explicit };
}
