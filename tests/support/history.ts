/**
 * Hand-written histories for the checkers' tests: operations as the clients record them (plain data, no
 * verdicts), and a run with no replica state of interest to hand the oracle.
 */
import type { OracleSource } from '../../src/sim/oracle/oracle.ts';
import type { ModelName } from '../../src/sim/scenarios/schema.ts';
import type { Operation } from '../../src/sim/types.ts';

/**
 * An operation completed ok unless told otherwise. Its places in the event order follow its times, invocations
 * before completions at one instant; pass `invokeSeq` / `completeSeq` in `extra` to order an instant otherwise.
 */
export function op(
  id: number,
  client: string,
  f: 'read' | 'write',
  key: string,
  value: string | null,
  invokeMs: number,
  completeMs: number | null,
  extra: Partial<Operation> = {},
): Operation {
  return {
    id,
    client,
    f,
    key,
    value,
    invokeUs: invokeMs * 1000,
    completeUs: completeMs === null ? null : completeMs * 1000,
    invokeSeq: invokeMs * 2000,
    completeSeq: completeMs === null ? null : completeMs * 2000 + 1,
    status: completeMs === null ? 'pending' : 'ok',
    node: 'n1',
    version: 0,
    manual: true,
    ...extra,
  };
}

/** A run with no replica state of interest: only its history and model. */
export function source(history: Operation[], model: ModelName = 'multi-leader'): OracleSource {
  return {
    clients: { history },
    scenario: { model },
    nowUs: Math.max(0, ...history.map((o) => o.completeUs ?? o.invokeUs)),
    nodes: ['n1', 'n2'],
    conflicts: () => [],
    divergentKeys: () => [],
    network: { isUp: () => true },
    quiescent: () => true,
    lostWrites: () => [],
    nodeViews: () => [],
  };
}

/** The completed operations in the order the oracle files them: by completion time, then id. */
export function inCompletionOrder(history: readonly Operation[]): Operation[] {
  return history
    .filter((o) => o.status !== 'pending')
    .sort((a, b) => (a.completeUs ?? a.invokeUs) - (b.completeUs ?? b.invokeUs) || a.id - b.id);
}
