/**
 * The Jepsen EDN export, proved with tools the project did not write: the text is parsed back with `edn-data`,
 * checked against Jepsen's history rules (tests/support/jepsen.ts), and its register operations are checked for
 * linearizability again from the EDN alone; that verdict must equal the oracle's on the same run.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import type { Report } from '../../src/sim/analysis/report.ts';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { historyToEdn, keyTypes } from '../../src/sim/oracle/edn.ts';
import { checkLinearizable } from '../../src/sim/oracle/linearizability.ts';
import { checkRun, isMergedKey, mergedPrefixes } from '../../src/sim/oracle/oracle.ts';
import { getPreset, PRESETS } from '../../src/sim/scenarios/presets/index.ts';
import type { Operation } from '../../src/sim/types.ts';
import {
  type JepsenEvent,
  jepsenHistoryProblems,
  parseJepsenHistory,
  registerOpsFromJepsen,
} from '../support/jepsen.ts';

function op(
  fields: Partial<Operation> & Pick<Operation, 'id' | 'client' | 'f' | 'key' | 'invokeUs'>,
): Operation {
  const completeUs = fields.completeUs ?? null;
  return {
    value: null,
    status: 'pending',
    node: 'n1',
    version: 0,
    manual: true,
    // Events in time order, invocations before completions at one instant.
    invokeSeq: 2 * fields.invokeUs,
    completeSeq: completeUs === null ? null : 2 * completeUs + 1,
    ...fields,
    completeUs,
  };
}

/**
 * Two clients with operations in flight side by side: c1 overlaps its own write and read, starts a write at the
 * instant its first write completes (touching intervals), then generates an id; c2's write times out (:info), so
 * its next read runs under a fresh process and returns siblings (one repeated); its last write is still pending
 * when the history is written; c1's last read fails at once (a zero-length operation).
 */
const handMade: Operation[] = [
  op({ id: 1, client: 'c1', f: 'write', key: 'k', value: 'a', invokeUs: 5, completeUs: 9, status: 'ok' }),
  op({ id: 2, client: 'c1', f: 'read', key: 'k', value: 'a', invokeUs: 6, completeUs: 8, status: 'ok' }),
  op({
    id: 3,
    client: 'c2',
    f: 'write',
    key: 'k',
    value: 'b',
    invokeUs: 7,
    completeUs: 12,
    status: 'info',
    error: 'timed out after 5 µs',
  }),
  op({ id: 4, client: 'c1', f: 'write', key: 'k', value: 'c', invokeUs: 9, completeUs: 15, status: 'ok' }),
  op({
    id: 5,
    client: 'c2',
    f: 'read',
    key: 'k',
    value: 'milk | eggs | milk',
    siblings: ['milk', 'eggs', 'milk'],
    invokeUs: 13,
    completeUs: 20,
    status: 'ok',
  }),
  op({
    id: 6,
    client: 'c1',
    f: 'write',
    key: 'order',
    value: '7',
    autoIncrement: true,
    invokeUs: 14,
    completeUs: 18,
    status: 'ok',
  }),
  op({ id: 7, client: 'c2', f: 'write', key: 'k2', value: 'line\nbreak "q"', invokeUs: 16 }),
  op({
    id: 8,
    client: 'c1',
    f: 'read',
    key: 'k',
    invokeUs: 20,
    completeUs: 20,
    status: 'fail',
    error: 'refused\u0007',
  }),
];

