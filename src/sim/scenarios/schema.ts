/**
 * The scenario: plain JSON that decides a whole run. Model, parameters, topology, workload, seed and a
 * timeline of timed actions (faults and user actions). `Simulation(scenario)` is a pure function of it.
 *
 * The schema is the single source of truth for the share URL, the JSON file import/export and the CLI, so
 * every error a user sees names the field that is wrong.
 */
import * as z from 'zod/mini';
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
import { plainIssueMessage } from './issues.ts';
import { refineScenario } from './validate.ts';

// zod 4 probes whether `new Function` works (to compile fast parsers) when it builds its first object schema;
// under the page's Content Security Policy that probe is a reported violation. Every bundle (the page and each
// worker) that parses a scenario imports this module first, so the setting is in place before any schema exists.
// Its messages are issues.ts's plain words (what is wrong, with the bound, unit or choices), not zod's English
// locale ("Too small: expected array to have >=1 items").
z.config({ localeError: plainIssueMessage, jitless: true });

// The plain constants live in constants.ts, free of zod, so the page and the simulation core can use them
// without loading the schema; they are re-exported here for everything that reads scenarios.
export * from './constants.ts';

/** An interval of at least `floor` ms. */
const interval = (floor: number, max: number) =>
  z.number().check(z.gte(floor, `at least ${floor} ms (shorter intervals only flood the run)`), z.lte(max));

/** 0 (the mechanism is off, or runs at once) or an interval of at least `floor` ms. */
const intervalOrZero = (floor: number, max: number, zeroMeans: string) =>
  z.number().check(
    z.gte(0),
    z.lte(max),
    z.refine((v) => v === 0 || v >= floor, {
      message: `0 (${zeroMeans}) or at least ${floor} ms (shorter intervals only flood the run)`,
      // Like a failed min(), so the scenario's refinement (and its work estimate) never sees the value.
      abort: true,
    }),
  );

const id = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(LIMITS.maxIdLength),
    z.regex(/^[A-Za-z0-9_.-]+$/, 'use letters, digits, "_", "-" or "." only'),
  );

const ms = z.number().check(z.gte(0), z.lte(LIMITS.maxLatencyMs));

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

const shallowMixtures = (value: unknown, ctx: z.core.$RefinementCtx) => {
  if (mixtureDepth(value) > LIMITS.maxMixtureDepth)
    ctx.addIssue({
      code: 'custom',
      message: `latency mixtures may nest at most ${LIMITS.maxMixtureDepth} levels deep (a mixture inside a mixture is 2); this one nests deeper`,
    });
};

/** The depth is checked on the raw value first; a pipe whose first half failed never runs its second. */
export const latencySchema: z.ZodMiniType<Latency> = z.pipe(
  z.unknown().check(z.superRefine(shallowMixtures)),
  z.lazy(() => latencyUnion),
);

const latencyUnion: z.ZodMiniType<Latency> = z.discriminatedUnion('dist', [
  z.strictObject({ dist: z.literal('constant'), ms }),
  z
    .strictObject({ dist: z.literal('uniform'), minMs: ms, maxMs: ms })
    .check(z.refine((l) => l.minMs <= l.maxMs, { message: 'minMs must not exceed maxMs', path: ['minMs'] })),
  z.strictObject({ dist: z.literal('exponential'), meanMs: ms, minMs: z.optional(ms) }),
  z.strictObject({ dist: z.literal('normal'), meanMs: ms, sdMs: ms }),
  z.strictObject({
    dist: z.literal('pareto'),
    xmMs: ms.check(z.gte(0.001)),
    alpha: z.number().check(z.gte(0.5), z.lte(100)),
  }),
  z.strictObject({
    dist: z.literal('mixture'),
    components: z
      .array(z.strictObject({ weight: z.number().check(z.positive(), z.lte(1e6)), latency: latencySchema }))
      .check(z.minLength(1), z.maxLength(8)),
  }),
  z.strictObject({ dist: z.literal('profile'), name: z.enum(LATENCY_PROFILES) }),
]);

const readTarget = z.union([z.enum(READ_POLICIES), id]);

