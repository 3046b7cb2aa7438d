/**
 * How much work a scenario asks for, estimated before it runs, so that every accepted scenario finishes in
 * seconds to a few minutes in the CLI and keeps a browser tab responsive.
 *
 * The unit is roughly one simulated event (a message delivered, a timer fired). A client operation costs its
 * messages to and between the replicas (2 per node: a request and a reply, or an entry and its acknowledgement)
 * plus a fixed overhead for the client's own request, reply and timers, its history entry and the oracle's
 * checks. Background traffic costs so much per round, a round being one interval of the mechanism: heartbeats,
 * log shipments, elections, anti-entropy, hinted handoff, multi-leader synchronisation. Each figure errs high (a
 * timeline that shortens an interval counts the shortest one for the whole run, every node may stand for
 * election), so a scenario under the limit does not run much longer than the limit allows.
 *
 * Measured on a shared 2-core machine (the CLI, report included), scenarios just under the limit took 8 to 25 s
 * and 110 to 480 MB: 25 nodes with heartbeats every millisecond for 40 s, 25 leaders synchronising every 10 ms
 * for 16 s, 5,000 operations a second on 3 or 25 nodes for 6 to 15 s. The slowest was 25 leaderless nodes with
 * N = 25 at 5,000 operations a second, 67 s: its quorums keep hundreds of concurrent versions per key.
 *
 * Imports only types from schema.ts, which imports this module: there is no import cycle at run time.
 */

import { RUN_TO_WORK_LIMIT, WORK_LIMIT } from './constants.ts';
import type { Scenario } from './schema.ts';

export { RUN_TO_WORK_LIMIT, WORK_LIMIT };

/** Units one client operation costs besides 2 per node: the client's messages, timers, history and checks. */
export const OPERATION_OVERHEAD = 20;

/** Defaults of the models, for intervals a scenario leaves out (the models use the same). */
const DEFAULT_ELECTION_TIMEOUT_MS = 300;
const DEFAULT_HANDOFF_INTERVAL_MS = 200;
const DEFAULT_SYNC_INTERVAL_MS = 200;

export interface Background {
  /** What sends the traffic: "heartbeats", "anti-entropy", ... */
  readonly mechanism: string;
  readonly intervalMs: number;
  /** Units one round costs. */
  readonly perRound: number;
  /** The field that sets the interval, for the remedy a message suggests. */
  readonly field: string;
}

export interface WorkEstimate {
  /** Expected client operations: the workload's Poisson arrivals plus the timeline's writes and reads. */
  readonly operations: number;
  readonly operationWork: number;
  readonly background: readonly Background[];
  readonly backgroundWork: number;
  readonly total: number;
}

/** The expected work of running `scenario` from time 0 to `untilMs` (default: its durationMs). */
export function expectedWork(scenario: Scenario, untilMs: number = scenario.durationMs): WorkEstimate {
  const operations = generatedOperations(scenario, untilMs) + timelineOperations(scenario);
  const operationWork = operations * (OPERATION_OVERHEAD + 2 * replicasPerOperation(scenario));
  const background = backgroundTraffic(scenario);
  const backgroundWork = background.reduce((sum, b) => sum + (untilMs / b.intervalMs) * b.perRound, 0);
  return { operations, operationWork, background, backgroundWork, total: operationWork + backgroundWork };
}

/**
 * The workload's expected arrivals up to `untilMs`: its rate integrated over the time it is enabled, following
 * the timeline's setWorkload actions exactly as the simulation does (a rate left out keeps the current one).
 */
export function generatedOperations(scenario: Scenario, untilMs: number): number {
  let enabled = scenario.workload.enabled;
  let rate = scenario.workload.ratePerSec;
  let fromMs = 0;
  let ops = 0;
  for (const { atUs, action } of scenario.timeline) {
    if (action.type !== 'setWorkload') continue;
    const atMs = Math.min(atUs / 1000, untilMs);
    if (enabled) ops += (rate * Math.max(0, atMs - fromMs)) / 1000;
    fromMs = Math.max(fromMs, atMs);
    enabled = action.enabled;
    rate = action.ratePerSec ?? rate;
  }
  if (enabled) ops += (rate * Math.max(0, untilMs - fromMs)) / 1000;
  return ops;
}

/**
 * The nodes one operation reaches: every node in leader-follower and multi-leader (the write is replicated to
 * all), and in leaderless the key's N home replicas (the largest N the timeline sets), twice that with a sloppy
 * quorum, whose fallbacks can stand in for each of them; at most every node.
 */
