/**
 * The read checkers (src/sim/oracle/reads.ts) on hand-written histories: each finding with a violating history
 * and a clean twin, judged by `ReadJudge` in the clients' event order, and worded, through the oracle, in the
 * exact sentences the page and the CLI show.
 */
import { describe, expect, it } from 'vitest';
import { type Anomaly, checkRun } from '../../../src/sim/oracle/oracle.ts';
import { type ReadFinding, ReadJudge } from '../../../src/sim/oracle/reads.ts';
import type { ModelName } from '../../../src/sim/scenarios/schema.ts';
import type { Operation } from '../../../src/sim/types.ts';
import { op, source } from '../../support/history.ts';

/** Replays a history's invocations and completions in event order through a judge: its findings by read. */
function judge(history: readonly Operation[]): Map<number, ReadFinding> {
  const events = history.flatMap((o) => [
    { seq: o.invokeSeq, o, done: false },
    ...(o.completeSeq === null ? [] : [{ seq: o.completeSeq, o, done: true }]),
  ]);
  events.sort((a, b) => a.seq - b.seq);
  const judgeOf = new ReadJudge();
  const found = new Map<number, ReadFinding>();
  for (const e of events) {
    if (!e.done) judgeOf.invoked(e.o);
    else {
      const finding = judgeOf.completed(e.o, history);
      if (finding) found.set(e.o.id, finding);
    }
  }
  return found;
}

const explained = (history: Operation[], model: ModelName, kind: Anomaly['kind']) =>
  checkRun(source(history, model))
    .anomalies.filter((a) => a.kind === kind)
    .map((a) => [a.explanation, a.ops]);

