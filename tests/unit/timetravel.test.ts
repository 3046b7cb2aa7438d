/**
 * Time travel in the worker host, with the fake clock: seeking back shows exactly what a fresh run to that time
 * shows, for every preset; an action in the past forks the run; a seek can be cancelled; checkpoints stay
 * bounded; each snapshot carries what finished since the previous one.
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { getPreset, PRESETS } from '../../src/sim/scenarios/presets/index.ts';
import type { Scenario } from '../../src/sim/scenarios/schema.ts';
import { Checkpoints } from '../../src/worker/checkpoints.ts';
import { createSimCore } from '../../src/worker/core.ts';
import type { FromWorker } from '../../src/worker/protocol.ts';
import type { SimCore } from '../../src/worker/simCore.ts';
import { FakeTime, setupHost } from '../support/hostHarness.ts';

type SnapshotPost = Extract<FromWorker, { type: 'snapshot' }>;

/** A time limit for the tests that run every preset whole (not a timing assertion: a hang still fails). */
const SLOW_MS = 240_000;

function preset(id: string): Scenario {
  const p = getPreset(id);
  if (!p) throw new Error(`no preset ${id}`);
  return p.scenario;
}

/** A host with checkpoints every few hundred events, so seeks resume from them rather than from t = 0. */
function host(maxCheckpoints = 64, spacingEvents = 100) {
  return setupHost({
    checkpoints: new Checkpoints<SimCore>(maxCheckpoints, spacingEvents),
    eventBudget: 2000,
  });
}

/** The real core, whose events cost the fake wall clock a millisecond per 2,000 (a seek slice is a few ms). */
function costly(time: FakeTime) {
  return (scenario: Scenario): SimCore => {
    const core = createSimCore(scenario);
    return {
      ...core,
      // A millisecond of wall time per 2,000 events run (a batch's budget in these tests), whatever the calls.
      runUntil: (t, n) => {
        const events = core.runUntil(t, n);
        time.nowMs += events / 2000;
        return events;
      },
    };
  };
}

/** Everything the page is shown at one paused moment, and the oracle's full answer there. */
function shown(h: ReturnType<typeof setupHost>) {
  const post = h.snapshots().at(-1) as SnapshotPost;
  h.host.handle({ type: 'check', requestId: 99 });
  const checked = h.posts.at(-1);
  if (checked?.type !== 'checked') throw new Error('no oracle answer');
  h.host.handle({ type: 'exportHistory', requestId: 100, format: 'json' });
  const exported = h.posts.at(-1);
  if (exported?.type !== 'exported') throw new Error('no export');
  const { epoch: _e, requestId: _r, anomalies, ...oracle } = checked;
  const { messages: _m, ...snapshot } = post.snapshot;
  return {
    snapshot,
    inFlight: post.snapshot.messages.count,
    oracle: { ...oracle, anomalies: anomalies.map(undated).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) },
    history: JSON.parse(exported.text).history,
    metrics: post.metrics,
    playing: post.playing,
  };
}

/**
 * An anomaly as plain text, with a divergence's date left out: the oracle dates a divergence from the first of
 * its updates that saw the replicas quiet and apart, and when it updates depends on how the page got to a moment
 * (live updates while playing, none inside a seek), not on the run. Everything else must match exactly.
 */
function undated(anomaly: Extract<FromWorker, { type: 'checked' }>['anomalies'][number]): string {
  if (anomaly.kind !== 'divergence') return JSON.stringify(anomaly);
  return JSON.stringify({
    ...anomaly,
    atUs: null,
    explanation: anomaly.explanation.replace(/ \(since [^)]*\)/, ''),
  });
}

/** A fresh run opened at `atUs`, as a share link with a time opens one. */
function freshAt(scenario: Scenario, atUs: number) {
  const h = setupHost();
  h.host.handle({ type: 'load', epoch: 1, scenario, seekToUs: atUs, play: false });
  h.time.advance(60_000);
  return shown(h);
}

/**
 * The presets up to 25 nodes. The presets at scale (100 and 1,000 nodes) take seconds a run each, several times
 * over on a loaded machine, and what this file checks is the engine's, the same at any size: they have their own
 * tests in scale.test.ts, which also resume one of them from a copy.
 */
const STORY_PRESETS = PRESETS.filter((p) => p.scenario.nodes.length <= 25);

