/**
 * The consistency oracle on small hand-written histories (each checker: a violating history with its expected
 * explanation, and a clean one), and its incremental mode: updating as a run goes gives, at every point, what
 * one pass over the history so far gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import type { Verdict } from '../../src/sim/oracle/linearizability.ts';
import { type Anomaly, checkRun, Oracle, type OracleSource } from '../../src/sim/oracle/oracle.ts';
import { PRESETS } from '../../src/sim/scenarios/presets/index.ts';
import type { Operation } from '../../src/sim/types.ts';
import { op, source } from '../support/history.ts';

const kinds = (anomalies: readonly Anomaly[]) => anomalies.map((a) => a.kind);
const only = (anomalies: readonly Anomaly[], kind: Anomaly['kind']) =>
  anomalies.filter((a) => a.kind === kind);

describe('consistent prefix', () => {
  // Mr Poons asks, Mrs Cake reads the question and answers, an observer reads the answer and then the question.
  const conversation = (questionSeen: string | null) => [
    op(1, 'poons', 'write', 'q', 'how far?', 0, 10),
    op(2, 'cake', 'read', 'q', 'how far?', 20, 30),
    op(3, 'cake', 'write', 'a', 'ten seconds', 40, 50),
    op(4, 'observer', 'read', 'a', 'ten seconds', 60, 70),
    op(5, 'observer', 'read', 'q', questionSeen, 80, 90, { node: 'n2' }),
  ];

  it('flags an answer seen before its question, naming the reads and writes involved', () => {
    const { anomalies } = checkRun(source(conversation(null)));
    expect(only(anomalies, 'consistent-prefix')).toEqual([
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

  it('passes when the observer sees the question (or siblings holding it)', () => {
    expect(only(checkRun(source(conversation('how far?'))).anomalies, 'consistent-prefix')).toEqual([]);
    const withSiblings = conversation('how near?');
    (withSiblings[4] as Operation).siblings = ['how near?', 'how far?'];
    expect(only(checkRun(source(withSiblings)).anomalies, 'consistent-prefix')).toEqual([]);
  });

  it('does not count a write the client issued before it had seen the other one', () => {
    // cake's answer was invoked before her read of the question returned: it does not follow the question.
    const history = conversation(null);
    history[2] = op(3, 'cake', 'write', 'a', 'ten seconds', 25, 50);
    expect(only(checkRun(source(history)).anomalies, 'consistent-prefix')).toEqual([]);
  });

  it('follows a client’s own earlier write, and judges leader-follower reads by log position', () => {
    const history = [
      op(1, 'poons', 'write', 'q', 'how far?', 0, 10, { version: 1 }),
      op(2, 'poons', 'write', 'p', 'P.S.', 20, 30, { version: 2 }),
      op(3, 'observer', 'read', 'p', 'P.S.', 40, 50, { version: 2 }),
      op(4, 'observer', 'read', 'q', null, 60, 70, { version: 0, node: 'n2' }),
    ];
    const found = only(checkRun(source(history, 'leader-follower')).anomalies, 'consistent-prefix');
    expect(found.map((a) => a.explanation)).toEqual([
      'observer\'s read r4 on n2 at 60.0 ms returned nothing for q, though its read r3 at 40.0 ms had seen write w2 (p = "P.S."), which poons made after its own write w1 ("how far?")',
    ]);
    (history[3] as Operation).version = 1;
    (history[3] as Operation).value = 'how far?';
    expect(only(checkRun(source(history, 'leader-follower')).anomalies, 'consistent-prefix')).toEqual([]);
  });
});

describe('session guarantees (leader-follower, by log position)', () => {
  it('read-your-writes: a read after the client’s own acknowledged write that misses it', () => {
    const history = [
      op(1, 'alice', 'write', 'profile', 'v2', 0, 10, { version: 5 }),
      op(2, 'alice', 'read', 'profile', 'v1', 20, 25, { version: 4, node: 'f1' }),
    ];
    const ryw = only(checkRun(source(history, 'leader-follower')).anomalies, 'read-your-writes');
    expect(ryw.map((a) => a.explanation)).toEqual([
      'alice\'s read r2 on f1 at 20.0 ms returned "v1", without its own write w1 ("v2") acknowledged at 10.0 ms',
    ]);
    (history[1] as Operation).version = 5;
    (history[1] as Operation).value = 'v2';
    expect(kinds(checkRun(source(history, 'leader-follower')).anomalies)).toEqual([]);
  });

  it('monotonic writes: a later write ordered before the client’s earlier one', () => {
    const history = [
      op(1, 'bob', 'write', 'k', 'first', 0, 10, { version: 7 }),
      op(2, 'bob', 'write', 'k', 'second', 20, 30, { version: 3 }),
    ];
    expect(
      only(checkRun(source(history, 'leader-follower')).anomalies, 'monotonic-writes').map(
        (a) => a.explanation,
      ),
    ).toEqual(['bob\'s write w2 ("second") was ordered before its earlier write w1 ("first")']);
    (history[1] as Operation).version = 8;
    expect(kinds(checkRun(source(history, 'leader-follower')).anomalies)).toEqual([]);
  });

  it('writes follow reads: a write ordered before the version its client had read', () => {
    const history = [
      op(1, 'carol', 'read', 'k', 'seen', 0, 10, { version: 9 }),
      op(2, 'carol', 'write', 'k', 'reply', 20, 30, { version: 4 }),
    ];
    expect(
      only(checkRun(source(history, 'leader-follower')).anomalies, 'writes-follow-reads').map(
        (a) => a.explanation,
      ),
    ).toEqual(['carol\'s write w2 ("reply") was ordered before the version its read r1 had seen ("seen")']);
    (history[1] as Operation).version = 10;
    // (A read of a value never written would not be linearizable; the clean history read nothing.)
    (history[0] as Operation).value = null;
    expect(kinds(checkRun(source(history, 'leader-follower')).anomalies)).toEqual([]);
  });
});

describe('read your writes without a single log (multi-leader, leaderless)', () => {
  it('flags a read that shows an older write than the client’s own acknowledged one, and passes a fresh one', () => {
    const history = [
      op(1, 'bob', 'write', 'post', 'v1', 0, 5),
      op(2, 'carol', 'write', 'post', 'v2', 10, 20),
      op(3, 'carol', 'read', 'post', 'v1', 30, 40, { node: 'kv1' }),
    ];
    const ryw = only(checkRun(source(history, 'leaderless')).anomalies, 'read-your-writes');
    expect(ryw.map((a) => [a.explanation, a.ops])).toEqual([
      [
        'carol\'s read r3 on kv1 at 30.0 ms returned "v1", without its own write w2 ("v2") acknowledged at 20.0 ms',
        [3, 2],
      ],
    ]);
    // Her own value, or siblings holding it, is fine; so is a read begun before her write was acknowledged.
    (history[2] as Operation).value = 'v2';
    expect(only(checkRun(source(history, 'leaderless')).anomalies, 'read-your-writes')).toEqual([]);
    (history[2] as Operation).value = 'v1';
    (history[2] as Operation).siblings = ['v1', 'v2'];
    expect(only(checkRun(source(history, 'multi-leader')).anomalies, 'read-your-writes')).toEqual([]);
    const early = [...history.slice(0, 2), op(3, 'carol', 'read', 'post', 'v1', 15, 40)];
    expect(only(checkRun(source(early, 'leaderless')).anomalies, 'read-your-writes')).toEqual([]);
  });
});

describe('the read and id checkers judge the recorded ground truth, and explain what they find', () => {
  it('stale read names the acknowledged write it missed (leader-follower)', () => {
    // The write took log position 1 and was acknowledged before the read began; the read returned position 0.
    const history = [
      op(1, 'teller', 'write', 'acct', '1000', 0, 14.8, { version: 1 }),
      op(2, 'auditor', 'read', 'acct', null, 20, 21, { node: 'f1' }),
    ];
    expect(only(checkRun(source(history, 'leader-follower')).anomalies, 'stale-read')).toEqual([
      {
        kind: 'stale-read',
        explanation:
          'read r2 on f1 at 20.0 ms returned nothing, but write w1 ("1000") was acknowledged at 14.8 ms',
        ops: [2, 1],
        nodes: ['f1'],
        atUs: 21_000,
      },
    ]);
  });

  it('stale read without a log names the latest acknowledged write it does not show (leaderless, multi-leader)', () => {
    // w1 and w2 were acknowledged before the read began; its causal context covers w1's dot, not w2's.
    const history = [
      op(1, 'a', 'write', 'post', 'v1', 0, 5, { dot: { node: 'kv1', n: 1 } }),
      op(2, 'b', 'write', 'post', 'v2', 10, 20, { dot: { node: 'kv2', n: 1 } }),
      op(3, 'c', 'write', 'post', 'v3', 25, 60, { dot: { node: 'kv3', n: 1 } }),
      op(4, 'd', 'read', 'post', 'v1', 30, 40, { node: 'kv2', context: { kv1: 1 } }),
    ];
    expect(
      only(checkRun(source(history, 'leaderless')).anomalies, 'stale-read').map((a) => [
        a.explanation,
        a.ops,
      ]),
    ).toEqual([
      ['read r4 on kv2 at 30.0 ms returned "v1", but write w2 ("v2") was acknowledged at 20.0 ms', [4, 2]],
    ]);
  });

  it('monotonic reads, reads of failed writes, non-linearizable reads and duplicate ids', () => {
    // w1 failed, yet a replica kept it: r2 returns it (its version, dot n1:1). r3 began after r2 had returned
    // and saw an older context; r4 is a's second read, older than her first; w5 and w6 were both handed id 7.
    const history = [
      op(1, 'w', 'write', 'k', 'new', 0, 10, { status: 'fail' }),
      op(2, 'a', 'read', 'k', 'new', 20, 30, { node: 'n1', version: 1, opIds: [1], context: { n1: 1 } }),
      op(3, 'b', 'read', 'k', null, 40, 50, { node: 'n2', context: {} }),
      op(4, 'a', 'read', 'k', null, 60, 70, { node: 'n2' }),
      op(5, 'w', 'write', 'id', '7', 80, 90, { autoIncrement: true }),
      op(6, 'w', 'write', 'id', '7', 100, 110, { autoIncrement: true }),
    ];
    const explained = Object.fromEntries(
      checkRun(source(history, 'leaderless'))
        .anomalies.filter((a) => a.kind !== 'not-linearizable')
        .map((a) => [a.kind, a.explanation]),
    );
    expect(explained).toEqual({
      'read-of-failed-write':
        'read r2 on n1 at 20.0 ms returned "new", the value of write w1, which was reported as failed at 10.0 ms',
      'non-linearizable-read':
        'read r3 by b began at 40.0 ms, after read r2 by a had returned "new" at 30.0 ms, yet returned the older nothing',
      'monotonic-reads':
        'a\'s read r4 on n2 at 60.0 ms returned nothing, older than what its read r2 on n1 saw at 20.0 ms ("new")',
      'duplicate-id': 'write w6 on n1 was handed id 7 at 110.0 ms, already given to w5 at 90.0 ms',
    });
  });
});

describe('ground-truth checkers (the model reports; the oracle explains)', () => {
  const history = [
    op(1, 'alice', 'write', 'cart', 'book', 0, 10, { node: 'db1' }),
    op(2, 'bob', 'write', 'cart', 'pen', 0, 12, { node: 'db2' }),
  ];

  it('lost acknowledged write, divergence and conflict, each named with nodes and times', () => {
    const run: OracleSource = {
      ...source(history),
      nowUs: 900_000,
      nodes: ['db1', 'db2'],
      lostWrites: () => [
        {
          opId: 1,
          client: 'alice',
          key: 'cart',
          value: 'book',
          ackedAtUs: 10_000,
          ackedBy: 'db1',
          term: 1,
          index: 1,
          lostAtUs: 600_000,
          lostOn: 'db1',
          reason: 'truncated when db1 rejoined as a follower of db2',
        },
      ],
      divergentKeys: () => ['cart'],
      conflicts: () => [
        {
          key: 'cart',
          node: 'db2',
          atUs: 90_000,
          versions: [
            { value: 'book', origin: 'db1', opId: 1 },
            { value: 'pen', origin: 'db2', opId: 2 },
          ],
          resolution: 'lww',
          outcome: 'last-write-wins kept "pen"',
        },
      ],
      nodeViews: () => [
        { id: 'db1', up: true, data: [{ key: 'cart', value: 'book' }] },
        { id: 'db2', up: true, data: [{ key: 'cart', value: 'pen' }] },
      ],
    };
    const found = checkRun(run).anomalies.filter((a) => a.kind !== 'not-linearizable');
    expect(found.map((a) => [a.kind, a.explanation, a.ops, a.atUs])).toEqual([
      [
        'conflict',
        'db2 detected concurrent writes to cart at 90.0 ms ("book" from db1, "pen" from db2): last-write-wins kept "pen"',
        [1, 2],
        90_000,
      ],
      [
        'lost-write',
        'write w1 (cart = "book") was acknowledged by db1 at 10.0 ms and lost at 600.0 ms on db1: truncated when db1 rejoined as a follower of db2',
        [1],
        600_000,
      ],
      [
        'divergence',
        'replicas still disagree on cart with no fault in force and nothing left in flight (since 900.0 ms): db1 has "book", db2 has "pen"',
        [],
        900_000,
      ],
    ]);
  });

  it('judges divergence only after heal and quiescence, not while writes are on their way', () => {
    const diverging = (quiet: boolean): OracleSource => ({
      ...source(history),
      divergentKeys: () => ['cart'],
      conflicts: () => [],
      quiescent: () => quiet,
      nodeViews: () => [],
    });
    expect(kinds(checkRun(diverging(false)).anomalies)).toEqual([]);
    expect(kinds(checkRun(diverging(true)).anomalies)).toEqual(['divergence']);
    // A real run: replicas that disagree mid-replication are not divergent; the preset's, after quiescence, are.
    const preset = PRESETS.find((p) => p.id === 'write-conflict-diverge');
    if (!preset) throw new Error('no preset');
    const sim = new Simulation(preset.scenario);
    sim.runUntil(40_000);
    expect(sim.quiescent()).toBe(false);
    expect(kinds(checkRun(sim).anomalies)).not.toContain('divergence');
    sim.runUntil(preset.scenario.durationMs * 1000);
    expect(sim.quiescent()).toBe(true);
    expect(kinds(checkRun(sim).anomalies)).toContain('divergence');
  });

  it('a run whose model reports nothing lists none of them', () => {
    expect(kinds(checkRun(source(history)).anomalies)).toEqual([]);
  });
});

describe('linearizability in the oracle', () => {
  it('treats a write still pending as one that may already have taken effect', () => {
    // The read saw the pending write's value: linearizable (the write took effect before the read).
    const history = [op(1, 'a', 'write', 'k', 'v', 0, null), op(2, 'b', 'read', 'k', 'v', 10, 20)];
    expect(checkRun(source(history)).linearizability).toEqual({ result: 'linearizable' });
  });

  it('keeps a key found not linearizable so, and re-checks only keys with new completions', () => {
    const history: Operation[] = [
      op(1, 'a', 'write', 'k', 'v', 0, 10),
      op(2, 'b', 'read', 'k', null, 20, 30),
    ];
    const run = source(history);
    const oracle = new Oracle(run);
    expect(oracle.update().linearizability).toEqual({ result: 'not-linearizable', key: 'k', ops: [1, 2] });
    history.push(op(3, 'a', 'write', 'j', 'w', 40, 50), op(4, 'b', 'read', 'k', 'v', 60, 70));
    expect(oracle.update().linearizability).toEqual({ result: 'not-linearizable', key: 'k', ops: [1, 2] });
  });

  it('a full check settles a key a live update left unknown, even with nothing new on it', () => {
    const history = Array.from({ length: 12 }, (_, i) =>
      op(i + 1, `c${i % 3}`, i % 2 === 0 ? 'write' : 'read', 'k', `v${i - (i % 2)}`, i * 10, i * 10 + 5),
    );
    const oracle = new Oracle(source(history));
    expect(oracle.update({ maxSteps: 5 }).linearizability).toMatchObject({ result: 'unknown', key: 'k' });
    expect(oracle.update().linearizability).toEqual({ result: 'linearizable' });
  });

  it('does not cut a key at an operation that ends exactly when the next one begins (they are concurrent)', () => {
    // w1 ends at 10 ms; the check runs at 10 ms; then r2, invoked at 10 ms, read the value from before w1.
    const history: Operation[] = [op(1, 'a', 'write', 'k', 'v', 0, 10)];
    const run = { ...source(history), nowUs: 10_000 };
    const oracle = new Oracle(run);
    expect(oracle.update().linearizability).toEqual({ result: 'linearizable' });
    history.push(op(2, 'b', 'read', 'k', null, 10, 20));
    run.nowUs = 20_000;
    expect(oracle.update().linearizability).toEqual({ result: 'linearizable' });
    expect(checkRun(run).linearizability).toEqual({ result: 'linearizable' });
  });

  it('answers unknown while keys wait for budget, and finishes them on later updates', () => {
    const history = Array.from({ length: 40 }, (_, i) =>
      op(
        i + 1,
        `c${i % 4}`,
        i % 2 === 0 ? 'write' : 'read',
        `k${i % 8}`,
        `v${i - (i % 2)}`,
        i * 10,
        i * 10 + 5,
      ),
    );
    const oracle = new Oracle(source(history));
    const first = oracle.update({ maxSteps: 5 });
    expect(first.linearizability.result).toBe('unknown');
    let verdict = first.linearizability;
    for (let i = 0; i < 20 && verdict.result === 'unknown'; i++)
      verdict = oracle.update({ maxSteps: 40 }).linearizability;
    expect(verdict).toEqual(checkRun(source(history)).linearizability);
  });
});

/**
 * Anomalies as the two modes must agree on them. A key found not linearizable keeps the window of operations
 * it was found with (the verdict is final, and the page's selection stays put), while one pass over a longer
 * history may name a wider window around the same violation: the kind and key must agree, not the window.
 */