/** Actions: the things that can happen on the timeline, from a preset or from the user. */
export const actionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('crash'), node: id, durable: z.optional(z.boolean()) }),
  z.strictObject({ type: z.literal('restart'), node: id }),
  /**
   * Membership: a new node joins the running cluster (a fresh machine, up, with an empty disk), in `region` if
   * given. Leader-follower adds it through a configuration entry in the log, leaderless gives it a place on the
   * ring and hands it its keys, multi-leader makes it the leader of its region, catching up from a peer.
   */
  z.strictObject({ type: z.literal('addNode'), node: id, region: z.optional(id) }),
  /** Membership: the node's machine is decommissioned at once; the cluster then takes it out of its membership. */
  z.strictObject({ type: z.literal('removeNode'), node: id }),
  z.strictObject({
    type: z.literal('partition'),
    groups: z
      .array(z.array(id).check(z.minLength(1), z.maxLength(LIMITS.maxNodes)))
      .check(z.minLength(2), z.maxLength(LIMITS.maxNodes)),
    oneWay: z.optional(z.boolean()),
  }),
  z.strictObject({ type: z.literal('heal') }),
  z.strictObject({ type: z.literal('setLatency'), latency: latencySchema }),
  z.strictObject({ type: z.literal('setLoss'), dropProbability: z.number().check(z.gte(0), z.lte(1)) }),
  /** Node-to-node messages delivered twice with this probability (a duplicating network). */
  z.strictObject({
    type: z.literal('setDuplication'),
    duplicateProbability: z.number().check(z.gte(0), z.lte(0.5)),
  }),
  /**
   * A PBS production profile for replica traffic (writes W, acknowledgements A, reads R, responses S), or null
   * to go back to the scenario's latency for every message. WAN's remote replicas exist only in the staleness
   * experiment, so the simulation offers the three single-datacenter profiles.
   */
  z.strictObject({
    type: z.literal('setLatencyProfile'),
    profile: z.nullable(z.enum(['lnkd-ssd', 'lnkd-disk', 'ymmr'])),
  }),
  z.strictObject({
    type: z.literal('setReplication'),
    mode: z.enum(REPLICATION_MODES),
    semiSyncAcks: z.optional(z.number().check(z.int(), z.gte(1), z.lte(LIMITS.maxNodes))),
    syncFollowers: z.optional(z.array(id).check(z.maxLength(LIMITS.maxNodes))),
    reads: z.optional(z.enum(READ_MODES)),
  }),
  z.strictObject({
    type: z.literal('setFailover'),
    failover: z.enum(FAILOVER_MODES),
    electionTimeoutMs: z.optional(interval(FLOORS.electionTimeoutMs, 60_000)),
  }),
  z.strictObject({ type: z.literal('promote'), node: id }),
  z.strictObject({ type: z.literal('demote'), node: id }),
  z.strictObject({ type: z.literal('setReadPolicy'), client: id, policy: readTarget }),
  z.strictObject({
    type: z.literal('setResolution'),
    resolution: z.enum(RESOLUTIONS),
    causalDelivery: z.optional(z.boolean()),
  }),
  z.strictObject({ type: z.literal('setTopology'), topology: z.enum(TOPOLOGIES) }),
  z.strictObject({ type: z.literal('setOwnership'), ownership: z.enum(OWNERSHIPS) }),
  z.strictObject({
    type: z.literal('setClockSkew'),
    node: id,
    ms: z.number().check(z.gte(-60_000), z.lte(60_000)),
  }),
  z.strictObject({
    type: z.literal('setQuorum'),
    n: z.optional(z.number().check(z.int(), z.gte(1), z.lte(LIMITS.maxNodes))),
    w: z.optional(z.number().check(z.int(), z.gte(1), z.lte(LIMITS.maxNodes))),
    r: z.optional(z.number().check(z.int(), z.gte(1), z.lte(LIMITS.maxNodes))),
    readRepair: z.optional(z.enum(READ_REPAIR_MODES)),
    sloppyQuorum: z.optional(z.boolean()),
    hintedHandoff: z.optional(z.boolean()),
    antiEntropyMs: z.optional(intervalOrZero(FLOORS.antiEntropyMs, 60_000, 'off')),
    resolution: z.optional(z.enum(['siblings', 'lww'])),
  }),
  /** Cuts (or restores) every link between two regions or nodes, in both directions. */
  z.strictObject({ type: z.literal('cutLink'), a: id, b: id }),
  z.strictObject({ type: z.literal('restoreLink'), a: id, b: id }),
  z.strictObject({
    type: z.literal('write'),
    client: id,
    key: id,
    value: z.string().check(z.maxLength(LIMITS.maxValueLength)),
    node: z.optional(id),
    /** The leader assigns the value: the key's current number plus one (an auto-increment id). */
    autoIncrement: z.optional(z.boolean()),
  }),
  z.strictObject({ type: z.literal('read'), client: id, key: id, node: z.optional(readTarget) }),
  z.strictObject({
    type: z.literal('setWorkload'),
    enabled: z.boolean(),
    ratePerSec: z.optional(z.number().check(z.gte(0.1), z.lte(LIMITS.maxRatePerSec))),
  }),
]);
export type Action = z.infer<typeof actionSchema>;
export type ActionType = Action['type'];

