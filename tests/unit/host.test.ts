/**
 * The worker host, driven in Node with a fake wall clock and a fake scheduler, so every tick is deterministic.
 */
import { describe, expect, it } from 'vitest';
import { MetricsCollector } from '../../src/sim/analysis/metrics.ts';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { checkRun, noAnomalies } from '../../src/sim/oracle/oracle.ts';
import { defaultScenario, getPreset } from '../../src/sim/scenarios/presets/index.ts';
import type { Scenario } from '../../src/sim/scenarios/schema.ts';
import { createSimCore } from '../../src/worker/core.ts';
import { SimHost } from '../../src/worker/host.ts';
import { transferables, viewSnapshot } from '../../src/worker/pack.ts';
import {
  DOOM_ORDER,
  type FromWorker,
  MAX_ANOMALIES_SENT,
  MESSAGE_KIND_ORDER,
  messageLabel,
} from '../../src/worker/protocol.ts';
import type { CreateSim, SimCore } from '../../src/worker/simCore.ts';
import { FakeTime, setupHost as setup } from '../support/hostHarness.ts';

const scenario: Scenario = defaultScenario();

describe('SimHost', () => {
  it('answers a load with the scenario and a first snapshot at t = 0, tagged with its epoch', () => {
    const { host, posts } = setup();
    host.handle({ type: 'load', epoch: 7, scenario, play: false });
    // Paused, the oracle's answer for the state shown follows the snapshot at once.
    expect(posts.map((m) => m.type)).toEqual(['scenario', 'snapshot', 'checked']);
    expect(posts.every((m) => 'epoch' in m && m.epoch === 7)).toBe(true);
    const first = posts[1];
    expect(first?.type === 'snapshot' && first.snapshot.nowUs).toBe(0);
    expect(first?.type === 'snapshot' && first.playing).toBe(false);
  });

  it('advances simulated time by wall time x speed, one snapshot per frame', () => {
    const { host, time, snapshots, lastSnapshot } = setup();
    host.handle({ type: 'load', epoch: 1, scenario, play: true });
    host.handle({ type: 'setSpeed', simMsPerSec: 100 });
    const before = snapshots().length;
    time.advance(60 * 16);
    // 100 simulated ms per wall second: 60 frames of 16 ms later the simulation is at 96 ms.
    expect(lastSnapshot().nowUs).toBe(96_000);
    expect(snapshots().length - before).toBe(60);
  });

  it('spaces playback snapshots by what the page says one costs it (4x its cost), the clock running on', () => {
    const { host, time, snapshots, lastSnapshot } = setup();
    host.handle({ type: 'load', epoch: 1, scenario, play: true });
    host.handle({ type: 'setSpeed', simMsPerSec: 100 });
    host.handle({ type: 'rendered', count: 0, costMs: 40 });
    const before = snapshots().length;
    time.advance(60 * 16);
    // 160 ms between snapshots instead of one a frame: 960 ms of frames post 6, the last at the 60th frame.
    expect(snapshots().length - before).toBe(6);
    expect(lastSnapshot().nowUs).toBe(96_000);
    host.handle({ type: 'rendered', count: 0, costMs: 0 });
    const cheap = snapshots().length;
    time.advance(10 * 16);
    expect(snapshots().length - cheap).toBe(10);
  });

  it('stops advancing on pause and resumes from the same simulated time', () => {
    const { host, time, lastSnapshot } = setup();
    host.handle({ type: 'load', epoch: 1, scenario, play: true });
    time.advance(400);
    host.handle({ type: 'pause' });
    const paused = lastSnapshot().nowUs;
    time.advance(2000);
    expect(lastSnapshot().nowUs).toBe(paused);
    expect(time.pending()).toBe(0);
    host.handle({ type: 'play' });
    time.advance(160);
    expect(lastSnapshot().nowUs).toBe(paused + 160 * 25);
  });

  it('plays the same events as running the simulation directly (same trace hash)', () => {
    const { host, time, lastSnapshot } = setup();
    host.handle({ type: 'load', epoch: 1, scenario, play: true });
    host.handle({ type: 'setSpeed', simMsPerSec: 500 });
    time.advance(1200);
    host.handle({ type: 'pause' });
    const viaHost = lastSnapshot();
    const direct = new Simulation(scenario);
    direct.runUntil(viaHost.nowUs);
    expect(viaHost.traceHash).toBe(direct.traceHash());
  });

  it('sends the metrics with every still snapshot, and at most every 250 ms of wall time while playing', () => {
    const { host, time, posts } = setup();
    const snapshotPosts = () => posts.filter((m) => m.type === 'snapshot');
    host.handle({ type: 'load', epoch: 1, scenario, play: true });
    // The first snapshot of a run carries its metrics.
    expect(snapshotPosts()[0]?.type === 'snapshot' && snapshotPosts()[0]?.metrics).toBeTruthy();
    host.handle({ type: 'setSpeed', simMsPerSec: 200 });
    const mark = snapshotPosts().length;
    time.advance(1000);
    const playing = snapshotPosts().slice(mark);
    const withMetrics = playing.filter((m) => m.type === 'snapshot' && m.metrics);
    expect(playing.length).toBeGreaterThan(50);
    expect(withMetrics.length).toBeGreaterThanOrEqual(3);
    expect(withMetrics.length).toBeLessThanOrEqual(5);
    host.handle({ type: 'pause' });
    const paused = snapshotPosts().at(-1);
    if (paused?.type !== 'snapshot' || !paused.metrics) throw new Error('the pause snapshot has no metrics');
    // The metrics describe the snapshot they ride on.
    expect(paused.metrics.summary.untilUs).toBe(paused.snapshot.nowUs);
    expect(paused.metrics.summary.messagesSent).toBe(paused.snapshot.counts.messagesSent);
    expect(paused.metrics.summary.writes.ok).toBe(paused.snapshot.counts.writesOk);
    host.handle({ type: 'step' });
    const stepped = snapshotPosts().at(-1);
    expect(stepped?.type === 'snapshot' && stepped.metrics?.summary.untilUs).toBe(
      stepped?.type === 'snapshot' && stepped.snapshot.nowUs,
    );
  });

  it('holds snapshots back while the page has not acknowledged earlier ones, without stopping the clock', () => {
    const { host, time, snapshots, lastSnapshot } = setup({ maxUnackedSnapshots: 2 });
    host.handle({ type: 'load', epoch: 1, scenario, play: true });
    // The load's own snapshot is outstanding; one more frame fills the window of two.
    time.advance(10 * 16);
    expect(snapshots().length).toBe(2);
    const held = lastSnapshot().nowUs;
    host.handle({ type: 'rendered', count: 2 });
    time.advance(16);
    expect(snapshots().length).toBe(3);
    // Simulated time ran on while snapshots were held back: 11 frames at 25 ms per second.
    expect(lastSnapshot().nowUs).toBe(11 * 16 * 25);
    expect(lastSnapshot().nowUs).toBeGreaterThan(held);
    // Commands always answer, acknowledged or not.
    host.handle({ type: 'pause' });
    expect(snapshots().length).toBe(4);
  });

  it('lets simulated time lag behind instead of freezing when the core is slow', () => {
    const time = new FakeTime();
    let calls = 0;
    // A core that takes 5 wall ms per batch and only gets 1 simulated ms done per batch.
    const slow: CreateSim = () => {
      let now = 0;
      return {
        nowUs: () => now,
        runUntil: (target, maxEvents) => {
          calls++;
          time.nowMs += 5;
          now = Math.min(target, now + 1000);
          return maxEvents;
        },
        stepInstant: () => {},
        apply: () => {},
        snapshot: () => ({ ...viewSnapshot(new Simulation(scenario), Number.POSITIVE_INFINITY), nowUs: now }),
        scenario: () => scenario,
        check: () => ({ anomalies: [], linearizability: { result: 'linearizable' } }),
        liveCheck: () => ({ anomalies: [], linearizability: { result: 'linearizable' } }),
        describeVerdict: () => 'linearizable',
        finished: () => ({
          log: { reset: false, messages: [], skipped: 0, faults: [] },
          cursor: { messages: 0, faults: 0 },
        }),
        recorded: () => [],
        adoptRecorded: () => {},
        checkpoint: () => () => {
          throw new Error('not resumable');
        },
        exportHistory: () => '',
        metrics: () => new MetricsCollector(new Simulation(scenario)).report(),
        anomalyCounts: () => noAnomalies(),
        faultsSince: () => ({ faults: [], version: 0 }),
        hasLeaders: false,
        leaders: () => [],
        leaderRules: () => null,
      } satisfies SimCore;
    };
    const posts: FromWorker[] = [];
    const host = new SimHost({
      post: (m) => posts.push(m),
      createSim: slow,
      maxUnackedSnapshots: Number.POSITIVE_INFINITY,
      now: time.now,
      schedule: time.schedule,
    });
    host.handle({ type: 'load', epoch: 1, scenario, play: true });
    host.handle({ type: 'setSpeed', simMsPerSec: 10_000 });
    calls = 0;
    time.advance(16);
    // The 8 ms wall budget allows two 5 ms batches, then the tick posts what it has.
    expect(calls).toBe(2);
    const last = posts.filter((m) => m.type === 'snapshot').at(-1);
    expect(last?.type === 'snapshot' && last.snapshot.nowUs).toBe(2000);
    // The debt is bounded (at most 100 wall ms' worth is carried): the next tick again runs what its budget allows.
    calls = 0;
    time.advance(16);
    expect(calls).toBe(2);
    const next = posts.filter((m) => m.type === 'snapshot').at(-1);
    expect(next?.type === 'snapshot' && next.snapshot.nowUs).toBe(4000);
  });

  it('seeks to a time in bounded batches and pauses there', () => {
    const { host, time, lastSnapshot, snapshots } = setup({ eventBudget: 50 });
    host.handle({ type: 'load', epoch: 3, scenario, seekToUs: 400_000, play: true });
    // The first batch ran synchronously; the rest run on zero-delay timers.
    time.advance(1000);
    const snap = snapshots().at(-1);
    expect(lastSnapshot().nowUs).toBe(400_000);
    expect(snap?.playing).toBe(false);
    const direct = new Simulation(scenario);
    direct.runUntil(400_000);
    expect(lastSnapshot().traceHash).toBe(direct.traceHash());
    expect(time.pending()).toBe(0);
  });

  it('steps to the next instant and pauses', () => {
    const { host, lastSnapshot } = setup();
    host.handle({ type: 'load', epoch: 1, scenario, play: true });
    const next = lastSnapshot().nextEventUs;
    host.handle({ type: 'step' });
    expect(lastSnapshot().nowUs).toBe(next);
    expect(host.isPlaying()).toBe(false);
  });

  it('comes to rest on whole instants: a pause, a seek or a step never leaves half an instant run', () => {
    // A batch of 3 events cuts busy instants in two (the 100-node ring's client bursts, after about 2.3 s of
    // wall time at 1,000 ms/s): while playing a frame may show the cut, but what rests must not.
    const ring = getPreset('scale-leaderless-100')?.scenario;
    if (!ring) throw new Error('no scale-leaderless-100 preset');
    let cut = 0;
    for (let pauseAfterMs = 2352; pauseAfterMs < 2600; pauseAfterMs += 16) {
      const { host, time, lastSnapshot, posts } = setup({ eventBudget: 3, wallBudgetMs: 0 });
      host.handle({ type: 'load', epoch: 1, scenario: ring, play: true });
      host.handle({ type: 'setSpeed', simMsPerSec: 1000 });
      time.advance(pauseAfterMs);
      if (lastSnapshot().nextEventUs === lastSnapshot().nowUs) cut++;
      host.handle({ type: 'pause' });
      const paused = lastSnapshot();
      expect(paused.nextEventUs).toBeGreaterThan(paused.nowUs);
      const direct = new Simulation(ring);
      direct.runUntil(paused.nowUs);
      expect(paused.traceHash).toBe(direct.traceHash());
      // A step then always moves the clock, and the oracle checks the run again there.
      host.handle({ type: 'step' });
      expect(lastSnapshot().nowUs).toBe(paused.nextEventUs);
      const checked = posts.filter((m) => m.type === 'checked').at(-1);
      expect(checked?.type === 'checked' && checked.nowUs).toBe(paused.nextEventUs);
    }
    expect(cut).toBeGreaterThan(3); // The playing frames before those pauses did show cut instants.
    // A seek (here a link opened at a time) lands on the same whole instant as the core run there directly.
    for (const toUs of [100_000, 200_000, 300_000]) {
      const { host, time, lastSnapshot } = setup({ eventBudget: 3 });
      host.handle({ type: 'load', epoch: 1, scenario: ring, seekToUs: toUs, play: false });
      time.advance(60_000);
      const direct = new Simulation(ring);
      direct.runUntil(toUs);
      expect(lastSnapshot().nowUs).toBe(toUs);
      expect(lastSnapshot().traceHash).toBe(direct.traceHash());
    }
  });

  it('applies an action at the current time and posts the recorded scenario', () => {
    const { host, time, scenarios, lastSnapshot } = setup();
    host.handle({ type: 'load', epoch: 1, scenario, play: true });
    time.advance(800);
    const at = lastSnapshot().nowUs;
    host.handle({ type: 'action', action: { type: 'crash', node: 'bank_follower2' } });
    const recorded = scenarios().at(-1)?.scenario;
    // Merged into the preset's timeline in time order.
    expect(recorded?.timeline.filter((e) => e.action.type === 'crash')).toEqual([
      { atUs: at, action: { type: 'crash', node: 'bank_follower2' } },
    ]);
    const times = recorded?.timeline.map((e) => e.atUs) ?? [];
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(lastSnapshot().nodes.find((n) => n.id === 'bank_follower2')?.up).toBe(false);
  });

  it('resets to the loaded scenario, or replays the recorded actions from t = 0', () => {
    const { host, time, scenarios, lastSnapshot } = setup();
    host.handle({ type: 'load', epoch: 1, scenario, play: false });
    host.handle({ type: 'play' });
    time.advance(400);
    host.handle({ type: 'action', action: { type: 'crash', node: 'bank_follower1' } });
    const crashAt = lastSnapshot().nowUs;

    host.handle({ type: 'reset', keepActions: true, epoch: 2 });
    expect(lastSnapshot().nowUs).toBe(0);
    expect(scenarios().at(-1)?.scenario.timeline.length).toBe(scenario.timeline.length + 1);
    host.handle({ type: 'pause' });
    // Replay crashes the follower again at the time it was crashed live.
    host.handle({ type: 'setSpeed', simMsPerSec: 1000 });
    host.handle({ type: 'play' });
    time.advance(Math.ceil(crashAt / 1000) + 40);
    expect(lastSnapshot().nodes.find((n) => n.id === 'bank_follower1')?.up).toBe(false);

    host.handle({ type: 'reset', keepActions: false, epoch: 3 });
    expect(lastSnapshot().nowUs).toBe(0);
    expect(scenarios().at(-1)?.scenario.timeline).toEqual(scenario.timeline);
    // Everything after a reset belongs to the new run.
    expect(scenarios().at(-1)?.epoch).toBe(3);
  });

  it('tolerates a second load (React StrictMode) and tags everything after it with the new epoch', () => {
    const { host, time, posts } = setup();
    host.handle({ type: 'load', epoch: 1, scenario, play: true });
    host.handle({ type: 'load', epoch: 2, scenario, play: true });
    const mark = posts.length;
    time.advance(500);
    const later = posts.slice(mark);
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((m) => 'epoch' in m && m.epoch === 2)).toBe(true);
    // One playback loop, not two: one snapshot per frame.
    expect(later.length).toBeLessThanOrEqual(Math.ceil(500 / 16));
  });

  it('reports a rejected action as an error and keeps running', () => {
    const { host, time, posts, lastSnapshot } = setup();
    host.handle({ type: 'load', epoch: 4, scenario, play: true });
    host.handle({ type: 'action', action: { type: 'crash', node: 'no_such_node' } });
    const error = posts.find((m) => m.type === 'error');
    expect(error?.type === 'error' && error.message).toMatch(/no_such_node/);
    expect(error?.epoch).toBe(4);
    const before = lastSnapshot().nowUs;
    time.advance(100);
    expect(lastSnapshot().nowUs).toBeGreaterThan(before);
  });

  it('reports commands sent before any load as errors instead of throwing', () => {
    const { host, posts } = setup();
    expect(() => host.handle({ type: 'step' })).not.toThrow();
    expect(posts[0]?.type).toBe('error');
  });
});

