/**
 * The per-key and per-client records the checkers share (src/sim/oracle/records.ts): one record per key and per
 * client and key, whichever checker asks first, found again by any operation of them; keys numbered in the order
 * they are first met; plain data, so a checkpoint's copy goes on as the original.
 */
import { describe, expect, it } from 'vitest';
import { cloneState } from '../../../src/sim/engine/clone.ts';
import { blankVector, type VersionVector } from '../../../src/sim/models/shared/versionVector.ts';
import { type ReadFinding, ReadJudge } from '../../../src/sim/oracle/reads.ts';
import { Records, slot } from '../../../src/sim/oracle/records.ts';
import type { Operation } from '../../../src/sim/types.ts';
import { op } from '../../support/history.ts';

describe('Records', () => {
  it('gives every operation of a key the same record, numbered in the order keys are met', () => {
    const records = new Records();
    const a = op(1, 'a', 'write', 'x', 'v', 0, 1);
    const b = op(2, 'b', 'read', 'y', null, 0, 1);
    const c = op(3, 'c', 'read', 'x', 'v', 2, 3);
    const x = records.keyOf(a);
    expect(records.keyOf(a)).toBe(x);
    expect(records.keyOf(b)).not.toBe(x);
    expect(records.keyOf(c)).toBe(x);
    expect(records.key('x')).toBe(x);
    expect([x.index, records.keyOf(b).index]).toEqual([0, 1]);
    expect(x).toMatchObject({ key: 'x', version: 0, acked: [], register: undefined });
  });

  it("finds a recent operation's key record again, two operations with one id (or sharing a slot) apart", () => {
    const records = new Records();
    // Ids 7, 263 and 519 share a slot of the recent operations' cache; the two 7s are different operations.
    const ops = [
      op(7, 'a', 'write', 'x', 'v', 0, 1),
      op(7, 'b', 'read', 'y', null, 0, 1),
      op(263, 'c', 'read', 'z', null, 0, 1),
      op(519, 'a', 'write', 'x', 'w', 0, 1),
      op(8, 'd', 'write', 'y', 'u', 0, 1),
    ];
    for (let round = 0; round < 3; round++)
      for (const o of [...ops, ...ops.slice().reverse()]) expect(records.keyOf(o)).toBe(records.key(o.key));
    expect(records.keyOf(ops[0] as Operation).key).toBe('x');
    expect(records.keyOf(ops[1] as Operation).key).toBe('y');
  });

  it('gives a client one record per key, shared whichever way it is asked for', () => {
    const records = new Records();
    const w = op(1, 'a', 'write', 'x', 'v', 0, 1);
    const r = op(2, 'a', 'read', 'x', 'v', 2, 3);
    const other = op(3, 'b', 'read', 'x', 'v', 2, 3);
    const y = op(4, 'a', 'read', 'y', null, 2, 3);
    const mine = records.clientKeyOf(w);
    mine.lastWrite = w;
    expect(records.clientKeyOf(r)).toBe(mine);
    expect(records.clientKeyAt(r, records.keyOf(r))).toBe(mine);
    expect(records.clientKeyOf(other)).not.toBe(mine);
    expect(records.clientKeyOf(other).lastWrite).toBeUndefined();
    expect(records.clientKeyOf(y)).not.toBe(mine);
    // The client's record holds them by key number.
    const client = records.clientOf(r);
    expect(client.keys[records.key('x').index]).toBe(mine);
    expect(slot(client, records.key('y').index)).toBe(records.clientKeyOf(y));
  });

  it('fills the holes below a key number, so a client meeting a late key first keeps a packed list', () => {
    const records = new Records();
    for (let i = 0; i < 5; i++) records.key(`k${i}`);
    const r = op(1, 'a', 'read', 'k4', null, 0, 1);
    records.clientKeyOf(r);
    const keys = records.clientOf(r).keys;
    expect(keys.length).toBe(5);
    expect(Object.keys(keys)).toEqual(['0', '1', '2', '3', '4']);
    expect(keys.slice(0, 4)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('numbers nodes in the order they are met', () => {
    const records = new Records();
    expect([records.nodeIndex('n2'), records.nodeIndex('n1'), records.nodeIndex('n2')]).toEqual([0, 1, 0]);
  });

  it('is plain data: a copy answers as the original, and apart from it', () => {
    const records = new Records();
    const w = op(1, 'a', 'write', 'x', 'v', 0, 1);
    records.keyOf(w).acked.push(w);
    records.clientKeyOf(w).lastWrite = w;
    const copy = cloneState(records);
    const r = op(2, 'a', 'read', 'x', 'v', 2, 3);
    expect(copy.keyOf(r).acked.map((o) => o.id)).toEqual([1]);
    expect(copy.clientKeyOf(r).lastWrite?.id).toBe(1);
    copy.keyOf(r).version = 9;
    expect(records.keyOf(r).version).toBe(0);
  });
});

describe('ReadJudge on causal contexts by node number', () => {
  /** Feeds operations to a judge in event order (invocations and completions by their positions). */
  function judge(ops: Operation[]): Map<number, ReadFinding> {
    const events = ops.flatMap((o) => [
      { seq: o.invokeSeq, o, done: false },
      { seq: o.completeSeq as number, o, done: true },
    ]);
    events.sort((a, b) => a.seq - b.seq);
    const j = new ReadJudge();
    const found = new Map<number, ReadFinding>();
    for (const e of events) {
      if (!e.done) j.invoked(e.o);
      else {
        const f = j.completed(e.o, ops);
        if (f) found.set(e.o.id, f);
      }
    }
    return found;
  }
  const vv = (entries: Record<string, number>): VersionVector => Object.assign(blankVector(), entries);

  it('merges concurrent contexts naming different nodes, and finds a later read below the merge', () => {
    const found = judge([
      op(1, 'a', 'read', 'x', 'p', 0, 1, { context: vv({ n1: 1 }) }),
      op(2, 'b', 'read', 'x', 'q', 0, 2, { context: vv({ n2: 1 }) }),
      // Begun after both returned: it shows n1's but not n2's.
      op(3, 'c', 'read', 'x', 'p', 3, 4, { context: vv({ n1: 1 }) }),
      // A context with a node met first here, ahead on it, behind on n2: concurrent, not below.
      op(4, 'd', 'read', 'x', 'r', 5, 6, { context: vv({ n3: 4, n1: 1 }) }),
    ]);
    expect(found.get(3)?.newerReadBefore).toBe(2);
    expect(found.has(1) || found.has(2) || found.has(4)).toBe(false);
  });

  it('finds a read whose context misses an acknowledged dot, a node absent from it counting as 0', () => {
    const found = judge([
      op(1, 'a', 'write', 'x', 'v', 0, 1, { dot: { node: 'n2', n: 2 } }),
      op(2, 'b', 'read', 'x', 'u', 2, 3, { context: vv({ n1: 5 }) }),
      op(3, 'c', 'read', 'x', 'u', 2, 3, { context: vv({ n1: 5, n2: 1 }) }),
      op(4, 'd', 'read', 'x', 'v', 2, 3, { context: vv({ n2: 2 }) }),
    ]);
    expect(found.get(2)?.stale).toBeDefined();
    expect(found.get(3)?.stale).toBeDefined();
    expect(found.get(4)?.stale).toBeUndefined();
  });
});
