/**
 * Session guarantees (src/sim/oracle/sessions.ts) on hand-written histories: read your writes in every model,
 * monotonic writes and writes follow reads by log position in leader-follower; violating and clean.
 */
import { describe, expect, it } from 'vitest';
import { AckedWrites } from '../../../src/sim/oracle/acked.ts';
import type { Anomaly } from '../../../src/sim/oracle/anomaly.ts';
import { Sessions } from '../../../src/sim/oracle/sessions.ts';
import type { ModelName } from '../../../src/sim/scenarios/schema.ts';
import type { Operation } from '../../../src/sim/types.ts';
import { inCompletionOrder, op } from '../../support/history.ts';

/** Files a history with the session checker in completion order, as the oracle does; its sentences. */
function check(
  history: readonly Operation[],
  model: ModelName,
): [Anomaly['kind'], string, readonly number[]][] {
  const acked = new AckedWrites(model);
  const sessions = new Sessions(model, acked);
  const out: Anomaly[] = [];
  for (const o of inCompletionOrder(history)) {
    if (o.status !== 'ok') continue;
    if (o.f === 'write') acked.add(o);
    out.push(...sessions.file(o));
  }
  return out.map((a) => [a.kind, a.explanation, a.ops]);
}

describe('read your writes', () => {
  it('leader-follower: the client’s read of an older log position than its own acknowledged write', () => {
    const history = [
      op(1, 'alice', 'write', 'profile', 'v2', 0, 10, { version: 5 }),
      op(2, 'alice', 'read', 'profile', 'v1', 20, 25, { version: 4, node: 'f1' }),
    ];
    expect(check(history, 'leader-follower')).toEqual([
      [
        'read-your-writes',
        'alice\'s read r2 on f1 at 20.0 ms returned "v1", without its own write w1 ("v2") acknowledged at 10.0 ms',
        [2, 1],
      ],
    ]);
    (history[1] as Operation).version = 6;
    expect(check(history, 'leader-follower')).toEqual([]);
  });

  it('without a log: a read showing a write that ended before the client’s own began', () => {
    const history = [
      op(1, 'bob', 'write', 'post', 'v1', 0, 5),
      op(2, 'carol', 'write', 'post', 'v2', 10, 20),
      op(3, 'carol', 'read', 'post', 'v1', 30, 40, { node: 'kv1' }),
    ];
    expect(check(history, 'leaderless').map(([kind, , ops]) => [kind, ops])).toEqual([
      ['read-your-writes', [3, 2]],
    ]);
    // Her own value or siblings holding it are fine, and so is a read begun before her write was acknowledged.
    (history[2] as Operation).siblings = ['v1', 'v2'];
    expect(check(history, 'multi-leader')).toEqual([]);
    const early = [...history.slice(0, 2), op(3, 'carol', 'read', 'post', 'v1', 15, 40)];
    expect(check(early, 'leaderless')).toEqual([]);
  });

  it('another client’s reads owe nothing to her writes', () => {
    const history = [
      op(1, 'alice', 'write', 'k', 'new', 0, 10, { version: 2 }),
      op(2, 'bob', 'read', 'k', 'old', 20, 30, { version: 1 }),
    ];
    expect(check(history, 'leader-follower')).toEqual([]);
  });
});

describe('monotonic writes and writes follow reads (leader-follower)', () => {
  it('a write ordered before the client’s earlier write, or before the version its read had seen', () => {
    const history = [
      op(1, 'bob', 'write', 'k', 'first', 0, 10, { version: 7 }),
      op(2, 'bob', 'read', 'k', 'seen', 20, 25, { version: 9 }),
      op(3, 'bob', 'write', 'k', 'second', 30, 40, { version: 3 }),
    ];
    expect(check(history, 'leader-follower')).toEqual([
      [
        'monotonic-writes',
        'bob\'s write w3 ("second") was ordered before its earlier write w1 ("first")',
        [3, 1],
      ],
      [
        'writes-follow-reads',
        'bob\'s write w3 ("second") was ordered before the version its read r2 had seen ("seen")',
        [3, 2],
      ],
    ]);
    (history[2] as Operation).version = 10;
    expect(check(history, 'leader-follower')).toEqual([]);
  });

  it('is not judged for writes that overlapped, nor without a single log', () => {
    const overlapping = [
      op(1, 'bob', 'write', 'k', 'first', 0, 30, { version: 7 }),
      op(2, 'bob', 'write', 'k', 'second', 20, 40, { version: 3 }),
    ];
    expect(check(overlapping, 'leader-follower')).toEqual([]);
    const reordered = [
      op(1, 'bob', 'write', 'k', 'first', 0, 10, { version: 7 }),
      op(2, 'bob', 'write', 'k', 'second', 20, 30, { version: 3 }),
    ];
    expect(check(reordered, 'multi-leader')).toEqual([]);
  });
});
