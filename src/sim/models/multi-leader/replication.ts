/**
 * How changes travel between multi-leader nodes: a node applies each origin's changes in sequence order and
 * exactly once (`applied[origin]`), buffers what arrives early (or, with causal delivery, before its
 * dependencies), pushes what it applies along the topology, and answers anti-entropy requests with what the
 * asker lacks.
 */
import type { NodeId } from '../../types.ts';
import { denseEntry, EMPTY_DENSE, fromNamed, mergeDense, withDenseEntry } from '../shared/denseVector.ts';
import type { VersionVector } from '../shared/versionVector.ts';
import { CHANGE_LOG_LIMITS, lacksTrimmed, logChange, missingChanges, trimLog } from './changeLog.ts';
import { advanceApplied, type MlCluster, type MlNode, shareApplied } from './cluster.ts';
import type { Change, ChangeMsg, StateTransfer, SyncRequest } from './messages.ts';
import { changeBytes, SYNC } from './messages.ts';
import { applyToCell } from './resolution.ts';
import { mergeState, stateOf } from './state.ts';

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
  const keyIx = c.keyIndex(key);
  // The node's cell by key index, as applying a change finds it: an array load where a probe of the Map by key was
  // 0.6% of the 5-leader bench's CPU profile.
  const cell = keyIx < n.cellAt.length ? n.cellAt[keyIx] : undefined;
  const originIx = c.actors.id(n.actor);
  // A client's context arrives in the named form (it left the model with a read): it takes the dense form here.
  const seen = context
    ? mergeDense(cell?.vv ?? EMPTY_DENSE, fromNamed(c.actors, context))
    : (cell?.vv ?? EMPTY_DENSE);
  const vv = withDenseEntry(seen, originIx, n.seq);
  const ts = c.ctx.clockUs(n.id);
  const deps = shareApplied(n);
  if (c.crdtType(key) === 'set' && op.startsWith('remove ')) {
    const removes = [...(cell?.set?.get(op.slice('remove '.length)) ?? [])];
    const bytes = changeBytes(c.actors, { origin: n.actor, key, op, vv, deps, removes });
    return {
      origin: n.actor,
      originIx,
      seq: n.seq,
      key,
      keyIx,
      op,
      value: op,
      vv,
      ts,
      deps,
      opId,
      removes,
      bytes,
    };
  }
  const bytes = changeBytes(c.actors, { origin: n.actor, key, op, vv, deps });
  return { origin: n.actor, originIx, seq: n.seq, key, keyIx, op, value: op, vv, ts, deps, opId, bytes };
}

/** The periodic anti-entropy request: "this is what I have applied", to the topology neighbours. */
export function onSyncTimer(c: MlCluster, n: MlNode): void {
  const peers = c.syncPeers(n);
  if (peers.length > 0) {
    // One body for every peer (a body is never changed once sent), so it is made and sized once. Vectors are never
    // changed once made either: the node's own applied vector can travel as it is.
    const req: SyncRequest = { type: 'sync', kind: 'heartbeat', have: shareApplied(n) };
    for (const peer of peers) c.ctx.send(n.id, peer, req);
  }
  c.ctx.setTimer(n.id, c.config.syncIntervalMs * 1000, SYNC);
}

/** Answers an anti-entropy request with the changes the asker lacks, oldest first, one batch at a time. */
export function onSync(c: MlCluster, n: MlNode, peer: NodeId, req: SyncRequest): void {
  n.log.haves.set(peer, req.have);
  // It asks for changes trimmed here: it gets the whole state instead (state.ts).
  if (lacksTrimmed(n.log, req.have)) {
    c.ctx.send(n.id, peer, stateOf(n));
    return;
  }
  const missing = missingChanges(n.log, req.have, c.maxBatch);
  if (missing.length > 0)
    c.ctx.send(n.id, peer, { type: 'change', kind: 'replicate', changes: missing } satisfies ChangeMsg);
}