describe('seeking', () => {
  // One test per preset: every preset's run, seeked to the end and then back and forth.
  it.each(STORY_PRESETS.map((p) => [p.id, p] as const))(
    '%s: seeking back and forth shows exactly what a fresh run to that time shows',
    (_id, p) => {
      const end = p.scenario.durationMs * 1000;
      const h = host();
      h.host.handle({ type: 'load', epoch: 1, scenario: p.scenario, seekToUs: end, play: false });
      h.time.advance(60_000);
      for (const fraction of [0.37, 0.81, 0.12]) {
        const at = Math.round(end * fraction);
        h.host.handle({ type: 'seek', toUs: at, requestId: 1 });
        h.time.advance(60_000);
        const seen = shown(h);
        expect(seen.snapshot.nowUs).toBe(at);
        expect(seen, `at ${at} µs`).toEqual(freshAt(p.scenario, at));
      }
      // The scrubber still spans the whole run.
      expect(h.snapshots().at(-1)?.timeline.runEndUs).toBe(end);
    },
    // The busiest presets (25 nodes at 1,000 operations a second) run seven times here: on a shared two-core
    // machine that can pass a minute.
    SLOW_MS,
  );

  it(
    'resumes from checkpoints on busy presets (so the seeks above were not all replays from t = 0)',
    () => {
      const busy = STORY_PRESETS.filter((p) => {
        const h = host();
        h.host.handle({
          type: 'load',
          epoch: 1,
          scenario: p.scenario,
          seekToUs: p.scenario.durationMs * 1000,
          play: false,
        });
        h.time.advance(60_000);
        return h.host.checkpointTimes().length > 0;
      });
      expect(busy.length).toBeGreaterThan(STORY_PRESETS.length / 2);
    },
    SLOW_MS,
  );

  it('replays the user’s recorded actions when seeking back across them, and plays on through them', () => {
    const scenario = preset('bank-ledger-async');
    const h = host();
    h.host.handle({ type: 'load', epoch: 1, scenario, seekToUs: 300_000, play: false });
    h.time.advance(10_000);
    h.host.handle({ type: 'action', action: { type: 'crash', node: 'bank_follower1' } });
    h.host.handle({ type: 'seek', toUs: 700_000, requestId: 1 });
    h.time.advance(10_000);
    h.host.handle({ type: 'action', action: { type: 'restart', node: 'bank_follower1' } });
    h.host.handle({ type: 'seek', toUs: 1_200_000, requestId: 1 });
    h.time.advance(10_000);
    const recorded = h.scenarios().at(-1)?.scenario as Scenario;
    expect(h.posts.some((m) => m.type === 'forked')).toBe(false);
    // Back before the crash, then forward past both actions by playing.
    h.host.handle({ type: 'seek', toUs: 200_000, requestId: 1 });
    h.time.advance(10_000);
    expect(h.lastSnapshot().nodes.find((n) => n.id === 'bank_follower1')?.up).toBe(true);
    h.host.handle({ type: 'seek', toUs: 500_000, requestId: 1 });
    h.time.advance(10_000);
    expect(h.lastSnapshot().nodes.find((n) => n.id === 'bank_follower1')?.up).toBe(false);
    expect(shown(h)).toEqual(freshAt(recorded, 500_000));
    h.host.handle({ type: 'setSpeed', simMsPerSec: 10_000 });
    h.host.handle({ type: 'play' });
    h.time.advance(200);
    h.host.handle({ type: 'pause' });
    const now = h.lastSnapshot().nowUs;
    expect(now).toBeGreaterThan(1_200_000);
    // Playing on from the past replayed the recorded future: the same run as a fresh one of the recording.
    const direct = new Simulation(recorded);
    direct.runUntil(now);
    expect(h.lastSnapshot().traceHash).toBe(direct.traceHash());
    expect(h.scenarios().at(-1)?.scenario).toEqual(recorded);
  });

  it('shows a long seek’s progress with its target, and stops where it got to when cancelled', () => {
    const time = new FakeTime();
    const h = setupHost({ time, eventBudget: 100, createSim: costly(time) });
    const flood = { ...preset('bench-25-nodes'), durationMs: 86_400_000 };
    h.host.handle({ type: 'load', epoch: 1, scenario: flood, seekToUs: 86_400_000_000, play: false });
    let seeking = h.snapshots().length;
    for (let i = 0; i < 3; i++) h.time.advance(100);
    seeking = h.snapshots().length - seeking;
    const progress = h.snapshots().filter((s) => s.timeline.seeking !== null);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((s) => s.timeline.seeking?.toUs === 86_400_000_000 && !s.playing)).toBe(true);
    h.host.handle({ type: 'cancelSeek' });
    const last = h.snapshots().at(-1) as SnapshotPost;
    expect(last.timeline.seeking).toBeNull();
    expect(last.playing).toBe(false);
    expect(last.snapshot.nowUs).toBeGreaterThan(0);
    expect(last.snapshot.nowUs).toBeLessThan(86_400_000_000);
    expect(last.timeline.runEndUs).toBe(last.snapshot.nowUs);
    expect(h.time.pending()).toBe(0);
    expect(seeking).toBeGreaterThan(0);
    // Where it stopped is a real moment of the run.
    const direct = new Simulation(flood);
    direct.runUntil(last.snapshot.nowUs);
    expect(last.snapshot.traceHash).toBe(direct.traceHash());
  });

  it('keeps at most the bounded number of checkpoints over a long run, spread over it', () => {
    const time = new FakeTime();
    const h = setupHost({
      time,
      eventBudget: 2000,
      createSim: costly(time),
      checkpoints: new Checkpoints<SimCore>(8, 200),
    });
    const scenario = { ...preset('bank-ledger-async'), durationMs: 120_000 };
    h.host.handle({ type: 'load', epoch: 1, scenario, seekToUs: 120_000_000, play: false });
    let most = 0;
    for (let i = 0; i < 2000 && h.time.pending() > 0; i++) {
      h.time.advance(16);
      most = Math.max(most, h.host.checkpointTimes().length);
    }
    expect(h.lastSnapshot().nowUs).toBe(120_000_000);
    expect(most).toBeGreaterThanOrEqual(5);
    expect(most).toBeLessThanOrEqual(8);
    const times = h.host.checkpointTimes();
    expect(times.length).toBeGreaterThanOrEqual(4);
    expect(times.length).toBeLessThanOrEqual(8);
    // Thinned evenly: the oldest kept is in the first third of the run, the newest in the last.
    expect(times[0]).toBeLessThan(40_000_000);
    expect(times.at(-1)).toBeGreaterThan(80_000_000);
  });
});

