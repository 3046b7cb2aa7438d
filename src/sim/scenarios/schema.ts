/**
 * The scenario: plain JSON that decides a whole run. Model, parameters, topology, workload, seed and a
 * timeline of timed actions (faults and user actions). `Simulation(scenario)` is a pure function of it.
 *
 * The schema is the single source of truth for the share URL, the JSON file import/export and the CLI, so
 * every error a user sees names the field that is wrong.
 */
import * as z from 'zod';
import { unreachable } from '../engine/unreachable.ts';

export const SCENARIO_VERSION = 1;

/** Limits that keep an untrusted scenario from asking for unbounded work. */
export const LIMITS = {
  maxNodes: 25,
  maxClients: 16,
  maxTimeline: 2000,
  maxKeys: 64,
  maxIdLength: 32,
  maxValueLength: 64,
  maxLatencyMs: 60_000,
  maxRatePerSec: 5000,
  maxTimeUs: 24 * 3600 * 1_000_000,
} as const;

const id = z
  .string()
  .min(1)
  .max(LIMITS.maxIdLength)
  .regex(/^[A-Za-z0-9_.-]+$/, 'use letters, digits, "_", "-" or "." only');

const ms = z.number().finite().min(0).max(LIMITS.maxLatencyMs);

/** Named latency profiles (PBS paper, VLDB 2012); the leaderless issue adds the full set. */
export const LATENCY_PROFILES = ['lan', 'lnkd-ssd', 'lnkd-disk', 'ymmr'] as const;

export type Latency =
  | { dist: 'constant'; ms: number }
  | { dist: 'uniform'; minMs: number; maxMs: number }
  | { dist: 'exponential'; meanMs: number; minMs?: number | undefined }
  | { dist: 'normal'; meanMs: number; sdMs: number }
  | { dist: 'pareto'; xmMs: number; alpha: number }
  | { dist: 'mixture'; components: { weight: number; latency: Latency }[] }
  | { dist: 'profile'; name: (typeof LATENCY_PROFILES)[number] };

export const latencySchema: z.ZodType<Latency> = z.lazy(() =>
  z.discriminatedUnion('dist', [
    z.object({ dist: z.literal('constant'), ms }).strict(),
    z
      .object({ dist: z.literal('uniform'), minMs: ms, maxMs: ms })
      .strict()
      .refine((l) => l.minMs <= l.maxMs, { message: 'minMs must not exceed maxMs', path: ['minMs'] }),
    z.object({ dist: z.literal('exponential'), meanMs: ms, minMs: ms.optional() }).strict(),
    z.object({ dist: z.literal('normal'), meanMs: ms, sdMs: ms }).strict(),
    z
      .object({ dist: z.literal('pareto'), xmMs: ms.min(0.001), alpha: z.number().min(0.5).max(100) })
      .strict(),
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
  ]),
);

export const REPLICATION_MODES = ['async', 'semisync', 'sync'] as const;
export type ReplicationMode = (typeof REPLICATION_MODES)[number];

/** How a leader-follower leader serves reads (see `leaderFollower.reads`). */
export const READ_MODES = ['local', 'read-index'] as const;
export type ReadMode = (typeof READ_MODES)[number];

/** How a client picks the replica that serves its reads. */
export const READ_POLICIES = ['leader', 'any', 'read-your-writes', 'monotonic'] as const;
export type ReadPolicy = (typeof READ_POLICIES)[number];
export const READ_TARGETS_DOC =
  'a node id or a read policy: "leader", "any", "read-your-writes", "monotonic"';
const readTarget = z.union([z.enum(READ_POLICIES), id]);

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

/** Actions: the things that can happen on the timeline, from a preset or from the user. */
export const actionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('crash'), node: id, durable: z.boolean().optional() }).strict(),
  z.object({ type: z.literal('restart'), node: id }).strict(),
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
      electionTimeoutMs: z.number().min(1).max(60_000).optional(),
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
      antiEntropyMs: z.number().min(0).max(60_000).optional(),
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

export const WORKLOAD_KINDS = ['bank', 'register'] as const;

