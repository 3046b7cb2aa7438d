/**
 * What the leaderless cluster shows and what it is judged by: each node's versions of each key, the ring and
 * where keys live, hints held, recent quorums, the writes last-write-wins discarded, and the invariants the
 * protocol keeps.
 */
import type {
  KeyValueView,
  LeaderlessReplica,
  LeaderlessView,
  LostWrite,
  NodeId,
  Operation,
  QuorumView,
} from '../../types.ts';
import { byKey, cellsInKeyOrder, dataOf } from '../shared/cells.ts';
import { discardedWrites, heldOrSuperseded } from '../shared/discarded.ts';
import {
  compare,
  EMPTY_VECTOR,
  formatVector,
  merge,
  type VersionVector,
  vectorSize,
} from '../shared/versionVector.ts';
import { type LlCluster, type LlNode, signature } from './cluster.ts';
import { quorumView } from './coordination.ts';
import type { LlVersion } from './messages.ts';

const QUORUMS_SHOWN = 40;

/**
 * A large ring is shown in part, so a snapshot stays small: at most this many tokens (evenly spaced on the sorted
 * ring; the view says how many there are) and this many nodes of each key's ring order. A 1,000-node ring has
 * 8,000 tokens and 64 keys' orders of 1,000 nodes, about 1 MB a snapshot in full. Rings of up to 32 nodes of 8
 * tokens each are shown whole.
 */
export const RING_TOKENS_SHOWN = 256;
export const RING_ORDER_SHOWN = 32;

function shownTokens(c: LlCluster): { node: NodeId; position: number }[] {
  const step = Math.ceil(c.ring.length / RING_TOKENS_SHOWN);
  const out: { node: NodeId; position: number }[] = [];
  for (let i = 0; i < c.ring.length; i += step) {
    const t = c.ring[i] as { token: number; node: NodeId };
    out.push({ node: t.node, position: t.token / 2 ** 32 });
  }
  return out;
}

function mergeAll(versions: readonly LlVersion[]): VersionVector {
  return versions.reduce<VersionVector>((acc, v) => merge(acc, v.vv), EMPTY_VECTOR);
}

export function cellsOf(n: LlNode): KeyValueView[] {
  return cellsInKeyOrder(n.store, (key, versions) => {
    const values = versions.map((v) => v.value);
    const vv = mergeAll(versions);
    return {
      key,
      value: values.join(' | '),
      version: vectorSize(vv),
      ...(values.length > 1 ? { siblings: values } : {}),
      vv: formatVector(vv),
      conflicts: versions.length > 1 ? 1 : 0,
    };
  });
}

export function replicaOf(n: LlNode, withData = true): LeaderlessReplica {
  let hintsHeld = 0;
  for (const keys of n.hints.values()) hintsHeld += keys.size;
  return {
    model: 'leaderless',
    id: n.id,
    role: 'replica',
    ...dataOf(n.store, withData, () => cellsOf(n)),
    hintsHeld,
    coordinating: n.coordinating.size,
  };
}

/** The latest finished quorums and those in progress (at most QUORUMS_SHOWN), as the view shows them. */
export function quorumsOf(c: LlCluster): QuorumView[] {
  const live: QuorumView[] = [];
  for (const n of c.nodes.values()) for (const q of n.coordinating.values()) live.push(quorumView(n.id, q));
  return [...c.recentQuorums().map((q) => quorumView(q.coordinator, q)), ...live].slice(-QUORUMS_SHOWN);
}

export function viewOf(c: LlCluster): LeaderlessView {
  const keys = new Set<string>(c.storyKeys);
  for (const n of c.nodes.values()) for (const key of n.store.keys()) keys.add(key);
  return {
    model: 'leaderless',
    settings: c.config,
    ring: shownTokens(c),
    ringTokens: c.ring.length,
    placement: [...keys].sort(byKey).map((key) => ({
      key,
      home: c.preferenceList(key),
      order: c.ringOrder(key).slice(0, RING_ORDER_SHOWN),
    })),
    hints: [...c.nodes.values()]
      .map((n) => ({
        node: n.id,
        hints: [...n.hints.entries()].map(([target, held]) => ({
          for: target,
          keys: [...held.keys()].sort(byKey),
        })),
      }))
      .filter((h) => h.hints.length > 0),
    handoff: { ...c.handoff },
    quorums: quorumsOf(c),
  };
}

export function lostWritesOf(c: LlCluster, acked: readonly Operation[]): LostWrite[] {
  return discardedWrites(acked, c.dropped, (op, d) =>
    [...c.nodes.values()].some(
      (n) =>
        heldOrSuperseded(op, d, n.store.get(op.key) ?? []) ||
        [...n.hints.values()].some((keys) => heldOrSuperseded(op, d, keys.get(op.key) ?? [])),
    ),
  );
}

/** Keys whose live home replicas hold different versions. */
export function divergentKeysOf(c: LlCluster, isUp: (id: NodeId) => boolean): string[] {
  const keys = new Set<string>();
  for (const n of c.nodes.values()) for (const k of n.store.keys()) keys.add(k);
  const out: string[] = [];
  for (const key of [...keys].sort(byKey)) {
    const sigs = new Set(
      c
        .preferenceList(key)
        .filter(isUp)
        .map((id) => signature(c.nodes.get(id).store.get(key) ?? [])),
    );
    if (sigs.size > 1) out.push(key);
  }
  return out;
}

/**
 * Invariants the protocol keeps whatever the faults: a coordinator answers "reached" only with its quorum of
 * acknowledgements from home replicas or their stand-ins; under siblings a replica never keeps a version that
 * another it keeps supersedes, and under last-write-wins it keeps one version per key.
 */
export function invariantViolationOf(c: LlCluster): string | null {
  for (const n of c.nodes.values()) {
    for (const q of n.coordinating.values()) {
      const got = q.kind === 'write' ? q.acks.length : q.responses.length;
      if (q.status === 'reached' && got < q.needed)
        return `${n.id} answered request ${q.reqId} with ${got} of ${q.needed} replies`;
      for (const id of q.acks)
        if (!q.home.includes(id) && !q.fallbacks.has(id))
          return `${n.id} counted ${id}, neither a home replica nor a stand-in, for request ${q.reqId}`;
    }
    for (const [key, versions] of n.store) {
      if (c.config.resolution === 'lww' && versions.length > 1)
        return `${n.id} keeps ${versions.length} versions of ${key} under last-write-wins`;
      for (const v of versions)
        if (versions.some((o) => o !== v && compare(v.vv, o.vv) === 'before'))
          return `${n.id} keeps ${JSON.stringify(v.value)} for ${key} beside a version that supersedes it`;
    }
  }
  return null;
}
