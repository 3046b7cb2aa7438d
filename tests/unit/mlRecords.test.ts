import { describe, expect, it } from 'vitest';
import { plainConflict } from '../../src/sim/engine/conflictLog.ts';
import type { Version } from '../../src/sim/models/multi-leader/cluster.ts';
import { LwwConflict, LwwDiscard } from '../../src/sim/models/multi-leader/records.ts';
import { stampText } from '../../src/sim/models/shared/lww.ts';

function version(value: string, origin: string, seq: number, ts: number): Version {
  return { value, vv: [seq], ts, origin, originIx: 0, seq, opId: seq * 10 };
}

/** The reason as the record worded it when it kept the two versions themselves. */
function reasonFrom(loser: Version, winner: Version, loserIsLater: boolean): string {
  return loserIsLater
    ? `last-write-wins discarded this causally later write: its timestamp (${stampText(loser.ts)}, ${loser.origin}'s skewed clock) is older than that of ${JSON.stringify(winner.value)} from ${winner.origin} (${stampText(winner.ts)})`
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
