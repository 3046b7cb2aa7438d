/** The reply every model sends a client: one helper, so every model answers in the same shape. */

import type { NodeId } from '../../types.ts';
import type { ClientReply, ModelContext } from '../model.ts';

export type ReplyFields = Partial<Omit<ClientReply, 'type' | 'kind' | 'reqId'>> & { readonly ok: boolean };

export function replyToClient(
  ctx: ModelContext,
  from: NodeId,
  client: NodeId,
  reqId: number,
  fields: ReplyFields,
): void {
  ctx.send(from, client, { type: 'clientReply', kind: 'response', reqId, ...fields } satisfies ClientReply);
}
