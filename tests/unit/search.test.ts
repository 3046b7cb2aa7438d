/**
 * "Find a failure" (src/sim/analysis/search.ts): random fault timelines around a scenario's settings, stopped at
 * the first run that breaks a property, then shrunk to a fixpoint. Budgets are small: each search here takes a
 * second or two.
 */
import { describe, expect, it } from 'vitest';
import {
  type CaseSize,
  caseScenario,
  FAULT_KINDS,
  type Found,
  findFailure,
  judgeCase,
  judgeScenario,
  type Property,
  Search,
  SearchInputError,
  type SearchOptions,
  type SearchResult,
  Shrinker,
  searchResult,
} from '../../src/sim/analysis/search.ts';
import { isFault } from '../../src/sim/analysis/searchCase.ts';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { getPreset } from '../../src/sim/scenarios/presets/index.ts';
import { parseScenario, type Scenario } from '../../src/sim/scenarios/schema.ts';

function preset(id: string): Scenario {
  const p = getPreset(id);
  if (!p) throw new Error(`no preset ${id}`);
  return p.scenario;
}

/** A preset with the faults of its own timeline taken out: its settings, nodes, clients and operations stay. */
function withoutFaults(id: string): Scenario {
  const s = preset(id);
  return { ...s, timeline: s.timeline.filter((e) => !isFault(e.action)) };
}

/** Every kind of fault except losing a disk: Raft's guarantees assume durable storage. */
const DURABLE = FAULT_KINDS.filter((k) => k !== 'disk-loss');

function once<T>(make: () => T): () => T {
  let value: { v: T } | null = null;
  return () => {
    value ??= { v: make() };
    return value.v;
  };
}

function found(r: SearchResult): Found {
  if (!r.found) throw new Error(`nothing found in ${r.runs} runs`);
  return r;
}

const splitBrainOptions: SearchOptions = { property: 'lost-write', seed: 1, runs: 100 };
const splitBrain = once(() => found(findFailure(withoutFaults('split-brain'), splitBrainOptions)));

describe('search: split brain', () => {
  it("finds naive failover's lost writes with no fault given, and shrinks the run to two nodes and one fault", () => {
    const r = splitBrain();
    expect(r.runIndex).toBe(6);
    expect(r.runs).toBe(7);
    expect(r.violation).toBe(
      'write w1 (cart = "book") was acknowledged by db1 at 15.8 ms and lost at 285.9 ms on db1: orphaned: db2 took office as leader of term 2 without it, while only db1 held it: lost unless db1 leads again and keeps it',
    );
    expect(r.atUs).toBe(285_894);
    expect(r.originalSize).toEqual<CaseSize>({
      faults: 3,
      operations: 9,
      trafficPerSec: 0,
      nodes: 5,
      clients: 2,
    });
    expect(r.size).toEqual<CaseSize>({ faults: 1, operations: 1, trafficPerSec: 0, nodes: 2, clients: 1 });
    expect(r.minimal).toBe(true);
    // db1 cannot reach db2 from the start; db2 promotes itself, db1 hears it, steps down and drops the write.
    expect(r.scenario.nodes).toEqual(['db1', 'db2']);
    expect(r.scenario.timeline).toEqual([
      { atUs: 0, action: { type: 'partition', groups: [['db1'], ['db2']], oneWay: true } },
      { atUs: 10_000, action: { type: 'write', client: 'alice', key: 'cart', value: 'book' } },
      { atUs: 300_000, action: { type: 'heal' } },
    ]);
    expect(r.scenario.durationMs).toBe(300 + 2500);
    expect([r.shrinkSteps, r.shrinkRuns]).toEqual([12, 37]);
    expect(r.scenario.name).toBe('Split brain (lost-write, shrunk)');
    expect(r.scenario.leaderFollower).toEqual(preset('split-brain').leaderFollower);
  });

  it('gives scenarios that validate and replay to the violation it reports', () => {
    const r = splitBrain();
    for (const s of [r.scenario, r.original]) expect(parseScenario(s)).toEqual({ ok: true, scenario: s });
    const sim = new Simulation(r.scenario);
    sim.runUntil(r.scenario.durationMs * 1000);
    expect(sim.lostWrites().map((l) => [l.opId, l.ackedBy, l.lostAtUs])).toEqual([[1, 'db1', 285_894]]);
    expect(judgeScenario(r.original, 'lost-write').violation?.explanation).toBe(r.originalViolation);
    // The original kept the preset's writes and added random faults to them.
    const writes = r.original.timeline.filter((e) => e.action.type === 'write');
    expect(writes).toEqual(withoutFaults('split-brain').timeline);
  });

  it('finds nothing for majority failover with durable disks in the same budget', () => {
    const r = findFailure(withoutFaults('split-brain-fixed'), { ...splitBrainOptions, faults: DURABLE });
    expect(r).toMatchObject({ found: false, runs: 100, budget: 100, complete: true, undecided: 0 });
  });

  it('is deterministic: the same seed gives the same answer, another seed another run', () => {
    const again = findFailure(withoutFaults('split-brain'), splitBrainOptions);
    expect(again).toEqual(splitBrain());
    const other = found(findFailure(withoutFaults('split-brain'), { ...splitBrainOptions, seed: 2 }));
    expect(other.runIndex).toBe(3);
    expect(other.original).not.toEqual(splitBrain().original);
  });
});