describe('forking', () => {
  it('an action in the past forks the run there, drops the later actions, and offers the run it left', () => {
    const scenario = preset('split-brain');
    const h = host();
    h.host.handle({ type: 'load', epoch: 1, scenario, seekToUs: 400_000, play: false });
    h.time.advance(10_000);
    h.host.handle({
      type: 'action',
      action: { type: 'write', client: scenario.clients[0]?.id ?? '', key: 'k', value: 'late' },
    });
    h.host.handle({ type: 'seek', toUs: 1_500_000, requestId: 1 });
    h.time.advance(10_000);
    const leftScenario = h.scenarios().at(-1)?.scenario as Scenario;
    const leftState = shown(h);

    h.host.handle({ type: 'seek', toUs: 250_000, requestId: 1 });
    h.time.advance(10_000);
    const node = scenario.nodes[1] as string;
    h.host.handle({ type: 'action', action: { type: 'crash', node } });
    const forked = h.posts.find((m) => m.type === 'forked');
    if (forked?.type !== 'forked') throw new Error('no fork');
    expect(forked.atUs).toBe(250_000);
    expect(forked.left).toEqual({ scenario: leftScenario, endUs: 1_500_000 });
    // The branch: the scenario's own timeline, the crash at the cursor, not the later write.
    const branch = h.scenarios().at(-1)?.scenario as Scenario;
    expect(branch.timeline).toEqual(
      [...scenario.timeline, { atUs: 250_000, action: { type: 'crash', node } }].sort(
        (a, b) => a.atUs - b.atUs,
      ),
    );
    expect(h.snapshots().at(-1)?.timeline.runEndUs).toBe(250_000);
    expect(h.host.checkpointTimes().every((t) => t <= 250_000)).toBe(true);

    // The branch plays on, and its recorded scenario replays to the same state (what its share link opens).
    h.host.handle({ type: 'seek', toUs: 900_000, requestId: 1 });
    h.time.advance(10_000);
    expect(shown(h)).toEqual(freshAt(branch, 900_000));

    // Back to the run you left: a load of it at its end shows it as it was.
    const back = setupHost();
    back.host.handle({
      type: 'load',
      epoch: 2,
      scenario: forked.left.scenario,
      seekToUs: forked.left.endUs,
      play: false,
    });
    back.time.advance(10_000);
    expect(shown(back)).toEqual(leftState);
  });
});

