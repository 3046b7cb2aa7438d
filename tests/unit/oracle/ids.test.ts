/** Duplicate auto-increment ids (src/sim/oracle/ids.ts) on hand-written histories. */
import { describe, expect, it } from 'vitest';
import { IdJudge } from '../../../src/sim/oracle/ids.ts';
import { checkRun } from '../../../src/sim/oracle/oracle.ts';
import type { Operation } from '../../../src/sim/types.ts';
import { op, source } from '../../support/history.ts';

/** The duplicates a judge finds, feeding completions in the order they happened. */
function duplicates(history: readonly Operation[]): [number, number][] {
  const judge = new IdJudge();
  const out: [number, number][] = [];
  for (const o of [...history].sort((a, b) => (a.completeSeq ?? 0) - (b.completeSeq ?? 0))) {
    const first = judge.completed(o);
    if (first !== undefined) out.push([o.id, first]);
  }
  return out;
}

const id = (n: number, key: string, value: string, invokeMs: number, completeMs: number, extra = {}) =>
  op(n, 'shop', 'write', key, value, invokeMs, completeMs, { autoIncrement: true, ...extra });

describe('duplicate ids', () => {
  it('a write handed an id an earlier acknowledged write of the key was handed', () => {
    const history = [
      id(1, 'orders', '4', 0, 10, { node: 'db1' }),
      id(2, 'orders', '4', 20, 30, { node: 'db2' }),
    ];
    expect(duplicates(history)).toEqual([[2, 1]]);
    expect(
      checkRun(source(history, 'leader-follower')).anomalies.filter((a) => a.kind === 'duplicate-id'),
    ).toEqual([
      {
        kind: 'duplicate-id',
        explanation: 'write w2 on db2 was handed id 4 at 30.0 ms, already given to w1 at 10.0 ms',
        ops: [2, 1],
        nodes: ['db2'],
        atUs: 30_000,
      },
    ]);
  });

  it('the first acknowledged owns the id, whatever the ids of the operations', () => {
    const history = [id(1, 'orders', '4', 0, 30), id(2, 'orders', '4', 5, 10)];
    expect(duplicates(history)).toEqual([[1, 2]]);
  });

  it('is clean for distinct ids, the same id of another key, failed writes and plain writes', () => {
    const history = [
      id(1, 'orders', '4', 0, 10),
      id(2, 'orders', '5', 20, 30),
      id(3, 'invoices', '4', 40, 50),
      id(4, 'orders', '5', 60, 70, { status: 'fail' }),
      op(5, 'shop', 'write', 'orders', '4', 80, 90),
    ];
    expect(duplicates(history)).toEqual([]);
    expect(checkRun(source(history, 'leader-follower')).anomalies.map((a) => a.kind)).not.toContain(
      'duplicate-id',
    );
  });
});