/** Each fault, and each operation, removed in turn: the property holds without it. */
function expectOneMinimal(r: Found, property: Property): void {
  const c = r.case;
  expect(judgeCase(c, property).violation?.explanation).toBe(r.violation);
  c.faults.forEach((_, i) => {
    const fewer = { ...c, faults: c.faults.filter((_, j) => j !== i) };
    expect(judgeCase(fewer, property).violation, `without fault ${i}`).toBeNull();
  });
  c.ops.forEach((_, i) => {
    const fewer = { ...c, ops: c.ops.filter((_, j) => j !== i) };
    expect(judgeCase(fewer, property).violation, `without operation ${i}`).toBeNull();
  });
}

describe('search: shrinking', () => {
  it('leaves no fault and no operation that can be removed while the run still fails', () => {
    expectOneMinimal(splitBrain(), 'lost-write');
    // A case that keeps two faults: a follower that crashed at 400 ms and restarted at 1,900 ms serves a read
    // before it has caught up (semi-synchronous replication waits for one follower only, the other one).
    const semisync = found(
      findFailure(preset('bank-ledger-semisync'), { property: 'stale-read', seed: 3, runs: 4 }),
    );
    expect(semisync.case.faults.map(({ atUs, action }) => ({ atUs, action }))).toEqual([
      { atUs: 400_000, action: { type: 'crash', node: 'bank_follower1', durable: true } },
      { atUs: 1_900_000, action: { type: 'restart', node: 'bank_follower1' } },
    ]);
    expectOneMinimal(semisync, 'stale-read');
  });

  it('moves faults to round, earlier times and ends the window as soon as the run still fails', () => {
    const r = splitBrain();
    expect(r.case.faults.map((f) => f.atUs)).toEqual([0]);
    // The heal at 300 ms leaves db2 time to time out and promote itself; 100 ms less, and nothing is lost.
    expect(r.case.windowUs).toBe(300_000);
    expect(judgeCase({ ...r.case, windowUs: 200_000 }, 'lost-write').violation).toBeNull();
  });

  it('shrinks the same in slices of one run as in one go (a worker drives it in slices)', () => {
    const sliced = findFailure(withoutFaults('split-brain'), { ...splitBrainOptions, slice: 1 });
    expect(sliced).toEqual(splitBrain());
  });

  it("gives findFailure's answer when a worker drives the search and the shrinking itself", () => {
    const search = new Search(withoutFaults('split-brain'), splitBrainOptions);
    const seen: number[] = [];
    while (!search.step(3).done) seen.push(search.progress().runs);
    expect(seen).toEqual([3, 6]);
    const failure = search.failure;
    if (!failure) throw new Error('expected a failure');
    // Before shrinking, the answer is the run as found.
    expect(searchResult(search, null)).toMatchObject({
      minimal: false,
      shrinkSteps: 0,
      size: splitBrain().originalSize,
    });
    const shrinker = new Shrinker(failure.case, failure.violation, 'lost-write');
    while (!shrinker.step(3).done);
    expect(searchResult(search, shrinker)).toEqual(splitBrain());
  });
});

