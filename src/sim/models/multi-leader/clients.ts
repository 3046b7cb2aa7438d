/**
 * Client requests at a multi-leader node: a leader accepts a write (or forwards it to the key's owner under
 * key-range ownership); a follower redirects writes to its region's leader; every node serves reads.
 */
import type { Mutable, NodeId } from '../../types.ts';
import type { ClientRead, ClientReply, ClientWrite } from '../model.ts';
import { toNamed } from '../shared/denseVector.ts';
import { nextId } from '../shared/nextId.ts';
import { replyToClient } from '../shared/replies.ts';
import { EMPTY_VECTOR } from '../shared/versionVector.ts';
import type { MlCluster, MlNode } from './cluster.ts';
import type { Forward } from './messages.ts';
import { apply, localChange } from './replication.ts';

export function onClientWrite(
  c: MlCluster,
  n: MlNode,
  client: NodeId,
  req: ClientWrite,
  forwarded = false,
): void {
  if (!n.leader) {
    replyToClient(c.ctx, n.id, client, {
      type: 'clientReply',
      kind: 'response',
      reqId: req.reqId,
      ok: false,
      error: `${n.id} is a follower`,
      redirect: n.upstream ?? undefined,
    });
    return;
  }
  const owner = c.ownerOf(req.key);
  if (owner !== null && owner !== n.id && !forwarded) {
    c.ctx.send(n.id, owner, { type: 'forward', kind: 'request', client, write: req } satisfies Forward);
    return;
  }
  // An auto-increment write takes the next number as this leader sees the key (nextId.ts).
  const held = req.autoIncrement ? n.cells.get(req.key) : undefined;
  const value = req.autoIncrement ? nextId(held ? c.valuesOf(held) : []) : req.value;
  const ch = localChange(c, n, req.key, value, req.reqId, req.context);
  apply(c, n, ch, null);
  // Field by field, in the order the reply always had (one write, one reply).
  const reply: Mutable<ClientReply> = {
    type: 'clientReply',
    kind: 'response',
    reqId: req.reqId,
    ok: true,
    version: 0,
    value,
    // The write's dot: a later read whose context does not cover it missed an acknowledged write (stale).
    dot: { node: n.actor, n: ch.seq },
  };
  if (forwarded) reply.forwarded = true;
  replyToClient(c.ctx, n.id, client, reply);
}

export function onClientRead(c: MlCluster, n: MlNode, client: NodeId, req: ClientRead): void {
  const cell = n.cells.get(req.key);
  if (!cell) {
    // An empty context: the reader has seen no write of the key.
    replyToClient(c.ctx, n.id, client, {
      type: 'clientReply',
      kind: 'response',
      reqId: req.reqId,
      ok: true,
      value: null,
      version: 0,
      context: EMPTY_VECTOR,
    });
    return;
  }
  const values = c.valuesOf(cell);
  // The context leaves the model: in the named form the history, the oracle and exports read.
  cell.context ??= toNamed(c.actors, cell.vv);
  // Field by field, in the order the reply always had.
  const reply: Mutable<ClientReply> = {
    type: 'clientReply',
    kind: 'response',
    reqId: req.reqId,
    ok: true,
    value: values.join(' | '),
    version: 0,
  };
  if (values.length > 1) reply.siblings = values;
  reply.context = cell.context;
  replyToClient(c.ctx, n.id, client, reply);
}
