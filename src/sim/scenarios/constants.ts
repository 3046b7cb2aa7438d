/**
 * The scenario's plain constants: its version, the limits on untrusted input, the names each setting may take.
 * Free of zod, so the page (which validates nothing itself: the simulation worker does) and the simulation core
 * use them without loading the schema; schema.ts builds the schema from them and re-exports them.
 */
import type { LeaderFollowerConfig } from './schema.ts';

export const SCENARIO_VERSION = 1;

/** The most expected work a scenario may ask for (see docs/scenario-format.md, "Limits"; work.ts counts it). */
export const WORK_LIMIT = 2_000_000;

/**
 * The most expected work of running a scenario on to a moment of its own choosing, past its durationMs: a share
 * link's time (`t=`) or the CLI's `--until`. Such a run keeps a window of its history (memory stays flat), so its
 * length costs time, not memory: the page seeks there (with a Cancel), the CLI runs there, and both refuse the
 * same moments. 100 times WORK_LIMIT: a day of a 3-node cluster at 20 operations a second, an hour of 5 nodes at
 * 1,000 a second. (With the CLI's --full-history, which keeps every operation, WORK_LIMIT holds.)
 */
export const RUN_TO_WORK_LIMIT = 100 * WORK_LIMIT;

/** Limits that keep an untrusted scenario from asking for unbounded work. */
export const LIMITS = {
  /**
   * Dynamo and Cassandra rings run hundreds of nodes: the largest preset has 1,000. What a scenario may ask of
   * them is held by the work limit (work.ts), which counts nodes, not by this.
   */
  maxNodes: 1000,
  /** Per-link latency overrides are written by hand: 25 nodes' worth of pairs is plenty. */
  maxLinks: 625,
  /**
   * Node ids a run may ever use, added ones included: an id once removed is not reused, so adds and removes
   * together are bounded too (every table the engine sizes by endpoint stays small).
   */
  maxNodesEver: 1050,
  maxClients: 16,
  maxTimeline: 2000,
  maxKeys: 64,
  maxIdLength: 32,
  maxValueLength: 64,
  maxLatencyMs: 60_000,
  maxRatePerSec: 5000,
  maxTimeUs: 24 * 3600 * 1_000_000,
  /** A mixture inside a mixture is 2 levels; deeper nesting says nothing more and costs a stack frame each. */
  maxMixtureDepth: 4,
  /** Expected work of a whole run (work.ts): operations and background traffic, in about simulated events. */
  maxWork: WORK_LIMIT,
} as const;

/**
 * The shortest intervals a scenario may set, in ms: shorter ones only flood the run with events (an anti-entropy
 * round every microsecond made 539k events in 100 ms) and no real system goes near them. Heartbeats may be as
 * fast as 1 ms; elections, anti-entropy, hinted handoff and multi-leader synchronisation are rounds of several
 * messages each, at least 10 ms apart.
 */
export const FLOORS = {
  heartbeatMs: 1,
  shipIntervalMs: 1,
  electionTimeoutMs: 10,
  antiEntropyMs: 10,
  handoffIntervalMs: 10,
  syncIntervalMs: 10,
} as const;

/** Named latency profiles (PBS paper, VLDB 2012); the leaderless issue adds the full set. */
export const LATENCY_PROFILES = ['lan', 'lnkd-ssd', 'lnkd-disk', 'ymmr'] as const;

export const REPLICATION_MODES = ['async', 'semisync', 'sync'] as const;
export type ReplicationMode = (typeof REPLICATION_MODES)[number];

/** How a leader-follower leader serves reads (see `leaderFollower.reads`). */
export const READ_MODES = ['local', 'read-index'] as const;
export type ReadMode = (typeof READ_MODES)[number];

export const READ_TARGETS_DOC =
  'a node id or a read policy: "leader", "any", "read-your-writes", "monotonic"';

export const MODELS = ['leader-follower', 'multi-leader', 'leaderless'] as const;
export const READ_REPAIR_MODES = ['off', 'async', 'blocking'] as const;
export const PBS_PROFILES_FOR_SCENARIOS = ['lnkd-ssd', 'lnkd-disk', 'ymmr', 'wan'] as const;
export type ModelName = (typeof MODELS)[number];
export const RESOLUTIONS = ['arrival', 'lww', 'siblings', 'merge'] as const;
export const TOPOLOGIES = ['all-to-all', 'circular', 'star'] as const;
export const OWNERSHIPS = ['key-range', 'any'] as const;

/** How the cluster replaces a dead leader. */
export const FAILOVER_MODES = ['manual', 'majority', 'naive'] as const;
export type FailoverMode = (typeof FAILOVER_MODES)[number];

export const WORKLOAD_KINDS = ['bank', 'register'] as const;

/** How a client picks the replica that serves its reads. */
export const READ_POLICIES = ['leader', 'any', 'read-your-writes', 'monotonic'] as const;
export type ReadPolicy = (typeof READ_POLICIES)[number];

export function isPolicy(target: string): target is ReadPolicy {
  return (READ_POLICIES as readonly string[]).includes(target);
}

/** Leader-follower settings for scenarios of other models (which never use them) and for tests. */
export const DEFAULT_LEADER_FOLLOWER: LeaderFollowerConfig = {
  mode: 'async',
  semiSyncAcks: 1,
  heartbeatMs: 100,
};