describe('what a snapshot carries', () => {
  it('the finished messages since the previous snapshot, each once and in order, and the fault intervals that changed', () => {
    const scenario = preset('leader-down');
    const h = setupHost();
    h.host.handle({ type: 'load', epoch: 1, scenario, play: true });
    h.host.handle({ type: 'setSpeed', simMsPerSec: 200 });
    h.time.advance(8000);
    h.host.handle({ type: 'pause' });
    const posts = h.snapshots();
    expect(posts[0]?.log.reset).toBe(true);
    expect(posts.slice(1).every((p) => !p.log.reset && p.log.skipped === 0)).toBe(true);
    const ids = posts.flatMap((p) => p.log.messages.map((m) => m.id));
    const direct = new Simulation(scenario);
    direct.runUntil(h.lastSnapshot().nowUs);
    const all = direct.messageLog.since(-1);
    expect(ids).toEqual(all.map((m) => m.id));
    // The leader went down at 300 ms and came back at 1.2 s: the interval was sent open, then closed.
    const faults = posts.flatMap((p) => p.log.faults);
    expect(faults.map((f) => [f.id, f.startUs, f.endUs])).toEqual([
      [0, 300_000, null],
      [0, 300_000, 1_200_000],
    ]);
  });

  it('at most the newest finished messages, saying how many were left out, and starts over after a seek', () => {
    const h = setupHost();
    h.host.handle({ type: 'load', epoch: 1, scenario: preset('bench-25-nodes'), play: false });
    h.host.handle({ type: 'step' });
    h.host.handle({ type: 'seek', toUs: 200_000, requestId: 1 });
    h.time.advance(60_000);
    const before = h.snapshots().at(-1) as SnapshotPost;
    // A seek forward from the run as it was: the diagram goes on (a seek back would start it over).
    expect(before.log.reset).toBe(false);
    expect(before.log.messages.length).toBe(2000);
    expect(before.log.skipped).toBeGreaterThan(0);
    h.host.handle({ type: 'seek', toUs: 100_000, requestId: 1 });
    h.time.advance(60_000);
    const after = h.snapshots().at(-1) as SnapshotPost;
    expect(after.log.reset).toBe(true);
    expect(after.log.skipped).toBe(0);
    expect(after.log.messages.at(-1)?.endUs).toBeLessThanOrEqual(100_000);
  });

  it('at most MAX_MESSAGES_IN_SNAPSHOT messages in flight, client traffic first, the rest counted by kind', () => {
    const sim = new Simulation(preset('bench-25-nodes'));
    sim.runUntil(50_000);
    const all = sim.messageViews();
    const capped = sim.snapshot(100);
    expect(all.length).toBeGreaterThan(100);
    expect(capped.messages).toHaveLength(100);
    const omitted = Object.values(capped.messagesOmitted).reduce((a, b) => a + b, 0);
    expect(omitted).toBe(all.length - 100);
    const clientTraffic = all.filter((m) => m.kind === 'request' || m.kind === 'response');
    expect(capped.messages.filter((m) => m.kind === 'request' || m.kind === 'response')).toHaveLength(
      Math.min(100, clientTraffic.length),
    );
    expect(sim.snapshot().messagesOmitted).toEqual({});
  });
});

describe('Checkpoints', () => {
  const at = (atUs: number, events: number) => ({ atUs, events, resume: () => atUs });

  it('past its bound keeps every other one, the newest included, and doubles the spacing', () => {
    const list = new Checkpoints<number>(4, 10);
    for (let i = 1; i <= 5; i++) {
      expect(list.due(i * 100, i * 10)).toBe(true);
      list.add(at(i * 100, i * 10));
    }
    expect(list.times()).toEqual([100, 300, 500]);
    expect(list.spacingEvents).toBe(20);
    expect(list.due(600, 60)).toBe(false);
    expect(list.due(700, 70)).toBe(true);
    expect(list.nearest(450)?.atUs).toBe(300);
    expect(list.nearest(50)).toBeNull();
    list.discardAfter(300);
    expect(list.times()).toEqual([100, 300]);
    expect(() => list.add(at(200, 80))).toThrow(/not after the newest/);
  });
});
