/**
 * Duplicate auto-increment ids (DDIA 5, "Leader failure: Failover"): a promoted follower whose counter lagged
 * hands out again ids the old leader had already handed out. Judged in the order the writes were acknowledged
 * (`completeSeq`): the first write acknowledged with an id owns it, and every later one with the same id of the
 * same key is a duplicate of it.
 */
import type { Operation } from '../types.ts';
import { type Anomaly, doneAt, ms, name, opById, servedBy } from './anomaly.ts';
import { BoundedMap, CHECKER_MEMORY } from './bounded.ts';

export class IdJudge {
  /** Ids handed out per key, with the write that received each first. */
  private readonly issued = new Map<string, BoundedMap<string, number>>();

  /** An operation completed: returns the write that was handed the same id first, for a duplicate. */
  completed(op: Operation): number | undefined {
    if (op.f !== 'write' || !op.autoIncrement || op.status !== 'ok' || op.value === null) return undefined;
    const ids = this.issued.get(op.key) ?? new BoundedMap<string, number>(CHECKER_MEMORY);
    this.issued.set(op.key, ids);
    const earlier = ids.get(op.value);
    if (earlier === undefined) ids.set(op.value, op.id);
    return earlier;
  }
}

export function duplicateId(op: Operation, firstId: number, history: readonly Operation[]): Anomaly {
  const first = opById(history, firstId);
  return {
    kind: 'duplicate-id',
    // Both times are acknowledgements: the first owner is the first acknowledged (a write invoked before it may
    // be handed the same id after it, as in ml-auto-increment-ids, where an invocation time read "w2 at 12.0 ms
    // ... already given to w1 at 16.4 ms").
    explanation: `write ${name(op)} on ${op.node} was handed id ${op.value} at ${ms(doneAt(op))}, already given to ${first ? name(first) : `op ${firstId}`} at ${ms(first?.completeUs ?? 0)}`,
    ops: [op.id, firstId],
    nodes: servedBy(op),
    atUs: doneAt(op),
  };
}
