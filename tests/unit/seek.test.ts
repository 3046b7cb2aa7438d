/**
 * Seeking with the worker's real checkpoints (shared chunks, src/sim/engine/checkpoint.ts): a seek backwards,
 * forwards, and after a fork gives exactly the state, history, oracle answer and metrics of a fresh run to the
 * same time, for one preset of each model; and the checkpointer itself shares only what cannot change.
 */
import { describe, expect, it } from 'vitest';
import { Checkpointer } from '../../src/sim/engine/checkpoint.ts';
import { getPreset } from '../../src/sim/scenarios/presets/index.ts';
import type { Scenario } from '../../src/sim/scenarios/schema.ts';
import { Checkpoints, ClonePacer } from '../../src/worker/checkpoints.ts';
import { createSimCore } from '../../src/worker/core.ts';
import type { SimCore } from '../../src/worker/simCore.ts';
import { setupHost } from '../support/hostHarness.ts';

/** A time limit for the long runs below (not a timing assertion: a hang still fails). */
const SLOW_MS = 240_000;

/**
 * A preset with its generated traffic turned up (multi-leader presets have none of their own), so a run of a few
 * simulated seconds holds thousands of operations: the history, the oracle's indexes and the metrics' latencies
 * then span many chunks, and the checkpoints share most of them.
 */
function busy(id: string, ratePerSec: number, durationMs: number): Scenario {
  const p = getPreset(id);
  if (!p) throw new Error(`no preset ${id}`);
  return { ...p.scenario, durationMs, workload: { ...p.scenario.workload, enabled: true, ratePerSec } };
}

const CASES = [
  { model: 'leader-follower', scenario: busy('bank-ledger-async', 300, 12_000), crash: 'bank_follower1' },
  { model: 'multi-leader', scenario: busy('write-conflict-lww', 200, 12_000), crash: null },
  { model: 'leaderless', scenario: busy('partial-quorum-staleness', 300, 12_000), crash: null },
] as const;

type Shown = ReturnType<typeof freshAt>;

/** What a fresh core (no host, no checkpoint) run straight to `atUs` shows: the reference. */
function freshAt(scenario: Scenario, atUs: number) {
  const core = createSimCore(scenario);
  core.runUntil(atUs, Number.POSITIVE_INFINITY);
  return shownBy(core);
}

function shownBy(core: SimCore) {
  const snapshot = core.snapshot(new Set());
  // The full check first: the counts then carry its linearizability verdict, whatever ran before.
  const oracle = undated(core.check().anomalies);
  return {
    snapshot,
    history: JSON.parse(core.exportHistory('json')).history as unknown[],
    oracle,
    counts: core.anomalyCounts(),
    metrics: core.metrics(snapshot.counts),
  };
}

/** Divergence is dated by the oracle update that first saw it, which depends on when updates ran, not on the run. */
function undated(anomalies: readonly { kind: string; atUs: number; explanation: string }[]): string[] {
  return anomalies.map((a) =>
    a.kind === 'divergence'
      ? JSON.stringify({ ...a, atUs: null, explanation: a.explanation.replace(/ \(since [^)]*\)/, '') })
      : JSON.stringify(a),
  );
}

/** A host whose cores are recorded, so the test can look at the one it drives after each seek. */
function recordingHost() {
  const cores: SimCore[] = [];
  const track = (core: SimCore): SimCore => {
    const checkpoint = core.checkpoint;
    const tracked: SimCore = {
      ...core,
      checkpoint: () => {
        const resume = checkpoint();
        return () => track(resume());
      },
    };
    cores.push(tracked);
    return tracked;
  };
  // Checkpoints every 500 events, so these runs of a few seconds hold dozens of them.
  const h = setupHost({
    createSim: (s) => track(createSimCore(s)),
    checkpoints: new Checkpoints<SimCore>(32, 500),
    eventBudget: 2_000,
  });
  const seek = (toUs: number): Shown => {
    h.host.handle({ type: 'seek', toUs, requestId: 1 });
    h.time.advance(600_000);
    const core = cores.at(-1) as SimCore;
    expect(core.nowUs()).toBe(toUs);
    return shownBy(core);
  };
  return { h, cores, seek };
}