describe('EDN export', () => {
  it('writes what Jepsen writes: a process per slot in flight, fresh after :info, :index, sets of siblings', () => {
    expect(historyToEdn(handMade)).toBe(
      [
        '{:type :invoke, :f :write, :process 0, :value ["k" "a"], :time 5000, :index 0}',
        '{:type :invoke, :f :read, :process 1, :value ["k" nil], :time 6000, :index 1}',
        '{:type :invoke, :f :write, :process 2, :value ["k" "b"], :time 7000, :index 2}',
        '{:type :ok, :f :read, :process 1, :value ["k" "a"], :time 8000, :index 3}',
        // Invoked at the instant c1's first write completes: still concurrent with it, so in the next free slot.
        '{:type :invoke, :f :write, :process 1, :value ["k" "c"], :time 9000, :index 4}',
        '{:type :ok, :f :write, :process 0, :value ["k" "a"], :time 9000, :index 5}',
        '{:type :info, :f :write, :process 2, :value ["k" "b"], :error "timed out after 5 µs", :time 12000, :index 6}',
        // c2's slot 0 after the :info: process 2 is retired, 3 is new.
        '{:type :invoke, :f :read, :process 3, :value ["k" nil], :time 13000, :index 7}',
        '{:type :invoke, :f :generate, :process 0, :value ["order" nil], :time 14000, :index 8}',
        '{:type :ok, :f :write, :process 1, :value ["k" "c"], :time 15000, :index 9}',
        '{:type :invoke, :f :write, :process 4, :value ["k2" "line\\nbreak \\"q\\""], :time 16000, :index 10}',
        '{:type :ok, :f :generate, :process 0, :value ["order" "7"], :time 18000, :index 11}',
        '{:type :invoke, :f :read, :process 0, :value ["k" nil], :time 20000, :index 12}',
        '{:type :ok, :f :read, :process 3, :value ["k" #{"eggs" "milk"}], :time 20000, :index 13}',
        '{:type :info, :f :write, :process 4, :value ["k2" "line\\nbreak \\"q\\""], :error :pending, :time 20000, :index 14}',
        '{:type :fail, :f :read, :process 0, :value ["k" nil], :error "refused\\u0007", :time 20000, :index 15}',
        '',
      ].join('\n'),
    );
  });

  it('reads back with edn-data as a valid Jepsen history with the same strings', () => {
    const events = parseJepsenHistory(historyToEdn(handMade));
    expect(jepsenHistoryProblems(events)).toEqual([]);
    expect(events.map((e) => e.index)).toEqual(events.map((_, i) => i));
    expect(events[10]).toMatchObject({ type: 'invoke', key: 'k2', value: 'line\nbreak "q"', time: 16_000 });
    expect(events[13]?.value).toEqual(new Set(['eggs', 'milk']));
    expect(events[0]?.fields).toEqual(['type', 'f', 'process', 'value', 'time', 'index']);
    // Back to register operations: the read of siblings and the failed read are not register operations; the
    // generated id is a write of it; the timed-out and the pending write may take effect at any time after their
    // invocation.
    expect(registerOpsFromJepsen(events)).toEqual([
      { id: 1, key: 'k', f: 'write', value: 'a', invokeUs: 5, completeUs: 9 },
      { id: 2, key: 'k', f: 'read', value: 'a', invokeUs: 6, completeUs: 8 },
      { id: 3, key: 'k', f: 'write', value: 'b', invokeUs: 7, completeUs: null },
      { id: 4, key: 'k', f: 'write', value: 'c', invokeUs: 9, completeUs: 15 },
      { id: 6, key: 'order', f: 'write', value: '7', invokeUs: 14, completeUs: 18 },
      { id: 7, key: 'k2', f: 'write', value: 'line\nbreak "q"', invokeUs: 16, completeUs: null },
    ]);
  });

  it('an empty history is an empty sequence of events', () => {
    expect(historyToEdn([])).toBe('\n');
    expect(parseJepsenHistory(historyToEdn([]))).toEqual([]);
  });

  it('the CLI writes the EDN next to its report, one invocation and one completion per operation', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rl-edn-'));
    const file = join(dir, 'history.edn');
    const out = runCli(['--preset', 'bank-ledger-async', '--history-edn', file, '--compact']);
    expect(out.code).toBe(0);
    const report = JSON.parse(out.stdout) as Report;
    const events = parseJepsenHistory(readFileSync(file, 'utf8'));
    expect(jepsenHistoryProblems(events)).toEqual([]);
    expect(events).toHaveLength(2 * report.history.length);
    expect(events[0]).toMatchObject({
      type: 'invoke',
      f: 'write',
      process: 0,
      key: 'account_123',
      value: '1000',
      time: 5_000_000,
      index: 0,
    });
    expect(events.filter((e) => e.type === 'ok')).toHaveLength(report.counts.opsOk);
  });
});

