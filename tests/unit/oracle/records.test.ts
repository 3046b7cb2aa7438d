/**
 * The per-key and per-client records the checkers share (src/sim/oracle/records.ts): one record per key and per
 * client and key, whichever checker asks first, found again by any operation of them; keys numbered in the order
 * they are first met; plain data, so a checkpoint's copy goes on as the original.
 */
import { describe, expect, it } from 'vitest';
import { cloneState } from '../../../src/sim/engine/clone.ts';
import { Records, slot } from '../../../src/sim/oracle/records.ts';
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
