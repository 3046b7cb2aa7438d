/**
 * The rules of a scenario that its shape cannot say: ids that must refer to something, settings that must agree
 * with each other, and the limit on total work. Each rule is a small named check; `refineScenario` runs them all
 * as the schema's refinement, so every issue names its field path (`timeline[3].action.groups[1][0]`).
 *
 * Imports only types from schema.ts (which imports this module), so there is no import cycle at run time.
 */
import type * as z from 'zod/mini';
import { unreachable } from '../engine/unreachable.ts';
import { isPolicy } from './constants.ts';
import type { Action, Scenario } from './schema.ts';

// The limits live in schema.ts, which imports this module; repeated here (and pinned by a test) to keep this
// module free of run-time imports from it.
const LIMIT_NODES = 1000;
const LIMIT_NODES_EVER = 1050;

import { workExcess } from './work.ts';

type Path = (string | number)[];
type Report = (path: Path, message: string) => void;

/** The ids a scenario declares, which everything else must refer to. */
interface Known {
  readonly nodes: ReadonlySet<string>;
  readonly clients: ReadonlySet<string>;
  readonly regions: ReadonlySet<string>;
}

type Check = (s: Scenario, known: Known, report: Report) => void;

/** The schema's refinement: every check, in the order a reader meets the fields. */
export function refineScenario(s: Scenario, ctx: z.core.$RefinementCtx): void {
  const report: Report = (path, message) => ctx.addIssue({ code: 'custom', path, message });
  const known: Known = {
    nodes: new Set(s.nodes),
    clients: new Set(s.clients.map((c) => c.id)),
    regions: new Set((s.regions ?? []).map((r) => r.id)),
  };
  for (const check of CHECKS) check(s, known, report);
}

const unknownNode = (id: string) => `unknown node "${id}"`;

/** Node, client and region ids are each used once: an id names one thing. */
const uniqueIds: Check = (s, _known, report) => {
  const seen = new Set<string>();
  s.nodes.forEach((n, i) => {
    if (seen.has(n)) report(['nodes', i], `duplicate node id "${n}"`);
    seen.add(n);
  });
  s.clients.forEach((c, i) => {
    if (seen.has(c.id)) report(['clients', i, 'id'], `duplicate id "${c.id}"`);
    seen.add(c.id);
  });
  // A region named like a node would make cutLink ambiguous: the network would read it as both.
  (s.regions ?? []).forEach((r, i) => {
    if (seen.has(r.id)) report(['regions', i, 'id'], `duplicate id "${r.id}"`);
    seen.add(r.id);
  });
};

/** The model's own section is present. */
const modelSection: Check = (s, _known, report) => {
  if (s.model === 'leader-follower' && !s.leaderFollower)
    report(['leaderFollower'], 'required for the leader-follower model');
  if (s.model === 'leaderless' && !s.leaderless) report(['leaderless'], 'required for the leaderless model');
  if (s.model === 'multi-leader' && !s.multiLeader)
    report(['multiLeader'], 'required for the multi-leader model');
};

/** A client's read target, home node and region exist. */
const clientRefs: Check = (s, known, report) => {
  s.clients.forEach((c, i) => {
    if (c.readFrom && !isPolicy(c.readFrom) && !known.nodes.has(c.readFrom))
      report(['clients', i, 'readFrom'], unknownNode(c.readFrom));
    if (c.home !== undefined && !known.nodes.has(c.home)) report(['clients', i, 'home'], unknownNode(c.home));
    if (c.region !== undefined && !known.regions.has(c.region))
      report(['clients', i, 'region'], `unknown region "${c.region}"`);
  });
};

/** Per-link latencies join two known nodes or clients. */
const linkRefs: Check = (s, known, report) => {
  (s.network.links ?? []).forEach((link, i) => {
    for (const end of ['a', 'b'] as const)
      if (!known.nodes.has(link[end]) && !known.clients.has(link[end]))
        report(['network', 'links', i, end], `unknown node or client "${link[end]}"`);
  });
};