describe('viewSnapshot', () => {
  it('packs every in-flight message into columns that read back as the original', () => {
    const sim = new Simulation({
      ...scenario,
      network: { ...scenario.network, dropProbability: 0.3 },
      workload: { ...scenario.workload, ratePerSec: 300 },
      timeline: [
        {
          atUs: 50_000,
          action: { type: 'partition', groups: [['bank_leader'], ['bank_follower1', 'bank_follower2']] },
        },
      ],
    });
    sim.runUntil(60_000);
    const snapshot = sim.snapshot();
    expect(snapshot.messages.length).toBeGreaterThan(3);
    expect(snapshot.messages.some((m) => m.doomed)).toBe(true);
    const packed = viewSnapshot(sim, Number.POSITIVE_INFINITY).messages;
    expect(packed.count).toBe(snapshot.messages.length);
    // Nodes, then clients, in the snapshot's order: the same table all through a run.
    expect(packed.names.slice(0, 4)).toEqual([
      ...snapshot.nodes.map((n) => n.id),
      ...snapshot.clients.map((c) => c.id),
    ]);
    snapshot.messages.forEach((m, i) => {
      expect({
        id: packed.id[i],
        from: packed.names[packed.from[i] ?? -1],
        to: packed.names[packed.to[i] ?? -1],
        sentAt: packed.sentAt[i],
        deliverAt: packed.deliverAt[i],
        kind: MESSAGE_KIND_ORDER[packed.kind[i] ?? -1],
        doomed: packed.doomed[i] ? DOOM_ORDER[(packed.doomed[i] ?? 0) - 1] : undefined,
        label: messageLabel(packed, i),
      }).toEqual({
        id: m.id,
        from: m.from,
        to: m.to,
        sentAt: m.sentAt,
        deliverAt: m.deliverAt,
        kind: m.kind,
        doomed: m.doomed,
        label: m.label,
      });
    });
  });

  it('gives the nodes of one configuration one shared array, equal to the views of each node', () => {
    const sim = new Simulation(getPreset('bench-100-nodes')?.scenario ?? (undefined as never));
    sim.runUntil(200_000);
    const packed = viewSnapshot(sim, Number.POSITIVE_INFINITY).nodes;
    const views = sim.nodeViews(() => false);
    expect(packed).toEqual(views);
    const configurations = new Set(
      packed.map((n) => (n.model === 'leader-follower' ? n.configuration : null)),
    );
    expect(configurations.size).toBe(1);
    expect([...configurations][0]).toHaveLength(101);
  });

  it('hands over the column buffers of a snapshot reply, and nothing for other replies', () => {
    const snapshot = viewSnapshot(new Simulation(scenario), Number.POSITIVE_INFINITY);
    const buffers = transferables({
      type: 'snapshot',
      epoch: 1,
      snapshot,
      playing: true,
      speed: 25,
      log: { reset: true, messages: [], skipped: 0, faults: [] },
      timeline: { runEndUs: 0, seeking: null, seekRequest: 0, checkpoints: 0 },
    });
    expect(buffers).toHaveLength(8);
    expect(new Set(buffers).size).toBe(8);
    expect(transferables({ type: 'error', epoch: 1, message: 'x' })).toEqual([]);
  });
});