describe('the Jepsen rule checker', () => {
  const parse = (lines: string[]) => parseJepsenHistory(lines.join('\n'));

  it('rejects what the export used to write: a process with two operations in flight, reused after :info', () => {
    expect(
      jepsenHistoryProblems(
        parse([
          '{:type :invoke, :f :write, :process 0, :value ["k" "a"], :time 1, :index 0}',
          '{:type :invoke, :f :read, :process 0, :value ["k" nil], :time 2, :index 1}',
          '{:type :info, :f :write, :process 0, :value ["k" "a"], :time 3, :index 2}',
          '{:type :invoke, :f :write, :process 0, :value ["k" "b"], :time 4, :index 3}',
        ]),
      ),
    ).toEqual([
      'index 1: process 0 invokes while its op at index 0 is open',
      'index 2: :f :write completes :f :read',
      'index 3: process 0 invokes after its :info',
      "index 3: process 0's invocation never completes",
    ]);
  });

  it('rejects indexes that do not increase, time that goes back and values of the wrong shape', () => {
    expect(
      jepsenHistoryProblems(
        parse([
          '{:type :invoke, :f :read, :process 0, :value ["k" "x"], :time 5, :index 0}',
          '{:type :ok, :f :read, :process 0, :value ["k" #{"a" "b"}], :time 4, :index 0}',
          '{:type :invoke, :f :write, :process 1, :value ["k" nil], :time 6, :index 1}',
          '{:type :ok, :f :write, :process 1, :value ["k" "z"], :time 7, :index 2}',
          '{:type :invoke, :f :cas, :process 2, :value ["k" "x"], :time 8, :index 3}',
          '{:type :ok, :f :cas, :process 2, :value ["k" "x"], :time 9, :index 4}',
        ]),
      ),
    ).toEqual([
      "index 0: a read's :invoke carries a value",
      'index 0: :index does not increase',
      'index 0: :time goes back',
      'index 1: a write without a string value',
      'index 2: a :write completes with another value than it invoked',
      'index 3: unknown :f :cas',
      'index 4: unknown :f :cas',
    ]);
  });

  it('refuses malformed events, naming the event and what is wrong', () => {
    const bad: [string, string][] = [
      ['{:type :invoke, :f :read, :process 0, :value ["k" nil], :time 1}', 'event 0: :index must be'],
      ['{:type :invoke, :f :read, :process 0, :value "k", :time 1, :index 0}', 'event 0: :value must be'],
      ['{:type :call, :f :read, :process 0, :value ["k" nil], :time 1, :index 0}', ':type :call is not'],
      [
        '{:type :ok, :type :ok, :f :read, :process 0, :value ["k" nil], :time 1, :index 0}',
        'duplicate key :type',
      ],
      ['{:type :ok, :f :read, :process 0, :value ["k" #{"a" "a"}], :time 1, :index 0}', 'a repeated element'],
      [
        '{:type :ok, :f :read, :process 0, :value ["k" nil], :time 1, :index 0',
        'not a sequence of EDN forms',
      ],
      ['{:type :ok, :f "read", :process 0, :value ["k" nil], :time 1, :index 0}', ':f must be a keyword'],
    ];
    for (const [text, message] of bad) expect(() => parseJepsenHistory(text), text).toThrow(message);
  });
});

/** Presets of every model whose runs have what the old export got wrong, and both verdicts. */
const PRESET_IDS = [
  // leader-follower: clients with several operations in flight, timeouts (:info), generated ids, split brain
  'bench-25-nodes',
  'bank-ledger-async',
  'bank-ledger-sync',
  'follower-crash-catch-up',
  'split-brain',
  'split-brain-fixed',
  'semisync-failover-no-loss',
  'key-reuse-fixed',
  // multi-leader
  'ecommerce-any-leader',
  'crdt-cart-keeps-all',
  'lww-clock-skew',
  'consistent-prefix-violation',
  // leaderless: reads of siblings, a quorum that rejects, a write of unknown outcome
  'social-posts',
  'partial-quorum-staleness',
  'strict-quorum-fresh',
  'siblings-version-vectors',
  'strict-quorum-rejects',
  'failed-write-unknown',
  'quorum-not-linearizable',
];