describe('seeking with shared checkpoints', () => {
  it.each(CASES.map((c) => [c.model, c] as const))(
    '%s: backwards, forwards and after a fork, a seek shows exactly what a fresh run shows',
    (_model, { scenario, crash }) => {
      const end = scenario.durationMs * 1000;
      const { h, seek } = recordingHost();
      h.host.handle({ type: 'load', epoch: 1, scenario, seekToUs: end, play: false });
      h.time.advance(600_000);
      expect(h.host.checkpointTimes().length).toBeGreaterThan(8);
      // Backwards (from a checkpoint), forwards (from the run as it is, or a nearer checkpoint), back again.
      for (const at of [7_123_457, 3_333_333, 9_876_543, 1_000_001])
        expect(seek(at), `at ${at} µs`).toEqual(freshAt(scenario, at));

      // A fork at 5 s: an action in the past drops the later checkpoints and records the action there.
      seek(5_000_000);
      const node = crash ?? (scenario.nodes[1] as string);
      h.host.handle({ type: 'action', action: { type: 'crash', node } });
      const branch = h.scenarios().at(-1)?.scenario as Scenario;
      expect(branch.timeline.some((e) => e.atUs === 5_000_000 && e.action.type === 'crash')).toBe(true);
      expect(h.host.checkpointTimes().every((t) => t <= 5_000_000)).toBe(true);
      // Forwards past the fork (new checkpoints on the branch), back before it, then forwards again across it.
      for (const at of [10_500_000, 4_200_000, 8_000_000])
        expect(seek(at), `branch at ${at} µs`).toEqual(freshAt(branch, at));
    },
    SLOW_MS,
  );
});

describe('Checkpointer', () => {
  const frozenOps = (n: number, from = 0) =>
    Array.from({ length: n }, (_, i) => Object.freeze({ id: from + i }));

  it('shares what cannot change and copies the rest, so a resume is exact and independent', () => {
    const cp = new Checkpointer();
    const live = {
      log: frozenOps(1_000),
      byId: new Map(frozenOps(700).map((o) => [o.id, o])),
      seen: new Set(frozenOps(600)),
      open: { id: -1, status: 'pending' },
      numbers: Array.from({ length: 900 }, (_, i) => i * 2),
    };
    live.log.push(live.open as never);
    const image = cp.image(live);
    // Changes after the checkpoint, anywhere (not only at the end), never show in a resume.
    live.open.status = 'ok';
    live.log.splice(10, 1);
    live.byId.set(5, Object.freeze({ id: 555 }));
    live.numbers[3] = -1;
    const a = cp.resume(image);
    const b = cp.resume(image);
    expect(a.log).toHaveLength(1_001);
    expect(a.log[10]).toEqual({ id: 10 });
    expect(a.log.at(-1)).toEqual({ id: -1, status: 'pending' });
    expect(a.byId.get(5)).toEqual({ id: 5 });
    expect(a.numbers[3]).toBe(6);
    expect(a.seen.size).toBe(600);
    // Frozen elements are the same objects everywhere; the mutable one is copied once per resume.
    expect(a.log[0]).toBe(b.log[0]);
    expect(a.open).toBe(a.log.at(-1));
    expect(a.open).not.toBe(b.open);
    a.log.push(Object.freeze({ id: 9_999 }));
    expect(b.log).toHaveLength(1_001);
  });

  it('a later checkpoint sees every change since the last, in the middle of a container as at its end', () => {
    const cp = new Checkpointer();
    const live = { log: frozenOps(2_000), byId: new Map(frozenOps(2_000).map((o) => [o.id, o])) };
    cp.image(live);
    live.log[300] = Object.freeze({ id: -300 });
    live.log.push(...frozenOps(10, 2_000));
    live.byId.delete(7);
    live.byId.set(1_500, Object.freeze({ id: -1_500 }));
    const resumed = cp.resume(cp.image(live));
    expect(resumed.log).toEqual(live.log);
    expect([...resumed.byId]).toEqual([...live.byId]);
    // And a checkpoint of the resumed copy, changed in turn, is exact too.
    resumed.log[700] = Object.freeze({ id: -700 });
    expect(cp.resume(cp.image(resumed)).log).toEqual(resumed.log);
  });

  it('keeps shared references shared and refuses closures, as cloneState does', () => {
    const cp = new Checkpointer();
    const log = frozenOps(600);
    const resumed = cp.resume(cp.image({ a: log, b: log, holder: { log } }));
    expect(resumed.a).toBe(resumed.b);
    expect(resumed.holder.log).toBe(resumed.a);
    expect(resumed.a).not.toBe(log);
    expect(() => cp.image({ log: [...frozenOps(600), () => 1] })).toThrow(/function/);
  });
});

describe('ClonePacer', () => {
  it('lets a copy wait for as much simulating as the fastest of the last four copies took', () => {
    const pacer = new ClonePacer();
    expect(pacer.ready()).toBe(true);
    // The first copy compiles the copying code: it does not count.
    pacer.copied(500);
    expect(pacer.copyMs).toBe(0);
    pacer.copied(10);
    pacer.copied(400); // A collection of garbage, or the machine busy elsewhere.
    expect(pacer.copyMs).toBe(10);
    expect(pacer.ready()).toBe(false);
    pacer.simulated(9);
    expect(pacer.ready()).toBe(false);
    pacer.simulated(1);
    expect(pacer.ready()).toBe(true);
    for (const ms of [20, 30, 40, 50]) pacer.copied(ms);
    expect(pacer.copyMs).toBe(20);
  });
});
