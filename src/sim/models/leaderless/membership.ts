/**
 * Ring changes (Dynamo section 4.9; Cassandra's bootstrap and removenode). A node that joins takes tokens on the
 * ring; one that leaves gives them up. Keys whose preference list changes move: every node that gains keys asks
 * each peer for its versions of them (`moveFetch`, answered by `moveData`) and merges what comes back, asking
 * again every hand-off interval a peer that has not answered (it may be down or cut off).
 *
 * While keys move, the settled ring keeps serving: reads ask the old home replicas, so they still answer and see
 * every write acknowledged before the change; writes also go to the nodes gaining the key and need one more
 * acknowledgement per such node (coordination.ts, `writeTargets`), so each write is on W home replicas of the
 * ring both before and after the change. When every gaining node has heard from every peer, the new ring
 * becomes the settled one. Changes run one at a time, queued in the order asked.
 *
 * A node that leaves is a decommissioned machine (the engine has already taken it away): what only it held is
 * gone, as with a lost disk. With W of N acknowledgements that is never an acknowledged write while W > 1.
 */
import type { NodeId } from '../../types.ts';
import { type LlCluster, type LlNode, orderOn, type RingMove, ringOf } from './cluster.ts';
import { MOVE_RETRY, type MoveData, type MoveFetch } from './messages.ts';

/** Asks for a ring change: it starts now, or after the ones before it. */
export function requestMove(c: LlCluster, kind: 'join' | 'leave', node: NodeId): void {
  c.queuedMoves.push({ kind, node });
  if (!c.move) startNextMove(c);
}

function startNextMove(c: LlCluster): void {
  const next = c.queuedMoves.shift();
  if (!next) return;
  const members = new Set(c.ring.map((t) => t.node));
  if (next.kind === 'join') members.add(next.node);
  else members.delete(next.node);
  const ring = ringOf([...members].sort(), c.vnodes);
  const placement = new Map<string, NodeId[]>();
  const move: RingMove = {
    id: c.movesDone + 1,
    kind: next.kind,
    node: next.node,
    ring,
    awaiting: new Map(),
    preferenceList(key: string, n: number): NodeId[] {
      let order = placement.get(key);
      if (!order) {
        order = orderOn(ring, key);
        placement.set(key, order);
      }
      return order.slice(0, n);
    },
  };
  c.move = move;
  for (const fetcher of members) {
    const peers = new Set([...members, ...c.ring.map((t) => t.node)]);
    peers.delete(fetcher);
    peers.delete(next.kind === 'leave' ? next.node : '');
    move.awaiting.set(fetcher, peers);
    askPeers(c, fetcher);
  }
  maybeFinish(c);
}

/** The node asks every peer it still waits for, and asks again after the hand-off interval. */
function askPeers(c: LlCluster, fetcher: NodeId): void {
  const move = c.move;
  const waiting = move?.awaiting.get(fetcher);
  if (!move || !waiting || waiting.size === 0) return;
  for (const peer of waiting)
    c.ctx.send(fetcher, peer, { type: 'moveFetch', kind: 'read', move: move.id } satisfies MoveFetch);
  c.ctx.setTimer(fetcher, c.config.handoffIntervalMs * 1000, MOVE_RETRY);
}

/** The hand-off interval passed (or the node restarted): it asks again the peers that have not answered. */
export function onMoveRetry(c: LlCluster, n: LlNode): void {
  askPeers(c, n.id);
}

/** A peer sends the versions it holds of the keys the asker gains in the change. */
export function onMoveFetch(c: LlCluster, n: LlNode, from: NodeId, m: MoveFetch): void {
  const move = c.move;
  if (!move || move.id !== m.move) return;
  const items: { key: string; versions: MoveData['items'][number]['versions'] }[] = [];
  for (const [key, versions] of n.store) {
    if (versions.length === 0) continue;
    const gains =
      move.preferenceList(key, c.config.n).includes(from) && !c.preferenceList(key).includes(from);
    if (gains) items.push({ key, versions });
  }
  c.ctx.send(n.id, from, { type: 'moveData', kind: 'replicate', move: m.move, items } satisfies MoveData);
}

export function onMoveData(c: LlCluster, n: LlNode, from: NodeId, m: MoveData): void {
  const move = c.move;
  if (!move || move.id !== m.move) return;
  for (const item of m.items) c.mergeInto(n, n.store, item.key, item.versions);
  move.awaiting.get(n.id)?.delete(from);
  maybeFinish(c);
}

/** A node left: nobody waits for it any more, and it waits for nobody. */
export function forgetNode(c: LlCluster, node: NodeId): void {
  const move = c.move;
  if (!move) return;
  move.awaiting.delete(node);
  for (const waiting of move.awaiting.values()) waiting.delete(node);
  maybeFinish(c);
}

/** Every gaining node heard from every peer: the new ring is the settled one, and the next change starts. */
function maybeFinish(c: LlCluster): void {
  const move = c.move;
  if (!move) return;
  for (const waiting of move.awaiting.values()) if (waiting.size > 0) return;
  c.ring = [...move.ring];
  c.forgetPlacement();
  c.move = null;
  c.movesDone = move.id;
  if (move.kind === 'leave') c.nodes.delete(move.node);
  startNextMove(c);
}