/** What a history exercises: operations in flight per client at once, :info completions, sibling reads. */
function shape(history: readonly Operation[], events: readonly JepsenEvent[]) {
  const processesPerClient = new Map<string, Set<number>>();
  const invocations = events.filter((e) => e.type === 'invoke');
  history.forEach((o, i) => {
    const set = processesPerClient.get(o.client) ?? new Set<number>();
    set.add((invocations[i] as JepsenEvent).process);
    processesPerClient.set(o.client, set);
  });
  return {
    maxProcessesPerClient: Math.max(0, ...[...processesPerClient.values()].map((s) => s.size)),
    info: events.filter((e) => e.type === 'info').length,
    // Reads that returned a set: siblings of a register (a set-typed key's reads are not siblings).
    siblingReads: events.filter((e) => e.f === 'read' && e.value instanceof Set && !setKey(e.key)).length,
  };
}

/** The keys of set type in the presets compared (crdt-cart-keeps-all's carts). */
const setKey = (key: string) => key.startsWith('cart_') && run('crdt-cart-keeps-all') !== undefined;

/** Each preset run to its end once, with its EDN parsed back, shared by the tests below. */
const runs = new Map<string, { sim: Simulation; text: string; events: JepsenEvent[] }>();
function run(id: string) {
  const cached = runs.get(id);
  if (cached) return cached;
  const scenario = getPreset(id)?.scenario;
  if (!scenario) throw new Error(`no preset ${id}`);
  const sim = new Simulation(scenario);
  sim.runUntil(scenario.durationMs * 1000);
  const text = historyToEdn(sim.clients.history, keyTypes(sim.scenario));
  const out = { sim, text, events: parseJepsenHistory(text) };
  runs.set(id, out);
  return out;
}

describe('the EDN of whole preset runs', () => {
  it('covers every model', () => {
    const models = new Set(PRESET_IDS.map((id) => getPreset(id)?.scenario.model));
    expect([...models].sort()).toEqual(['leader-follower', 'leaderless', 'multi-leader']);
    expect(PRESET_IDS.every((id) => PRESETS.some((p) => p.id === id))).toBe(true);
  });

  it.each(PRESET_IDS)('%s: a valid Jepsen history whose linearizability verdict is the oracle’s', (id) => {
    const { sim, text, events } = run(id);
    const history = sim.clients.history;
    expect(jepsenHistoryProblems(events)).toEqual([]);
    expect(events.map((e) => e.index)).toEqual(events.map((_, i) => i));
    expect(text.split('\n')).toHaveLength(events.length + 1);
    // Every operation is invoked once and completes once (those still pending as :info).
    expect(events).toHaveLength(2 * history.length);
    // The invocations are the history's operations, in order.
    expect(events.filter((e) => e.type === 'invoke').map((e) => [e.key, e.time / 1000])).toEqual(
      history.map((o) => [o.key, o.invokeUs]),
    );
    const s = shape(history, events);
    expect(s.info).toBe(history.filter((o) => o.status === 'info' || o.status === 'pending').length);
    expect(s.siblingReads).toBe(history.filter((o) => o.siblings).length);
    // A client with several operations in flight at once runs them as several processes.
    expect(s.maxProcessesPerClient).toBeGreaterThanOrEqual(maxInFlightPerClient(history));

    // Linearizability judged from the parsed EDN alone equals the oracle's verdict on the run, operations and all
    // (the registers: a multi-leader run's CRDT keys are merged data types, which neither judges as registers).
    const merged = mergedPrefixes(sim.scenario);
    const registers = events.filter((e) => !isMergedKey(merged, e.key));
    const fromEdn = checkLinearizable(registerOpsFromJepsen(registers));
    expect(fromEdn).toEqual(checkRun(sim).linearizability);
  });

  it('the runs exercise what Jepsen requires: operations in flight side by side, :info and sibling reads', () => {
    const at = (id: string) => shape(run(id).sim.clients.history, run(id).events);
    expect(at('bench-25-nodes')).toEqual({ maxProcessesPerClient: 34, info: 63, siblingReads: 0 });
    expect(at('split-brain-fixed')).toEqual({ maxProcessesPerClient: 5, info: 5, siblingReads: 0 });
    expect(at('strict-quorum-fresh')).toEqual({ maxProcessesPerClient: 9, info: 8, siblingReads: 106 });
    // Both verdicts, and the budget running out, are among the runs compared above.
    expect(checkRun(run('bank-ledger-async').sim).linearizability.result).toBe('not-linearizable');
    expect(checkRun(run('bank-ledger-sync').sim).linearizability.result).toBe('linearizable');
    expect(checkRun(run('bench-25-nodes').sim).linearizability.result).toBe('unknown');
  });
});

