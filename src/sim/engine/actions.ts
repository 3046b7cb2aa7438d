/**
 * Timeline actions: what a crash, a partition, a new latency, a membership change, a manual write or a switch of
 * the workload does to the running simulation. The simulation runs each one as a queued event (live or on
 * replay alike); this module says what it changes. Also the conditions actions set that the simulation keeps:
 * the PBS latency profile in force and each node's clock skew.
 */

import type { ReplicationModel } from '../models/model.ts';
import type { Action, Latency, Scenario } from '../scenarios/schema.ts';
import type { MessageKind, NodeId, TimeUs } from '../types.ts';
import type { Clients } from '../workload/clients.ts';
import type { Arrivals } from './events.ts';
import { PBS_PROFILES } from './latency.ts';
import type { Membership } from './members.ts';
import type { MessageLog } from './messageLog.ts';
import type { Network } from './network.ts';
import { unreachable } from './unreachable.ts';

/** Conditions the scenario and its actions set, which the simulation reads (clocks) and shows (the snapshot). */
export class Conditions {
  /** The PBS profile in force for replica traffic, if any (scenario or setLatencyProfile). */
  latencyProfile: string | null;
  /** Per-node clock skew in µs (only nodes with a skew are listed). */
  readonly clockSkewUs = new Map<NodeId, number>();

  constructor(scenario: Scenario) {
    for (const s of [...(scenario.multiLeader?.clockSkew ?? []), ...(scenario.leaderless?.clockSkew ?? [])])
      this.clockSkewUs.set(s.node, Math.round(s.ms * 1000));
    this.latencyProfile = scenario.leaderless?.latencyProfile ?? null;
  }
}

/** A PBS profile gives replica traffic its W, A, R and S delays by message kind. */
export function kindLatencyOf(scenario: Scenario): Partial<Record<MessageKind, Latency>> | undefined {
  const explicit = scenario.network.kindLatency;
  const name = scenario.leaderless?.latencyProfile;
  if (!name) return explicit;
  const p = PBS_PROFILES[name];
  return { replicate: p.w, ack: p.a, read: p.r, response: p.s, ...explicit };
}

/** The simulation's public parts an action acts on. */
export interface ActionTarget {
  readonly nowUs: TimeUs;
  readonly scenario: Scenario;
  readonly network: Network;
  readonly messageLog: MessageLog;
  readonly model: ReplicationModel;
  readonly clients: Clients;
}

/** The simulation's own state an action may change, which it keeps private and hands over here. */
export interface ActionState {
  readonly membership: Membership;
  readonly conditions: Conditions;
  readonly arrivals: Arrivals;
}

type NetworkAction = Extract<
  Action,
  {
    type:
      | 'partition'
      | 'heal'
      | 'setLatency'
      | 'setLoss'
      | 'setDuplication'
      | 'setLatencyProfile'
      | 'cutLink'
      | 'restoreLink';
  }
>;
type ClientAction = Extract<Action, { type: 'setReadPolicy' | 'write' | 'read' | 'setWorkload' }>;
type NodeAction = Exclude<Action, NetworkAction | ClientAction>;

const NETWORK_ACTIONS: ReadonlySet<Action['type']> = new Set<NetworkAction['type']>([
  'partition',
  'heal',
  'setLatency',
  'setLoss',
  'setDuplication',
  'setLatencyProfile',
  'cutLink',
  'restoreLink',
]);
const CLIENT_ACTIONS: ReadonlySet<Action['type']> = new Set<ClientAction['type']>([
  'setReadPolicy',
  'write',
  'read',
  'setWorkload',
]);

const isNetworkAction = (a: Action): a is NetworkAction => NETWORK_ACTIONS.has(a.type);
const isClientAction = (a: Action): a is ClientAction => CLIENT_ACTIONS.has(a.type);

/** Runs one timeline action at the simulation's current time. */
export function executeAction(sim: ActionTarget, state: ActionState, action: Action): void {
  if (isNetworkAction(action)) networkAction(sim, state.conditions, action);
  else if (isClientAction(action)) clientAction(sim, state.arrivals, action);
  else nodeAction(sim, state, action);
}