describe('SimHost oracle requests', () => {
  it('answers check with the anomalies and linearizability verdict of the run so far, tagged with epoch and request id', () => {
    const { host, time, posts } = setup();
    host.handle({ type: 'load', epoch: 4, scenario, seekToUs: 300_000, play: false });
    time.advance(1000);
    host.handle({ type: 'check', requestId: 9 });
    const reply = posts.at(-1);
    if (reply?.type !== 'checked') throw new Error(`expected checked, got ${reply?.type}`);
    expect(reply.epoch).toBe(4);
    expect(reply.requestId).toBe(9);
    expect(reply.nowUs).toBe(300_000);
    // The bank ledger's async follower serves a read before the opening deposit reaches it.
    const stale = reply.anomalies.find((a) => a.kind === 'stale-read');
    expect(stale?.explanation).toContain('returned nothing, but write w1');
    expect(stale?.ops).toContain(1);
    expect(stale?.nodes.length).toBeGreaterThan(0);
    expect(reply.linearizability.result).toBe('not-linearizable');
    // The same answer as running the oracle on the simulation directly.
    const direct = new Simulation(scenario);
    direct.runUntil(300_000);
    expect(reply.anomalies).toEqual(checkRun(direct).anomalies);
  });

  it('pushes live oracle updates while playing, at most one per oracle interval, each equal to a one-shot check', () => {
    const { host, time, posts } = setup({ oracleMs: 250 });
    host.handle({ type: 'load', epoch: 3, scenario, play: true });
    host.handle({ type: 'setSpeed', simMsPerSec: 200 });
    time.advance(2000);
    const live = posts.filter(
      (m): m is Extract<FromWorker, { type: 'checked' }> => m.type === 'checked' && m.requestId === 0,
    );
    // 2 s of wall time at one update per 250 ms (plus the one at load), never one per frame (125 frames).
    expect(live.length).toBeGreaterThanOrEqual(8);
    expect(live.length).toBeLessThanOrEqual(10);
    const times = live.map((m) => m.nowUs);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // The run reached the bank ledger's stale read, and the incremental answer is the one-shot answer.
    const last = live.at(-1);
    if (!last) throw new Error('no live update');
    expect(last.counts['stale-read']).toBeGreaterThan(0);
    expect(last.total).toBe(last.anomalies.length);
    expect(last.flagged.map((f) => f.op)).toEqual(last.anomalies.map((a) => a.ops[0]));
    const direct = new Simulation(scenario);
    direct.runUntil(last.nowUs);
    const oneShot = checkRun(direct);
    expect(last.anomalies).toEqual(oneShot.anomalies);
    expect(last.linearizability).toEqual(oneShot.linearizability);
  });

  it('lists the first and the latest anomalies of a long run, with where the rest were left out', () => {
    const many = Array.from({ length: 500 }, (_, i) => ({
      kind: 'stale-read' as const,
      explanation: `read r${i + 1} was stale`,
      ops: [i + 1],
      nodes: ['n1'],
      atUs: i,
    }));
    const posts: FromWorker[] = [];
    const time = new FakeTime();
    const host = new SimHost({
      post: (m) => posts.push(m),
      createSim: (s) => ({
        ...createSimCore(s),
        liveCheck: () => ({ anomalies: many, linearizability: { result: 'linearizable' } }),
      }),
      now: time.now,
      schedule: time.schedule,
    });
    host.handle({ type: 'load', epoch: 1, scenario, play: false });
    const reply = posts.find((m) => m.type === 'checked');
    if (reply?.type !== 'checked') throw new Error('no oracle answer');
    expect(reply.total).toBe(500);
    expect(reply.gapAt).toBe(MAX_ANOMALIES_SENT / 2);
    expect(reply.leftOut).toBe(300);
    expect(reply.anomalies.map((a) => a.ops[0])).toEqual([
      ...Array.from({ length: 100 }, (_, i) => i + 1),
      ...Array.from({ length: 100 }, (_, i) => 401 + i),
    ]);
    expect(reply.counts).toEqual({ 'stale-read': 500 });
    expect(reply.flagged).toHaveLength(500);
  });

  it('posts a live update at once on pause and step, and none while nothing moves', () => {
    const { host, time, posts } = setup();
    host.handle({ type: 'load', epoch: 1, scenario, play: true });
    time.advance(400);
    const count = () => posts.filter((m) => m.type === 'checked').length;
    const before = count();
    host.handle({ type: 'pause' });
    expect(count()).toBe(before + 1);
    host.handle({ type: 'pause' });
    expect(count()).toBe(before + 1);
    host.handle({ type: 'step' });
    expect(count()).toBe(before + 2);
  });

  it('answers a check at t = 0 with no anomalies and a linearizable verdict', () => {
    const { host, posts } = setup();
    host.handle({ type: 'load', epoch: 1, scenario, play: false });
    host.handle({ type: 'check', requestId: 1 });
    const reply = posts.at(-1);
    expect(reply?.type === 'checked' && reply.anomalies).toEqual([]);
    expect(reply?.type === 'checked' && reply.linearizability).toEqual({ result: 'linearizable' });
  });

  it('exports the history as EDN and as a JSON report', () => {
    const { host, time, posts } = setup();
    host.handle({ type: 'load', epoch: 2, scenario, seekToUs: 300_000, play: false });
    time.advance(1000);
    host.handle({ type: 'exportHistory', requestId: 5, format: 'edn' });
    const edn = posts.at(-1);
    if (edn?.type !== 'exported') throw new Error(`expected exported, got ${edn?.type}`);
    expect(edn).toMatchObject({ epoch: 2, requestId: 5, format: 'edn' });
    const lines = edn.text.trim().split('\n');
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(line).toMatch(/^\{:type :(invoke|ok|fail|info), :f :(read|write), /);
    expect(edn.text).toContain(':f :write');

    host.handle({ type: 'exportHistory', requestId: 6, format: 'json' });
    const json = posts.at(-1);
    if (json?.type !== 'exported') throw new Error(`expected exported, got ${json?.type}`);
    expect(json).toMatchObject({ epoch: 2, requestId: 6, format: 'json' });
    const report = JSON.parse(json.text);
    expect(report.endTimeMs).toBe(300);
    expect(report.history.length).toBe(lines.filter((l) => l.includes(':invoke')).length);
    expect(report.history[0]).toMatchObject({ id: 1, f: 'write' });
    expect(report.anomalies['stale-read'].length).toBeGreaterThan(0);
  });

  it('answers a request before any load with an error, not a throw', () => {
    const { host, posts } = setup();
    host.handle({ type: 'check', requestId: 1 });
    host.handle({ type: 'exportHistory', requestId: 2, format: 'edn' });
    expect(posts.map((m) => m.type)).toEqual(['error', 'error']);
  });
});
