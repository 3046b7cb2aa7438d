/**
 * The multi-leader's last-write-wins records (records.ts) word what they hold when read: the fields a record no
 * longer keeps (its resolution, a discard's dot and cause) read as they did, and survive a checkpoint's copy.
 */
import { describe, expect, it } from 'vitest';
import { cloneState } from '../../src/sim/engine/clone.ts';
import { plainConflict } from '../../src/sim/engine/conflictLog.ts';
import type { Version } from '../../src/sim/models/multi-leader/cluster.ts';
import { LwwConflict, LwwDiscard } from '../../src/sim/models/multi-leader/records.ts';

const version = (value: string, origin: string, seq: number, ts: number, opId: number): Version => ({
  value,
  vv: [seq],
  ts,
  origin,
  seq,
  opId,
});

describe('multi-leader last-write-wins records', () => {
  const loser = version('x', 'eu', 3, 100, 7);
  const winner = version('y', 'us', 5, 200, 9);

  it('a conflict reads as last-write-wins, as plain data too', () => {
    const c = new LwwConflict('k', 'n1', 42, loser, winner);
    expect(c.resolution).toBe('lww');
    expect(plainConflict(c)).toEqual({
      key: 'k',
      node: 'n1',
      atUs: 42,
      versions: [
        { value: 'x', origin: 'eu', opId: 7 },
        { value: 'y', origin: 'us', opId: 9 },
      ],
      resolution: 'lww',
      outcome: 'n1 kept "y" from us (latest timestamp) and dropped "x"',
    });
  });

  it("a discard names the dropped version's dot and its cause, after a checkpoint's copy too", () => {
    const d = new LwwDiscard('n1', 42, loser, winner, false);
    for (const r of [d, cloneState(d)]) {
      expect(r.dot).toEqual({ origin: 'eu', seq: 3 });
      expect(r.cause).toBe('resolution');
      expect(r.node).toBe('n1');
      expect(r.atUs).toBe(42);
      expect(r.reason).toContain('kept the concurrent write "y" from us');
    }
  });
});
