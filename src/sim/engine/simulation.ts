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
import type { ModelContext, ReplicationModel, TimerBody } from '../models/model.ts';
import type { Action, Scenario, TimelineEntry } from '../scenarios/schema.ts';
import type {
  ConflictView,
  Counts,
  LostWrite,
  MessageBody,
  MessageView,
  NodeId,
  NodeView,
  Snapshot,
  TimeUs,
} from '../types.ts';
import { type ClientHost, Clients } from '../workload/clients.ts';
import { WINDOW_MAX_OPS, WINDOW_SPAN_US, type WindowLimits } from '../workload/recent.ts';
import { Conditions, executeAction, kindLatencyOf } from './actions.ts';
import { type ConflictHint, ConflictLog, ConflictSets, type ConflictWrite } from './conflictLog.ts';
import { Arrivals, EVENT_CODE, queueAction, type SimEvent } from './events.ts';
import { stringCode, TraceHash } from './hash.ts';
import { assertInvariants } from './invariants.ts';
import { LostWrites } from './lostWrites.ts';
import { Membership } from './members.ts';
import { MessageLog } from './messageLog.ts';
import { Network } from './network.ts';
import { actionProblem, adoptBranch, InvalidActionError, mergeTimeline } from './recording.ts';
import { Rng } from './rng.ts';
import { quietStart, replicasOfKey, type SettleWindows, settleWindows } from './settle.ts';
import { SimQueue } from './simQueue.ts';
import {
  buildSnapshot,
  countsOf,
  inFlightShown,
  inFlightViews,
  type RawSnapshot,
  snapshotWith,
  type WithData,
} from './snapshot.ts';
import { SpareEvents } from './spares.ts';
import { type SendObserver, Traffic } from './traffic.ts';
import { unreachable } from './unreachable.ts';

// The errors and the observer's type keep their old home here: the worker, the CLI and the tests import them so.
export { InvariantViolation } from './invariants.ts';
export { InvalidActionError } from './recording.ts';
export type { SendObserver } from './traffic.ts';

export interface SimulationOptions {
  /**
   * Check the model's invariants after every event (tests and debug builds): a violation throws
   * `InvariantViolation` naming the event that broke it.
   */
  readonly checkInvariants?: boolean;
  /**
   * Keep only a window of the history in full (workload/recent.ts): `true` for the default limits (the last
   * 60 simulated s, at most 50,000 operations). Unset: the whole history, as tests and comparisons need it.
   */
  readonly historyWindow?: boolean | WindowLimits;
}

export class Simulation implements ModelContext, ClientHost {
  /** The scenario as loaded: its timeline holds the preset's (or shared run's) actions. */
  readonly scenario: Scenario;
  private now: TimeUs = 0;
  private readonly queue = new SimQueue<SimEvent>();
  private readonly hash = new TraceHash();
  private readonly spares = new SpareEvents();
  readonly network: Network;
  readonly clients: Clients;
  readonly model: ReplicationModel;
  readonly rng: Rng;
  /** The members now, their regions and incarnations (members.ts). */
  private readonly membership: Membership;
  /** Finished messages and fault intervals, for the space-time diagram (not part of the trace hash). */
  readonly messageLog: MessageLog;
  /** The PBS latency profile and clock skews in force (actions.ts). */
  private readonly conditions: Conditions;
  /** The workload generator's arrivals (events.ts). */
  private readonly arrivals: Arrivals;
  /** Messages onto the wire, delivered or dropped, and their counts (traffic.ts). */
  private readonly traffic: Traffic;
  /** Actions recorded by `apply` during this run, after the scenario's own timeline. */
  private readonly recorded: TimelineEntry[] = [];
  /** Conflicts the replicas detected and resolved: the latest ones, and how many in all (conflictLog.ts). */
  private readonly conflictLog = new ConflictLog();
  /** Conflicts as counted: one per key and set of concurrent writes, however many replicas detect it. */
  private readonly conflictSets = new ConflictSets();
  private readonly checkInvariants: boolean;
  private events = 0;
  /** The last timer kind set and its trace-hash code (`setTimer`). */
  private timerType: string | null = null;
  private timerTypeCode = 0;
  /** Acknowledged writes lost (lostWrites.ts). */
  private readonly lost: LostWrites;
  /**
   * For `quiescent`: the last time a message other than a heartbeat was sent (data, repair, votes, a refused
   * heartbeat) or an action ran; and the last time a message was lost, a vote was sent or an action other than a
   * client operation ran (a fault, a heal, a restart, a setting): what the model's repair may still have to mend.
   */
  private busyUs = Number.NEGATIVE_INFINITY;
  private disturbedUs = Number.NEGATIVE_INFINITY;
  /** How long the cluster must stay quiet after each before its replicas are judged (settle.ts). */
  private readonly settle: SettleWindows;