/** The most operations one client had in flight at one instant (touching intervals overlap, as in the export). */
function maxInFlightPerClient(history: readonly Operation[]): number {
  let max = 0;
  for (const o of history) {
    const overlapping = history.filter(
      (p) =>
        p.client === o.client &&
        p.invokeUs <= o.invokeUs &&
        (p.completeUs ?? Number.POSITIVE_INFINITY) >= o.invokeUs,
    );
    max = Math.max(max, overlapping.length);
  }
  return max;
}

describe('convergent data types in the EDN, as Jepsen’s set and counter workloads write them', () => {
  const { sim, events } = run('crdt-cart-keeps-all');

  it('a set’s adds are :add of the element, a counter’s of the amount, and reads return a set and a total', () => {
    const invokes = events.filter((e) => e.type === 'invoke');
    expect(invokes.map((e) => [e.f, e.key, e.value])).toEqual([
      ['add', 'cart_1', 'book'],
      ['add', 'cart_1', 'pen'],
      ['add', 'cart_1', 'mug'],
      ['add', 'likes_1', 1],
      ['add', 'likes_1', 1],
      ['add', 'likes_1', 1],
      ['read', 'cart_1', null],
    ]);
    const read = events.find((e) => e.f === 'read' && e.type === 'ok');
    expect(read?.value).toEqual(new Set(['book', 'mug', 'pen']));
  });

  it('passes Jepsen’s set rule: every acknowledged add before the read is in what it returned', () => {
    const read = events.find((e) => e.f === 'read' && e.type === 'ok');
    if (!(read?.value instanceof Set)) throw new Error('the cart read returned no set');
    const acked = events.filter((e) => e.f === 'add' && e.type === 'ok' && e.key === 'cart_1');
    expect(acked).toHaveLength(3);
    for (const add of acked) expect(read.value.has(add.value as string)).toBe(true);
  });

  it('words a removal and a counter’s read too, and keeps registers as they were', () => {
    const history = sim.clients.history;
    const base = history[0] as Operation;
    const more: Operation[] = [
      { ...base, id: 100, value: 'remove book', invokeSeq: 1000, completeSeq: 1001 },
      { ...base, id: 101, key: 'likes_1', f: 'read', value: '3', invokeSeq: 1002, completeSeq: 1003 },
      { ...base, id: 102, key: 'likes_1', value: '-2', invokeSeq: 1004, completeSeq: 1005 },
      { ...base, id: 103, key: 'note', value: 'add x', invokeSeq: 1006, completeSeq: 1007 },
    ];
    const text = historyToEdn(more, keyTypes(sim.scenario));
    const parsed = parseJepsenHistory(text);
    expect(jepsenHistoryProblems(parsed)).toEqual([]);
    expect(parsed.filter((e) => e.type === 'ok').map((e) => [e.f, e.key, e.value])).toEqual([
      ['remove', 'cart_1', 'book'],
      ['read', 'likes_1', 3],
      ['add', 'likes_1', -2],
      ['write', 'note', 'add x'],
    ]);
    // A run without data types writes the same operations as registers.
    expect(historyToEdn(more)).toContain(':f :write, :process 0, :value ["cart_1" "remove book"]');
  });

  it('the CLI writes them so as well', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rl-edn-'));
    const file = join(dir, 'history.edn');
    expect(runCli(['--preset', 'crdt-cart-keeps-all', '--history-edn', file, '--compact']).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(historyToEdn(sim.clients.history, keyTypes(sim.scenario)));
  });
});
