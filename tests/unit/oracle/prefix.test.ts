/**
 * Consistent prefix (src/sim/oracle/prefix.ts) on hand-written histories: Mr Poons asks, Mrs Cake reads the
 * question and answers, an observer reads the answer and then the question (DDIA 5, figure 5-5).
 */
import { describe, expect, it } from 'vitest';
import { AckedWrites } from '../../../src/sim/oracle/acked.ts';
import type { Anomaly } from '../../../src/sim/oracle/anomaly.ts';
import { ConsistentPrefix } from '../../../src/sim/oracle/prefix.ts';
import type { ModelName } from '../../../src/sim/scenarios/schema.ts';
import type { Operation } from '../../../src/sim/types.ts';
import { inCompletionOrder, op } from '../../support/history.ts';

function check(history: readonly Operation[], model: ModelName = 'multi-leader'): Anomaly[] {
  const acked = new AckedWrites(model);
  const prefix = new ConsistentPrefix(acked);
  const out: Anomaly[] = [];
  for (const o of inCompletionOrder(history)) {
    if (o.status !== 'ok') continue;
    if (o.f === 'write') acked.add(o);
    out.push(...prefix.file(o));
  }
  return out;
}

const conversation = (questionSeen: string | null) => [
  op(1, 'poons', 'write', 'q', 'how far?', 0, 10),
  op(2, 'cake', 'read', 'q', 'how far?', 20, 30),
  op(3, 'cake', 'write', 'a', 'ten seconds', 40, 50),
  op(4, 'observer', 'read', 'a', 'ten seconds', 60, 70),
  op(5, 'observer', 'read', 'q', questionSeen, 80, 90, { node: 'n2' }),
];

describe('consistent prefix', () => {
  it('an answer seen before its question, naming every read and write of the chain', () => {
    expect(check(conversation(null))).toEqual([
      {
        kind: 'consistent-prefix',
        explanation:
          'observer\'s read r5 on n2 at 80.0 ms returned nothing for q, though its read r4 at 60.0 ms had seen write w3 (a = "ten seconds"), which cake made after its read r2 saw write w1 ("how far?")',
        ops: [5, 4, 3, 2, 1],
        nodes: ['n2', 'n1'],
        atUs: 90_000,
      },
    ]);
  });

  it('is clean when the observer sees the question, or a newer write of it', () => {
    expect(check(conversation('how far?'))).toEqual([]);
    const newer = [...conversation('how near?'), op(6, 'poons', 'write', 'q', 'how near?', 12, 15)];
    expect(check(newer)).toEqual([]);
  });

  it('judges each obligation once, at the first read of the key begun after the read that created it', () => {
    // The observer's read of q overlapping its read of a owes nothing; the next one does, and only it.
    const history = [
      ...conversation(null).slice(0, 4),
      op(5, 'observer', 'read', 'q', null, 65, 75),
      op(6, 'observer', 'read', 'q', null, 80, 90),
      op(7, 'observer', 'read', 'q', null, 100, 110),
    ];
    expect(check(history).map((a) => a.ops[0])).toEqual([6]);
  });

  it('a write follows only what its client knew when it issued it', () => {
    const history = conversation(null);
    history[2] = op(3, 'cake', 'write', 'a', 'ten seconds', 25, 50);
    expect(check(history)).toEqual([]);
  });

  it('a write follows the entries of its client’s memory it knew of, of other keys, in memory order', () => {
    // Cake reads q1, writes b and a, reads q2 and writes a again: that write follows q1 and its own write of b,
    // not q2 (its read of q2 returned after the write began) nor its first write of a (the same key).
    const history = [
      op(1, 'poons', 'write', 'q1', 'one', 0, 10),
      op(2, 'poons', 'write', 'q2', 'two', 0, 10),
      op(3, 'cake', 'read', 'q1', 'one', 20, 30),
      op(4, 'cake', 'write', 'b', 'bee', 31, 33),
      op(5, 'cake', 'write', 'a', 'first', 34, 36),
      op(6, 'cake', 'read', 'q2', 'two', 37, 45),
      op(7, 'cake', 'write', 'a', 'second', 40, 50),
      op(8, 'observer', 'read', 'a', 'second', 60, 70),
      op(9, 'observer', 'read', 'q2', null, 80, 90),
      op(10, 'observer', 'read', 'b', null, 80, 90),
      op(11, 'observer', 'read', 'q1', null, 95, 99),
    ];
    expect(check(history).map((a) => a.ops)).toEqual([
      [10, 8, 7, 4],
      [11, 8, 7, 3, 1],
    ]);
  });

  it('leader-follower: reads are judged by log position', () => {
    const history = [
      op(1, 'poons', 'write', 'q', 'how far?', 0, 10, { version: 1 }),
      op(2, 'poons', 'write', 'p', 'P.S.', 20, 30, { version: 2 }),
      op(3, 'observer', 'read', 'p', 'P.S.', 40, 50, { version: 2 }),
      op(4, 'observer', 'read', 'q', 'older', 60, 70, { version: 0 }),
    ];
    expect(check(history, 'leader-follower').map((a) => a.ops)).toEqual([[4, 3, 2, 1]]);
    (history[3] as Operation).version = 3;
    expect(check(history, 'leader-follower')).toEqual([]);
  });
});