  constructor(scenario: Scenario, options: SimulationOptions = {}) {
    this.scenario = scenario;
    this.checkInvariants = options.checkInvariants ?? false;
    this.settle = settleWindows(scenario);
    this.conditions = new Conditions(scenario);
    this.membership = new Membership(scenario);
    this.messageLog = new MessageLog([...scenario.nodes, ...scenario.clients.map((c) => c.id)]);
    const root = new Rng(scenario.seed);
    const networkRng = root.fork();
    const workloadRng = root.fork();
    this.rng = root.fork();
    const clientRng = root.fork();
    this.network = new Network(
      scenario.nodes,
      scenario.clients.map((c) => c.id),
      { ...scenario.network, regionOf: this.membership.regionOf, kindLatency: kindLatencyOf(scenario) },
      networkRng,
    );
    const w = options.historyWindow;
    const limits = w === true ? { spanUs: WINDOW_SPAN_US, maxOps: WINDOW_MAX_OPS } : w || null;
    this.clients = new Clients(scenario, this, clientRng, limits);
    this.model = createModel(scenario, this);
    this.lost = new LostWrites(this.model, this.clients);
    const { queue, network, messageLog, clients, model, spares } = this;
    this.traffic = new Traffic({ queue, network, messageLog, clients, model, spares });
    this.arrivals = new Arrivals(queue, workloadRng, scenario.workload.ratePerSec, spares);
    this.model.start();
    for (const entry of scenario.timeline) queueAction(queue, entry);
    if (scenario.workload.enabled) this.arrivals.set(true, scenario.workload.ratePerSec, this.now);
  }

  get nowUs(): TimeUs {
    return this.now;
  }

  /** The cluster's members now, in the order they joined. */
  get nodes(): readonly NodeId[] {
    return this.membership.members;
  }

  // ---------------------------------------------------------------- ModelContext

  send<B extends MessageBody>(from: NodeId, to: NodeId, body: B): void {
    // Read once and handed on: bodies come in many shapes, so each read of a field is a megamorphic lookup.
    const kind = body.kind;
    // A refused heartbeat (a follower whose log does not match the leader's) is log repair under way.
    if (kind !== 'heartbeat' || (body as { ok?: unknown }).ok === false) {
      this.busyUs = this.now;
      // An election: until it has a winner whose heartbeats repair the logs, a split vote only waits for the
      // next timeout, with no traffic.
      if (kind === 'vote') this.disturbedUs = this.now;
    }
    this.traffic.send(this.now, from, to, body, kind);
  }

  /**
   * Calls `observer` with the time and estimated size of every message sent from now on (one observer at a
   * time; null removes it). It only watches: nothing it does reaches the run or its trace hash.
   */
  observeSends(observer: SendObserver | null): void {
    this.traffic.observer = observer;
  }

  /** ClientHost: the client gives up on attempt `attempt` of operation `opId` after `delayUs`. */
  scheduleTimeout(opId: number, attempt: number, delayUs: TimeUs): void {
    // A client's timeouts all have one delay, so they come due in the order set: the queue's in-order lane.
    this.queue.pushInOrder(this.now + delayUs, this.spares.timeout(opId, attempt));
  }

  clockUs(node: NodeId): number {
    return this.now + (this.conditions.clockSkewUs.get(node) ?? 0);
  }

  reportConflict(conflict: ConflictView): void {
    this.conflictLog.add(conflict);
  }

  noteConflict<W extends ConflictWrite>(
    key: string,
    writes: readonly W[],
    concurrent: (a: W, b: W) => boolean,
    hint?: ConflictHint<W>,
  ): boolean {
    return this.conflictSets.note(key, writes, concurrent, hint);
  }

  /** The latest conflicts the replicas detected (at most MAX_CONFLICTS_KEPT of them), oldest first. */
  conflicts(): readonly ConflictView[] {
    return this.conflictLog.latest();
  }

  /** The tail of `conflicts()` after the first `count` detections, oldest first, not copied (the live oracle's). */
  conflictsSince(count: number): readonly ConflictView[] {
    return this.conflictLog.since(count);
  }

  /** How many detections the replicas reported so far, all of them (`conflicts()` keeps only the latest). */
  conflictDetections(): number {
    return this.conflictLog.total;
  }

  /** How many conflicts so far: sets of concurrent writes to one key, each counted once (conflictLog.ts). */
  conflictCount(): number {
    return this.conflictSets.count;
  }