/** A peer's state, sent because this node asked for changes the peer had trimmed. */
export function onState(c: MlCluster, n: MlNode, s: StateTransfer, from: NodeId): void {
  if (!mergeState(c, n, s)) return;
  dropSeen(n);
  drainPending(c, n, from);
}

function ready(c: MlCluster, n: MlNode, ch: Change): boolean {
  if (ch.seq !== denseEntry(n.applied, ch.originIx) + 1) return false;
  // Operation-based data types need causal delivery to converge: a removal must not overtake the addition it
  // observed.
  if (!c.config.causalDelivery && c.crdtType(ch.key) === null) return true;
  const deps = ch.deps;
  for (let i = 0; i < deps.length; i++)
    if (i !== ch.originIx && denseEntry(n.applied, i) < (deps[i] as number)) return false;
  return true;
}

/** Whether the node has applied the change already (never twice, and never forwarded again). */
function seen(n: MlNode, ch: Change): boolean {
  return ch.seq <= denseEntry(n.applied, ch.originIx);
}

/*
 * receive and drainPending run for every change a node is sent, and no function on that path holds a closure: a
 * closure that captures a parameter or a local (as `pending.some((p) => p.seq === ch.seq)` captures `ch`) makes V8
 * allocate a context object on every call of the function that declares it, whether or not the closure is ever
 * made. With the same rule in pushTargets (cluster.ts) and applyVersion (resolution.ts), the four-regions bench
 * allocates 288 bytes per event instead of 405, the 5-leader one 343 instead of 404 (sampling heap profile of 3
 * runs, collected objects included).
 */

export function receive(c: MlCluster, n: MlNode, ch: Change, from: NodeId): void {
  if (seen(n, ch)) return;
  if (!ready(c, n, ch)) {
    if (!holdsPending(n.pending, ch)) n.pending.push(ch);
    return;
  }
  apply(c, n, ch, from);
  if (n.pending.length > 0) drainPending(c, n, from);
}

/** Whether the buffer holds the change already (a duplicate, or one anti-entropy sent again). */
function holdsPending(pending: readonly Change[], ch: Change): boolean {
  for (let i = 0; i < pending.length; i++) {
    const p = pending[i] as Change;
    if (p.origin === ch.origin && p.seq === ch.seq) return true;
  }
  return false;
}

/** Applying one change may make buffered ones ready. */
function drainPending(c: MlCluster, n: MlNode, from: NodeId): void {
  if (n.pending.length === 0) return;
  for (let progress = true; progress; ) {
    progress = false;
    for (const p of n.pending) {
      if (seen(n, p)) continue;
      if (ready(c, n, p)) {
        apply(c, n, p, from);
        progress = true;
      }
    }
    dropSeen(n);
  }
}

/** The buffer without the changes the node has applied since they came, in a new list as before (the same order). */
function dropSeen(n: MlNode): void {
  const kept: Change[] = [];
  for (const p of n.pending) if (!seen(n, p)) kept.push(p);
  n.pending = kept;
}

/** Applies a change to the node's cell, logs it, and pushes it along the topology. */
export function apply(c: MlCluster, n: MlNode, ch: Change, from: NodeId | null): void {
  advanceApplied(n, ch.originIx, ch.seq);
  logChange(n.log, ch);
  // A log within `keep` is never trimmed (trimLog would return at once): its syncers are not worked out then, a
  // walk over every node of the cluster.
  if (n.log.applied % CHANGE_LOG_LIMITS.every === 0 && n.log.held > CHANGE_LOG_LIMITS.keep)
    trimLog(n.log, c.syncersOf(n));
  applyToCell(c, n, ch);
  const targets = c.pushTargets(n, ch, from);
  if (targets.length === 0) return;
  // One body for every target: a message body is never changed once sent (a duplicated message shares it too).
  const msg: ChangeMsg = { type: 'change', kind: 'replicate', changes: [ch] };
  for (const t of targets) c.ctx.send(n.id, t, msg);
}
