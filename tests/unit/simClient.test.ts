/**
 * The simulation worker's client with a fake worker and a fake clock: it drops replies of older runs, shows
 * every snapshot's log, coalesces seeks, notices a worker that dies (silence or a failure) and restarts one on
 * the recorded scenario at the last time shown with the speed kept.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadedModelUi, loadModelUi } from '../../src/app/models/loadUi.ts';
import { labStore } from '../../src/app/store.ts';
import type { FrameCost } from '../../src/app/worker/afterRendering.ts';
import { type CreateWorker, SILENCE_MS, SimClient } from '../../src/app/worker/simClient.ts';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { defaultScenario, getPreset } from '../../src/sim/scenarios/presets/index.ts';
import { viewSnapshot } from '../../src/worker/pack.ts';
import type { FromWorker, ToSimWorker } from '../../src/worker/protocol.ts';

interface FakeWorker {
  readonly sent: ToSimWorker[];
  terminated: boolean;
  reply(message: FromWorker): void;
  fail(reason: string): void;
}

function harness(frameCost?: FrameCost) {
  let nowMs = 0;
  const ticks: (() => void)[] = [];
  const workers: FakeWorker[] = [];
  const createWorker: CreateWorker = (events) => {
    const w: FakeWorker = {
      sent: [],
      terminated: false,
      reply: (m) => events.message(m),
      fail: (reason) => events.failed(reason),
    };
    workers.push(w);
    return { post: (m) => w.sent.push(m), terminate: () => (w.terminated = true) };
  };
  const client = new SimClient({
    createWorker,
    now: () => nowMs,
    every: (fn) => {
      ticks.push(fn);
      return () => ticks.splice(ticks.indexOf(fn), 1);
    },
    frame: null,
    frameCost,
  });
  /** Moves the wall clock on in one-second watchdog ticks. */
  const pass = (ms: number) => {
    for (let t = 0; t < ms; t += 1000) {
      nowMs += 1000;
      for (const tick of [...ticks]) tick();
    }
  };
  const worker = () => workers.at(-1) as FakeWorker;
  return { client, workers, worker, pass, jump: (ms: number) => (nowMs += ms), ticks };
}

const scenario = defaultScenario();
const sim = new Simulation(scenario);
sim.runUntil(50_000);
const core = viewSnapshot(sim, Number.POSITIVE_INFINITY);

function snapshot(epoch: number, extra: Partial<Extract<FromWorker, { type: 'snapshot' }>> = {}): FromWorker {
  return {
    type: 'snapshot',
    epoch,
    snapshot: core,
    playing: true,
    speed: 25,
    log: { reset: false, messages: [], skipped: 0, faults: [] },
    timeline: { runEndUs: core.nowUs, seeking: null, seekRequest: 0, checkpoints: 0 },
    ...extra,
  } as FromWorker;
}

const logged = (id: number) => ({
  id,
  from: 'n1',
  to: 'n2',
  kind: 'replicate' as const,
  sentUs: 0,
  endUs: id,
  dropped: false,
  position: 1,
});

// The page registers leader-follower's record with its own code (models/registry.ts); the others arrive on demand.
beforeAll(() => loadModelUi('leader-follower'));

beforeEach(() => {
  labStore.setState({ epoch: 0, notices: [], snapshot: null, scenario: null, speed: 25 });
});

