import { describe, expect, it } from 'vitest';
import {
  buildVariant,
  CompareInputError,
  type CompareResult,
  compareRows,
  compareScenarios,
  formatCompareTable,
  knobSetting,
  threeModels,
  varyKnob,
} from '../../src/sim/analysis/compare.ts';
import type { RunMetrics } from '../../src/sim/analysis/metrics.ts';
import { translateScenario } from '../../src/sim/analysis/translate.ts';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { getPreset } from '../../src/sim/scenarios/presets/index.ts';
import { parseScenario, type Scenario, type TimelineEntry } from '../../src/sim/scenarios/schema.ts';
import { type FromCompare, handleCompare } from '../../src/worker/compare.ts';

const at = (ms: number, action: TimelineEntry['action']): TimelineEntry => ({ atUs: ms * 1000, action });

/**
 * Three nodes under steady load on one key; n1 (the leader-follower leader) is cut off from n2 and n3 from
 * 300 ms to 900 ms. The textbook trade-offs show on it: leader-follower cannot write on the minority side,
 * multi-leader keeps writing on both sides and conflicts, leaderless W=1 keeps writing and reads stale data.
 */
function partitioned(): Scenario {
  const parsed = parseScenario({
    version: 1,
    name: 'Partitioned leader under load',
    model: 'leader-follower',
    seed: 7,
    nodes: ['n1', 'n2', 'n3'],
    clients: [
      { id: 'alice', readFrom: 'any' },
      { id: 'bob', readFrom: 'any' },
    ],
    network: {
      latency: { dist: 'normal', meanMs: 20, sdMs: 4 },
      clientLatency: { dist: 'normal', meanMs: 3, sdMs: 0.5 },
      dropProbability: 0,
    },
    leaderFollower: {
      mode: 'async',
      semiSyncAcks: 1,
      heartbeatMs: 50,
      failover: 'majority',
      electionTimeoutMs: 150,
    },
    clientTimeoutMs: 400,
    workload: { enabled: true, kind: 'register', ratePerSec: 100, readFraction: 0.5, keys: ['k'] },
    durationMs: 1500,
    timeline: [
      at(300, {
        type: 'partition',
        groups: [['n1'], ['n2', 'n3']],
      }),
      at(900, { type: 'heal' }),
    ],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.scenario;
}

/** A scenario with an action for each model, to see what each translation keeps and drops. */
function withEveryKind(): Scenario {
  const base = partitioned();
  return {
    ...base,
    network: { ...base.network, links: [{ a: 'n1', b: 'n3', latency: { dist: 'constant', ms: 50 } }] },
    timeline: [
      at(10, { type: 'write', client: 'alice', key: 'k', value: 'a', node: 'n2' }),
      at(20, { type: 'read', client: 'bob', key: 'k', node: 'n3' }),
      at(100, { type: 'crash', node: 'n1' }),
      at(150, { type: 'promote', node: 'n2' }),
      at(160, { type: 'setQuorum', w: 1 }),
      at(170, { type: 'setResolution', resolution: 'siblings' }),
      at(180, { type: 'write', client: 'alice', key: 'id', value: '', autoIncrement: true }),
      at(300, { type: 'partition', groups: [['n1'], ['n2', 'n3']] }),
      at(400, { type: 'restart', node: 'n1' }),
      at(900, { type: 'heal' }),
    ],
  };
}

const row = (result: CompareResult, key: string) => {
  const r = result.rows.find((x) => x.key === key);
  if (!r) throw new Error(`no row ${key}`);
  return r;
};

describe('translating a scenario into another model', () => {
  it('keeps the nodes, clients, workload, seed, network and fault timeline', () => {
    const source = withEveryKind();
    for (const model of ['multi-leader', 'leaderless'] as const) {
      const { scenario } = translateScenario(source, model);
      expect(scenario.model).toBe(model);
      expect(scenario.nodes).toEqual(source.nodes);
      expect(scenario.seed).toBe(7);
      expect(scenario.workload).toEqual(source.workload);
      expect(scenario.network).toEqual(source.network);
      expect(scenario.clientTimeoutMs).toBe(400);
      expect(scenario.clients.map((c) => [c.id, c.readFrom])).toEqual([
        ['alice', 'any'],
        ['bob', 'any'],
      ]);
      const faults = scenario.timeline.filter((e) =>
        ['crash', 'restart', 'partition', 'heal'].includes(e.action.type),
      );
      expect(faults).toEqual([
        at(100, { type: 'crash', node: 'n1' }),
        at(300, { type: 'partition', groups: [['n1'], ['n2', 'n3']] }),
        at(400, { type: 'restart', node: 'n1' }),
        at(900, { type: 'heal' }),
      ]);
      expect(scenario.leaderFollower).toBeUndefined();
    }
  });

  it('drops the actions the target model does not understand, and says so', () => {
    const ml = translateScenario(withEveryKind(), 'multi-leader');
    expect(ml.scenario.timeline.map((e) => e.action.type)).toEqual([
      'write',
      'read',
      'crash',
      'setResolution',
      'write',
      'partition',
      'restart',
      'heal',
    ]);
    expect(ml.scenario.timeline[4]?.action).toEqual({ type: 'write', client: 'alice', key: 'id', value: '' });
    expect(ml.notes).toEqual([
      'defaults: every node leads, all-to-all, any leader writes any key, last-write-wins',
      'dropped 1 promote action (leader-follower only)',
      'dropped 1 setQuorum action (leaderless only)',
      'dropped 1 auto-increment flag (leader-follower only; kept as plain writes)',
    ]);
    const lf = translateScenario(
      translateScenario(withEveryKind(), 'leaderless').scenario,
      'leader-follower',
    );
    expect(lf.scenario.timeline.map((e) => e.action.type)).toEqual([
      'write',
      'read',
      'crash',
      'write',
      'partition',
      'restart',
      'heal',
    ]);
    expect(lf.notes).toEqual([
      'clients write to the leader (n1): 2 client homes ignored',
      'defaults: n1 leads, asynchronous replication, majority failover (election timeout 150 ms)',
      'dropped 1 setQuorum action (leaderless only)',
    ]);
  });

  it('uses each model’s defaults and spreads clients over leaders or coordinators', () => {
    const ml = translateScenario(partitioned(), 'multi-leader').scenario;
    expect(ml.multiLeader).toEqual({
      leaders: ['n1', 'n2', 'n3'],
      ownership: 'any',
      topology: 'all-to-all',
      resolution: 'lww',
      syncIntervalMs: 250,
    });
    expect(ml.clients.map((c) => c.home)).toEqual(['n1', 'n2']);
    const ll = translateScenario(partitioned(), 'leaderless').scenario;
    expect(ll.leaderless).toEqual({
      n: 3,
      w: 2,
      r: 2,
      readRepair: 'async',
      sloppyQuorum: false,
      hintedHandoff: false,
      resolution: 'siblings',
    });
    expect(ll.clients.map((c) => c.home)).toEqual(['n1', 'n2']);
    const lf = translateScenario(ll, 'leader-follower').scenario;
    expect(lf.leaderFollower).toEqual({
      mode: 'async',
      semiSyncAcks: 1,
      heartbeatMs: 50,
      failover: 'majority',
      electionTimeoutMs: 150,
    });
    expect(lf.clients.every((c) => c.home === undefined)).toBe(true);
  });

  it('gives a multi-leader translation a leader per region', () => {
    const preset = getPreset('social-posts')?.scenario;
    if (!preset) throw new Error('missing preset');
    const regional = {
      ...preset,
      regions: [
        { id: 'A', nodes: [preset.nodes[1] as string, preset.nodes[0] as string] },
        { id: 'B', nodes: [preset.nodes[2] as string] },
      ],
    };
    const { scenario } = translateScenario(regional, 'multi-leader');
    expect(scenario.multiLeader?.leaders).toEqual([preset.nodes[1], preset.nodes[2]]);
  });

  it('maps node i of the source to node i of the target wherever a node is named', () => {
    const { scenario } = translateScenario(withEveryKind(), 'leaderless', { nodeIds: ['a', 'b', 'c'] });
    expect(scenario.nodes).toEqual(['a', 'b', 'c']);
    expect(scenario.network.links).toEqual([{ a: 'a', b: 'c', latency: { dist: 'constant', ms: 50 } }]);
    expect(scenario.clients.map((c) => c.home)).toEqual(['a', 'b']);
    expect(scenario.timeline).toEqual([
      at(10, { type: 'write', client: 'alice', key: 'k', value: 'a', node: 'b' }),
      at(20, { type: 'read', client: 'bob', key: 'k', node: 'c' }),
      at(100, { type: 'crash', node: 'a' }),
      at(160, { type: 'setQuorum', w: 1 }),
      at(180, { type: 'write', client: 'alice', key: 'id', value: '' }),
      at(300, { type: 'partition', groups: [['a'], ['b', 'c']] }),
      at(400, { type: 'restart', node: 'a' }),
      at(900, { type: 'heal' }),
    ]);
  });

  it('keeps a leaderless PBS latency profile as the same network in other models', () => {
    const ll = translateScenario(partitioned(), 'leaderless').scenario;
    const source: Scenario = {
      ...ll,
      leaderless: { ...(ll.leaderless as NonNullable<Scenario['leaderless']>), latencyProfile: 'lnkd-disk' },
    };
    const ml = translateScenario(source, 'multi-leader');
    expect(Object.keys(ml.scenario.network.kindLatency ?? {})).toEqual([
      'replicate',
      'ack',
      'read',
      'response',
    ]);
    expect(ml.notes).toContain("the lnkd-disk latency profile kept as the network's latency by message kind");
    // Back in leaderless with the same defaults, the run is event for event the one with the profile.
    const back = translateScenario(ml.scenario, 'leaderless').scenario;
    expect(back.leaderless?.latencyProfile).toBeUndefined();
    const hash = (s: Scenario) => {
      const sim = new Simulation(s);
      sim.runUntil(1_000_000);
      return sim.traceHash();
    };
    expect(hash(back)).toBe(hash(source));
    expect(hash(back)).not.toBe(hash(ll));
  });

  it('returns a scenario unchanged when translated into its own model', () => {
    const source = partitioned();
    expect(translateScenario(source, 'leader-follower')).toEqual({ scenario: source, notes: [] });
  });
});

describe('variants', () => {
  it('turns a knob and its values into labelled patches, with fixed settings', () => {
    const base = partitioned();
    expect(varyKnob(base, 'w', ['1', '2'], knobSetting(base, 'r', '2'))).toEqual([
      { label: 'W=1', patch: { model: 'leaderless', leaderless: { r: 2, w: 1 } } },
      { label: 'W=2', patch: { model: 'leaderless', leaderless: { r: 2, w: 2 } } },
    ]);
    expect(varyKnob(base, 'mode', ['async', 'sync'])).toEqual([
      { label: 'async', patch: { model: 'leader-follower', leaderFollower: { mode: 'async' } } },
      { label: 'sync', patch: { model: 'leader-follower', leaderFollower: { mode: 'sync' } } },
    ]);
    expect(varyKnob(base, 'sloppy', ['off', 'on'])[1]?.patch).toEqual({
      model: 'leaderless',
      leaderless: { sloppyQuorum: true, hintedHandoff: true },
    });
  });

  it('takes quorum sizes in plain decimal digits only', () => {
    const base = partitioned();
    for (const bad of ['0x2', '2e0', ' 2', '', '2.0'])
      expect(() => varyKnob(base, 'w', [bad, '1'])).toThrow(/w must be an integer from 1 to/);
  });

  it('refuses to run variants to a time whose work exceeds the limit, naming the variant and the remedy', () => {
    const base = partitioned();
    const busy: Scenario = { ...base, workload: { ...base.workload, enabled: true, ratePerSec: 5000 } };
    const run = () => compareScenarios(busy, threeModels(), { untilUs: 3_000_000_000 });
    expect(run).toThrow(CompareInputError);
    expect(run).toThrow(
      /^variant "leader-follower" run to 3000000 ms: expected work .* exceeds the limit of .*; run to an earlier time or lower workload.ratePerSec$/,
    );
  });

  it('rejects bad values and mismatched settings, naming them', () => {
    const base = partitioned();
    const fails = (f: () => unknown, message: RegExp) => {
      expect(f).toThrow(CompareInputError);
      expect(f).toThrow(message);
    };
    fails(() => varyKnob(base, 'w', ['1', '4']), /w must be an integer from 1 to 3 \(the nodes\), got "4"/);
    fails(
      () => varyKnob(base, 'mode', ['async', 'fast']),
      /mode must be one of async, semisync, sync, got "fast"/,
    );
    fails(
      () => varyKnob(base, 'mode', ['async', 'sync'], knobSetting(base, 'r', '2')),
      /mode varies leader-follower, but the fixed settings are for leaderless/,
    );
    fails(
      () => buildVariant(base, { label: 'odd', patch: { model: 'multi-leader', leaderless: { w: 1 } } }),
      /variant "odd": leaderless settings, but the variant runs multi-leader/,
    );
    fails(
      () =>
        buildVariant(base, { label: 'W=3 N=2', patch: { model: 'leaderless', leaderless: { n: 2, w: 3 } } }),
      /variant "W=3 N=2": leaderless.w: at most n \(2\)/,
    );
    fails(
      () => compareScenarios(base, [...threeModels(), ...threeModels()], { untilUs: 1000 }),
      /two variants are labelled "leader-follower"/,
    );
    fails(
      () =>
        compareScenarios(base, varyKnob(base, 'model', ['leaderless']).concat(threeModels(), threeModels()), {
          untilUs: 1000,
        }),
      /variants: give 1 to 6 variants, got 7/,
    );
    fails(() => compareScenarios(base, threeModels(), { untilUs: -5 }), /the run time must be/);
  });

  it('lowers the default quorums with N, and describes each variant’s settings', () => {
    const built = buildVariant(partitioned(), {
      label: 'N=1',
      patch: { model: 'leaderless', leaderless: { n: 1 } },
    });
    expect(built.scenario.leaderless).toMatchObject({ n: 1, w: 1, r: 1 });
    expect(built.settings).toBe('N=1 W=1 R=1, read repair async, siblings');
    expect(built.scenario.name).toBe('Partitioned leader under load (N=1)');
  });
});

describe('compareScenarios on a partitioned leader', () => {
  const models = compareScenarios(partitioned(), threeModels(), { untilUs: 1_500_000 });
  const quorums = compareScenarios(
    partitioned(),
    varyKnob(partitioned(), 'w', ['1', '2'], knobSetting(partitioned(), 'r', '2')),
    {
      untilUs: 1_500_000,
    },
  );

  it('runs every variant to the same simulated time, with its settings', () => {
    expect(models.columns.map((c) => [c.label, c.settings, c.metrics.untilUs])).toEqual([
      ['leader-follower', 'async, majority failover', 1_500_000],
      ['multi-leader', '3 leaders, all-to-all, lww', 1_500_000],
      ['leaderless', 'N=3 W=2 R=2, read repair async, siblings', 1_500_000],
    ]);
    expect(models.rows.map((r) => r.key)).toEqual([
      'writeP50',
      'writeP99',
      'readP50',
      'readP99',
      'availability',
      'failedWrites',
      'staleReads',
      'lostWrites',
      'conflicts',
      'messages',
      'bytes',
    ]);
    // The same workload: every variant invoked the same 62 writes.
    expect(models.columns.map((c) => c.metrics.writes.invoked)).toEqual([62, 62, 62]);
  });

  it('shows the known trade-offs: leader-follower stops writing on the minority side, multi-leader conflicts', () => {
    const [lf, ml, ll] = models.columns.map((c) => c.metrics);
    if (!lf || !ml || !ll) throw new Error('three columns expected');
    // Leader-follower (majority failover): the cut-off leader cannot commit, so its writes fail or time out,
    // but it neither conflicts nor loses an acknowledged write.
    expect(lf.writes.failed + lf.writes.info).toBe(25);
    expect([lf.conflicts, lf.lostWrites]).toEqual([0, 0]);
    // Multi-leader: both sides accept every write; concurrent writes conflict and last-write-wins drops some.
    // 15 conflicts: sets of concurrent writes to one key, each counted once however many nodes detect it.
    expect(ml.writes.failed + ml.writes.info).toBe(0);
    expect([ml.conflicts, ml.lostWrites]).toEqual([15, 13]);
    // Leaderless W=2 of 3: the side with one replica cannot reach a write quorum; the writes it takes from
    // several coordinators are concurrent, kept as siblings: conflicts too, counted as multi-leader's are.
    expect([ll.writes.failed + ll.writes.info, ll.conflicts, ll.lostWrites]).toEqual([12, 47, 0]);
    expect(row(models, 'conflicts')).toMatchObject({
      values: [0, 15, 47],
      best: [0],
      reading:
        'multi-leader had 15 conflicts (sets of concurrent writes to one key); leaderless had 47 conflicts (sets of concurrent writes to one key); leader-follower none',
    });
    expect(row(models, 'lostWrites').reading).toBe(
      'multi-leader lost 13 acknowledged writes; leader-follower and leaderless none',
    );
    expect(row(models, 'availability').best).toEqual([1]);
  });

  it('shows that leaderless W=1 keeps writing through the partition but reads stale data, unlike W=2 with R=2', () => {
    const [w1, w2] = quorums.columns.map((c) => c.metrics);
    if (!w1 || !w2) throw new Error('two columns expected');
    expect(quorums.columns.map((c) => c.settings)).toEqual([
      'N=3 W=1 R=2, read repair async, siblings',
      'N=3 W=2 R=2, read repair async, siblings',
    ]);
    expect([w1.staleReads, w2.staleReads]).toEqual([12, 0]);
    expect([w1.writes.failed + w1.writes.info, w2.writes.failed + w2.writes.info]).toEqual([0, 12]);
    expect(row(quorums, 'staleReads')).toMatchObject({
      best: [1],
      reading: 'W=1 returned 12 stale reads; W=2 none',
    });
    expect(row(quorums, 'failedWrites').reading).toBe('W=2 could not confirm 12 writes; W=1 none');
  });

  it('gives identical tables when run twice', () => {
    const again = compareScenarios(partitioned(), threeModels(), { untilUs: 1_500_000 });
    expect(again).toEqual(models);
    expect(again.columns.map((c) => c.traceHash)).toEqual(models.columns.map((c) => c.traceHash));
    expect(formatCompareTable(again)).toBe(formatCompareTable(models));
  });

  it('reports progress up to every variant done', () => {
    const seen: [number, number, string][] = [];
    compareScenarios(partitioned(), varyKnob(partitioned(), 'mode', ['async', 'sync']), {
      untilUs: 100_000,
      onProgress: (done, total, label) => seen.push([done, total, label]),
    });
    expect(seen).toHaveLength(40);
    expect(seen[0]).toEqual([0.05, 2, 'async']);
    expect(seen.at(-1)).toEqual([2, 2, 'sync']);
  });

  it('prints an aligned table with the best values starred, the readings and the notes', () => {
    const text = formatCompareTable(models);
    const lines = text.split('\n');
    expect(lines[0]).toBe(
      'Partitioned leader under load: 3 variants, each run to 1,500 ms simulated (* best)',
    );
    const header = lines[2] ?? '';
    const conflicts = lines.find((l) => l.startsWith('Conflicts ')) ?? '';
    // Columns are right-aligned: each row ends where the header does.
    expect(conflicts.length).toBe(header.length);
    expect(conflicts).toMatch(/^Conflicts\s+0 \*\s+15\s+47$/);
    expect(text).toContain('Lost acknowledged writes: multi-leader lost 13 acknowledged writes');
    expect(text).toContain('  leaderless: defaults: N=3, W=2, R=2, read repair, strict quorums, siblings');
  });
});

describe('the compare worker', () => {
  it('posts progress, then the same result as a direct run', () => {
    const replies: FromCompare[] = [];
    const variants = varyKnob(partitioned(), 'failover', ['naive', 'majority']);
    handleCompare({ type: 'run', id: 3, base: partitioned(), variants, untilUs: 200_000 }, (r) =>
      replies.push(r),
    );
    const last = replies.at(-1);
    expect(replies.slice(0, -1).every((r) => r.type === 'progress' && r.id === 3)).toBe(true);
    expect(replies.length).toBeGreaterThan(10);
    expect(last).toEqual({
      type: 'result',
      id: 3,
      result: compareScenarios(partitioned(), variants, { untilUs: 200_000 }),
    });
  });

  it('answers a bad request with an error naming the problem', () => {
    const replies: FromCompare[] = [];
    handleCompare(
      {
        type: 'run',
        id: 4,
        base: partitioned(),
        variants: [{ label: 'x', patch: { model: 'leaderless', leaderless: { w: 9 } } }],
        untilUs: 1000,
      },
      (r) => replies.push(r),
    );
    expect(replies).toEqual([{ type: 'error', id: 4, message: 'variant "x": leaderless.w: at most n (3)' }]);
  });
});

describe('the table rows', () => {
  const metrics = (over: Partial<RunMetrics> & { readP50Us?: number | null }): RunMetrics => {
    const { readP50Us = 7_910, ...rest } = over;
    const ops = {
      invoked: 10,
      ok: 10,
      failed: 0,
      info: 0,
      pending: 0,
      p50Us: 5_000,
      p99Us: 9_000,
      meanUs: 6_000,
    };
    return {
      untilUs: 1_000_000,
      writes: ops,
      reads: { ...ops, p50Us: readP50Us },
      availability: 1,
      staleReads: 0,
      staleReadRate: 0,
      messagesSent: 100,
      bytesSent: 5_000,
      messagesDropped: 0,
      conflicts: 0,
      lostWrites: 0,
      ...rest,
    };
  };

  it('treats values shown alike as equally good, and marks nothing when every column is equal', () => {
    const rows = compareRows([
      { label: 'a', metrics: metrics({ readP50Us: 7_910 }) },
      {
        label: 'b',
        metrics: metrics({
          readP50Us: 7_880,
          lostWrites: 2,
          availability: 0.5,
          writes: {
            invoked: 10,
            ok: 0,
            failed: 10,
            info: 0,
            pending: 0,
            p50Us: null,
            p99Us: null,
            meanUs: null,
          },
        }),
      },
      { label: 'c', metrics: metrics({ readP50Us: 12_000, availability: null }) },
    ]);
    const get = (key: string) => rows.find((r) => r.key === key);
    expect(get('readP50')).toMatchObject({
      display: ['7.9 ms', '7.9 ms', '12 ms'],
      best: [0, 1],
      reading: 'a and b answered reads fastest (7.9 ms), c slowest (12 ms)',
    });
    expect(get('writeP99')).toMatchObject({
      display: ['9 ms', '—', '9 ms'],
      best: [0, 2],
      // Not "the same everywhere": b has no value at all.
      reading: 'a and c 9 ms each; b: none completed',
    });
    expect(get('readP99')).toMatchObject({ best: [], reading: 'the same everywhere (9 ms)' });
    // Equal values shown differently (0 of 10 and 0 of 5 writes failed) are equal too.
    const failed = compareRows([
      { label: 'a', metrics: metrics({}) },
      { label: 'b', metrics: metrics({ writes: { ...metrics({}).writes, invoked: 5, ok: 5 } }) },
      {
        label: 'c',
        metrics: metrics({ writes: { ...metrics({}).writes, invoked: 12, ok: 10, failed: 1, info: 1 } }),
      },
    ]).find((r) => r.key === 'failedWrites');
    expect(failed).toMatchObject({ display: ['0 of 10', '0 of 5', '2 of 12'], best: [0, 1] });
    // A write still in flight at the end is not acknowledged: the reading does not say every write was.
    const inFlight = (pending: number) =>
      metrics({ writes: { ...metrics({}).writes, invoked: 21, ok: 21 - pending, pending } });
    expect(
      compareRows([
        { label: 'a', metrics: inFlight(1) },
        { label: 'b', metrics: inFlight(0) },
      ]).find((r) => r.key === 'failedWrites')?.reading,
    ).toBe('no write failed or was left unknown; still awaiting an answer at the end: a 1 write');
    expect(
      compareRows([
        { label: 'a', metrics: inFlight(0) },
        { label: 'b', metrics: inFlight(0) },
      ]).find((r) => r.key === 'failedWrites')?.reading,
    ).toBe('every write was acknowledged');
    expect(
      compareRows([
        { label: 'a', metrics: metrics({}) },
        { label: 'b', metrics: metrics({ writes: { ...metrics({}).writes, invoked: 5, ok: 5 } }) },
      ]).find((r) => r.key === 'failedWrites')?.best,
    ).toEqual([]);
    expect(get('lostWrites')).toMatchObject({
      best: [0, 2],
      reading: 'b lost 2 acknowledged writes; a and c none',
    });
    expect(get('availability')).toMatchObject({
      values: [1, 0.5, null],
      display: ['100% (20/20)', '50% (10/20)', '—'],
      best: [0],
      reading: 'a kept every operation succeeding; b 50% (10 writes and 0 reads failed or unknown)',
    });
  });
});
