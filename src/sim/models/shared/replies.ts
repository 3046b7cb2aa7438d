/**
 * The reply every model sends a client: one helper, so every model answers through the same door. The caller
 * builds the whole reply, `type`, `kind` and `reqId` first, then its own fields in the order it always gave
 * them (a trace sees the order): one object per reply, no fields object spread into another.
 */

import type { NodeId } from '../../types.ts';
import type { ClientReply, ModelContext } from '../model.ts';

export function replyToClient(ctx: ModelContext, from: NodeId, client: NodeId, reply: ClientReply): void {
  ctx.send(from, client, reply);
}
