/**
 * What the views see of a running simulation: the messages in flight (at most so many, the rest counted by
 * kind) and the whole snapshot. Reading only: nothing here changes the run or its trace hash.
 */

import type { ReplicationModel } from '../models/model.ts';
import type {
  ConflictView,
  Counts,
  LostWrite,
  MessageBody,
  MessageKind,
  MessageView,
  NodeId,
  NodeView,
  Snapshot,
  TimeUs,
} from '../types.ts';
import type { Clients } from '../workload/clients.ts';
import type { Conditions } from './actions.ts';
import { plainConflict } from './conflictLog.ts';
import type { Arrivals, InFlight, SimEvent } from './events.ts';
import type { Membership } from './members.ts';
import type { Network } from './network.ts';
import type { EventQueue } from './queue.ts';
import type { Traffic } from './traffic.ts';

const HISTORY_IN_SNAPSHOT = 200;
const CONFLICTS_IN_SNAPSHOT = 50;

/** The simulation's public parts a snapshot reads. */
export interface SnapshotSource {
  readonly nowUs: TimeUs;
  readonly model: ReplicationModel;
  readonly clients: Clients;
  readonly network: Network;
  conflicts(): readonly ConflictView[];
  conflictCount(): number;
  conflictDetections(): number;
  divergentKeys(): string[];
  nodeViews(withData?: WithData): NodeView[];
  counts(): Counts;
  lostWrites(): LostWrite[];
  traceHash(): string;
  nextEventUs(): TimeUs | null;
}

/** The simulation's own state a snapshot shows, which it keeps private and hands over here. */
export interface SnapshotState {
  readonly queue: EventQueue<SimEvent>;
  readonly membership: Membership;
  readonly conditions: Conditions;
  readonly arrivals: Arrivals;
  readonly traffic: Traffic;
}

export interface InFlightViews {
  readonly views: MessageView[];
  readonly omitted: Partial<Record<MessageKind, number>>;
}

/** The messages in flight a snapshot shows, as the engine holds them (by id), and the ones left out by kind. */
export interface InFlightShown {
  readonly messages: readonly InFlight[];
  readonly omitted: Partial<Record<MessageKind, number>>;
}

const byId = (a: InFlight, b: InFlight) => a.id - b.id;
const isClient = (m: InFlight) => m.body.kind === 'request' || m.body.kind === 'response';

/**
 * At most `max` of the messages in flight, by id: client requests and replies first, then the oldest of the
 * rest; the ones left out are counted by kind. A flood (hundreds of thousands in flight) then costs a snapshot
 * no more than `max` messages.
 */
export function inFlightShown(queue: EventQueue<SimEvent>, max: number): InFlightShown {
  // The messages in flight are exactly those with a delivery or drop still queued.
  const flying: InFlight[] = [];
  for (const m of queue.items()) if (m.t === 'deliver' || m.t === 'drop') flying.push(m);
  const omitted: Partial<Record<MessageKind, number>> = {};
  if (flying.length <= max) return { messages: flying.sort(byId), omitted };
  const client: InFlight[] = [];
  const rest: InFlight[] = [];
  for (const m of flying) (isClient(m) ? client : rest).push(m);
  client.sort(byId);
  rest.sort(byId);
  const kept =
    client.length >= max ? client.slice(0, max) : client.concat(rest.slice(0, max - client.length));
  const left = client.length >= max ? client.slice(max).concat(rest) : rest.slice(max - client.length);
  for (const m of left) omitted[m.body.kind] = (omitted[m.body.kind] ?? 0) + 1;
  return { messages: kept.sort(byId), omitted };
}

/**
 * Each message body's label once worked out. Beside the bodies rather than on the messages: a field for it made
 * every message 8 bytes larger, for the few a snapshot shows, and a field added later would give the messages
 * that had one a second shape on the run's every path. By the body, not the message: a message object carries
 * later messages once delivered (spares.ts), while a body is never changed once sent (and one body sent to many
 * is labelled once).
 */
const labels = new WeakMap<MessageBody, string>();

/** A message's label, the model's, worked out once per body. */
export function labelOf(m: InFlight, model: ReplicationModel): string {
  const body = m.body;
  let label = labels.get(body);
  if (label === undefined) {
    label = model.describe(body);
    labels.set(body, label);
  }
  return label;
}