  setTimer<T extends TimerBody>(node: NodeId, delayUs: TimeUs, body: T): void {
    const life = this.membership.lifeOf(node);
    if (life.ep < 0) life.ep = this.network.endpointOf(node); // Once per node: it never changes once given.
    // A model sets few kinds of timer: the last kind's code is kept rather than looked up again.
    if (body.type !== this.timerType) {
      this.timerType = body.type;
      this.timerTypeCode = stringCode(body.type);
    }
    const ev = this.spares.timer(node, life, body, this.timerTypeCode);
    this.queue.pushTimer(this.now + Math.max(1, Math.round(delayUs)), ev);
  }

  // ---------------------------------------------------------------- running

  /** Processes one event. */
  private process(time: TimeUs, ev: SimEvent): void {
    this.now = time;
    this.events++;
    const h = this.hash;
    h.mix(time);
    // Each case mixes its kind's code first (a constant here rather than a lookup by the kind's name).
    switch (ev.t) {
      case 'deliver':
        h.mix(EVENT_CODE.deliver);
        h.mix(ev.id);
        h.mix(this.network.codeOfEndpoint(ev.toEp) ?? stringCode(ev.to));
        h.mix(ev.typeCode);
        this.traffic.deliver(ev, time);
        this.spares.releaseMessage(ev); // Done with, it carries a later event of its kind (spares.ts).
        return;
      case 'drop':
        h.mix(EVENT_CODE.drop);
        h.mix(ev.id);
        this.traffic.drop(ev, ev.doomed ?? 'loss', time);
        this.disturbedUs = time;
        this.spares.releaseMessage(ev);
        return;
      case 'timer':
        h.mix(EVENT_CODE.timer);
        h.mix(this.network.codeOfEndpoint(ev.life.ep) ?? stringCode(ev.node));
        h.mix(ev.typeCode);
        if (ev.life.incarnation === ev.incarnation && this.timerNodeUp(ev.life.ep, ev.node))
          this.model.onTimer(ev.node, ev.body, ev.life.ep);
        this.spares.releaseTimer(ev);
        return;
      case 'action':
        // Not the entry's position: a shared scenario's timeline is re-sorted, the actions' order is not.
        h.mix(EVENT_CODE.action);
        h.mix(stringCode(ev.entry.action.type));
        this.execute(ev.entry.action);
        return;
      case 'workload':
        h.mix(EVENT_CODE.workload);
        this.spares.releaseArrival(ev); // Before the next arrival (below) may be written into it: spares.ts.
        if (!this.arrivals.live(ev.generation)) return;
        h.mix(ev.generation);
        this.clients.generate(this.scenario);
        this.arrivals.schedule(time);
        return;
      case 'clientTimeout':
        h.mix(EVENT_CODE.clientTimeout);
        h.mix(ev.opId);
        this.clients.onTimeout(ev.opId, ev.attempt);
        this.spares.releaseTimeout(ev);
        return;
      default:
        unreachable(ev);
    }
  }

  /** `network.isUp(node)`, read by the endpoint index the timer resolved when it was set. */
  private timerNodeUp(ep: number, node: NodeId): boolean {
    const i = this.network.nodeOfEndpoint(ep);
    return i >= 0 ? this.network.upAt(i) : this.network.isUp(node);
  }

  private execute(action: Action): void {
    const { membership, conditions, arrivals } = this;
    this.busyUs = this.now;
    if (action.type !== 'write' && action.type !== 'read') this.disturbedUs = this.now;
    executeAction(this, { membership, conditions, arrivals }, action);
  }

  /** Runs every event at or before `tUs` (at most `maxEvents`); returns how many ran. */
  runUntil(tUs: TimeUs, maxEvents = Number.POSITIVE_INFINITY): number {
    const target = Math.floor(tUs);
    let n = 0;
    for (; n < maxEvents; n++) {
      const next = this.queue.popDue(target);
      if (next === undefined) break;
      // Its time from the queue's keys, not off the event (of several shapes); floored, a small integer: off a
      // Float64Array it is a heap number, which stored in a field (now, sentAt) boxes it in every object of the shape.
      const time = Math.floor(this.queue.lastTime[0] as number);
      const seen = this.checkInvariants ? { ...next } : null; // As it was: once run, it carries a later event.
      this.process(time, next);
      if (seen !== null) assertInvariants(this.model, time, seen);
    }
    // Stopped by `maxEvents` with an event due by `target` (an empty queue's Infinity is not): the clock stays.
    if (n >= maxEvents && this.queue.peekTime() <= Math.min(target, Number.MAX_VALUE)) return n;
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
    const problem = actionProblem(this.scenario, this.recorded, this.now, action);
    if (problem) throw new InvalidActionError(problem);
    const entry: TimelineEntry = { atUs: this.now, action };
    this.recorded.push(entry);
    queueAction(this.queue, entry);
    this.runUntil(this.now);
  }