function replicasPerOperation(scenario: Scenario): number {
  const nodes = scenario.nodes.length;
  const ll = scenario.leaderless;
  if (scenario.model !== 'leaderless' || !ll) return nodes;
  let n = ll.n;
  let sloppy = ll.sloppyQuorum ?? false;
  for (const { action } of scenario.timeline)
    if (action.type === 'setQuorum') {
      n = Math.max(n, action.n ?? n);
      sloppy ||= action.sloppyQuorum ?? false;
    }
  return Math.min(nodes, sloppy ? 2 * n : n);
}

function timelineOperations(scenario: Scenario): number {
  return scenario.timeline.filter((e) => e.action.type === 'write' || e.action.type === 'read').length;
}

/** The periodic traffic of the scenario's model, each mechanism at the shortest interval it ever has. */
export function backgroundTraffic(scenario: Scenario): Background[] {
  const nodes = scenario.nodes.length;
  const actions = scenario.timeline.map((e) => e.action);
  const out: Background[] = [];
  const add = (mechanism: string, field: string, intervalMs: number | undefined, perRound: number) => {
    if (intervalMs !== undefined && intervalMs > 0) out.push({ mechanism, field, intervalMs, perRound });
  };
  switch (scenario.model) {
    case 'leader-follower': {
      const lf = scenario.leaderFollower;
      if (!lf) return out;
      // The leader sends every follower a heartbeat (or a shipment) and each answers.
      add('heartbeats', 'leaderFollower.heartbeatMs', lf.heartbeatMs, 2 * nodes);
      add('log shipments', 'leaderFollower.shipIntervalMs', lf.shipIntervalMs, 2 * nodes);
      // With automatic failover, at worst every node stands for election each timeout and asks every other.
      const failovers = [lf.failover ?? 'manual'];
      const timeouts = [lf.electionTimeoutMs ?? DEFAULT_ELECTION_TIMEOUT_MS];
      for (const a of actions)
        if (a.type === 'setFailover') {
          failovers.push(a.failover);
          if (a.electionTimeoutMs !== undefined) timeouts.push(a.electionTimeoutMs);
        }
      if (failovers.some((f) => f !== 'manual'))
        add('elections', 'leaderFollower.electionTimeoutMs', Math.min(...timeouts), 2 * nodes * nodes);
      return out;
    }
    case 'leaderless': {
      const ll = scenario.leaderless;
      if (!ll) return out;
      const quorums = actions.filter((a) => a.type === 'setQuorum');
      // Each node exchanges digests with one peer per round, and offers its hints to their owners.
      const antiEntropy = [ll.antiEntropyMs ?? 0, ...quorums.map((a) => a.antiEntropyMs ?? 0)].filter(
        (ms) => ms > 0,
      );
      if (antiEntropy.length > 0)
        add('anti-entropy', 'leaderless.antiEntropyMs', Math.min(...antiEntropy), 2 * nodes);
      if (ll.hintedHandoff || quorums.some((a) => a.hintedHandoff))
        add(
          'hinted handoff',
          'leaderless.handoffIntervalMs',
          ll.handoffIntervalMs ?? DEFAULT_HANDOFF_INTERVAL_MS,
          2 * nodes,
        );
      return out;
    }
    case 'multi-leader': {
      const ml = scenario.multiLeader;
      if (!ml) return out;
      // All-to-all at worst: every leader asks every other what it is missing, and each answers; every other
      // node follows one leader and asks it alone.
      const leaders = ml.leaders.length;
      add(
        'leader synchronisation',
        'multiLeader.syncIntervalMs',
        ml.syncIntervalMs ?? DEFAULT_SYNC_INTERVAL_MS,
        2 * (leaders * leaders + Math.max(0, nodes - leaders)),
      );
      return out;
    }
  }
}

/** "1,234,567": large figures read in groups of three. */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/**
 * Null when running to `untilMs` fits the limit; else the excess and the remedy, for the caller to name with
 * the field or option that sets the run's length ("shorten durationMs", "lower --until").
 */
export function workExcess(
  scenario: Scenario,
  untilMs: number = scenario.durationMs,
  limit: number = WORK_LIMIT,
): { readonly message: string; readonly remedy: string } | null {
  const work = expectedWork(scenario, untilMs);
  if (work.total <= limit) return null;
  const parts = [`${formatCount(work.operations)} operations: ${formatCount(work.operationWork)}`];
  let biggest: (Background & { work: number }) | null = null;
  for (const b of work.background) {
    const w = (untilMs / b.intervalMs) * b.perRound;
    parts.push(`${b.mechanism} every ${b.intervalMs} ms: ${formatCount(w)}`);
    if (!biggest || w > biggest.work) biggest = { ...b, work: w };
  }
  const remedy =
    biggest && biggest.work > work.operationWork ? `lengthen ${biggest.field}` : 'lower workload.ratePerSec';
  return {
    message: `expected work ${formatCount(work.total)} (${parts.join('; ')}) exceeds the limit of ${formatCount(limit)}`,
    remedy,
  };
}
