/**
 * The edits shrinking tries that touch more than one list of a case: taking a node or a client out of the
 * scenario and out of everything that names it. An edit may still leave an invalid scenario (a quorum action
 * that no longer fits, say); the shrinker validates every candidate with the schema and skips those.
 */
import type { Action, Scenario } from '../scenarios/schema.ts';
import type { CaseEntry, SearchCase } from './searchCase.ts';

/** `c` without node `node`, or null when the node cannot go (the last node, a hub, a range owner, the last leader). */
export function withoutNode(c: SearchCase, node: string): SearchCase | null {
  const s = c.scenario;
  const ml = s.multiLeader;
  if (s.nodes.length <= 1 || !s.nodes.includes(node)) return null;
  if (ml && (ml.hub === node || (ml.ranges ?? []).some((r) => r.owner === node))) return null;
  if (ml?.leaders.length === 1 && ml.leaders[0] === node) return null;
  const nodes = s.nodes.filter((n) => n !== node);
  const regions = (s.regions ?? [])
    .map((r) => ({ ...r, nodes: r.nodes.filter((n) => n !== node) }))
    .filter((r) => r.nodes.length > 0);
  const gone = new Set([
    node,
    ...(s.regions ?? []).map((r) => r.id).filter((id) => !regions.some((r) => r.id === id)),
  ]);
  const scenario: Scenario = {
    ...s,
    nodes,
    ...(s.regions ? { regions } : {}),
    clients: s.clients.map((cl) => {
      const { home, readFrom, region, ...rest } = cl;
      return {
        ...rest,
        ...(readFrom !== undefined && readFrom !== node ? { readFrom } : {}),
        ...(home !== undefined && home !== node ? { home } : {}),
        ...(region !== undefined && !gone.has(region) ? { region } : {}),
      };
    }),
    network: withoutLinks(s.network, gone),
    ...settingsWithout(s, node, nodes.length),
  };
  const edit = (list: readonly CaseEntry[]) =>
    list.flatMap((e) => {
      const action = actionWithout(e.action, node, gone, nodes.length);
      return action ? [{ ...e, action }] : [];
    });
  return { ...c, scenario, faults: edit(c.faults), ops: edit(c.ops), settings: edit(c.settings) };
}

/** The model sections without `node`: quorums and acknowledgements shrink to fit the nodes left. */
function settingsWithout(s: Scenario, node: string, count: number): Partial<Scenario> {
  const out: Partial<Scenario> = {};
  const lf = s.leaderFollower;
  if (lf) {
    const { syncFollowers, ...rest } = lf;
    out.leaderFollower = {
      ...rest,
      semiSyncAcks: Math.min(lf.semiSyncAcks, Math.max(1, count - 1)),
      ...(syncFollowers ? { syncFollowers: syncFollowers.filter((n) => n !== node) } : {}),
    };
  }
  const ll = s.leaderless;
  if (ll) {
    const n = Math.min(ll.n, count);
    out.leaderless = {
      ...ll,
      n,
      w: Math.min(ll.w, n),
      r: Math.min(ll.r, n),
      ...(ll.clockSkew ? { clockSkew: ll.clockSkew.filter((k) => k.node !== node) } : {}),
    };
  }
  const ml = s.multiLeader;
  if (ml)
    out.multiLeader = {
      ...ml,
      leaders: ml.leaders.filter((n) => n !== node),
      ...(ml.clockSkew ? { clockSkew: ml.clockSkew.filter((k) => k.node !== node) } : {}),
    };
  return out;
}

function withoutLinks(network: Scenario['network'], gone: ReadonlySet<string>): Scenario['network'] {
  if (!network.links) return network;
  return { ...network, links: network.links.filter((l) => !gone.has(l.a) && !gone.has(l.b)) };
}

/** The action without `node` (a partition loses it from its groups), or null when it only concerned the node. */
function actionWithout(
  action: Action,
  node: string,
  gone: ReadonlySet<string>,
  count: number,
): Action | null {
  switch (action.type) {
    case 'crash':
    case 'restart':
    case 'promote':
    case 'demote':
    case 'setClockSkew':
      return action.node === node ? null : action;
    case 'partition': {
      const groups = action.groups.map((g) => g.filter((n) => n !== node)).filter((g) => g.length > 0);
      return groups.length < 2 ? null : { ...action, groups };
    }
    case 'cutLink':
    case 'restoreLink':
      return gone.has(action.a) || gone.has(action.b) ? null : action;
    case 'write':
    case 'read':
      return action.node === node ? null : action;
    case 'setReadPolicy':
      return action.policy === node ? null : action;
    case 'setReplication':
      return {
        ...action,
        ...(action.syncFollowers ? { syncFollowers: action.syncFollowers.filter((n) => n !== node) } : {}),
        ...(action.semiSyncAcks !== undefined
          ? { semiSyncAcks: Math.min(action.semiSyncAcks, Math.max(1, count - 1)) }
          : {}),
      };
    case 'setQuorum':
      return action.n !== undefined && action.n > count ? { ...action, n: count } : action;
    default:
      return action;
  }
}

/** `c` without client `client` and the operations and read policies that name it, or null for the last one. */
export function withoutClient(c: SearchCase, client: string): SearchCase | null {
  const s = c.scenario;
  if (s.clients.length <= 1 || !s.clients.some((cl) => cl.id === client)) return null;
  const names = (a: Action) =>
    (a.type === 'write' || a.type === 'read' || a.type === 'setReadPolicy') && a.client === client;
  return {
    ...c,
    scenario: {
      ...s,
      clients: s.clients.filter((cl) => cl.id !== client),
      network: withoutLinks(s.network, new Set([client])),
    },
    ops: c.ops.filter((e) => !names(e.action)),
    settings: c.settings.filter((e) => !names(e.action)),
  };
}