/** `inFlightShown` as views (objects the views and tests read). */
export function inFlightViews(
  queue: EventQueue<SimEvent>,
  model: ReplicationModel,
  max: number,
): InFlightViews {
  const { messages, omitted } = inFlightShown(queue, max);
  return { views: messages.map((m) => messageView(m, model)), omitted };
}

/** One message in flight as the views show it. */
function messageView(m: InFlight, model: ReplicationModel): MessageView {
  return {
    id: m.id,
    from: m.from,
    to: m.to,
    sentAt: m.sentAt,
    deliverAt: m.deliverAt,
    type: m.body.type,
    kind: m.body.kind,
    label: labelOf(m, model),
    ...(m.doomed ? { doomed: m.doomed } : {}),
  };
}

/** A snapshot whose messages in flight are the engine's own (see `Simulation.rawSnapshot`). */
export type RawSnapshot = Omit<Snapshot, 'messages'> & { readonly messages: readonly InFlight[] };

/** Which nodes' data a snapshot carries in full (the others carry `dataOmitted`); absent: every node's. */
export type WithData = (node: NodeId) => boolean;

/** The state for the views; at most `maxMessages` of the messages in flight (see `messagesOmitted`). */
export function buildSnapshot(
  sim: SnapshotSource,
  state: SnapshotState,
  maxMessages: number,
  withData?: WithData,
): Snapshot {
  const inFlight = inFlightViews(state.queue, sim.model, maxMessages);
  return snapshotWith(sim, state, { messages: inFlight.views, omitted: inFlight.omitted }, withData);
}

/** The state for the views with the given messages in flight (the worker packs its own: see `inFlightShown`). */
export function snapshotWith<M>(
  sim: SnapshotSource,
  state: SnapshotState,
  inFlight: { readonly messages: M; readonly omitted: Partial<Record<MessageKind, number>> },
  withData?: WithData,
): Omit<Snapshot, 'messages'> & { readonly messages: M } {
  const history = sim.clients.history;
  const skews: Record<NodeId, number> = Object.create(null);
  for (const [node, us] of state.conditions.clockSkewUs) if (us !== 0) skews[node] = us / 1000;
  const { network } = sim;
  return {
    nowUs: sim.nowUs,
    regions: state.membership.regions.map((r) => ({ id: r.id, nodes: [...r.nodes] })),
    view: sim.model.view(),
    conflicts: sim.conflicts().slice(-CONFLICTS_IN_SNAPSHOT).map(plainConflict),
    conflictCount: sim.conflictCount(),
    conflictDetections: sim.conflictDetections(),
    divergentKeys: sim.divergentKeys(),
    nodes: sim.nodeViews(withData),
    clients: sim.clients.view(),
    messages: inFlight.messages,
    messagesOmitted: inFlight.omitted,
    drops: [...state.traffic.drops],
    history: history.slice(-HISTORY_IN_SNAPSHOT).map((op) => ({ ...op })),
    ...(sim.clients.trimmed > 0 ? { historyEarlier: sim.clients.trimmed } : {}),
    counts: sim.counts(),
    lostWrites: sim.lostWrites(),
    network: {
      latency: network.options.latency,
      latencyProfile: state.conditions.latencyProfile,
      dropProbability: network.options.dropProbability,
      duplicateProbability: network.options.duplicateProbability ?? 0,
      fifo: network.options.fifo !== false,
      partition: network.partition.map((g) => [...g]),
      oneWay: network.oneWay,
      cuts: network.cuts.map((c) => ({ ...c })),
      clockSkewMs: skews,
    },
    workload: { enabled: state.arrivals.enabled, ratePerSec: state.arrivals.ratePerSec },
    traceHash: sim.traceHash(),
    nextEventUs: sim.nextEventUs(),
  };
}

/** What the simulation counts itself: operations by outcome, messages, bytes, events (anomalies: the oracle). */
export function countsOf(clients: Clients, traffic: Traffic, events: number): Counts {
  const c = clients.counts;
  return {
    opsOk: c.ok,
    opsFailed: c.fail,
    opsInfo: c.info,
    opsPending: clients.pendingCount(),
    writesOk: c.writesOk,
    readsOk: c.readsOk,
    messagesSent: traffic.sent,
    bytesSent: traffic.bytes,
    messagesDelivered: traffic.delivered,
    messagesDropped: traffic.dropped,
    events,
  };
}
