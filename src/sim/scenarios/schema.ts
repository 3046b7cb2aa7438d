/**
 * The scenario: plain JSON that decides a whole run. Model, parameters, topology, workload, seed and a
 * timeline of timed actions (faults and user actions). `Simulation(scenario)` is a pure function of it.
 *
 * The schema is the single source of truth for the share URL, the JSON file import/export and the CLI, so
 * every error a user sees names the field that is wrong.
 */
import * as z from 'zod';
import {
  FAILOVER_MODES,
  FLOORS,
  LATENCY_PROFILES,
  LIMITS,
  MODELS,
  OWNERSHIPS,
  PBS_PROFILES_FOR_SCENARIOS,
  READ_MODES,
  READ_POLICIES,
  READ_REPAIR_MODES,
  REPLICATION_MODES,
  RESOLUTIONS,
  SCENARIO_VERSION,
  TOPOLOGIES,
  WORKLOAD_KINDS,
} from './constants.ts';
import { refineScenario } from './validate.ts';

// zod 4 probes whether `new Function` works (to compile fast parsers) when it builds its first object schema;
// under the page's Content Security Policy that probe is a reported violation. Every bundle (the page and each
// worker) that parses a scenario imports this module first, so the setting is in place before any schema exists.
z.config({ jitless: true });

// The plain constants live in constants.ts, free of zod, so the page and the simulation core can use them
// without loading the schema; they are re-exported here for everything that reads scenarios.
export * from './constants.ts';

/** An interval of at least `floor` ms. */
const interval = (floor: number, max: number) =>
  z.number().min(floor, `at least ${floor} ms (shorter intervals only flood the run)`).max(max);

/** 0 (the mechanism is off, or runs at once) or an interval of at least `floor` ms. */
const intervalOrZero = (floor: number, max: number, zeroMeans: string) =>
  z
    .number()
    .min(0)
    .max(max)
    .refine((v) => v === 0 || v >= floor, {
      message: `0 (${zeroMeans}) or at least ${floor} ms (shorter intervals only flood the run)`,
      // Like a failed min(), so the scenario's refinement (and its work estimate) never sees the value.
      abort: true,
    });

const id = z
  .string()
  .min(1)
  .max(LIMITS.maxIdLength)
  .regex(/^[A-Za-z0-9_.-]+$/, 'use letters, digits, "_", "-" or "." only');

const ms = z.number().finite().min(0).max(LIMITS.maxLatencyMs);

export type Latency =
  | { dist: 'constant'; ms: number }
  | { dist: 'uniform'; minMs: number; maxMs: number }
  | { dist: 'exponential'; meanMs: number; minMs?: number | undefined }
  | { dist: 'normal'; meanMs: number; sdMs: number }
  | { dist: 'pareto'; xmMs: number; alpha: number }
  | { dist: 'mixture'; components: { weight: number; latency: Latency }[] }
  | { dist: 'profile'; name: (typeof LATENCY_PROFILES)[number] };

/**
 * How deep mixtures nest in raw latency data (1: a mixture of plain distributions), walked with an explicit stack
 * and stopping once past the limit. zod recurses once per level and overflows its stack near 450 levels, so the
 * depth is checked on the raw data before zod descends into it.
 */
export function mixtureDepth(data: unknown, stopAbove: number = LIMITS.maxMixtureDepth): number {
  let deepest = 0;
  const stack: { value: unknown; depth: number }[] = [{ value: data, depth: 0 }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { value, depth } = item;
    if (!isRecord(value) || value.dist !== 'mixture') continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > stopAbove) return deepest;
    if (Array.isArray(value.components))
      for (const c of value.components) if (isRecord(c)) stack.push({ value: c.latency, depth: depth + 1 });
  }
  return deepest;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const shallowMixtures = (value: unknown, ctx: z.RefinementCtx) => {
  if (mixtureDepth(value) > LIMITS.maxMixtureDepth)
    ctx.addIssue({
      code: 'custom',
      message: `latency mixtures may nest at most ${LIMITS.maxMixtureDepth} levels deep (a mixture inside a mixture is 2); this one nests deeper`,
    });
  return value;
};

export const latencySchema: z.ZodType<Latency> = z.preprocess(
  shallowMixtures,
  z.lazy(() => latencyUnion),
);

