/** Client requests at a leader-follower node: writes go to the leader, reads are served where they land. */
import type { Mutable, NodeId } from '../../types.ts';
import type { ClientRead, ClientReply, ClientWrite } from '../model.ts';
import { nextId } from '../shared/nextId.ts';
import { replyToClient } from '../shared/replies.ts';
import type { LfCluster, LfNode } from './cluster.ts';
import type { DataCell } from './log.ts';

export function onClientWrite(c: LfCluster, n: LfNode, client: NodeId, req: ClientWrite): void {
  if (n.role !== 'leader') {
    if (n.leaderId && n.leaderId !== n.id)
      replyToClient(c.ctx, n.id, client, {
        type: 'clientReply',
        kind: 'response',
        reqId: req.reqId,
        term: n.term,
        ok: false,
        error: `${n.id} is a follower`,
        redirect: n.leaderId,
      });
    else
      replyToClient(c.ctx, n.id, client, {
        type: 'clientReply',
        kind: 'response',
        reqId: req.reqId,
        term: n.term,
        ok: false,
        error: `${n.id} knows no leader (election in progress)`,
      });
    return;
  }
  // An auto-increment write takes the key's current number plus one, as the leader sees it.
  const value = req.autoIncrement ? nextId([n.data.get(req.key)?.value]) : req.value;
  c.acceptWrite(n, client, req.reqId, req.key, value);
}

export function onClientRead(c: LfCluster, n: LfNode, client: NodeId, req: ClientRead): void {
  if (c.reads === 'read-index') {
    readIndex(c, n, client, req);
    return;
  }
  // Read-your-writes: a replica that has not applied the client's last write sends it to the leader.
  if (req.minIndex !== undefined && n.applied < req.minIndex && n.role !== 'leader' && n.leaderId) {
    replyToClient(c.ctx, n.id, client, {
      type: 'clientReply',
      kind: 'response',
      reqId: req.reqId,
      term: n.term,
      ok: false,
      error: `${n.id} has applied #${n.applied}, behind the client's write #${req.minIndex}`,
      redirect: n.leaderId,
    });
    return;
  }
  replyRead(c, n, client, req.reqId, n.data.get(req.key));
}

/** A read answered with what `n` holds of its key (`cell`, none: nothing yet), served at once or once confirmed. */
export function replyRead(
  c: LfCluster,
  n: LfNode,
  client: NodeId,
  reqId: number,
  cell: DataCell | null | undefined,
): void {
  replyToClient(c.ctx, n.id, client, {
    type: 'clientReply',
    kind: 'response',
    reqId,
    term: n.term,
    ok: true,
    value: cell?.value ?? null,
    version: cell?.index ?? 0,
  });
}

/**
 * Read-index (Raft section 6.4): the leader answers with its committed state once a majority has confirmed,
 * after the read arrived, that it still leads; a follower hands the read to its leader.
 */
function readIndex(c: LfCluster, n: LfNode, client: NodeId, req: ClientRead): void {
  if (n.role === 'leader') {
    c.acceptRead(n, client, req.reqId, req.key);
    return;
  }
  const reply: Mutable<ClientReply> = {
    type: 'clientReply',
    kind: 'response',
    reqId: req.reqId,
    term: n.term,
    ok: false,
    error: n.leaderId ? `${n.id} hands linearizable reads to the leader` : `${n.id} knows no leader`,
  };
  if (n.leaderId && n.leaderId !== n.id) reply.redirect = n.leaderId;
  replyToClient(c.ctx, n.id, client, reply);
}