describe('search: properties', () => {
  const cases: [string, Property, number, RegExp][] = [
    [
      'bank-ledger-async',
      'stale-read',
      0,
      /^read r\d+ on bank_follower\d at .* but write w\d+ .* was acknowledged/,
    ],
    [
      'read-your-writes-violation',
      'read-your-writes',
      0,
      /^alice's read r2 on db3 .* without its own write w1/,
    ],
    [
      'monotonic-reads-violation',
      'monotonic-reads',
      0,
      /^bob's read r\d+ on db3 .* older than what its read/,
    ],
    ['stale-leader-reads', 'linearizable', 0, /^the operations on x cannot be ordered as one register/],
    [
      'write-conflict-diverge',
      'convergence',
      0,
      /^replicas still disagree on doc_title with no fault in force and nothing left in flight \(since /,
    ],
    ['split-brain', 'one-leader', 1, /^two leaders in term 2: db\d led it from .* while db\d still led it$/],
  ];
  it.each(cases)('%s breaks %s', (id, property, runIndex, sentence) => {
    const r = found(findFailure(preset(id), { property, seed: 1, runs: 10 }));
    expect(r.runIndex).toBe(runIndex);
    expect(r.violation).toMatch(sentence);
    expect(judgeScenario(r.scenario, property).violation).toEqual({ explanation: r.violation, atUs: r.atUs });
  });

  it('finds no second leader of a term under majority election', () => {
    const r = findFailure(withoutFaults('split-brain-fixed'), { property: 'one-leader', seed: 1, runs: 20 });
    expect(r).toMatchObject({ found: false, runs: 20 });
  });
});

describe('search: slices, budget and deadline', () => {
  it('runs in slices: progress counts runs, and a shard takes every n-th run index', () => {
    const search = new Search(withoutFaults('split-brain'), {
      ...splitBrainOptions,
      shard: { index: 3, count: 4 },
    });
    expect(search.share).toBe(25);
    expect([0, 1, 2].map((k) => search.runIndex(k))).toEqual([2, 6, 10]);
    expect(search.step(1)).toEqual({ runs: 1, share: 25, undecided: 0, found: false, done: false });
    // Run index 6 is the first failure of the whole search (above): this shard meets it at its second run.
    expect(search.step(5)).toEqual({ runs: 2, share: 25, undecided: 0, found: true, done: true });
    expect(search.failure?.runIndex).toBe(6);
    expect(caseScenario(search.failure?.case ?? splitBrain().case)).toEqual({
      ...splitBrain().original,
      name: 'Split brain',
    });
  });

  it('stops when the caller says so, and says the search was cut short', () => {
    let asked = 0;
    const progress: number[] = [];
    const r = findFailure(withoutFaults('split-brain-fixed'), {
      ...splitBrainOptions,
      slice: 2,
      shouldStop: () => ++asked > 3,
      onProgress: (p) => progress.push(p.runs),
    });
    expect(r).toMatchObject({ found: false, runs: 6, complete: false });
    expect(progress).toEqual([2, 4, 6]);
  });

  const bad: [string, Scenario, Partial<SearchOptions>, string][] = [
    [
      'a budget of 0',
      preset('split-brain'),
      { runs: 0 },
      'the budget must be from 1 to 1000000000 runs, got 0',
    ],
    [
      'one-leader on leaderless',
      preset('social-posts'),
      { property: 'one-leader' },
      'one-leader is a leader-follower property; a leaderless cluster has no leader',
    ],
    [
      'a shard past the count',
      preset('split-brain'),
      { shard: { index: 5, count: 4 } },
      'the shard must be from 1 to 4, got 5',
    ],
    [
      'only partitions on one node',
      { ...preset('split-brain'), nodes: ['db1'], timeline: [] },
      { faults: ['partition'] },
      'no fault to inject: partition need at least two nodes',
    ],
    [
      'a settle period past the work limit',
      {
        ...preset('bench-25-nodes'),
        leaderFollower: { mode: 'async', semiSyncAcks: 1, heartbeatMs: 1 },
        workload: { ...preset('bench-25-nodes').workload, enabled: false },
      },
      { settleMs: 600_000 },
      'the scenario with its 600000 ms settle period is not a valid scenario: durationMs: expected work 30,050,000 (0 operations: 0; heartbeats every 1 ms: 30,050,000) exceeds the limit of 2,000,000: shorten durationMs or lengthen leaderFollower.heartbeatMs',
    ],
    [
      'a settle period of 10 minutes and more',
      preset('split-brain'),
      { settleMs: 600_001 },
      'the settle period must be from 0 to 600000 ms, got 600001',
    ],
  ];
  it.each(bad)('refuses %s with a message', (_name, scenario, options, message) => {
    expect(() => new Search(scenario, { ...splitBrainOptions, ...options })).toThrow(SearchInputError);
    expect(() => new Search(scenario, { ...splitBrainOptions, ...options })).toThrow(message);
  });
});
