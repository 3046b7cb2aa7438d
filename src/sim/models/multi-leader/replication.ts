/**
 * How changes travel between multi-leader nodes: a node applies each origin's changes in sequence order and
 * exactly once (`applied[origin]`), buffers what arrives early (or, with causal delivery, before its
 * dependencies), pushes what it applies along the topology, and answers anti-entropy requests with what the
 * asker lacks.
 */
import type { NodeId } from '../../types.ts';
import type { VersionVector } from '../shared/versionVector.ts';
import { merge } from '../shared/versionVector.ts';
import type { MlCluster, MlNode } from './cluster.ts';
import type { Change, ChangeMsg, SyncRequest } from './messages.ts';
import { SYNC } from './messages.ts';
import { applyToCell } from './resolution.ts';

/** A new change at its origin: it supersedes what the origin holds for the key and the client's context. */
export function localChange(
  c: MlCluster,
  n: MlNode,
  key: string,
  op: string,
  opId: number,
  context?: VersionVector,
): Change {
  n.seq++;
  const cell = n.cells.get(key);
  const base = merge(cell?.vv ?? {}, context ?? {});
  const vv = { ...base, [n.id]: n.seq };
  const change: Change = {
    origin: n.id,
    seq: n.seq,
    key,
    op,
    vv,
    ts: c.ctx.clockUs(n.id),
    deps: { ...n.applied },
    opId,
  };
  if (c.crdtType(key) === 'set' && op.startsWith('remove ')) {
    const element = op.slice('remove '.length);
    return { ...change, removes: [...(cell?.set?.get(element) ?? [])] };
  }
  return change;
}

/** The periodic anti-entropy request: "this is what I have applied", to the topology neighbours. */
export function onSyncTimer(c: MlCluster, n: MlNode): void {
  for (const peer of c.syncPeers(n))
    c.ctx.send(n.id, peer, { type: 'sync', kind: 'heartbeat', have: { ...n.applied } } satisfies SyncRequest);
  c.ctx.setTimer(n.id, c.config.syncIntervalMs * 1000, SYNC);
}

/** Answers an anti-entropy request with the changes the asker lacks, oldest first, one batch at a time. */
export function onSync(c: MlCluster, n: MlNode, peer: NodeId, req: SyncRequest): void {
  const missing = n.log.filter((ch) => ch.seq > (req.have[ch.origin] ?? 0)).slice(0, c.maxBatch);
  if (missing.length > 0)
    c.ctx.send(n.id, peer, { type: 'change', kind: 'replicate', changes: missing } satisfies ChangeMsg);
}

function ready(c: MlCluster, n: MlNode, ch: Change): boolean {
  if (ch.seq !== (n.applied[ch.origin] ?? 0) + 1) return false;
  // Operation-based data types need causal delivery to converge: a removal must not overtake the addition it
  // observed.
  if (!c.config.causalDelivery && c.crdtType(ch.key) === null) return true;
  for (const [origin, seq] of Object.entries(ch.deps))
    if (origin !== ch.origin && (n.applied[origin] ?? 0) < seq) return false;
  return true;
}

export function receive(c: MlCluster, n: MlNode, ch: Change, from: NodeId): void {
  if (ch.seq <= (n.applied[ch.origin] ?? 0)) return; // seen before: never applied twice, never forwarded again
  if (!ready(c, n, ch)) {
    if (!n.pending.some((p) => p.origin === ch.origin && p.seq === ch.seq)) n.pending.push(ch);
    return;
  }
  apply(c, n, ch, from);
  // Applying one change may make buffered ones ready.
  for (let progress = true; progress; ) {
    progress = false;
    for (const p of n.pending) {
      if (p.seq <= (n.applied[p.origin] ?? 0)) continue;
      if (ready(c, n, p)) {
        apply(c, n, p, from);
        progress = true;
      }
    }
    n.pending = n.pending.filter((p) => p.seq > (n.applied[p.origin] ?? 0));
  }
}

/** Applies a change to the node's cell, logs it, and pushes it along the topology. */
export function apply(c: MlCluster, n: MlNode, ch: Change, from: NodeId | null): void {
  n.applied = { ...n.applied, [ch.origin]: ch.seq };
  n.log.push(ch);
  applyToCell(c, n, ch);
  for (const t of c.pushTargets(n, ch, from))
    c.ctx.send(n.id, t, { type: 'change', kind: 'replicate', changes: [ch] } satisfies ChangeMsg);
}