/** Regions group known nodes, each node in at most one region (a node's region decides its latency). */
const regionMembers: Check = (s, known, report) => {
  const regionOf = new Map<string, string>();
  (s.regions ?? []).forEach((r, i) => {
    r.nodes.forEach((n, j) => {
      const path = ['regions', i, 'nodes', j];
      const other = regionOf.get(n);
      if (!known.nodes.has(n)) report(path, unknownNode(n));
      else if (other !== undefined)
        report(path, `node "${n}" is already in region "${other}": a node belongs to one region`);
      regionOf.set(n, r.id);
    });
  });
};

/** Synchronous followers exist, and semi-sync waits for no more acknowledgements than there are followers. */
const leaderFollowerSettings: Check = (s, known, report) => {
  const lf = s.leaderFollower;
  if (!lf) return;
  (lf.syncFollowers ?? []).forEach((n, i) => {
    if (!known.nodes.has(n)) report(['leaderFollower', 'syncFollowers', i], unknownNode(n));
  });
  const followers = Math.max(1, s.nodes.length - 1);
  if (lf.semiSyncAcks > followers)
    report(['leaderFollower', 'semiSyncAcks'], `at most ${followers} (the number of followers)`);
};

/** N replicas exist, W and R are at most N, clock skews name known nodes. */
const leaderlessSettings: Check = (s, known, report) => {
  const ll = s.leaderless;
  if (!ll) return;
  const { n, w, r } = ll;
  if (n > s.nodes.length) report(['leaderless', 'n'], `at most ${s.nodes.length} (the number of nodes)`);
  if (w > n) report(['leaderless', 'w'], `at most n (${n})`);
  if (r > n) report(['leaderless', 'r'], `at most n (${n})`);
  (ll.clockSkew ?? []).forEach((c, i) => {
    if (!known.nodes.has(c.node)) report(['leaderless', 'clockSkew', i, 'node'], unknownNode(c.node));
  });
};

/** Leaders are known nodes, named once; range owners and the hub are leaders; clock skews name known nodes. */
const multiLeaderSettings: Check = (s, known, report) => {
  const ml = s.multiLeader;
  if (!ml) return;
  ml.leaders.forEach((n, i) => {
    if (!known.nodes.has(n)) report(['multiLeader', 'leaders', i], unknownNode(n));
    else if (ml.leaders.indexOf(n) !== i) report(['multiLeader', 'leaders', i], `"${n}" is named twice`);
  });
  (ml.ranges ?? []).forEach((r, i) => {
    if (!ml.leaders.includes(r.owner))
      report(['multiLeader', 'ranges', i, 'owner'], `"${r.owner}" is not one of the leaders`);
  });
  if (ml.hub !== undefined && !ml.leaders.includes(ml.hub))
    report(['multiLeader', 'hub'], `"${ml.hub}" is not one of the leaders`);
  (ml.clockSkew ?? []).forEach((c, i) => {
    if (!known.nodes.has(c.node)) report(['multiLeader', 'clockSkew', i, 'node'], unknownNode(c.node));
  });
};

/** The timeline runs forward: replay schedules its entries in this order. */
const timelineOrder: Check = (s, _known, report) => {
  let last = 0;
  s.timeline.forEach((entry, i) => {
    if (entry.atUs < last) report(['timeline', i, 'atUs'], 'timeline must be sorted by atUs');
    last = entry.atUs;
  });
};

/**
 * Every node, client, region or link end a timeline action names exists when the action runs: nodes are the
 * members at that moment (the scenario's, plus those added and less those removed by earlier entries).
 */
const timelineRefs: Check = (s, known, report) => {
  walkMembership(s, (entry, i, members) => {
    for (const ref of actionRefs(entry.action)) {
      const path = ['timeline', i, 'action', ...ref.path];
      if (ref.kind === 'client' && !known.clients.has(ref.id)) report(path, `unknown client "${ref.id}"`);
      if (ref.kind === 'node' && !members.current.has(ref.id)) report(path, missingNode(ref.id, members));
      if (ref.kind === 'place' && !members.current.has(ref.id) && !known.regions.has(ref.id))
        report(path, `unknown node or region "${ref.id}"`);
    }
  });
};

/** The membership as a timeline walk sees it: who is a member now, and when each removed node left. */
interface Members {
  readonly current: Set<string>;
  /** Removed node -> the timeline index that removed it (ids are never reused). */
  readonly removedAt: Map<string, number>;
}

