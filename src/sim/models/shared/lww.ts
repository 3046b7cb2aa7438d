/**
 * Last-write-wins: the one order every model that resolves by timestamp uses. The later timestamp wins; equal
 * timestamps are broken by the writer's node id, then by its sequence number, so every replica picks the same
 * winner whatever the order versions arrive in.
 */
import type { NodeId } from '../../types.ts';

export interface Stamped {
  /** The writer's clock at the write, in µs (clock skew included). */
  readonly ts: number;
  /** The node that accepted the write. */
  readonly origin: NodeId;
  /** That node's sequence number for the write. */
  readonly seq: number;
}

/** True when `a` wins over `b` under last-write-wins. */
export function lwwAfter(a: Stamped, b: Stamped): boolean {
  if (a.ts !== b.ts) return a.ts > b.ts;
  if (a.origin !== b.origin) return a.origin > b.origin;
  return a.seq > b.seq;
}

/** A timestamp for explanations: "41.250 ms". */
export function stampText(ts: number): string {
  return `${(ts / 1000).toFixed(3)} ms`;
}
