/**
 * Translating a scenario into another replication model, for the Compare view: the same replicas, clients,
 * workload, seed, network and fault timeline under a different model, with that model's sensible defaults.
 *
 * Node i of the source becomes node i of the target (the same ids unless new ones are given), everywhere a node
 * is named: the timeline, client homes and read targets, regions, per-link latencies. Timeline actions that mean
 * nothing in the target model (promote a leader in a leaderless cluster, change the quorum of a leader-follower
 * one) are dropped, and every drop is reported as a note, so a comparison never silently changes the workload.
 */

import { PBS_PROFILES } from '../engine/latency.ts';
import { unreachable } from '../engine/unreachable.ts';
import {
  type Action,
  describeIssues,
  isPolicy,
  type ModelName,
  parseScenario,
  type Scenario,
  type TimelineEntry,
} from '../scenarios/schema.ts';
import { plural } from './plural.ts';

export interface Translation {
  readonly scenario: Scenario;
  /** What the translation did that a reader should know: defaults chosen, actions dropped. */
  readonly notes: readonly string[];
}

export class TranslationError extends Error {}

/** A strict majority of n: the default quorum and what majority failover needs. */
export const majority = (n: number): number => Math.floor(n / 2) + 1;

/** The most nodes that all lead when a cluster without regions is translated to multi-leader. */
export const ALL_LEAD_MAX = 25;

/** Timeline actions that only one model understands, and the model. */
const MODEL_ONLY: Partial<Record<Action['type'], ModelName>> = {
  setReplication: 'leader-follower',
  setFailover: 'leader-follower',
  promote: 'leader-follower',
  demote: 'leader-follower',
  setResolution: 'multi-leader',
  setTopology: 'multi-leader',
  setOwnership: 'multi-leader',
  setClockSkew: 'multi-leader',
  setQuorum: 'leaderless',
};

/**
 * The scenario under `target`. Translating into the scenario's own model keeps its settings (only the node ids
 * change, if new ones are given); translating into another model uses that model's defaults:
 * - leader-follower: the first node leads, asynchronous replication, majority (Raft-style) failover;
 * - multi-leader: a leader per region (the region's first node), or every node a leader when there are no regions;
 *   all-to-all, any leader writes any key, last-write-wins; each client writes to its region's leader, or the
 *   leaders in turn (client i to leader i mod L), as clients near different data centres do;
 * - leaderless: N = every node, W = R = a majority, asynchronous read repair, strict quorums, siblings; each client
 *   coordinates through its home node, or the nodes in turn.
 */
export function translateScenario(
  source: Scenario,
  target: ModelName,
  options: { readonly nodeIds?: readonly string[] } = {},
): Translation {
  const notes: string[] = [];
  const mapped = options.nodeIds ? renameNodes(source, options.nodeIds) : source;
  if (target === source.model) return { scenario: mapped, notes };
  let scenario: Scenario;
  switch (target) {
    case 'leader-follower':
      scenario = asLeaderFollower(mapped, notes);
      break;
    case 'multi-leader':
      scenario = asMultiLeader(source, mapped, notes);
      break;
    case 'leaderless':
      scenario = asLeaderless(source, mapped, notes);
      break;
    default:
      return unreachable(target);
  }
  scenario = keepLatencyProfile(scenario, mapped, target, notes);
  const { timeline, dropped } = translateTimeline(scenario.timeline, target);
  for (const [what, count] of dropped) notes.push(`dropped ${plural(count, what)}`);
  const result = { ...scenario, timeline };
  const parsed = parseScenario(result);
  if (!parsed.ok)
    throw new TranslationError(`the scenario cannot run as ${target}: ${describeIssues(parsed.issues)}`);
  return { scenario: parsed.scenario, notes };
}

/** The scenario without its model's section: what every model shares. */
function commonPart(scenario: Scenario) {
  const { leaderFollower: _lf, multiLeader: _ml, leaderless: _ll, ...common } = scenario;
  return common;
}

/** The first node leads, asynchronous replication, majority failover; clients write to the leader. */
function asLeaderFollower(mapped: Scenario, notes: string[]): Scenario {
  const nodes = mapped.nodes;
  const homed = mapped.clients.filter((c) => c.home !== undefined).length;
  if (homed > 0)
    notes.push(`clients write to the leader (${nodes[0]}): ${plural(homed, 'client home')} ignored`);
  notes.push(
    `defaults: ${nodes[0]} leads, asynchronous replication, majority failover (election timeout 150 ms)`,
  );
  return {
    ...commonPart(mapped),
    model: 'leader-follower',
    clients: mapped.clients.map(({ home: _home, ...c }) => c),
    leaderFollower: {
      mode: 'async',
      semiSyncAcks: 1,
      heartbeatMs: 50,
      failover: 'majority',
      electionTimeoutMs: 150,
    },
  };
}

