import { describe, expect, it } from 'vitest';
import { plainConflict } from '../../src/sim/engine/conflictLog.ts';
import type { Version } from '../../src/sim/models/multi-leader/cluster.ts';
import { LwwConflict, LwwDiscard, MlDiscards } from '../../src/sim/models/multi-leader/records.ts';
import { MAX_DISCARDED } from '../../src/sim/models/shared/discarded.ts';
import { stampText } from '../../src/sim/models/shared/lww.ts';

function version(value: string, origin: string, seq: number, ts: number): Version {
  return { value, vv: [seq], ts, origin, originIx: 0, seq, opId: seq * 10 };
}

/** The reason as the record worded it when it kept the two versions themselves. */
function reasonFrom(loser: Version, winner: Version, loserIsLater: boolean): string {
  return loserIsLater
    ? `last-write-wins discarded this causally later write: its timestamp (${stampText(loser.ts)} by ${loser.origin}'s clock, which runs behind ${winner.origin}'s) is older than that of ${JSON.stringify(winner.value)} from ${winner.origin} (${stampText(winner.ts)})`
    : `last-write-wins kept the concurrent write ${JSON.stringify(winner.value)} from ${winner.origin} (timestamp ${stampText(winner.ts)} > ${stampText(loser.ts)})`;
}

describe('LwwDiscard', () => {
  const loser = version('say "hi"', 'eu', 7, 41_250);
  const winner = version('bye\n', 'us', 3, 52_001);

  it('words its reason as from the versions, for a concurrent and a causally later loser', () => {
    for (const later of [false, true]) {
      const d = new LwwDiscard('n2', 1234, loser, winner, later);
      expect(d.reason).toBe(reasonFrom(loser, winner, later));
      expect(d.node).toBe('n2');
      expect(d.atUs).toBe(1234);
    }
  });

  it("reads its cause and the loser's dot", () => {
    const d = new LwwDiscard('n2', 1234, loser, winner, false);
    expect(d.cause).toBe('resolution');
    expect(d.dot).toEqual({ origin: 'eu', seq: 7 });
  });

  it('keeps no version: the versions it was made from can be let go', () => {
    const d = new LwwDiscard('n2', 1234, loser, winner, false);
    for (const value of Object.values(d)) expect(value === loser || value === winner).toBe(false);
  });
});

describe('LwwConflict', () => {
  const loser = version('say "hi"', 'eu', 7, 41_250);
  const winner = version('bye\n', 'us', 3, 52_001);

  it('reads as the plain conflict it stands for, its resolution from the class rather than a field of its own', () => {
    const c = new LwwConflict('k', 'n2', 1234, loser, winner);
    expect(plainConflict(c)).toEqual({
      key: 'k',
      node: 'n2',
      atUs: 1234,
      versions: [
        { value: 'say "hi"', origin: 'eu', opId: 70 },
        { value: 'bye\n', origin: 'us', opId: 30 },
      ],
      resolution: 'lww',
      outcome: 'n2 kept "bye\\n" from us (latest timestamp) and dropped "say \\"hi\\""',
    });
    expect(Object.keys(c)).toEqual(['key', 'node', 'atUs', 'loser', 'winner']);
  });
});

describe('MlDiscards', () => {
  /** The i-th drop's versions: distinct values, origins, sequence numbers and timestamps (fractional, and large). */
  const loserOf = (i: number) => version(`lost ${i}`, `o${i % 7}`, i, 2 ** 40 + i + 0.25);
  const winnerOf = (i: number) => version(`won ${i}`, `w${i % 5}`, i + 1, 1_000 + i * 0.5);

  it('makes, when asked, the record it would have kept, the same object at every asking', () => {
    const d = new MlDiscards();
    for (let i = 0; i < 300; i++)
      d.rememberLww(10 * i, `n${i % 3}`, 5 * i, loserOf(i), winnerOf(i), i % 2 === 0);
    for (const i of [0, 1, 150, 299]) {
      const record = d.get(10 * i);
      expect(record).toStrictEqual(new LwwDiscard(`n${i % 3}`, 5 * i, loserOf(i), winnerOf(i), i % 2 === 0));
      expect(d.get(10 * i)).toBe(record);
    }
    expect(d.get(11)).toBeUndefined();
    expect(d.size).toBe(300);
  });

  it('keeps a disk loss record as the object it was given, beside the drops', () => {
    const d = new MlDiscards();
    const disk = {
      node: 'n1',
      atUs: 7,
      reason: 'n1 lost its disk',
      dot: { origin: 'n1', seq: 3 },
      cause: 'disk',
    } as const;
    d.rememberLww(1, 'n2', 5, loserOf(1), winnerOf(1), false);
    d.remember(2, disk);
    d.rememberLww(3, 'n3', 9, loserOf(3), winnerOf(3), true);
    expect(d.get(2)).toBe(disk);
    expect(d.get(3)).toStrictEqual(new LwwDiscard('n3', 9, loserOf(3), winnerOf(3), true));
    expect(d.get(1)?.reason).toBe(new LwwDiscard('n2', 5, loserOf(1), winnerOf(1), false).reason);
  });

  it('forgets the oldest beyond the bound, a reused place holding the new drop only', () => {
    const d = new MlDiscards();
    const total = MAX_DISCARDED + 40;
    for (let i = 0; i < total; i++) {
      // Some records are made while their place is still theirs: a place reused must not return them.
      if (i % 97 === 5) d.get(i - 1);
      d.rememberLww(i, 'n1', i, loserOf(i), winnerOf(i), i % 3 === 0);
    }
    expect(d.size).toBe(MAX_DISCARDED);
    for (const i of [0, 39]) expect(d.get(i)).toBeUndefined();
    // Place 4 was made (i - 1 = 4) before 10,004 took it.
    for (const i of [40, 100, MAX_DISCARDED + 4, total - 1])
      expect(d.get(i)).toStrictEqual(new LwwDiscard('n1', i, loserOf(i), winnerOf(i), i % 3 === 0));
  });
});
