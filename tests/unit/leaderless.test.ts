import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import type { Report } from '../../src/sim/analysis/report.ts';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { Leaderless } from '../../src/sim/models/leaderless/model.ts';
import { checkRun, Oracle } from '../../src/sim/oracle/oracle.ts';
import { getPreset } from '../../src/sim/scenarios/presets/index.ts';
import type { Scenario, TimelineEntry } from '../../src/sim/scenarios/schema.ts';
import type { LeaderlessView } from '../../src/sim/types.ts';

function cluster(
  ll: Partial<NonNullable<Scenario['leaderless']>>,
  timeline: TimelineEntry[] = [],
  nodes = 5,
): Scenario {
  return {
    version: 1,
    name: 'leaderless test',
    model: 'leaderless',
    seed: 2,
    nodes: Array.from({ length: nodes }, (_, i) => `kv${i + 1}`),
    clients: [
      { id: 'a', home: 'kv1' },
      { id: 'b', home: 'kv2' },
    ],
    network: {
      latency: { dist: 'constant', ms: 10 },
      clientLatency: { dist: 'constant', ms: 1 },
      dropProbability: 0,
    },
    leaderless: { n: 3, w: 2, r: 2, ...ll },
    clientTimeoutMs: 1000,
    workload: { enabled: false, kind: 'register', ratePerSec: 10, readFraction: 0.5, keys: ['k'] },
    durationMs: 1000,
    timeline,
  };
}

const model = (sim: Simulation) => sim.model as Leaderless;

function leaderlessView(sim: Simulation): LeaderlessView {
  const view = sim.snapshot().view;
  if (view.model !== 'leaderless') throw new Error('not a leaderless run');
  return view;
}

describe('the ring', () => {
  it('a preference list is the first N distinct nodes clockwise, and fallbacks continue in ring order', () => {
    const sim = new Simulation(cluster({ n: 3 }));
    const m = model(sim);
    for (const key of ['k', 'profile', 'cart', 'post_1', 'x']) {
      const order = m.ringOrder(key);
      expect(new Set(order).size).toBe(5);
      expect(m.preferenceList(key)).toEqual(order.slice(0, 3));
    }
    // Deterministic: the same key maps to the same replicas in another simulation.
    expect(new Simulation(cluster({ n: 3 })).model instanceof Leaderless).toBe(true);
    expect(model(new Simulation(cluster({ n: 3 }))).preferenceList('cart')).toEqual(m.preferenceList('cart'));
    // Keys spread over the ring: over many keys every node is a first replica sometimes.
    const firsts = new Set(Array.from({ length: 200 }, (_, i) => m.preferenceList(`key${i}`)[0]));
    expect(firsts.size).toBe(5);
  });
});

describe('quorums', () => {
  it('counts acknowledgements as they arrive: the write is acknowledged when the W-th ack lands', () => {
    const s = cluster({ n: 3, w: 2 }, [
      { atUs: 5000, action: { type: 'write', client: 'a', key: 'k', value: 'v' } },
    ]);
    const sim = new Simulation(s);
    sim.runUntil(15_000);
    // At 16 ms the client request (1 ms) has reached kv1, stores are in flight (10 ms), no ack yet.
    expect(sim.clients.history[0]?.status).toBe('pending');
    sim.runUntil(1_000_000);
    const op = sim.clients.history[0];
    const home = model(sim).preferenceList('k');
    // kv1 coordinates: if it is a home replica its own store counts at once (one ack at 6 ms, the next at
    // 26 ms); if not, two remote acks land at 26 ms. Either way the reply reaches the client at 27 ms.
    expect(op).toMatchObject({ status: 'ok', completeUs: 27_000 });
    const q = leaderlessView(sim).quorums.find((x) => x.kind === 'write');
    expect(q).toMatchObject({ coordinator: 'kv1', needed: 2, status: 'reached' });
    expect(q?.acked.length).toBe(3);
    expect(new Set(q?.acked)).toEqual(new Set(home));
  });

  it('a write that misses W fails at the timeout, and is not rolled back where it was stored', () => {
    const s = cluster({ n: 3, w: 3, r: 1, requestTimeoutMs: 100 }, [
      { atUs: 0, action: { type: 'crash', node: 'kv5' } },
      { atUs: 0, action: { type: 'crash', node: 'kv4' } },
      { atUs: 0, action: { type: 'crash', node: 'kv3' } },
      { atUs: 5000, action: { type: 'write', client: 'a', key: 'k', value: 'v' } },
    ]);
    const sim = new Simulation(s);
    sim.runUntil(1_000_000);
    const op = sim.clients.history[0];
    expect(op?.status).toBe('fail');
    expect(op?.error).toMatch(/^quorum failed: \d of 3 acknowledgements within 100 ms/);
    const stored = model(sim)
      .preferenceList('k')
      .filter((n) => sim.model.replica(n).data.find((d) => d.key === 'k')?.value === 'v');
    expect(stored.length).toBeGreaterThan(0);
  });

  it('concurrent writes without context become siblings; a write with the read context supersedes them', () => {
    const r = JSON.parse(runCli(['--preset', 'siblings-version-vectors', '--compact']).stdout) as Report;
    const read = r.history.find((o) => o.f === 'read' && o.client === 'alice');
    expect(read?.value).toBe('milk | eggs');
    expect(r.nodes.every((n) => n.data.cart === 'eggs, milk')).toBe(true);
  });
});