describe('SimClient', () => {
  it('loads a run under a new epoch and drops what the old run still sends', () => {
    const h = harness();
    h.client.start();
    h.client.loadScenario(scenario, { source: { kind: 'custom' } });
    const epoch = labStore.getState().epoch;
    expect(h.worker().sent.map((m) => m.type)).toEqual(['load', 'setSpeed', 'setStory']);
    h.worker().reply(snapshot(epoch - 1));
    expect(labStore.getState().snapshot).toBeNull();
    h.worker().reply(snapshot(epoch));
    expect(labStore.getState().snapshot?.nowUs).toBe(50_000);
    // Both snapshots were taken off the wire and acknowledged.
    expect(h.worker().sent.filter((m) => m.type === 'rendered')).toEqual([
      { type: 'rendered', count: 1, costMs: 0 },
      { type: 'rendered', count: 1, costMs: 0 },
    ]);
  });

  it('acknowledges with the latest frame’s cost: a late figure for an earlier frame is dropped', () => {
    const measured: ((ms: number) => void)[] = [];
    const h = harness((_startedMs, done) => measured.push(done));
    h.client.start();
    h.client.loadScenario(scenario, { source: { kind: 'custom' } });
    const epoch = labStore.getState().epoch;
    h.worker().reply(snapshot(epoch));
    h.worker().reply(snapshot(epoch));
    expect(measured).toHaveLength(2);
    measured[1]?.(12);
    // The first frame's own end comes last (a long animation frame's entry): the second frame's cost stands.
    measured[0]?.(99);
    h.worker().reply(snapshot(epoch));
    expect(
      h
        .worker()
        .sent.filter((m) => m.type === 'rendered')
        .map((m) => m.costMs),
    ).toEqual([0, 0, 12]);
  });

  it('loads a preset by id: the worker holds its scenario and names it before the first snapshot', () => {
    const h = harness();
    h.client.start();
    h.client.loadPreset('bank-ledger-async');
    const epoch = labStore.getState().epoch;
    expect(h.worker().sent).toEqual([
      { type: 'loadPreset', epoch, id: 'bank-ledger-async', play: true },
      { type: 'setSpeed', simMsPerSec: 25 },
      { type: 'setStory', on: labStore.getState().storyMode === 'story' },
    ]);
    expect(labStore.getState().source).toEqual({ kind: 'preset', id: 'bank-ledger-async' });
    expect(labStore.getState().scenario).toBeNull();
    h.worker().reply({ type: 'scenario', epoch, scenario });
    expect(labStore.getState().scenario).toBe(scenario);
  });

  it('holds a run of a model whose page code is on its way, and what follows it, until that code is here', async () => {
    const ring = getPreset('partial-quorum-staleness')?.scenario;
    expect(ring?.model).toBe('leaderless');
    if (!ring) return;
    expect(loadedModelUi('leaderless')).toBeUndefined();
    const h = harness();
    h.client.start();
    h.client.loadPreset('partial-quorum-staleness');
    const epoch = labStore.getState().epoch;
    h.worker().reply({ type: 'scenario', epoch, scenario: ring });
    h.worker().reply(snapshot(epoch));
    // The store still names no run of a model the page cannot draw.
    expect(labStore.getState().scenario).toBeNull();
    expect(labStore.getState().snapshot).toBeNull();
    await expect.poll(() => labStore.getState().snapshot?.nowUs).toBe(50_000);
    expect(labStore.getState().scenario).toBe(ring);
    expect(loadedModelUi('leaderless')?.model).toBe('leaderless');
  });

  it('sends a load of a model whose page code is on its way only if no other load came meanwhile', async () => {
    const regions = getPreset('write-conflict-diverge')?.scenario;
    expect(regions?.model).toBe('multi-leader');
    if (!regions) return;
    expect(loadedModelUi('multi-leader')).toBeUndefined();
    const h = harness();
    h.client.start();
    h.client.loadScenario(regions, { source: { kind: 'custom' } });
    // Nothing goes to the worker or the store before the model's page code is here.
    expect(h.worker().sent).toEqual([]);
    expect(labStore.getState().epoch).toBe(0);
    h.client.loadScenario(scenario, { source: { kind: 'custom' } });
    await loadModelUi('multi-leader');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(h.worker().sent.filter((m) => m.type === 'load')).toEqual([
      { type: 'load', epoch: 1, scenario, seekToUs: null, play: true },
    ]);
    expect(labStore.getState().scenario).toBe(scenario);
    // Once here, a load of that model goes at once.
    h.client.loadScenario(regions, { source: { kind: 'custom' } });
    expect(h.worker().sent.at(-3)).toEqual({
      type: 'load',
      epoch: 2,
      scenario: regions,
      seekToUs: null,
      play: true,
    });
    expect(labStore.getState().scenario).toBe(regions);
  });

  it('has the worker read untrusted text, whatever run is loaded, and answers each request its own', async () => {
    const h = harness();
    h.client.start();
    const first = h.client.decode({ kind: 'link', hash: 's=1.abc' });
    const second = h.client.decode({ kind: 'file', text: '{}', source: 'the file' });
    const [a, b] = h.worker().sent;
    expect(a).toMatchObject({ type: 'decode', input: { kind: 'link', hash: 's=1.abc' } });
    expect(b).toMatchObject({ type: 'decode', input: { kind: 'file', text: '{}', source: 'the file' } });
    if (a?.type !== 'decode' || b?.type !== 'decode') throw new Error('expected two decode requests');
    // A new run in between changes nothing: a reading belongs to no run.
    h.client.loadScenario(scenario, { source: { kind: 'custom' } });
    h.worker().reply({
      type: 'decoded',
      requestId: b.requestId,
      result: { ok: false, error: 'no scenario' },
    });
    h.worker().reply({ type: 'decoded', requestId: a.requestId, result: { ok: true, scenario, atUs: 5 } });
    expect(await first).toEqual({ ok: true, scenario, atUs: 5 });
    expect(await second).toEqual({ ok: false, error: 'no scenario' });
    // A worker stopped before it answered leaves no request hanging.
    const third = h.client.decode({ kind: 'link', hash: 's=1.def' });
    h.client.stop();
    expect(await third).toEqual({
      ok: false,
      error: 'the simulation worker stopped before it read the scenario',
    });
  });

  it('appends every snapshot’s log to the recording, in order, and starts it over on a reset', () => {
    const h = harness();
    h.client.start();
    h.client.loadScenario(scenario, { source: { kind: 'custom' } });
    const epoch = labStore.getState().epoch;
    h.worker().reply(
      snapshot(epoch, { log: { reset: true, messages: [logged(1)], skipped: 0, faults: [] } }),
    );
    h.worker().reply(
      snapshot(epoch, { log: { reset: false, messages: [logged(2), logged(3)], skipped: 0, faults: [] } }),
    );
    expect(labStore.getState().recording.done.map((m) => m.id)).toEqual([1, 2, 3]);
    h.worker().reply(
      snapshot(epoch, { log: { reset: true, messages: [logged(7)], skipped: 0, faults: [] } }),
    );
    expect(labStore.getState().recording.done.map((m) => m.id)).toEqual([7]);
  });

  it('sends one seek at a time: while one runs, only the newest target waits', () => {
    const h = harness();
    h.client.start();
    h.client.loadScenario(scenario, { source: { kind: 'custom' } });
    const epoch = labStore.getState().epoch;
    h.client.seek(1000);
    h.client.seek(2000);
    h.client.seek(3000);
    const seeks = () => h.worker().sent.filter((m) => m.type === 'seek');
    expect(seeks()).toEqual([{ type: 'seek', toUs: 1000, requestId: expect.any(Number) }]);
    const first = seeks()[0]?.type === 'seek' ? seeks()[0] : null;
    const id = first?.type === 'seek' ? first.requestId : 0;
    // Progress of the first seek: still under way.
    h.worker().reply(
      snapshot(epoch, {
        timeline: { runEndUs: 0, seeking: { fromUs: 0, toUs: 1000 }, seekRequest: id, checkpoints: 0 },
      }),
    );
    expect(seeks()).toHaveLength(1);
    h.worker().reply(
      snapshot(epoch, { timeline: { runEndUs: 1000, seeking: null, seekRequest: id, checkpoints: 0 } }),
    );
    expect(seeks().map((m) => m.type === 'seek' && m.toUs)).toEqual([1000, 3000]);
  });

  it('takes a full check’s answer only if it is the latest asked for, and resolves exports by request', async () => {
    const h = harness();
    h.client.start();
    h.client.loadScenario(scenario, { source: { kind: 'custom' } });
    const epoch = labStore.getState().epoch;
    h.client.requestCheck();
    h.client.requestCheck();
    const [older, newer] = h.worker().sent.filter((m) => m.type === 'check');
    const answer = (requestId: number, total: number): FromWorker => ({
      type: 'checked',
      epoch,
      requestId,
      nowUs: 0,
      anomalies: [],
      gapAt: null,
      leftOut: 0,
      total,
      anomalousOps: total,
      otherAnomalies: 0,
      counts: {},
      flagged: [],
      linearizability: { result: 'linearizable' },
      verdictText: 'linearizable',
    });
    h.worker().reply(answer(older?.type === 'check' ? older.requestId : -1, 1));
    expect(labStore.getState().oracle.answer).toBeNull();
    h.worker().reply(answer(newer?.type === 'check' ? newer.requestId : -1, 2));
    expect(labStore.getState().oracle.answer?.total).toBe(2);
    const exported = h.client.requestExport('edn');
    const request = h.worker().sent.at(-1);
    h.worker().reply({
      type: 'exported',
      epoch,
      requestId: request?.type === 'exportHistory' ? request.requestId : -1,
      format: 'edn',
      text: '{:type :invoke}',
    });
    await expect(exported).resolves.toBe('{:type :invoke}');
    // An export still out when another run is loaded resolves to nothing.
    const lost = h.client.requestExport('json');
    h.client.loadScenario(scenario, { source: { kind: 'custom' } });
    await expect(lost).resolves.toBeNull();
  });

  it('notices a worker that falls silent, and restarts one on the recorded scenario at the last time shown', () => {
    const h = harness();
    h.client.start();
    h.client.loadScenario(scenario, { source: { kind: 'custom' } });
    h.client.setSpeed(400);
    const epoch = labStore.getState().epoch;
    h.worker().reply(snapshot(epoch, { speed: 400 }));
    // Beats keep it alive.
    h.worker().reply({ type: 'alive' });
    for (let i = 0; i < 5; i++) {
      h.pass(1000);
      h.worker().reply({ type: 'alive' });
    }
    expect(labStore.getState().notices).toEqual([]);
    expect(labStore.getState().worker).toBe('alive');
    // Then nothing for more than SILENCE_MS.
    h.pass(SILENCE_MS + 1000);
    const [notice] = labStore.getState().notices;
    expect(notice?.title).toBe('The simulation stopped');
    expect(notice?.message).toMatch(/has not answered for 4 s/);
    expect(labStore.getState().worker).toBe('dead');
    // More silence adds no second notice.
    h.pass(5000);
    expect(labStore.getState().notices).toHaveLength(1);

    notice?.action?.run();
    expect(h.workers[0]?.terminated).toBe(true);
    expect(h.workers).toHaveLength(2);
    expect(labStore.getState().notices).toEqual([]);
    const sent = h.worker().sent;
    expect(sent[0]).toMatchObject({ type: 'load', scenario, seekToUs: 50_000, play: false });
    expect(sent[1]).toEqual({ type: 'setSpeed', simMsPerSec: 400 });
    expect(labStore.getState().epoch).toBe(epoch + 1);
  });

  it('waits for a starting worker, and takes back the notice when a slow one speaks again', () => {
    const h = harness();
    h.client.start();
    // Loading the worker's code takes a while on a slow machine: no beat yet, no alarm.
    h.pass(SILENCE_MS + 5000);
    expect(labStore.getState().notices).toEqual([]);
    h.worker().reply({ type: 'alive' });
    h.pass(SILENCE_MS + 1000);
    expect(labStore.getState().notices).toHaveLength(1);
    // It was only busy: the notice goes, and the same worker carries on.
    h.worker().reply({ type: 'alive' });
    expect(labStore.getState().notices).toEqual([]);
    expect(labStore.getState().worker).toBe('alive');
    expect(h.workers).toHaveLength(1);
  });

  it('says so at once when the worker fails, and takes a sleeping page’s own silence for nothing', () => {
    const h = harness();
    h.client.start();
    // The page slept (a background tab): the watchdog's own gap is not the worker's silence.
    h.jump(60_000);
    h.pass(1000);
    expect(labStore.getState().notices).toEqual([]);
    h.worker().fail('out of memory');
    expect(labStore.getState().notices.map((n) => n.message)).toEqual([
      expect.stringMatching(/^The simulation worker failed: out of memory\./),
    ]);
  });
});
