/**
 * How long a healed, quiet cluster is given to converge before replicas that still disagree count as divergent
 * ("replicas that still disagree once the system has had its chance to converge", as Jepsen checks convergence
 * after healing and waiting). Each model repairs by its own periodic probes: the leader's heartbeats find and
 * repair a follower's log (and an election comes first if nobody leads), a multi-leader node's anti-entropy sync
 * asks its peers for the changes it lacks, a leaderless replica hands its hints over and exchanges digests with
 * one peer in turn. A probe is a heartbeat; the repair it finds is not. So the window is the longest wait for
 * the probe that would find a difference, plus the round trips until the repair itself is sent (from then the
 * repair is traffic, and the cluster is busy again). Read repair needs no window, it runs when a read
 * happens (a read is traffic), but a store that repairs on read is not judged while its timeline still plans a
 * read. A pure function of the scenario.
 */
import type { Latency, Scenario } from '../scenarios/schema.ts';
import type { ModelView, NodeId } from '../types.ts';
import { latencyMeanMs } from './latency.ts';

/** A message's delay as this window counts it: the latency's mean and half again (a tail), capped (a Pareto's). */
const LATENCY_TAIL = 1.5;
const MAX_DELAY_MS = 5000;

function delayMs(lat: Latency | undefined): number {
  if (!lat) return 0;
  const mean = latencyMeanMs(lat);
  return Number.isFinite(mean) ? Math.min(MAX_DELAY_MS, LATENCY_TAIL * mean) : MAX_DELAY_MS;
}

/** The slowest node-to-node delay the scenario configures (client links excluded), in ms. */
export function nodeDelayMs(s: Scenario): number {
  const net = s.network;
  let d = Math.max(delayMs(net.latency), delayMs(net.interRegionLatency));
  for (const lat of Object.values(net.kindLatency ?? {})) d = Math.max(d, delayMs(lat));
  for (const link of net.links ?? []) d = Math.max(d, delayMs(link.latency));
  return d;
}

/** How long a cluster must stay quiet before its replicas are judged, in µs: see `settleWindows`. */
export interface SettleWindows {
  /**
   * After the last message other than a heartbeat and the last client operation: what the model holds back on
   * purpose without any fault (a shipper's interval; a follower learns what is committed with the next heartbeat).
   */
  readonly busyUs: number;
  /**
   * After a message was lost or a fault, heal, restart or setting change: the model's repair period plus the
   * delays until its repair is sent (from then the repair is traffic, and the cluster busy again).
   */
  readonly repairUs: number;
  /**
   * Reads repair (a leaderless store with read repair on): while a read is still planned on the run's timeline
   * the store has not had its chance to converge, and is not judged.
   */
  readonly readsRepair: boolean;
}

export function settleWindows(s: Scenario): SettleWindows {
  const delay = nodeDelayMs(s);
  let busy = 0;
  let repair: number;
  let readsRepair = false;
  switch (s.model) {
    case 'leader-follower': {
      const lf = s.leaderFollower;
      const heartbeat = lf?.heartbeatMs ?? 100;
      const ship = lf?.shipIntervalMs ?? 0;
      busy = Math.max(heartbeat, ship) + delay;
      // With a leader: its next heartbeat, the follower's rejection and the leader's repair. Without one (a
      // partition no side of which held a majority): a follower's election timeout (randomised up to twice it),
      // after which the votes are traffic.
      const election = 2 * (lf?.electionTimeoutMs ?? 300);
      repair = Math.max(heartbeat + 2 * delay, election + delay, busy) + delay;
      break;
    }
    case 'multi-leader': {
      // Changes are pushed as they are made; a node's sync (its first timer jittered by up to half the
      // interval) recovers what was lost, and the answer to a sync is the repair.
      repair = 1.5 * (s.multiLeader?.syncIntervalMs ?? 200) + delay;
      break;
    }
    case 'leaderless': {
      const ll = s.leaderless;
      const ae = ll?.antiEntropyMs ?? 0;
      // Each replica exchanges digests with one peer in turn: a given pair is compared once a round.
      const round = ae > 0 ? ae * Math.max(1, s.nodes.length - 1) : 0;
      const handoff = ll?.hintedHandoff ? (ll.handoffIntervalMs ?? 200) : 0;
      repair = Math.max(round, handoff) + delay;
      readsRepair = (ll?.readRepair ?? 'async') !== 'off';
      break;
    }
  }
  return { busyUs: Math.round(busy * 1000), repairUs: Math.round(repair * 1000), readsRepair };
}

/**
 * The nodes that hold `key` and are compared for divergence: a leaderless key's home replicas, the leaders of
 * a multi-leader cluster, every node of a leader-follower one.
 */
export function replicasOfKey(view: ModelView, nodes: readonly NodeId[], key: string): readonly NodeId[] {
  if (view.model === 'leaderless') return view.placement.find((p) => p.key === key)?.home ?? nodes;
  if (view.model === 'multi-leader') return view.settings.leaders;
  return nodes;
}

/**
 * When the present quiet began, for a run that is quiescent now (`Simulation.quiescent`): the first instant from
 * which it held and nothing has changed since, the latest of the settle windows' ends, of the last message but
 * heartbeats and votes arriving or dying, and of the last operation completing. A divergence found while quiet is
 * dated from it, so its date does not hang on when a checker happened to look (the worker looks between batches
 * of events whose size follows the wall clock).
 */
export function quietStart(
  settle: SettleWindows,
  busyUs: number,
  disturbedUs: number,
  traffic: { readonly dataEndUs: number },
  clients: { readonly lastCompleteUs: number },
): number {
  return Math.max(
    busyUs + settle.busyUs,
    disturbedUs + settle.repairUs,
    traffic.dataEndUs,
    clients.lastCompleteUs,
  );
}