const latencyUnion: z.ZodType<Latency> = z.discriminatedUnion('dist', [
  z.object({ dist: z.literal('constant'), ms }).strict(),
  z
    .object({ dist: z.literal('uniform'), minMs: ms, maxMs: ms })
    .strict()
    .refine((l) => l.minMs <= l.maxMs, { message: 'minMs must not exceed maxMs', path: ['minMs'] }),
  z.object({ dist: z.literal('exponential'), meanMs: ms, minMs: ms.optional() }).strict(),
  z.object({ dist: z.literal('normal'), meanMs: ms, sdMs: ms }).strict(),
  z.object({ dist: z.literal('pareto'), xmMs: ms.min(0.001), alpha: z.number().min(0.5).max(100) }).strict(),
  z
    .object({
      dist: z.literal('mixture'),
      components: z
        .array(z.object({ weight: z.number().positive().max(1e6), latency: latencySchema }).strict())
        .min(1)
        .max(8),
    })
    .strict(),
  z.object({ dist: z.literal('profile'), name: z.enum(LATENCY_PROFILES) }).strict(),
]);

const readTarget = z.union([z.enum(READ_POLICIES), id]);

/** Actions: the things that can happen on the timeline, from a preset or from the user. */
export const actionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('crash'), node: id, durable: z.boolean().optional() }).strict(),
  z.object({ type: z.literal('restart'), node: id }).strict(),
  /**
   * Membership: a new node joins the running cluster (a fresh machine, up, with an empty disk), in `region` if
   * given. Leader-follower adds it through a configuration entry in the log, leaderless gives it a place on the
   * ring and hands it its keys, multi-leader makes it the leader of its region, catching up from a peer.
   */
  z.object({ type: z.literal('addNode'), node: id, region: id.optional() }).strict(),
  /** Membership: the node's machine is decommissioned at once; the cluster then takes it out of its membership. */
  z.object({ type: z.literal('removeNode'), node: id }).strict(),
  z
    .object({
      type: z.literal('partition'),
      groups: z.array(z.array(id).min(1).max(LIMITS.maxNodes)).min(2).max(LIMITS.maxNodes),
      oneWay: z.boolean().optional(),
    })
    .strict(),
  z.object({ type: z.literal('heal') }).strict(),
  z.object({ type: z.literal('setLatency'), latency: latencySchema }).strict(),
  z.object({ type: z.literal('setLoss'), dropProbability: z.number().min(0).max(1) }).strict(),
  /** Node-to-node messages delivered twice with this probability (a duplicating network). */
  z.object({ type: z.literal('setDuplication'), duplicateProbability: z.number().min(0).max(0.5) }).strict(),
  /**
   * A PBS production profile for replica traffic (writes W, acknowledgements A, reads R, responses S), or null
   * to go back to the scenario's latency for every message. WAN's remote replicas exist only in the staleness
   * experiment, so the simulation offers the three single-datacenter profiles.
   */
  z
    .object({
      type: z.literal('setLatencyProfile'),
      profile: z.enum(['lnkd-ssd', 'lnkd-disk', 'ymmr']).nullable(),
    })
    .strict(),
  z
    .object({
      type: z.literal('setReplication'),
      mode: z.enum(REPLICATION_MODES),
      semiSyncAcks: z.number().int().min(1).max(LIMITS.maxNodes).optional(),
      syncFollowers: z.array(id).max(LIMITS.maxNodes).optional(),
      reads: z.enum(READ_MODES).optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('setFailover'),
      failover: z.enum(FAILOVER_MODES),
      electionTimeoutMs: interval(FLOORS.electionTimeoutMs, 60_000).optional(),
    })
    .strict(),
  z.object({ type: z.literal('promote'), node: id }).strict(),
  z.object({ type: z.literal('demote'), node: id }).strict(),
  z.object({ type: z.literal('setReadPolicy'), client: id, policy: readTarget }).strict(),
  z
    .object({
      type: z.literal('setResolution'),
      resolution: z.enum(RESOLUTIONS),
      causalDelivery: z.boolean().optional(),
    })
    .strict(),
  z.object({ type: z.literal('setTopology'), topology: z.enum(TOPOLOGIES) }).strict(),
  z.object({ type: z.literal('setOwnership'), ownership: z.enum(OWNERSHIPS) }).strict(),
  z.object({ type: z.literal('setClockSkew'), node: id, ms: z.number().min(-60_000).max(60_000) }).strict(),
  z
    .object({
      type: z.literal('setQuorum'),
      n: z.number().int().min(1).max(LIMITS.maxNodes).optional(),
      w: z.number().int().min(1).max(LIMITS.maxNodes).optional(),
      r: z.number().int().min(1).max(LIMITS.maxNodes).optional(),
      readRepair: z.enum(READ_REPAIR_MODES).optional(),
      sloppyQuorum: z.boolean().optional(),
      hintedHandoff: z.boolean().optional(),
      antiEntropyMs: intervalOrZero(FLOORS.antiEntropyMs, 60_000, 'off').optional(),
      resolution: z.enum(['siblings', 'lww']).optional(),
    })
    .strict(),
  /** Cuts (or restores) every link between two regions or nodes, in both directions. */
  z.object({ type: z.literal('cutLink'), a: id, b: id }).strict(),
  z.object({ type: z.literal('restoreLink'), a: id, b: id }).strict(),
  z
    .object({
      type: z.literal('write'),
      client: id,
      key: id,
      value: z.string().max(LIMITS.maxValueLength),
      node: id.optional(),
      /** The leader assigns the value: the key's current number plus one (an auto-increment id). */
      autoIncrement: z.boolean().optional(),
    })
    .strict(),
  z.object({ type: z.literal('read'), client: id, key: id, node: readTarget.optional() }).strict(),
  z
    .object({
      type: z.literal('setWorkload'),
      enabled: z.boolean(),
      ratePerSec: z.number().min(0.1).max(LIMITS.maxRatePerSec).optional(),
    })
    .strict(),
]);
export type Action = z.infer<typeof actionSchema>;
export type ActionType = Action['type'];