describe('repair', () => {
  it('read repair writes the merged version back to the replica that missed it; unread keys stay stale', () => {
    const r = JSON.parse(runCli(['--preset', 'read-repair', '--compact']).stdout) as Report;
    const kv3 = r.nodes.find((n) => n.id === 'kv3');
    expect(kv3?.data).toEqual({ k1: 'a' });
    expect(r.anomalyCounts.divergence).toBe(1);
    const fixed = JSON.parse(runCli(['--preset', 'anti-entropy', '--compact']).stdout) as Report;
    expect(fixed.nodes.find((n) => n.id === 'kv3')?.data).toEqual({ k1: 'a', k2: 'b' });
  });

  it('hints are held during the partition, delivered after the heal, and then dropped', () => {
    const preset = JSON.parse(
      runCli(['--preset', 'sloppy-quorum-stale', '--until', '850', '--compact']).stdout,
    ) as Report;
    expect(preset.anomalyCounts['stale-read']).toBe(1);
    const scenario = getPreset('sloppy-quorum-stale')?.scenario;
    if (!scenario) throw new Error('missing preset');
    const s = new Simulation(scenario);
    s.runUntil(850_000);
    const during = leaderlessView(s).hints;
    expect(during.flatMap((h) => h.hints.map((x) => [h.node, x.for, x.keys]))).toEqual([
      ['kv1', 'kv3', ['profile']],
      ['kv5', 'kv4', ['profile']],
    ]);
    s.runUntil(1_500_000);
    expect(leaderlessView(s).hints).toEqual([]);
    for (const home of ['kv3', 'kv4'])
      expect(s.model.replica(home).data.find((d) => d.key === 'profile')?.value).toBe('v2');
    const last = s.clients.history.at(-1);
    expect(last).toMatchObject({ f: 'read', value: 'v2' });
    const stale = checkRun(s).anomalies.filter((a) => a.kind === 'stale-read' && a.ops[0] === last?.id);
    expect(stale).toEqual([]);
  });
});

/** Stale reads as the oracle judges them (the per-operation checkers only: no linearizability search). */
function staleReads(sim: Simulation): number {
  const oracle = new Oracle(sim);
  oracle.advance();
  return oracle.counts()['stale-read'];
}

describe('100,000 random operations without faults', () => {
  function run(r: number, w: number) {
    const s: Scenario = {
      ...cluster({ n: 3, w, r }),
      seed: 99,
      nodes: ['kv1', 'kv2', 'kv3', 'kv4', 'kv5'],
      clients: [
        { id: 'a', home: 'kv1' },
        { id: 'b', home: 'kv2' },
        { id: 'c', home: 'kv3' },
        { id: 'd', home: 'kv4' },
        { id: 'e', home: 'kv5' },
      ],
      network: {
        latency: { dist: 'exponential', meanMs: 5, minMs: 0.5 },
        clientLatency: { dist: 'constant', ms: 0.5 },
        dropProbability: 0,
      },
      workload: {
        enabled: true,
        kind: 'register',
        ratePerSec: 2000,
        readFraction: 0.5,
        keys: ['k1', 'k2', 'k3'],
      },
    };
    const sim = new Simulation(s);
    while (sim.clients.history.length < 100_000) sim.runUntil(sim.nowUs + 1_000_000);
    sim.apply({ type: 'setWorkload', enabled: false });
    sim.runUntil(sim.nowUs + 2_000_000);
    return sim;
  }

  it('with R + W > N (strict quorums) no read returns a value older than a write completed before it began', () => {
    const sim = run(2, 2);
    const reads = sim.clients.history.filter((o) => o.f === 'read' && o.status === 'ok').length;
    expect(reads).toBeGreaterThan(40_000);
    expect(staleReads(sim)).toBe(0);
  });

  it('with R = W = 1 such stale reads occur', () => {
    expect(staleReads(run(1, 1))).toBeGreaterThan(100);
  });
});