describe('stale reads', () => {
  it('leader-follower: a read of an older log position than a write acknowledged before it began', () => {
    const history = [
      op(1, 'teller', 'write', 'acct', '1000', 0, 10, { version: 3 }),
      op(2, 'auditor', 'read', 'acct', '900', 20, 25, { node: 'f1', version: 2 }),
    ];
    expect(judge(history).get(2)).toEqual({ stale: { expectedVersion: 3 } });
    expect(explained(history, 'leader-follower', 'stale-read')).toEqual([
      ['read r2 on f1 at 20.0 ms returned "900", but write w1 ("1000") was acknowledged at 10.0 ms', [2, 1]],
    ]);
    // The same read of position 3 is fresh.
    history[1] = op(2, 'auditor', 'read', 'acct', '1000', 20, 25, { node: 'f1', version: 3 });
    expect(judge(history).get(2)).toBeUndefined();
  });

  it('a write acknowledged at the instant the read began counts only if its acknowledgement came first', () => {
    // Both events at 10 ms: the event order (what the client saw) decides, not the clock.
    const ackFirst = [
      op(1, 'teller', 'write', 'acct', '1000', 0, 10, { version: 1, completeSeq: 5 }),
      op(2, 'auditor', 'read', 'acct', null, 10, 15, { invokeSeq: 6 }),
    ];
    expect(judge(ackFirst).get(2)).toEqual({ stale: { expectedVersion: 1 } });
    const readFirst = [
      op(1, 'teller', 'write', 'acct', '1000', 0, 10, { version: 1, completeSeq: 6 }),
      op(2, 'auditor', 'read', 'acct', null, 10, 15, { invokeSeq: 5 }),
    ];
    expect(judge(readFirst).get(2)).toBeUndefined();
  });

  it('does not expect a write acknowledged after the read began, nor one that failed', () => {
    const history = [
      op(1, 'a', 'write', 'k', 'v1', 0, 30, { version: 1 }),
      op(2, 'b', 'write', 'k', 'v2', 0, 5, { version: 2, status: 'fail' }),
      op(3, 'c', 'read', 'k', null, 20, 40),
    ];
    expect(judge(history).size).toBe(0);
  });

  it('version vectors: a read whose context misses the dot of a write acknowledged before it began', () => {
    const history = [
      op(1, 'a', 'write', 'cart', 'book', 0, 5, { dot: { node: 'kv1', n: 1 } }),
      op(2, 'b', 'write', 'cart', 'pen', 0, 8, { dot: { node: 'kv2', n: 4 } }),
      op(3, 'c', 'read', 'cart', 'book', 10, 20, { node: 'kv3', context: { kv1: 1, kv2: 3 } }),
    ];
    expect(judge(history).get(3)).toEqual({ stale: { expectedVersion: 0 } });
    expect(explained(history, 'leaderless', 'stale-read')).toEqual([
      ['read r3 on kv3 at 10.0 ms returned "book", but write w2 ("pen") was acknowledged at 8.0 ms', [3, 2]],
    ]);
    // A context covering both dots (a later dot of kv2 covers its earlier ones) is fresh.
    (history[2] as Operation).context = { kv1: 1, kv2: 5 };
    expect(judge(history).get(3)).toBeUndefined();
  });

  it('version vectors: a read judged against the dots acknowledged when it began, not those raised since', () => {
    // The key's dots are raised in place while no read holds them, and anew once one does.
    const history = [
      op(1, 'a', 'write', 'k', 'x', 0, 5, { dot: { node: 'kv1', n: 1 } }),
      op(2, 'c', 'read', 'k', 'x', 6, 30, { node: 'kv3', context: { kv1: 1 } }),
      op(3, 'b', 'write', 'k', 'y', 0, 8, { dot: { node: 'kv2', n: 2 } }),
      op(4, 'a', 'write', 'k', 'z', 0, 9, { dot: { node: 'kv1', n: 3 } }),
      op(5, 'd', 'read', 'k', 'y', 10, 31, { node: 'kv3', context: { kv1: 2, kv2: 2 } }),
      op(6, 'e', 'read', 'k', 'z', 11, 32, { node: 'kv3', context: { kv1: 3, kv2: 2 } }),
      op(7, 'b', 'write', 'k', 'w', 0, 12, { dot: { node: 'kv4', n: 1 } }),
      op(8, 'f', 'read', 'k', 'z', 13, 33, { node: 'kv3', context: { kv1: 3, kv2: 2 } }),
    ];
    const found = judge(history);
    expect(found.get(2)).toBeUndefined();
    expect(found.get(5)).toEqual({ stale: { expectedVersion: 0 } });
    expect(found.get(6)).toBeUndefined();
    expect(found.get(8)).toEqual({ stale: { expectedVersion: 0 } });
    expect([...found.keys()].sort()).toEqual([5, 8]);
  });

  it('last write wins: a read that returned an older timestamp than an acknowledged write', () => {
    const history = [
      op(1, 'a', 'write', 'k', 'new', 0, 5, { dot: { node: 'kv1', n: 1 }, ts: 4000 }),
      op(2, 'b', 'read', 'k', 'old', 10, 20, { context: { kv2: 1 }, ts: 3000 }),
    ];
    expect(judge(history).get(2)).toEqual({ stale: { expectedVersion: 0 } });
    (history[1] as Operation).ts = 4000;
    expect(judge(history).get(2)).toBeUndefined();
  });

  it('names no write when every write it missed shows the value it returned', () => {
    // w1 and w2 wrote the same value; the read returned w2's, so its context misses w1's dot.
    const history = [
      op(1, 'a', 'write', 'k', 'x', 0, 5, { dot: { node: 'kv1', n: 1 } }),
      op(2, 'b', 'write', 'k', 'x', 0, 6, { dot: { node: 'kv2', n: 1 } }),
      op(3, 'c', 'read', 'k', 'x', 10, 20, { node: 'kv2', context: { kv2: 1 } }),
    ];
    expect(explained(history, 'leaderless', 'stale-read')).toEqual([
      ['read r3 on kv2 at 10.0 ms returned "x", older than a write of k acknowledged before it began', [3]],
    ]);
  });
});

