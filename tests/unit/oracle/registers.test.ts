/**
 * Linearizability key by key, incrementally (src/sim/oracle/registers.ts): the window a violation is found in,
 * worded; what the register checker is given of a history; the verdict in words.
 */
import { describe, expect, it } from 'vitest';
import {
  describeVerdict,
  notLinearizable,
  Registers,
  registerOps,
} from '../../../src/sim/oracle/registers.ts';
import type { Operation } from '../../../src/sim/types.ts';
import { op } from '../../support/history.ts';

/** Files each operation as the oracle does (invoked, then completed if it did) and checks. */
function checked(history: readonly Operation[], nowUs: number, registers = new Registers()) {
  for (const o of history) registers.invoked(o);
  for (const o of history) if (o.status !== 'pending') registers.completed(o);
  return registers.check({}, nowUs);
}

describe('registers', () => {
  it('a read of the old value after a write completed: not linearizable, the window named in words', () => {
    const history = [
      op(1, 'a', 'write', 'k', 'v', 0, 10, { node: 'db1' }),
      op(2, 'b', 'read', 'k', null, 20, 30),
    ];
    const verdict = checked(history, 30_000);
    expect(verdict).toEqual({ result: 'not-linearizable', key: 'k', ops: [1, 2] });
    expect(notLinearizable(verdict, (id) => history[id - 1])).toEqual({
      kind: 'not-linearizable',
      explanation:
        'the operations on k cannot be ordered as one register: w1 write "v" [0.0 ms, 10.0 ms], r2 read nothing [20.0 ms, 30.0 ms]',
      ops: [1, 2],
      nodes: ['db1', 'n1'],
      atUs: 30_000,
    });
    expect(describeVerdict(verdict, history)).toBe('not linearizable: w1, r2 on k');
  });

  it('is clean for overlapping operations, and says so', () => {
    const history = [op(1, 'a', 'write', 'k', 'v', 0, 25), op(2, 'b', 'read', 'k', null, 20, 30)];
    const verdict = checked(history, 30_000);
    expect(verdict).toEqual({ result: 'linearizable' });
    expect(notLinearizable(verdict, (id) => history[id - 1])).toBeNull();
    expect(describeVerdict(verdict, history)).toBe('linearizable');
  });

  it('a key found not linearizable stays so as the history grows', () => {
    const history = [op(1, 'a', 'write', 'k', 'v', 0, 10), op(2, 'b', 'read', 'k', null, 20, 30)];
    const registers = new Registers();
    checked(history, 30_000, registers);
    const more = [op(3, 'a', 'write', 'k', null, 40, 50), op(4, 'b', 'read', 'k', null, 60, 70)];
    expect(checked(more, 70_000, registers)).toEqual({ result: 'not-linearizable', key: 'k', ops: [1, 2] });
  });

  it('answers unknown when the budget runs out, naming the key', () => {
    const history = Array.from({ length: 12 }, (_, i) =>
      op(i + 1, `c${i % 3}`, i % 2 === 0 ? 'write' : 'read', 'k', `v${i - (i % 2)}`, i * 10, i * 10 + 5),
    );
    const registers = new Registers();
    for (const o of history) registers.invoked(o);
    for (const o of history) registers.completed(o);
    const verdict = registers.check({ maxSteps: 5 }, 200_000);
    expect(verdict).toMatchObject({ result: 'unknown', key: 'k' });
    expect(describeVerdict(verdict, history)).toMatch(/^unknown: budget ran out \(on k, after \d+ steps\)$/);
  });

  it('gives the register checker what took effect: failed operations, unknown ids and sibling reads left out', () => {
    const history = [
      op(1, 'a', 'write', 'k', 'v', 0, 10),
      op(2, 'a', 'write', 'k', 'w', 0, 10, { status: 'fail' }),
      op(3, 'a', 'write', 'k', 'x', 0, null),
      op(4, 'a', 'write', 'id', '7', 0, 10, { autoIncrement: true }),
      op(5, 'b', 'read', 'k', 'v | x', 20, 30, { siblings: ['v', 'x'] }),
      op(6, 'b', 'read', 'k', null, 20, 30, { status: 'fail' }),
      op(7, 'b', 'read', 'k', 'v', 20, 30),
      op(8, 'a', 'write', 'id', null, 20, null, { autoIncrement: true }),
      op(9, 'a', 'write', 'id', null, 20, 30, { autoIncrement: true, status: 'info' }),
      op(10, 'a', 'write', 'id', null, 20, 30, { autoIncrement: true, status: 'fail' }),
    ];
    // An auto-increment write that completed ok wrote the id it was given; one pending or indeterminate wrote an
    // id no one knows (registers.ts stops checking the key's reads at it), one failed wrote nothing.
    expect(registerOps(history).map((o) => [o.id, o.f, o.value, o.completeUs])).toEqual([
      [1, 'write', 'v', 10_000],
      [3, 'write', 'x', null],
      [4, 'write', '7', 10_000],
      [7, 'read', 'v', 30_000],
    ]);
  });
});