/** Faults and conditions of the network: partitions, cut links, latency, loss and duplication. */
function networkAction(sim: ActionTarget, conditions: Conditions, action: NetworkAction): void {
  const { network, messageLog } = sim;
  switch (action.type) {
    case 'partition':
      network.setPartition(action.groups, action.oneWay ?? false);
      messageLog.partition(network.partition, sim.nowUs);
      return;
    case 'heal':
      network.heal();
      messageLog.partition([], sim.nowUs);
      return;
    case 'setLatency':
      network.options = { ...network.options, latency: action.latency };
      return;
    case 'setLoss':
      network.options = { ...network.options, dropProbability: action.dropProbability };
      return;
    case 'setDuplication':
      network.options = { ...network.options, duplicateProbability: action.duplicateProbability };
      return;
    case 'setLatencyProfile': {
      const p = action.profile ? PBS_PROFILES[action.profile] : null;
      conditions.latencyProfile = action.profile;
      network.options = {
        ...network.options,
        kindLatency: p
          ? { replicate: p.w, ack: p.a, read: p.r, response: p.s }
          : sim.scenario.network.kindLatency,
      };
      return;
    }
    case 'cutLink':
      network.cutLink(action.a, action.b);
      messageLog.link(action.a, action.b, true, sim.nowUs);
      return;
    case 'restoreLink':
      network.restoreLink(action.a, action.b);
      messageLog.link(action.a, action.b, false, sim.nowUs);
      return;
    default:
      unreachable(action);
  }
}

/** What happens to machines: crashes and restarts, membership, operator commands, the model's settings, clocks. */
function nodeAction(sim: ActionTarget, state: ActionState, action: NodeAction): void {
  const { network, messageLog, model } = sim;
  switch (action.type) {
    case 'crash':
      if (!network.isUp(action.node)) return;
      network.setUp(action.node, false);
      messageLog.nodeUp(action.node, false, sim.nowUs);
      state.membership.endIncarnation(action.node);
      model.onCrash(action.node, action.durable ?? true);
      return;
    case 'restart':
      if (network.isUp(action.node) || network.isRemoved(action.node)) return;
      network.setUp(action.node, true);
      messageLog.nodeUp(action.node, true, sim.nowUs);
      model.onRestart(action.node);
      return;
    case 'addNode':
      state.membership.add(action.node, action.region, network, messageLog);
      model.configure(action);
      return;
    case 'removeNode':
      if (!state.membership.remove(action.node, network, messageLog, sim.nowUs)) return;
      model.configure(action);
      return;
    case 'setReplication':
    case 'setFailover':
    case 'setQuorum':
    case 'setResolution':
    case 'setTopology':
    case 'setOwnership':
      model.configure(action);
      return;
    case 'setClockSkew':
      state.conditions.clockSkewUs.set(action.node, Math.round(action.ms * 1000));
      return;
    case 'promote':
    case 'demote':
      // An operator acts on a running process; a crashed node cannot be promoted or demoted.
      if (network.isUp(action.node)) model.configure(action);
      return;
    default:
      unreachable(action);
  }
}

/** What clients do: their read policy, manual reads and writes, and the generated workload. */
function clientAction(sim: ActionTarget, arrivals: Arrivals, action: ClientAction): void {
  switch (action.type) {
    case 'setReadPolicy':
      sim.clients.setReadPolicy(action.client, action.policy);
      return;
    case 'write':
      sim.clients.issue({
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
      sim.clients.issue({
        client: action.client,
        f: 'read',
        key: action.key,
        value: null,
        target: action.node ?? sim.scenario.clients.find((c) => c.id === action.client)?.readFrom ?? 'leader',
        manual: true,
      });
      return;
    case 'setWorkload':
      arrivals.set(action.enabled, action.ratePerSec ?? arrivals.ratePerSec, sim.nowUs);
      return;
    default:
      unreachable(action);
  }
}