const missingNode = (id: string, members: Members) => {
  const at = members.removedAt.get(id);
  return at === undefined ? unknownNode(id) : `node "${id}" was removed by timeline[${at}]`;
};

/** Calls `visit` for each timeline entry with the membership just before it, then applies its change. */
function walkMembership(
  s: Scenario,
  visit: (entry: Scenario['timeline'][number], i: number, members: Members) => void,
): void {
  const members: Members = { current: new Set(s.nodes), removedAt: new Map() };
  s.timeline.forEach((entry, i) => {
    visit(entry, i, members);
    const a = entry.action;
    if (a.type === 'addNode' && !members.removedAt.has(a.node)) members.current.add(a.node);
    if (a.type === 'removeNode' && members.current.delete(a.node)) members.removedAt.set(a.node, i);
  });
}

/**
 * Membership changes: an added id is new (not a member, not a removed node, not a client or region), a removed
 * node is a member and not the last one; members stay within the node limit and ids ever used within theirs;
 * leaderless keeps at least N nodes; multi-leader keeps a leader, and a node that owns a key range or is the
 * hub stays.
 */
const membershipActions: Check = (s, known, report) => {
  let ever = s.nodes.length;
  walkMembership(s, (entry, i, members) => {
    const a = entry.action;
    const path = ['timeline', i, 'action'];
    if (a.type === 'addNode') {
      if (members.current.has(a.node)) report([...path, 'node'], `node "${a.node}" is already a member`);
      else if (members.removedAt.has(a.node))
        report([...path, 'node'], `${missingNode(a.node, members)}: a removed id is not reused`);
      else if (known.clients.has(a.node) || known.regions.has(a.node))
        report([...path, 'node'], `"${a.node}" already names a client or region`);
      else if (members.current.size >= LIMIT_NODES)
        report([...path, 'node'], `at most ${LIMIT_NODES} nodes at once`);
      else if (++ever > LIMIT_NODES_EVER)
        report([...path, 'node'], `at most ${LIMIT_NODES_EVER} node ids in one run (removed ids count)`);
      if (a.region !== undefined && !known.regions.has(a.region))
        report([...path, 'region'], `unknown region "${a.region}"`);
    }
    if (a.type !== 'removeNode' || !members.current.has(a.node)) return;
    const left = members.current.size - 1;
    const why = removalProblem(s, a.node, left, members.current);
    if (why) report([...path, 'node'], why);
  });
};

/** Why removing `node` (leaving `left` members) is refused, or null. */
function removalProblem(
  s: Scenario,
  node: string,
  left: number,
  current: ReadonlySet<string>,
): string | null {
  if (left === 0) return `"${node}" is the last node: a cluster keeps at least one`;
  const n = s.leaderless?.n;
  if (s.model === 'leaderless' && n !== undefined && left < n)
    return `removing "${node}" leaves ${left} nodes, fewer than n (${n}) replicas per key`;
  const ml = s.multiLeader;
  if (s.model !== 'multi-leader' || !ml) return null;
  if ((ml.ranges ?? []).some((r) => r.owner === node)) return `"${node}" owns a key range and cannot leave`;
  if (ml.hub === node) return `"${node}" is the star's hub and cannot leave`;
  const leaders = ml.leaders.filter((l) => current.has(l) && l !== node);
  if (ml.leaders.includes(node) && leaders.length === 0 && !addedLeaderRemains(s, current, node))
    return `"${node}" is the last leader`;
  return null;
}

/** Multi-leader: every added node is a leader, so one added earlier and still a member keeps the cluster led. */
function addedLeaderRemains(s: Scenario, current: ReadonlySet<string>, node: string): boolean {
  return [...current].some((m) => m !== node && !s.nodes.includes(m));
}

/** A partition puts each node on one side: a node in two groups would be cut off from itself. */
const partitionGroups: Check = (s, _known, report) => {
  s.timeline.forEach((entry, i) => {
    if (entry.action.type !== 'partition') return;
    const groupOf = new Map<string, number>();
    entry.action.groups.forEach((group, g) => {
      group.forEach((n, j) => {
        const other = groupOf.get(n);
        const path = ['timeline', i, 'action', 'groups', g, j];
        if (other === g) report(path, `node "${n}" is listed twice in this group`);
        else if (other !== undefined)
          report(path, `node "${n}" is already in group ${other}: a node is on one side of a partition`);
        groupOf.set(n, g);
      });
    });
  });
};

