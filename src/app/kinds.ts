/**
 * Message kinds as the views name and colour them. The colours themselves live in styles.css
 * (`--kind-<name>`), so the graph, the legend and the tables agree. The Record makes a new kind in the core a
 * compile error here until it has a label (and, in styles.css, a colour).
 */
import type { MessageKind } from '../sim/types.ts';

const KIND_LABELS: Record<MessageKind, string> = {
  request: 'client request',
  replicate: 'replicate',
  ack: 'acknowledgement',
  read: 'read',
  response: 'response',
  heartbeat: 'heartbeat',
  vote: 'election vote',
};

export const MESSAGE_KINDS: readonly { kind: MessageKind; label: string }[] = (
  Object.keys(KIND_LABELS) as MessageKind[]
).map((kind) => ({ kind, label: KIND_LABELS[kind] }));