function report(id: string): Report {
  const r = runCli(['--preset', id, '--compact']);
  if (r.code !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as Report;
}
const anomalies = (r: Report) => ({
  staleReads: r.anomalyCounts['stale-read'],
  lostWrites: r.anomalyCounts['lost-write'],
  readsOfFailedWrites: r.anomalyCounts['read-of-failed-write'],
  nonLinearizableReads: r.anomalyCounts['non-linearizable-read'],
});
const NONE = { staleReads: 0, lostWrites: 0, readsOfFailedWrites: 0, nonLinearizableReads: 0 };

describe('leaderless presets', () => {
  it.each([
    ['social-posts', NONE],
    ['partial-quorum-staleness', { ...NONE, staleReads: 55, nonLinearizableReads: 14 }],
    ['strict-quorum-fresh', NONE],
    ['sloppy-quorum-stale', { ...NONE, staleReads: 1 }],
    ['strict-quorum-rejects', NONE],
    ['failed-write-visible', { ...NONE, readsOfFailedWrites: 2, nonLinearizableReads: 1 }],
    ['failed-write-unknown', { ...NONE, nonLinearizableReads: 1 }],
    ['quorum-not-linearizable', { ...NONE, nonLinearizableReads: 1 }],
    ['blocking-read-repair', NONE],
    ['lww-concurrent-writes', { ...NONE, lostWrites: 1 }],
    ['siblings-version-vectors', NONE],
  ])('%s reproduces its counts exactly', (id, expected) => {
    expect(anomalies(report(id))).toEqual(expected);
  });

  it('the read-repair pair: one key left diverged without anti-entropy, none with it', () => {
    expect(report('read-repair').anomalyCounts.divergence).toBe(1);
    expect(report('anti-entropy').anomalyCounts.divergence).toBe(0);
  });

  it('quorum reads: alice sees new, bob starts after her read finished and sees the old value', () => {
    const r = report('quorum-not-linearizable');
    const [a, b] = r.history.filter((o) => o.f === 'read');
    expect(a).toMatchObject({ client: 'alice', value: 'new' });
    expect(b).toMatchObject({ client: 'bob', value: null });
    expect((a?.completeMs ?? 0) < (b?.invokeMs ?? 0)).toBe(true);
  });
});

describe('latency profiles', () => {
  it('setLatencyProfile makes replica traffic draw from the PBS profile, and null restores the scenario latency', () => {
    const s = cluster({}, [
      { atUs: 0, action: { type: 'setLatencyProfile', profile: 'lnkd-ssd' } },
      { atUs: 5000, action: { type: 'write', client: 'a', key: 'k', value: 'v' } },
      { atUs: 100_000, action: { type: 'setLatencyProfile', profile: null } },
      { atUs: 105_000, action: { type: 'write', client: 'a', key: 'k', value: 'w' } },
    ]);
    const sim = new Simulation(s);
    sim.runUntil(6000);
    // LNKD-SSD write delays are well under a millisecond on average; the scenario's are 10 ms.
    const fast = sim.messageViews().filter((m) => m.kind === 'replicate');
    expect(fast.length).toBeGreaterThan(0);
    expect(fast.every((m) => m.deliverAt - m.sentAt < 10_000)).toBe(true);
    expect(sim.snapshot().network.latencyProfile).toBe('lnkd-ssd');
    sim.runUntil(106_000);
    const slow = sim.messageViews().filter((m) => m.kind === 'replicate');
    expect(slow.every((m) => m.deliverAt - m.sentAt === 10_000)).toBe(true);
    expect(sim.snapshot().network.latencyProfile).toBeNull();
  });
});
