/**
 * Client replies go through one door (src/sim/models/shared/replies.ts) and are built whole by the models: the
 * reply sent is the object the model built (no copy), with its fields in the order the replies always had.
 */
import { describe, expect, it } from 'vitest';
import type { ClientReply, ModelContext } from '../../src/sim/models/model.ts';
import { onClientWrite } from '../../src/sim/models/multi-leader/clients.ts';
import type { MlCluster, MlNode } from '../../src/sim/models/multi-leader/cluster.ts';
import { replyToClient } from '../../src/sim/models/shared/replies.ts';

function recorder() {
  const sent: { from: string; to: string; body: unknown }[] = [];
  const ctx = { send: (from: string, to: string, body: unknown) => sent.push({ from, to, body }) };
  return { sent, ctx: ctx as unknown as ModelContext };
}

describe('client replies', () => {
  it('sends the reply it is given, as it is', () => {
    const { sent, ctx } = recorder();
    const reply: ClientReply = {
      type: 'clientReply',
      kind: 'response',
      reqId: 7,
      ok: true,
      value: 'x',
      version: 0,
    };
    replyToClient(ctx, 'n1', 'c1', reply);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.from).toBe('n1');
    expect(sent[0]?.to).toBe('c1');
    expect(sent[0]?.body).toBe(reply);
  });

  it('a multi-leader follower redirects a write with the fields in their order', () => {
    const { sent, ctx } = recorder();
    const c = { ctx } as unknown as MlCluster;
    const follower = { id: 'f1', leader: false, upstream: 'l1' } as unknown as MlNode;
    onClientWrite(c, follower, 'c1', {
      type: 'clientWrite',
      kind: 'request',
      reqId: 3,
      key: 'k',
      value: 'v',
    });
    const body = sent[0]?.body as ClientReply;
    expect(Object.keys(body)).toEqual(['type', 'kind', 'reqId', 'ok', 'error', 'redirect']);
    expect(body).toEqual({
      type: 'clientReply',
      kind: 'response',
      reqId: 3,
      ok: false,
      error: 'f1 is a follower',
      redirect: 'l1',
    });
  });
});