/** A setReplication action waits for no more acknowledgements than there are followers. */
const replicationActions: Check = (s, _known, report) => {
  walkMembership(s, (entry, i, members) => {
    const followers = Math.max(1, members.current.size - 1);
    const a = entry.action;
    if (a.type === 'setReplication' && a.semiSyncAcks !== undefined && a.semiSyncAcks > followers)
      report(['timeline', i, 'action', 'semiSyncAcks'], `at most ${followers} (the number of followers)`);
  });
};

/**
 * setQuorum actions keep N within the nodes and W, R within N. N is the one in effect: the action's own, else
 * the current one. A W or R the action leaves out follows a lower N down, as the model does (and the quorum
 * sliders); one it gives must fit.
 */
const quorumActions: Check = (s, _known, report) => {
  let n = Math.min(s.leaderless?.n ?? s.nodes.length, s.nodes.length);
  walkMembership(s, (entry, i, members) => {
    const a = entry.action;
    if (a.type !== 'setQuorum') return;
    const path = ['timeline', i, 'action'];
    const size = members.current.size;
    if (a.n !== undefined && a.n > size) report([...path, 'n'], `at most ${size} (the number of nodes)`);
    n = Math.min(a.n ?? n, size);
    if (a.w !== undefined && a.w > n) report([...path, 'w'], `at most n (${n}, the n in effect)`);
    if (a.r !== undefined && a.r > n) report([...path, 'r'], `at most n (${n}, the n in effect)`);
  });
};

/** The whole run fits the work limit (work.ts), judged at durationMs, the length the CLI runs by default. */
const workLimit: Check = (s, _known, report) => {
  const excess = workExcess(s);
  if (excess) report(['durationMs'], `${excess.message}: shorten durationMs or ${excess.remedy}`);
};

const CHECKS: readonly Check[] = [
  uniqueIds,
  modelSection,
  clientRefs,
  linkRefs,
  regionMembers,
  leaderFollowerSettings,
  leaderlessSettings,
  multiLeaderSettings,
  timelineOrder,
  timelineRefs,
  membershipActions,
  partitionGroups,
  replicationActions,
  quorumActions,
  workLimit,
];

interface Ref {
  readonly path: Path;
  readonly kind: 'node' | 'client' | 'place';
  readonly id: string;
}

/** Every node, client or place (node or region) an action names, with the path of the field that names it. */
export function actionRefs(action: Action): Ref[] {
  const node = (path: Path, id: string): Ref => ({ path, kind: 'node', id });
  const client = (id: string): Ref => ({ path: ['client'], kind: 'client', id });
  switch (action.type) {
    case 'crash':
    case 'restart':
    case 'removeNode':
    case 'promote':
    case 'demote':
    case 'setClockSkew':
      return [node(['node'], action.node)];
    case 'setReadPolicy':
      return [client(action.client), ...(isPolicy(action.policy) ? [] : [node(['policy'], action.policy)])];
    case 'partition':
      return action.groups.flatMap((group, g) => group.map((n, j) => node(['groups', g, j], n)));
    case 'write':
    case 'read':
      return [
        client(action.client),
        ...(action.node && !isPolicy(action.node) ? [node(['node'], action.node)] : []),
      ];
    case 'setReplication':
      return (action.syncFollowers ?? []).map((n, i) => node(['syncFollowers', i], n));
    case 'cutLink':
    case 'restoreLink':
      return [
        { path: ['a'], kind: 'place', id: action.a },
        { path: ['b'], kind: 'place', id: action.b },
      ];
    case 'addNode':
    case 'heal':
    case 'setLatencyProfile':
    case 'setLatency':
    case 'setLoss':
    case 'setDuplication':
    case 'setFailover':
    case 'setWorkload':
    case 'setResolution':
    case 'setQuorum':
    case 'setTopology':
    case 'setOwnership':
      return [];
    default:
      return unreachable(action);
  }
}