function comparable(anomalies: readonly Anomaly[]) {
  const nonLinearizable = anomalies
    .filter((a) => a.kind === 'not-linearizable')
    .map((a) => /^the operations on (\S+) /.exec(a.explanation)?.[1]);
  // Divergence is judged at quiet moments, and stands until a later quiet moment shows the key converged: a
  // series of updates sees quiet moments that one pass at a busy time cannot (tested on its own above).
  const others = anomalies.filter((a) => a.kind !== 'not-linearizable' && a.kind !== 'divergence');
  return { others, nonLinearizable };
}
function verdictKey(v: Verdict) {
  return v.result === 'linearizable' ? v.result : { result: v.result, key: v.key };
}

describe('incremental checking', () => {
  const PICKED = [
    'bank-ledger-async',
    'read-your-writes-violation',
    'monotonic-reads-violation',
    'split-brain',
    'key-reuse-after-failover',
    'ecommerce-any-leader',
    'consistent-prefix-violation',
    'partial-quorum-staleness',
    'failed-write-visible',
  ];

  it.each(PICKED)('%s: updates along the run give, at each point, what one pass gives', (id) => {
    const preset = PRESETS.find((p) => p.id === id);
    if (!preset) throw new Error(`no preset ${id}`);
    const live = new Simulation(preset.scenario);
    const oracle = new Oracle(live);
    const endUs = Math.min(preset.scenario.durationMs, 1500) * 1000;
    for (let t = 0; t <= endUs; t += endUs / 12) {
      live.runUntil(t);
      const incremental = oracle.update();
      const fresh = new Simulation(preset.scenario);
      fresh.runUntil(t);
      const oneShot = checkRun(fresh);
      expect(comparable(incremental.anomalies)).toEqual(comparable(oneShot.anomalies));
      expect(verdictKey(incremental.linearizability)).toEqual(verdictKey(oneShot.linearizability));
    }
  });

  it('agrees with one pass at random stopping points of random seeds (property)', () => {
    const preset = PRESETS.find((p) => p.id === 'partial-quorum-staleness');
    if (!preset) throw new Error('preset missing');
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.array(fc.integer({ min: 1, max: 400_000 }), { minLength: 1, maxLength: 5 }),
        (seed, stops) => {
          const scenario = { ...preset.scenario, seed };
          const live = new Simulation(scenario);
          const oracle = new Oracle(live);
          for (const t of [...stops].sort((a, b) => a - b)) {
            live.runUntil(t);
            oracle.update();
          }
          const fresh = new Simulation(scenario);
          fresh.runUntil(live.nowUs);
          const incremental = oracle.update();
          const oneShot = checkRun(fresh);
          expect(comparable(incremental.anomalies)).toEqual(comparable(oneShot.anomalies));
          expect(verdictKey(incremental.linearizability)).toEqual(verdictKey(oneShot.linearizability));
        },
      ),
      // Pinned: this seed's runs include a key found not linearizable early (the case `comparable` allows for).
      { numRuns: 40, seed: 1497175854 },
    );
  });
});