/**
 * A leader per region (its first node), or, without regions, every node up to ALL_LEAD_MAX; all-to-all, any
 * leader writes any key, last-write-wins; each client writes to its home if it leads, else its region's leader,
 * else the leaders in turn. A leaderless source's clock skews are kept.
 */
function asMultiLeader(source: Scenario, mapped: Scenario, notes: string[]): Scenario {
  const nodes = mapped.nodes;
  const regions = mapped.regions ?? [];
  // Without regions every node leads, up to ALL_LEAD_MAX nodes: all-to-all synchronisation costs the square of
  // the leaders, so on a larger cluster the first ALL_LEAD_MAX lead and the others follow the first.
  const leaders =
    regions.length > 0
      ? regions.map((r) => r.nodes[0] as string)
      : nodes.slice(0, Math.min(nodes.length, ALL_LEAD_MAX));
  const leaderOfRegion = new Map(regions.map((r) => [r.id, r.nodes[0] as string]));
  const skew = source.leaderless?.clockSkew;
  notes.push(
    `defaults: ${leaders.length === nodes.length ? 'every node leads' : leaders.length === ALL_LEAD_MAX && regions.length === 0 ? `the first ${ALL_LEAD_MAX} nodes lead, the others follow ${leaders[0]}` : `leaders ${leaders.join(', ')}`}, ` +
      'all-to-all, any leader writes any key, last-write-wins',
  );
  return {
    ...commonPart(mapped),
    model: 'multi-leader',
    clients: mapped.clients.map((c, i) => ({
      ...c,
      home:
        c.home !== undefined && leaders.includes(c.home)
          ? c.home
          : ((c.region !== undefined ? leaderOfRegion.get(c.region) : undefined) ??
            (leaders[i % leaders.length] as string)),
    })),
    multiLeader: {
      leaders,
      ownership: 'any',
      topology: 'all-to-all',
      resolution: 'lww',
      syncIntervalMs: 250,
      ...(skew && source.model === 'leaderless' ? { clockSkew: mapSkew(skew, source, mapped) } : {}),
    },
  };
}

/**
 * N = every node, W = R = a majority, asynchronous read repair, strict quorums, siblings; each client
 * coordinates through its home node, or the nodes in turn. A multi-leader source's clock skews are kept.
 */
function asLeaderless(source: Scenario, mapped: Scenario, notes: string[]): Scenario {
  const nodes = mapped.nodes;
  const n = nodes.length;
  const q = majority(n);
  const skew = source.multiLeader?.clockSkew;
  notes.push(`defaults: N=${n}, W=${q}, R=${q}, read repair, strict quorums, siblings`);
  return {
    ...commonPart(mapped),
    model: 'leaderless',
    clients: mapped.clients.map((c, i) => ({
      ...c,
      home: c.home ?? (nodes[i % n] as string),
    })),
    leaderless: {
      n,
      w: q,
      r: q,
      readRepair: 'async',
      sloppyQuorum: false,
      hintedHandoff: false,
      resolution: 'siblings',
      ...(skew && source.model === 'multi-leader' ? { clockSkew: mapSkew(skew, source, mapped) } : {}),
    },
  };
}

/**
 * The leaderless section's PBS profile sets node-to-node delays by message kind: out of leaderless, the same
 * network is kept as the network's latency by message kind (explicit kind latencies win).
 */
function keepLatencyProfile(
  scenario: Scenario,
  mapped: Scenario,
  target: ModelName,
  notes: string[],
): Scenario {
  const profile = mapped.leaderless?.latencyProfile;
  if (profile === undefined || target === 'leaderless') return scenario;
  const p = PBS_PROFILES[profile];
  const kindLatency = { replicate: p.w, ack: p.a, read: p.r, response: p.s, ...mapped.network.kindLatency };
  notes.push(`the ${profile} latency profile kept as the network's latency by message kind`);
  return { ...scenario, network: { ...scenario.network, kindLatency } };
}

/** Keeps the actions the target model understands; counts the ones dropped, by a short description. */
function translateTimeline(
  timeline: readonly TimelineEntry[],
  target: ModelName,
): { timeline: TimelineEntry[]; dropped: Map<string, number> } {
  const dropped = new Map<string, number>();
  const drop = (what: string) => dropped.set(what, (dropped.get(what) ?? 0) + 1);
  const out: TimelineEntry[] = [];
  for (const entry of timeline) {
    const action = entry.action;
    const only = MODEL_ONLY[action.type];
    if (only !== undefined && only !== target) {
      drop(`${action.type} action (${only} only)`);
      continue;
    }
    if (action.type === 'write' && action.autoIncrement && target !== 'leader-follower') {
      // Only a single leader can hand out the next number; elsewhere the write stays, as a plain write.
      const { autoIncrement: _ai, ...plain } = action;
      drop('auto-increment flag (leader-follower only; kept as plain writes)');
      out.push({ atUs: entry.atUs, action: plain });
      continue;
    }
    out.push(entry);
  }
  return { timeline: out, dropped };
}