export const scenarioSchema = z
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
          .max(LIMITS.maxNodes * LIMITS.maxNodes)
          .optional(),
      })
      .strict(),
    leaderFollower: z
      .object({
        mode: z.enum(REPLICATION_MODES),
        semiSyncAcks: z.number().int().min(1).max(LIMITS.maxNodes),
        /** In sync mode, the followers the leader waits for (default: all), as synchronous_standby_names. */
        syncFollowers: z.array(id).max(LIMITS.maxNodes).optional(),
        heartbeatMs: z.number().min(1).max(10_000),
        /**
         * 0 (default): the leader ships each entry the moment it is written. Otherwise it ships what accumulated
         * every this many ms, as a log shipper with a send interval does: entries written since the last shipment
         * exist only on the leader.
         */
        shipIntervalMs: z.number().min(0).max(10_000).optional(),
        failover: z.enum(FAILOVER_MODES).optional(),
        /** Followers suspect the leader after this long without a heartbeat (randomised up to twice it). */
        electionTimeoutMs: z.number().min(1).max(60_000).optional(),
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
        antiEntropyMs: z.number().min(0).max(60_000).optional(),
        resolution: z.enum(['siblings', 'lww']).optional(),
        requestTimeoutMs: z.number().min(1).max(60_000).optional(),
        sloppyAfterMs: z.number().min(1).max(60_000).optional(),
        handoffIntervalMs: z.number().min(1).max(60_000).optional(),
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
        syncIntervalMs: z.number().min(1).max(60_000).optional(),
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
  .strict()
  .superRefine((s, ctx) => {
    const nodes = new Set<string>();
    s.nodes.forEach((n, i) => {
      if (nodes.has(n))
        ctx.addIssue({ code: 'custom', path: ['nodes', i], message: `duplicate node id "${n}"` });
      nodes.add(n);
    });
    const clients = new Set<string>();
    s.clients.forEach((c, i) => {
      if (nodes.has(c.id) || clients.has(c.id))
        ctx.addIssue({ code: 'custom', path: ['clients', i, 'id'], message: `duplicate id "${c.id}"` });
      clients.add(c.id);
      if (c.readFrom && !isPolicy(c.readFrom) && !nodes.has(c.readFrom))
        ctx.addIssue({
          code: 'custom',
          path: ['clients', i, 'readFrom'],
          message: `unknown node "${c.readFrom}"`,
        });
    });
    (s.network.links ?? []).forEach((link, i) => {
      for (const end of ['a', 'b'] as const)
        if (!nodes.has(link[end]) && !clients.has(link[end]))
          ctx.addIssue({
            code: 'custom',
            path: ['network', 'links', i, end],
            message: `unknown node or client "${link[end]}"`,
          });
    });
    if (s.model === 'leader-follower' && !s.leaderFollower)
      ctx.addIssue({
        code: 'custom',
        path: ['leaderFollower'],
        message: 'required for the leader-follower model',
      });
    if (s.model === 'leaderless' && !s.leaderless)
      ctx.addIssue({ code: 'custom', path: ['leaderless'], message: 'required for the leaderless model' });
    if (s.leaderless) {
      const { n, w, r } = s.leaderless;
      if (n > s.nodes.length)
        ctx.addIssue({
          code: 'custom',
          path: ['leaderless', 'n'],
          message: `at most ${s.nodes.length} (the number of nodes)`,
        });
      if (w > n) ctx.addIssue({ code: 'custom', path: ['leaderless', 'w'], message: `at most n (${n})` });
      if (r > n) ctx.addIssue({ code: 'custom', path: ['leaderless', 'r'], message: `at most n (${n})` });
    }
    if (s.model === 'multi-leader' && !s.multiLeader)
      ctx.addIssue({ code: 'custom', path: ['multiLeader'], message: 'required for the multi-leader model' });
    const ml = s.multiLeader;
    if (ml) {
      ml.leaders.forEach((n, i) => {
        if (!nodes.has(n))
          ctx.addIssue({
            code: 'custom',
            path: ['multiLeader', 'leaders', i],
            message: `unknown node "${n}"`,
          });
      });
      (ml.ranges ?? []).forEach((r, i) => {
        if (!ml.leaders.includes(r.owner))
          ctx.addIssue({
            code: 'custom',
            path: ['multiLeader', 'ranges', i, 'owner'],
            message: `"${r.owner}" is not one of the leaders`,
          });
      });
      if (ml.hub !== undefined && !ml.leaders.includes(ml.hub))
        ctx.addIssue({
          code: 'custom',
          path: ['multiLeader', 'hub'],
          message: `"${ml.hub}" is not one of the leaders`,
        });
      (ml.clockSkew ?? []).forEach((c, i) => {
        if (!nodes.has(c.node))
          ctx.addIssue({
            code: 'custom',
            path: ['multiLeader', 'clockSkew', i, 'node'],
            message: `unknown node "${c.node}"`,
          });
      });
    }
    const regionIds = new Set((s.regions ?? []).map((r) => r.id));
    for (const [i, r] of (s.regions ?? []).entries())
      for (const [j, n] of r.nodes.entries())
        if (!nodes.has(n))
          ctx.addIssue({ code: 'custom', path: ['regions', i, 'nodes', j], message: `unknown node "${n}"` });
    s.clients.forEach((c, i) => {
      if (c.home !== undefined && !nodes.has(c.home))
        ctx.addIssue({ code: 'custom', path: ['clients', i, 'home'], message: `unknown node "${c.home}"` });
      if (c.region !== undefined && !regionIds.has(c.region))
        ctx.addIssue({
          code: 'custom',
          path: ['clients', i, 'region'],
          message: `unknown region "${c.region}"`,
        });
    });
    (s.leaderFollower?.syncFollowers ?? []).forEach((n, i) => {
      if (!nodes.has(n))
        ctx.addIssue({
          code: 'custom',
          path: ['leaderFollower', 'syncFollowers', i],
          message: `unknown node "${n}"`,
        });
    });
    if (s.leaderFollower && s.leaderFollower.semiSyncAcks > Math.max(1, s.nodes.length - 1))
      ctx.addIssue({
        code: 'custom',
        path: ['leaderFollower', 'semiSyncAcks'],
        message: `at most ${Math.max(1, s.nodes.length - 1)} (the number of followers)`,
      });
    let last = 0;
    s.timeline.forEach((entry, i) => {
      const path = ['timeline', i];
      if (entry.atUs < last)
        ctx.addIssue({ code: 'custom', path: [...path, 'atUs'], message: 'timeline must be sorted by atUs' });
      last = entry.atUs;
      for (const [field, ref] of actionRefs(entry.action)) {
        const known = field === 'client' ? clients.has(ref) : nodes.has(ref);
        if (!known)
          ctx.addIssue({
            code: 'custom',
            path: [...path, 'action', field],
            message: `unknown ${field} "${ref}"`,
          });
      }
    });
  });

export type Scenario = z.infer<typeof scenarioSchema>;
export type LeaderFollowerConfig = NonNullable<Scenario['leaderFollower']>;

/** Leader-follower settings for scenarios of other models (which never use them) and for tests. */
export const DEFAULT_LEADER_FOLLOWER: LeaderFollowerConfig = {
  mode: 'async',
  semiSyncAcks: 1,
  heartbeatMs: 100,
};

/** Every node or client id an action refers to, with the field that holds it. */
function actionRefs(action: Action): [string, string][] {
  switch (action.type) {
    case 'crash':
    case 'restart':
    case 'promote':
    case 'demote':
    case 'setClockSkew':
      return [['node', action.node]];
    case 'setReadPolicy':
      return [
        ['client', action.client],
        ...(isPolicy(action.policy) ? [] : [['node', action.policy] as [string, string]]),
      ];
    case 'partition':
      return action.groups.flat().map((n) => ['groups', n]);
    case 'write':
    case 'read':
      return [
        ['client', action.client],
        ...(action.node && !isPolicy(action.node) ? [['node', action.node] as [string, string]] : []),
      ];
    case 'setReplication':
      return (action.syncFollowers ?? []).map((n) => ['syncFollowers', n]);
    case 'heal':
    case 'setLatencyProfile':
    case 'setLatency':
    case 'setLoss':
    case 'setFailover':
    case 'setWorkload':
    case 'setResolution':
    case 'setQuorum':
    case 'setTopology':
    case 'setOwnership':
    case 'cutLink':
    case 'restoreLink':
      return [];
    default:
      return unreachable(action);
  }
}

export function isPolicy(target: string): target is ReadPolicy {
  return (READ_POLICIES as readonly string[]).includes(target);
}

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