describe('monotonic reads', () => {
  const history = () => [
    op(1, 'bob', 'read', 'post', 'comment', 0, 10, { node: 'db2', version: 5 }),
    op(2, 'bob', 'read', 'post', null, 20, 30, { node: 'db3', version: 0 }),
  ];

  it('a client’s read older than its own earlier read of the key', () => {
    expect(judge(history()).get(2)).toEqual({ regressedFrom: 1 });
    expect(explained(history(), 'leader-follower', 'monotonic-reads')).toEqual([
      [
        'bob\'s read r2 on db3 at 20.0 ms returned nothing, older than what its read r1 on db2 saw at 0.0 ms ("comment")',
        [2, 1],
      ],
    ]);
  });

  it('is clean for the same version, a newer one, or another client’s read', () => {
    const same = history();
    (same[1] as Operation).version = 5;
    expect(judge(same).size).toBe(0);
    const other = history();
    other[1] = op(2, 'alice', 'read', 'post', null, 20, 30, { node: 'db3' });
    expect(judge(other).size).toBe(0);
  });

  it('compares with the newest version read, not the latest read', () => {
    const three = [...history(), op(3, 'bob', 'read', 'post', null, 40, 50, { node: 'db3' })];
    expect([judge(three).get(2), judge(three).get(3)]).toEqual([{ regressedFrom: 1 }, { regressedFrom: 1 }]);
  });

  it('names the read that saw the newest version so far, per key, as the versions rise', () => {
    const rising = [
      ...history(),
      op(3, 'bob', 'read', 'post', 'edit', 40, 50, { node: 'db2', version: 7 }),
      op(4, 'bob', 'read', 'other', null, 52, 54, { node: 'db2', version: 1 }),
      op(5, 'bob', 'read', 'post', 'comment', 60, 70, { node: 'db3', version: 5 }),
      op(6, 'bob', 'read', 'post', 'edit', 80, 90, { node: 'db2', version: 7 }),
      op(7, 'bob', 'read', 'other', null, 92, 94, { node: 'db3', version: 0 }),
    ];
    const found = judge(rising);
    expect([2, 5, 7].map((id) => found.get(id))).toEqual([
      { regressedFrom: 1 },
      { regressedFrom: 3 },
      { regressedFrom: 4 },
    ]);
    expect(found.size).toBe(3);
  });
});

describe('reads of failed writes', () => {
  it('a read that returned a version written by a write already reported as failed', () => {
    const history = [
      op(1, 'w', 'write', 'k', 'new', 0, 10, { status: 'fail' }),
      op(2, 'r', 'read', 'k', 'new', 20, 30, { opIds: [1], context: { n1: 1 } }),
    ];
    expect(judge(history).get(2)).toEqual({ failedWrite: 1 });
    expect(explained(history, 'leaderless', 'read-of-failed-write')).toEqual([
      [
        'read r2 on n1 at 20.0 ms returned "new", the value of write w1, which was reported as failed at 10.0 ms',
        [2, 1],
      ],
    ]);
  });

  it('is clean while the write has not failed yet, or when it succeeded', () => {
    const later = [
      op(1, 'w', 'write', 'k', 'new', 0, 40, { status: 'fail' }),
      op(2, 'r', 'read', 'k', 'new', 20, 30, { opIds: [1] }),
    ];
    expect(judge(later).size).toBe(0);
    const ok = [
      op(1, 'w', 'write', 'k', 'new', 0, 10),
      op(2, 'r', 'read', 'k', 'new', 20, 30, { opIds: [1] }),
    ];
    expect(judge(ok).size).toBe(0);
  });
});

describe('non-linearizable reads', () => {
  it('a read older than one that had returned before it began', () => {
    const history = [
      op(1, 'alice', 'read', 'k', 'new', 0, 10, { node: 'kv1', context: { kv1: 2 } }),
      op(2, 'bob', 'read', 'k', 'old', 20, 30, { node: 'kv2', context: { kv1: 1 } }),
    ];
    expect(judge(history).get(2)).toEqual({ newerReadBefore: 1 });
    expect(explained(history, 'leaderless', 'non-linearizable-read')).toEqual([
      [
        'read r2 by bob began at 20.0 ms, after read r1 by alice had returned "new" at 10.0 ms, yet returned the older "old"',
        [2, 1],
      ],
    ]);
  });

  it('is clean when the reads overlapped, or saw concurrent versions', () => {
    const overlapping = [
      op(1, 'alice', 'read', 'k', 'new', 0, 25, { context: { kv1: 2 } }),
      op(2, 'bob', 'read', 'k', 'old', 20, 30, { context: { kv1: 1 } }),
    ];
    expect(judge(overlapping).size).toBe(0);
    const concurrent = [
      op(1, 'alice', 'read', 'k', 'a', 0, 10, { context: { kv1: 2 } }),
      op(2, 'bob', 'read', 'k', 'b', 20, 30, { context: { kv2: 1 } }),
    ];
    expect(judge(concurrent).size).toBe(0);
  });

  it('a read must see the merge of concurrent reads that returned before it began', () => {
    const history = [
      op(1, 'alice', 'read', 'k', 'a', 0, 10, { context: { kv1: 2 } }),
      op(2, 'bob', 'read', 'k', 'b', 0, 12, { context: { kv2: 1 } }),
      op(3, 'carol', 'read', 'k', 'a', 20, 30, { context: { kv1: 2 } }),
    ];
    // The floor is {kv1: 2, kv2: 1}, last raised by r2.
    expect(judge(history).get(3)).toEqual({ newerReadBefore: 2 });
  });
});