function mapSkew(
  skew: readonly { node: string; ms: number }[],
  source: Scenario,
  mapped: Scenario,
): { node: string; ms: number }[] {
  return skew.map((s) => ({ node: mapped.nodes[source.nodes.indexOf(s.node)] ?? s.node, ms: s.ms }));
}

/**
 * The scenario with node i renamed to `ids[i]` wherever a node is named. Clients and regions keep their ids (a
 * new node id must not collide with them).
 */
export function renameNodes(source: Scenario, ids: readonly string[]): Scenario {
  if (ids.length !== source.nodes.length)
    throw new TranslationError(`expected ${source.nodes.length} node ids, got ${ids.length}`);
  const table = new Map(source.nodes.map((n, i) => [n, ids[i] as string]));
  const node = (id: string): string => table.get(id) ?? id;
  const target = (t: string): string => (isPolicy(t) ? t : node(t));
  const lf = source.leaderFollower;
  const ll = source.leaderless;
  const ml = source.multiLeader;
  const renamed: Scenario = {
    ...source,
    nodes: [...ids],
    ...(source.regions ? { regions: source.regions.map((r) => ({ ...r, nodes: r.nodes.map(node) })) } : {}),
    clients: source.clients.map((c) => ({
      ...c,
      ...(c.readFrom !== undefined ? { readFrom: target(c.readFrom) } : {}),
      ...(c.home !== undefined ? { home: node(c.home) } : {}),
    })),
    network: {
      ...source.network,
      ...(source.network.links
        ? { links: source.network.links.map((l) => ({ ...l, a: node(l.a), b: node(l.b) })) }
        : {}),
    },
    ...(lf
      ? {
          leaderFollower: {
            ...lf,
            ...(lf.syncFollowers ? { syncFollowers: lf.syncFollowers.map(node) } : {}),
          },
        }
      : {}),
    ...(ll
      ? {
          leaderless: {
            ...ll,
            ...(ll.clockSkew ? { clockSkew: ll.clockSkew.map((s) => ({ ...s, node: node(s.node) })) } : {}),
          },
        }
      : {}),
    ...(ml
      ? {
          multiLeader: {
            ...ml,
            leaders: ml.leaders.map(node),
            ...(ml.ranges ? { ranges: ml.ranges.map((r) => ({ ...r, owner: node(r.owner) })) } : {}),
            ...(ml.hub !== undefined ? { hub: node(ml.hub) } : {}),
            ...(ml.clockSkew ? { clockSkew: ml.clockSkew.map((s) => ({ ...s, node: node(s.node) })) } : {}),
          },
        }
      : {}),
    timeline: source.timeline.map((e) => ({ atUs: e.atUs, action: renameInAction(e.action, node, target) })),
  };
  const parsed = parseScenario(renamed);
  if (!parsed.ok) throw new TranslationError(`renamed nodes: ${describeIssues(parsed.issues)}`);
  return parsed.scenario;
}

function renameInAction(action: Action, node: (id: string) => string, target: (t: string) => string): Action {
  switch (action.type) {
    case 'crash':
    case 'restart':
    case 'removeNode':
    case 'promote':
    case 'demote':
    case 'setClockSkew':
      return { ...action, node: node(action.node) };
    case 'addNode':
      return { ...action, node: node(action.node) };
    case 'partition':
      return { ...action, groups: action.groups.map((g) => g.map(node)) };
    case 'cutLink':
    case 'restoreLink':
      return { ...action, a: node(action.a), b: node(action.b) };
    case 'setReadPolicy':
      return { ...action, policy: target(action.policy) };
    case 'write':
    case 'read':
      return action.node === undefined ? action : { ...action, node: target(action.node) };
    case 'setReplication':
      return action.syncFollowers ? { ...action, syncFollowers: action.syncFollowers.map(node) } : action;
    case 'heal':
    case 'setLatency':
    case 'setLoss':
    case 'setDuplication':
    case 'setLatencyProfile':
    case 'setFailover':
    case 'setResolution':
    case 'setTopology':
    case 'setOwnership':
    case 'setQuorum':
    case 'setWorkload':
      return action;
    default:
      return unreachable(action);
  }
}
