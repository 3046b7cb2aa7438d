/**
 * What the multi-leader cluster shows and what it is judged by: each node's cells and applied positions, the
 * conflicts it detected, the acknowledged writes last-write-wins discarded, and the invariants it keeps.
 */
import type { KeyValueView, LostWrite, MultiLeaderReplica, MultiLeaderView, Operation } from '../../types.ts';
import { cellsInKeyOrder, dataOf } from '../shared/cells.ts';
import { compareDense, type DenseVector, denseEntry, denseSize, formatDense } from '../shared/denseVector.ts';
import { discardedWrites, heldOrSuperseded } from '../shared/discarded.ts';
import { type MlCluster, type MlNode, nodeOfActor } from './cluster.ts';

export function cellsOf(c: MlCluster, n: MlNode): KeyValueView[] {
  return cellsInKeyOrder(n.cells, (key, cell) => {
    const values = c.valuesOf(cell);
    return {
      key,
      value: values.join(' | '),
      version: denseSize(cell.vv),
      ...(values.length > 1 ? { siblings: values } : {}),
      vv: formatDense(c.actors, cell.vv),
      conflicts: cell.conflicts,
    };
  });
}

export function replicaOf(c: MlCluster, n: MlNode, withData = true): MultiLeaderReplica {
  return {
    model: 'multi-leader',
    id: n.id,
    role: n.leader ? 'leader' : 'follower',
    ...dataOf(n.cells, withData, () => cellsOf(c, n)),
    upstream: n.upstream,
    applied: formatDense(c.actors, n.applied),
    changes: n.log.applied,
    pending: n.pending.length,
  };
}

export function viewOf(c: MlCluster): MultiLeaderView {
  const { config } = c;
  return {
    model: 'multi-leader',
    settings: { ...config, hub: config.topology === 'star' ? (c.hub() ?? null) : null },
  };
}

/** Acknowledged writes that a last-write-wins resolution silently discarded everywhere. */
export function lostWritesOf(c: MlCluster, acked: readonly Operation[]): LostWrite[] {
  const nodes = [...c.nodes.values()];
  return discardedWrites(acked, c.dropped, (op, d) =>
    nodes.some((n) =>
      heldOrSuperseded(op, d, n.cells.get(op.key)?.versions ?? [], (vv: DenseVector, origin) => {
        const i = c.actors.find(origin);
        return i < 0 ? 0 : denseEntry(vv, i);
      }),
    ),
  );
}

/**
 * Invariants the protocol keeps whatever the faults: a node's applied position per origin never runs ahead of
 * what that origin issued, its buffer holds only changes not yet applied, and under siblings no kept version is
 * superseded by another kept one.
 */
export function invariantViolationOf(c: MlCluster): string | null {
  for (const n of c.nodes.values()) {
    for (let i = 0; i < n.applied.length; i++) {
      const seq = n.applied[i] as number;
      if (seq === 0) continue;
      const origin = c.actors.name(i);
      const node = nodeOfActor(origin);
      // Only the current incarnation's counter is known; an older actor's changes are whatever it issued.
      if (!c.nodes.has(node) || c.nodes.get(node).actor !== origin) continue;
      const issued = c.nodes.get(node).seq;
      if (seq > issued)
        return `${n.id} applied ${origin}#${seq}, but ${origin} issued only ${issued} changes`;
    }
    for (const p of n.pending)
      if (p.seq <= denseEntry(n.applied, p.originIx))
        return `${n.id} still buffers ${p.origin}#${p.seq}, which it has applied`;
    // Versions are ordered by their dots (resolution.ts `versionRelation`): each must carry its own change's dot.
    for (const [key, cell] of n.cells)
      for (const v of cell.versions)
        if (denseEntry(v.vv, v.originIx) !== v.seq)
          return `${n.id} keeps ${v.origin}#${v.seq} for ${key} with a vector whose entry for its origin is ${denseEntry(v.vv, v.originIx)}`;
    if (c.config.resolution !== 'siblings') continue;
    for (const [key, cell] of n.cells)
      for (const v of cell.versions)
        if (cell.versions.some((o) => o !== v && compareDense(v.vv, o.vv) === 'before'))
          return `${n.id} keeps ${JSON.stringify(v.value)} for ${key} beside a version that supersedes it`;
  }
  return null;
}