export const timelineEntrySchema = z.strictObject({
  atUs: z.number().check(z.int(), z.gte(0), z.lte(LIMITS.maxTimeUs)),
  action: actionSchema,
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

const scenarioShape = z.strictObject({
  version: z.literal(SCENARIO_VERSION),
  name: z.string().check(z.minLength(1), z.maxLength(80)),
  description: z.optional(z.string().check(z.maxLength(2000))),
  model: z.enum(MODELS),
  seed: z.number().check(z.int(), z.gte(0), z.lte(0xffffffff)),
  nodes: z.array(id).check(z.minLength(1), z.maxLength(LIMITS.maxNodes)),
  /** Regions group nodes (and clients) for layout and latency: links between regions use interRegionLatency. */
  regions: z.optional(
    z
      .array(z.strictObject({ id, nodes: z.array(id).check(z.minLength(1), z.maxLength(LIMITS.maxNodes)) }))
      .check(z.maxLength(8)),
  ),
  clients: z
    .array(
      z.strictObject({
        id,
        readFrom: z.optional(readTarget),
        /** The node this client writes to first (default: the first node). */
        home: z.optional(id),
        region: z.optional(id),
      }),
    )
    .check(z.minLength(1), z.maxLength(LIMITS.maxClients)),
  network: z.strictObject({
    latency: latencySchema,
    clientLatency: z.optional(latencySchema),
    dropProbability: z.number().check(z.gte(0), z.lte(1)),
    /**
     * Node-to-node messages are delivered twice with this probability (default 0): the copy travels on its own
     * delay, so it may arrive before or long after the original. Client connections never duplicate.
     */
    duplicateProbability: z.optional(z.number().check(z.gte(0), z.lte(0.5))),
    interRegionLatency: z.optional(latencySchema),
    /** Links deliver in order (TCP-like, the default); false: each message's delay is independent (as in PBS). */
    fifo: z.optional(z.boolean()),
    /** Node-to-node latency by message kind: replicate (W), ack (A), read (R), response (S). */
    kindLatency: z.optional(
      z.strictObject({
        replicate: z.optional(latencySchema),
        ack: z.optional(latencySchema),
        read: z.optional(latencySchema),
        response: z.optional(latencySchema),
      }),
    ),
    /** Per-link latency overrides, symmetric: the link between a and b (nodes or clients). */
    links: z.optional(
      z.array(z.strictObject({ a: id, b: id, latency: latencySchema })).check(z.maxLength(LIMITS.maxLinks)),
    ),
  }),
  leaderFollower: z.optional(
    z.strictObject({
      mode: z.enum(REPLICATION_MODES),
      semiSyncAcks: z.number().check(z.int(), z.gte(1), z.lte(LIMITS.maxNodes)),
      /** In sync mode, the followers the leader waits for (default: all), as synchronous_standby_names. */
      syncFollowers: z.optional(z.array(id).check(z.maxLength(LIMITS.maxNodes))),
      heartbeatMs: interval(FLOORS.heartbeatMs, 10_000),
      /**
       * 0 (default): the leader ships each entry the moment it is written. Otherwise it ships what accumulated
       * every this many ms, as a log shipper with a send interval does: entries written since the last shipment
       * exist only on the leader.
       */
      shipIntervalMs: z.optional(intervalOrZero(FLOORS.shipIntervalMs, 10_000, 'ship at once')),
      failover: z.optional(z.enum(FAILOVER_MODES)),
      /**
       * Unsafe (a hazard to show): a leader applies every pending membership change in one configuration entry
       * instead of one server at a time (Raft section 6), so the old and the new configuration can each hold
       * a majority of their own and elect two leaders in one term.
       */
      unsafeMembership: z.optional(z.boolean()),
      /** Followers suspect the leader after this long without a heartbeat (randomised up to twice it). */
      electionTimeoutMs: z.optional(interval(FLOORS.electionTimeoutMs, 60_000)),
      maxBatch: z.optional(z.number().check(z.int(), z.gte(1), z.lte(1000))),
      /**
       * How a leader serves reads: `local` (default) answers from its own state at once, even if it has been
       * deposed without knowing it, or with entries not yet committed; `read-index` (Raft section 6.4) answers
       * with the committed state only after a heartbeat round confirms a majority still follows it, and
       * followers hand reads to the leader.
       */
      reads: z.optional(z.enum(READ_MODES)),
    }),
  ),
  leaderless: z.optional(
    z.strictObject({
      /** Replicas per key, write quorum, read quorum. */
      n: z.number().check(z.int(), z.gte(1), z.lte(LIMITS.maxNodes)),
      w: z.number().check(z.int(), z.gte(1), z.lte(LIMITS.maxNodes)),
      r: z.number().check(z.int(), z.gte(1), z.lte(LIMITS.maxNodes)),
      vnodes: z.optional(z.number().check(z.int(), z.gte(1), z.lte(64))),
      readRepair: z.optional(z.enum(READ_REPAIR_MODES)),
      sloppyQuorum: z.optional(z.boolean()),
      hintedHandoff: z.optional(z.boolean()),
      /** 0 or absent: no anti-entropy; else the interval between digest exchanges. */
      antiEntropyMs: z.optional(intervalOrZero(FLOORS.antiEntropyMs, 60_000, 'off')),
      resolution: z.optional(z.enum(['siblings', 'lww'])),
      requestTimeoutMs: z.optional(z.number().check(z.gte(1), z.lte(60_000))),
      sloppyAfterMs: z.optional(z.number().check(z.gte(1), z.lte(60_000))),
      handoffIntervalMs: z.optional(interval(FLOORS.handoffIntervalMs, 60_000)),
      clockSkew: z.optional(
        z
          .array(z.strictObject({ node: id, ms: z.number().check(z.gte(-60_000), z.lte(60_000)) }))
          .check(z.maxLength(LIMITS.maxNodes)),
      ),
      /**
       * A PBS production profile for replica traffic: writes to replicas draw W, their acknowledgements A,
       * read requests R and read responses S (shared/SCENARIOS.md). Client traffic keeps clientLatency.
       */
      latencyProfile: z.optional(z.enum(PBS_PROFILES_FOR_SCENARIOS)),
      /** How a write that missed its quorum is reported: "fail" (Dynamo-style) or "unknown" (indeterminate). */
      failedWriteStatus: z.optional(z.enum(['fail', 'unknown'])),
    }),
  ),
  multiLeader: z.optional(
    z.strictObject({
      leaders: z.array(id).check(z.minLength(1), z.maxLength(LIMITS.maxNodes)),
      ownership: z.enum(OWNERSHIPS),
      /** Key-range ownership: keys starting with prefix belong to owner. */
      ranges: z.optional(
        z
          .array(z.strictObject({ prefix: z.string().check(z.maxLength(32)), owner: id }))
          .check(z.maxLength(32)),
      ),
      topology: z.enum(TOPOLOGIES),
      hub: z.optional(id),
      resolution: z.enum(RESOLUTIONS),
      causalDelivery: z.optional(z.boolean()),
      crdt: z.optional(
        z
          .array(
            z.strictObject({ prefix: z.string().check(z.maxLength(32)), type: z.enum(['counter', 'set']) }),
          )
          .check(z.maxLength(32)),
      ),
      clockSkew: z.optional(
        z
          .array(z.strictObject({ node: id, ms: z.number().check(z.gte(-60_000), z.lte(60_000)) }))
          .check(z.maxLength(LIMITS.maxNodes)),
      ),
      syncIntervalMs: z.optional(interval(FLOORS.syncIntervalMs, 60_000)),
    }),
  ),
  clientTimeoutMs: z.number().check(z.gte(1), z.lte(60_000)),
  workload: z.strictObject({
    enabled: z.boolean(),
    kind: z.enum(WORKLOAD_KINDS),
    ratePerSec: z.number().check(z.gte(0.1), z.lte(LIMITS.maxRatePerSec)),
    readFraction: z.number().check(z.gte(0), z.lte(1)),
    keys: z.array(id).check(z.minLength(1), z.maxLength(LIMITS.maxKeys)),
  }),
  durationMs: z.number().check(z.gte(1), z.lte(LIMITS.maxTimeUs / 1000)),
  timeline: z.array(timelineEntrySchema).check(z.maxLength(LIMITS.maxTimeline)),
});

/** The scenario schema: its shape, then the rules across fields (validate.ts), including the work limit. */
export const scenarioSchema = scenarioShape.check(z.superRefine(refineScenario));

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
