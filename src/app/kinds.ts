/**
 * Message kinds as the views name and colour them. The colours themselves live in styles.css
 * (`--kind-<name>`), so the graph, the legend and the tables agree.
 */
import type { MessageKind } from '../sim/types.ts';

export const MESSAGE_KINDS: readonly { kind: MessageKind; label: string }[] = [
  { kind: 'request', label: 'client request' },
  { kind: 'replicate', label: 'replicate' },
  { kind: 'ack', label: 'acknowledgement' },
  { kind: 'read', label: 'read' },
  { kind: 'response', label: 'response' },
  { kind: 'heartbeat', label: 'heartbeat' },
  { kind: 'control', label: 'control' },
];