export const timelineEntrySchema = z
  .object({ atUs: z.number().int().min(0).max(LIMITS.maxTimeUs), action: actionSchema })
  .strict();
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

const scenarioShape = z
  .object({
    version: z.literal(SCENARIO_VERSION),
    name: z.string().min(1).max(80),
    description: z.string().max(2000).optional(),
    model: z.enum(MODELS),
    seed: z.number().int().min(0).max(0xffffffff),
    nodes: z.array(id).min(1).max(LIMITS.maxNodes),
    /** Regions group nodes (and clients) for layout and latency: links between regions use interRegionLatency. */
    regions: z
      .array(z.object({ id, nodes: z.array(id).min(1).max(LIMITS.maxNodes) }).strict())
      .max(8)
      .optional(),
    clients: z
      .array(
        z
          .object({
            id,
            readFrom: readTarget.optional(),
            /** The node this client writes to first (default: the first node). */
            home: id.optional(),
            region: id.optional(),
          })
          .strict(),
      )
      .min(1)
      .max(LIMITS.maxClients),
    network: z
      .object({
        latency: latencySchema,
        clientLatency: latencySchema.optional(),
        dropProbability: z.number().min(0).max(1),
        /**
         * Node-to-node messages are delivered twice with this probability (default 0): the copy travels on its own
         * delay, so it may arrive before or long after the original. Client connections never duplicate.
         */
        duplicateProbability: z.number().min(0).max(0.5).optional(),
        interRegionLatency: latencySchema.optional(),
        /** Links deliver in order (TCP-like, the default); false: each message's delay is independent (as in PBS). */
        fifo: z.boolean().optional(),
        /** Node-to-node latency by message kind: replicate (W), ack (A), read (R), response (S). */
        kindLatency: z
          .object({
            replicate: latencySchema.optional(),
            ack: latencySchema.optional(),
            read: latencySchema.optional(),
            response: latencySchema.optional(),
          })
          .strict()
          .optional(),
        /** Per-link latency overrides, symmetric: the link between a and b (nodes or clients). */
        links: z
          .array(z.object({ a: id, b: id, latency: latencySchema }).strict())
          .max(LIMITS.maxLinks)
          .optional(),
      })
      .strict(),
    leaderFollower: z
      .object({
        mode: z.enum(REPLICATION_MODES),
        semiSyncAcks: z.number().int().min(1).max(LIMITS.maxNodes),
        /** In sync mode, the followers the leader waits for (default: all), as synchronous_standby_names. */
        syncFollowers: z.array(id).max(LIMITS.maxNodes).optional(),
        heartbeatMs: interval(FLOORS.heartbeatMs, 10_000),
        /**
         * 0 (default): the leader ships each entry the moment it is written. Otherwise it ships what accumulated
         * every this many ms, as a log shipper with a send interval does: entries written since the last shipment
         * exist only on the leader.
         */
        shipIntervalMs: intervalOrZero(FLOORS.shipIntervalMs, 10_000, 'ship at once').optional(),
        failover: z.enum(FAILOVER_MODES).optional(),
        /**
         * Unsafe (a hazard to show): a leader applies every pending membership change in one configuration entry
         * instead of one server at a time (Raft section 6), so the old and the new configuration can each hold
         * a majority of their own and elect two leaders in one term.
         */
        unsafeMembership: z.boolean().optional(),
        /** Followers suspect the leader after this long without a heartbeat (randomised up to twice it). */
        electionTimeoutMs: interval(FLOORS.electionTimeoutMs, 60_000).optional(),
        maxBatch: z.number().int().min(1).max(1000).optional(),
        /**
         * How a leader serves reads: `local` (default) answers from its own state at once, even if it has been
         * deposed without knowing it, or with entries not yet committed; `read-index` (Raft section 6.4) answers
         * with the committed state only after a heartbeat round confirms a majority still follows it, and
         * followers hand reads to the leader.
         */
        reads: z.enum(READ_MODES).optional(),
      })
      .strict()
      .optional(),
    leaderless: z
      .object({
        /** Replicas per key, write quorum, read quorum. */
        n: z.number().int().min(1).max(LIMITS.maxNodes),
        w: z.number().int().min(1).max(LIMITS.maxNodes),
        r: z.number().int().min(1).max(LIMITS.maxNodes),
        vnodes: z.number().int().min(1).max(64).optional(),
        readRepair: z.enum(READ_REPAIR_MODES).optional(),
        sloppyQuorum: z.boolean().optional(),
        hintedHandoff: z.boolean().optional(),
        /** 0 or absent: no anti-entropy; else the interval between digest exchanges. */
        antiEntropyMs: intervalOrZero(FLOORS.antiEntropyMs, 60_000, 'off').optional(),
        resolution: z.enum(['siblings', 'lww']).optional(),
        requestTimeoutMs: z.number().min(1).max(60_000).optional(),
        sloppyAfterMs: z.number().min(1).max(60_000).optional(),
        handoffIntervalMs: interval(FLOORS.handoffIntervalMs, 60_000).optional(),
        clockSkew: z
          .array(z.object({ node: id, ms: z.number().min(-60_000).max(60_000) }).strict())
          .max(LIMITS.maxNodes)
          .optional(),
        /**
         * A PBS production profile for replica traffic: writes to replicas draw W, their acknowledgements A,
         * read requests R and read responses S (shared/SCENARIOS.md). Client traffic keeps clientLatency.
         */
        latencyProfile: z.enum(PBS_PROFILES_FOR_SCENARIOS).optional(),
        /** How a write that missed its quorum is reported: "fail" (Dynamo-style) or "unknown" (indeterminate). */
        failedWriteStatus: z.enum(['fail', 'unknown']).optional(),
      })
      .strict()
      .optional(),
    multiLeader: z
      .object({
        leaders: z.array(id).min(1).max(LIMITS.maxNodes),
        ownership: z.enum(OWNERSHIPS),
        /** Key-range ownership: keys starting with prefix belong to owner. */
        ranges: z
          .array(z.object({ prefix: z.string().max(32), owner: id }).strict())
          .max(32)
          .optional(),
        topology: z.enum(TOPOLOGIES),
        hub: id.optional(),
        resolution: z.enum(RESOLUTIONS),
        causalDelivery: z.boolean().optional(),
        crdt: z
          .array(z.object({ prefix: z.string().max(32), type: z.enum(['counter', 'set']) }).strict())
          .max(32)
          .optional(),
        clockSkew: z
          .array(z.object({ node: id, ms: z.number().min(-60_000).max(60_000) }).strict())
          .max(LIMITS.maxNodes)
          .optional(),
        syncIntervalMs: interval(FLOORS.syncIntervalMs, 60_000).optional(),
      })
      .strict()
      .optional(),
    clientTimeoutMs: z.number().min(1).max(60_000),
    workload: z
      .object({
        enabled: z.boolean(),
        kind: z.enum(WORKLOAD_KINDS),
        ratePerSec: z.number().min(0.1).max(LIMITS.maxRatePerSec),
        readFraction: z.number().min(0).max(1),
        keys: z.array(id).min(1).max(LIMITS.maxKeys),
      })
      .strict(),
    durationMs: z
      .number()
      .min(1)
      .max(LIMITS.maxTimeUs / 1000),
    timeline: z.array(timelineEntrySchema).max(LIMITS.maxTimeline),
  })
  .strict();

/** The scenario schema: its shape, then the rules across fields (validate.ts), including the work limit. */
export const scenarioSchema = scenarioShape.superRefine(refineScenario);

export type Scenario = z.infer<typeof scenarioShape>;
export type LeaderFollowerConfig = NonNullable<Scenario['leaderFollower']>;

export type ScenarioIssue = { path: string; message: string };

/** Human-readable path: `timeline[3].action.node`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(root)';
}

export type ParseResult = { ok: true; scenario: Scenario } | { ok: false; issues: ScenarioIssue[] };

/** Validates untrusted data as a scenario. Never throws. */
export function parseScenario(data: unknown): ParseResult {
  const result = scenarioSchema.safeParse(data);
  if (result.success) return { ok: true, scenario: result.data };
  return {
    ok: false,
    issues: result.error.issues.slice(0, 8).map((i) => ({ path: formatPath(i.path), message: i.message })),
  };
}

export function describeIssues(issues: readonly ScenarioIssue[]): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join('; ');
}
