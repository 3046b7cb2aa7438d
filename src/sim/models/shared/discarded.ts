/**
 * Lost writes of the models that resolve conflicts by dropping versions (multi-leader and leaderless
 * last-write-wins): an acknowledged write a resolution discarded, once no replica holds it any more.
 */
import type { LostWrite, NodeId, Operation, TimeUs } from '../../types.ts';

/** Why and where a resolution discarded an acknowledged write. */
export interface Discarded {
  readonly node: NodeId;
  readonly atUs: TimeUs;
  readonly reason: string;
}

/** The acknowledged writes of `acked` that were discarded (`discarded`, by op id) and that no replica still holds. */
export function discardedWrites(
  acked: readonly Operation[],
  discarded: ReadonlyMap<number, Discarded>,
  stillHeld: (op: Operation) => boolean,
): LostWrite[] {
  if (discarded.size === 0) return [];
  const lost: LostWrite[] = [];
  for (const op of acked) {
    if (op.f !== 'write' || op.status !== 'ok') continue;
    const d = discarded.get(op.id);
    // Still held somewhere (a replica that has not heard of the winner yet)? Not lost yet.
    if (!d || stillHeld(op)) continue;
    lost.push({
      opId: op.id,
      client: op.client,
      key: op.key,
      value: op.value,
      ackedAtUs: op.completeUs ?? op.invokeUs,
      ackedBy: op.node ?? d.node,
      term: 0,
      index: 0,
      lostAtUs: d.atUs,
      lostOn: d.node,
      reason: d.reason,
    });
  }
  return lost;
}