  /**
   * The scenario with every action recorded so far merged into its timeline, sorted by time: what a share URL
   * encodes. The merge is stable with the scenario's own entries first, which is also the order in which the
   * live run executed actions of the same instant (they were queued first).
   */
  currentScenario(): Scenario {
    if (this.recorded.length === 0) return this.scenario;
    return mergeTimeline(this.scenario, this.recorded);
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
    adoptBranch(this.queue, this.recorded, this.now, branch);
  }

  // ---------------------------------------------------------------- observing

  traceHash(): string {
    return this.hash.digest();
  }

  /** Acknowledged writes the cluster has lost so far (ground truth from the model), oldest first. */
  lostWrites(): LostWrite[] {
    return this.lost.all(this.events);
  }

  /** How many acknowledged writes the cluster has lost so far, those of operations out of the window included. */
  lostWriteCount(): number {
    return this.lost.count(this.events);
  }

  /** When quiescent, the instant the quiet began (settle.ts): a divergence found now dates from it. */
  quietSinceUs(): TimeUs {
    return quietStart(this.settle, this.busyUs, this.disturbedUs, this.traffic, this.clients);
  }

  /** Keys the live replicas disagree on now (the oracle judges them only when the run is quiescent). */
  divergentKeys(): string[] {
    return this.model.divergentKeys((n) => this.network.isUp(n));
  }

  /**
   * The nodes that hold `key` and are compared for divergence: a leaderless key's home replicas, the leaders of
   * a multi-leader cluster, every node of a leader-follower one.
   */
  replicasOf(key: string): readonly NodeId[] {
    return replicasOfKey(this.model.view(), this.nodes, key);
  }

  /** What the simulation counts itself: operations by outcome, messages, bytes, events (anomalies: the oracle). */
  counts(): Counts {
    return countsOf(this.clients, this.traffic, this.events);
  }

  /** Every node as the views see it, whatever the model: up or down, role, place, data (see `WithData`). */
  nodeViews(withData?: WithData): NodeView[] {
    return this.membership.views(this.model, this.network, withData);
  }

  /**
   * Healed and settled: no partition or cut link, every node up, no client operation pending, nothing in flight
   * but heartbeats and votes, and quiet for long enough (settle.ts): the model's repair period since the last
   * message lost or fault changed, and since the last message but heartbeats what the model holds back on
   * purpose (a shipper's interval, the next heartbeat's commit); and, in a store that repairs on read, no read
   * still planned on the timeline. The oracle judges divergence only then ("replicas that still disagree after heal
   * and quiescence"), not while writes are on their way nor while the model's repair has yet to run (the
   * leader's next heartbeat, an anti-entropy round, a hint's handoff).
   */
  quiescent(): boolean {
    if (this.now - this.busyUs < this.settle.busyUs || this.now - this.disturbedUs < this.settle.repairUs)
      return false;
    if (this.network.partition.length > 0 || this.network.cuts.length > 0) return false;
    if (this.nodes.some((n) => !this.network.isUp(n))) return false;
    if (this.clients.pendingCount() > 0) return false;
    const readsRepair = this.settle.readsRepair;
    for (const m of this.queue.items()) {
      if ((m.t === 'deliver' || m.t === 'drop') && m.body.kind !== 'heartbeat' && m.body.kind !== 'vote')
        return false;
      if (readsRepair && m.t === 'action' && m.entry.action.type === 'read') return false;
    }
    return true;
  }

  messageViews(): MessageView[] {
    return inFlightViews(this.queue, this.model, Number.POSITIVE_INFINITY).views;
  }

  /** The state for the views; at most `maxMessages` of the messages in flight (see `messagesOmitted`). */
  snapshot(maxMessages = Number.POSITIVE_INFINITY, withData?: WithData): Snapshot {
    const { queue, membership, conditions, arrivals, traffic } = this;
    return buildSnapshot(this, { queue, membership, conditions, arrivals, traffic }, maxMessages, withData);
  }

  /**
   * The snapshot with its messages in flight as the engine holds them, for the worker to pack into columns
   * without making a view of each (their labels: `labelOf`).
   */
  rawSnapshot(maxMessages: number, withData?: WithData): RawSnapshot {
    const { queue, membership, conditions, arrivals, traffic } = this;
    const state = { queue, membership, conditions, arrivals, traffic };
    return snapshotWith(this, state, inFlightShown(queue, maxMessages), withData);
  }
}
