/**
 * The worker's story stops (src/worker/story.ts driven by host.ts), in Node with a fake wall clock: story mode
 * stops playback exactly at each key moment (seeking back when a frame overshot it), posts it, and Continue
 * resumes; free mode plays through while still finding the moments.
 */
import { describe, expect, it } from 'vitest';
import { getPreset } from '../../src/sim/scenarios/presets/index.ts';
import { createSimCore } from '../../src/worker/core.ts';
import type { FromWorker } from '../../src/worker/protocol.ts';
import type { SimCore } from '../../src/worker/simCore.ts';
import { setupHost } from '../support/hostHarness.ts';

const splitBrain = getPreset('split-brain')?.scenario;
if (!splitBrain) throw new Error('no split-brain preset');

type MomentReply = Extract<FromWorker, { type: 'moment' }>;
const momentsOf = (posts: readonly FromWorker[]) =>
  posts.filter((m): m is MomentReply => m.type === 'moment');

/** Plays in 16 ms frames until a moment is posted (or `maxFrames` pass); the frames it took. */
function playUntilMoment(h: ReturnType<typeof setupHost>, maxFrames: number): number {
  const before = momentsOf(h.posts).length;
  for (let frame = 1; frame <= maxFrames; frame++) {
    h.time.advance(16);
    if (momentsOf(h.posts).length > before) {
      // A stop that overshot finishes its seek back in slices scheduled at once.
      h.time.advance(0);
      return frame;
    }
  }
  return -1;
}

describe('story mode in the worker host', () => {
  it('stops exactly at each moment of split brain, posts it, and resumes on continue', () => {
    const h = setupHost();
    h.host.handle({ type: 'load', epoch: 1, scenario: splitBrain, play: true });
    h.host.handle({ type: 'setSpeed', simMsPerSec: 250 });
    h.host.handle({ type: 'setStory', on: true });
    const stops: [string, number, number, boolean][] = [];
    for (let i = 0; i < 4; i++) {
      expect(playUntilMoment(h, 1000)).toBeGreaterThan(0);
      const moment = momentsOf(h.posts).at(-1) as MomentReply;
      const last = h.snapshots().at(-1);
      stops.push([moment.moment.kind, moment.moment.atUs, last?.snapshot.nowUs ?? -1, last?.playing ?? true]);
      expect(last?.story?.stopped?.[0]?.cause).toBe(moment.moment.cause);
      // Paused there: more wall time moves nothing.
      h.time.advance(500);
      expect(h.lastSnapshot().nowUs).toBe(moment.moment.atUs);
      h.host.handle({ type: 'continue' });
    }
    // The displayed time is the moment's own, every time (the lost write comes between frames: a seek back). The
    // write db1 acknowledged after db5 took office is lost then (orphaned), not at the heal.
    expect(stops).toEqual([
      ['fault', 300_000, 300_000, false],
      ['election', 444_000, 444_000, false],
      ['anomaly', 605_577, 605_577, false],
      ['heal', 1_200_000, 1_200_000, false],
    ]);
    expect(momentsOf(h.posts).at(2)?.moment.sentence).toMatch(
      /^write w2 \(cart = "alice-1"\) was acknowledged by db1/,
    );
    // After the last stop it plays on through the rest of the run.
    h.time.advance(2000);
    expect(h.lastSnapshot().nowUs).toBeGreaterThan(1_200_000);
    expect(momentsOf(h.posts)).toHaveLength(4);
  });

  it('stops at the write a sloppy quorum acknowledged, at the time headless findMoments gives it', () => {
    const sloppy = getPreset('sloppy-quorum-stale')?.scenario;
    if (!sloppy) throw new Error('no sloppy-quorum-stale preset');
    const h = setupHost();
    h.host.handle({ type: 'load', epoch: 1, scenario: sloppy, play: true });
    h.host.handle({ type: 'setSpeed', simMsPerSec: 100 });
    h.host.handle({ type: 'setStory', on: true });
    const stops: [string, number][] = [];
    for (let i = 0; i < 4; i++) {
      expect(playUntilMoment(h, 2000)).toBeGreaterThan(0);
      const moment = momentsOf(h.posts).at(-1) as MomentReply;
      expect(h.lastSnapshot().nowUs).toBe(moment.moment.atUs);
      stops.push([moment.moment.kind, moment.moment.atUs]);
      h.host.handle({ type: 'continue' });
    }
    expect(stops).toEqual([
      ['fault', 300_000],
      ['sloppy', 461_896],
      ['anomaly', 846_360],
      ['heal', 900_000],
    ]);
  });

  it('a link opened at a key moment’s time stops there with its caption; at another time, or in free mode, not', () => {
    const open = (seekToUs: number, story: boolean, storyFirst: boolean) => {
      const h = setupHost();
      if (storyFirst) h.host.handle({ type: 'setStory', on: story });
      h.host.handle({ type: 'load', epoch: 1, scenario: splitBrain, seekToUs, play: false });
      if (!storyFirst) h.host.handle({ type: 'setStory', on: story });
      h.time.advance(0);
      h.time.advance(100);
      return h;
    };
    // The lost write (an anomaly: stopped once the oracle names it) and the partition (a fault: at once).
    for (const [atUs, cause] of [
      [605_577, 'anomaly:lost-write'],
      [300_000, 'fault:0'],
      // An election, found by the seek's looks at the leaders, as playback finds it.
      [444_000, 'election:2:db5'],
    ] as const)
      for (const storyFirst of [true, false]) {
        const h = open(atUs, true, storyFirst);
        expect(h.lastSnapshot().nowUs).toBe(atUs);
        expect(momentsOf(h.posts).map((m) => m.moment.cause)).toEqual([cause]);
        const last = h.snapshots().at(-1);
        expect(last?.story?.stopped?.map((m) => m.cause)).toEqual([cause]);
        expect(last?.playing).toBe(false);
        // Continue plays on from it, as from any stop.
        h.host.handle({ type: 'continue' });
        h.time.advance(200);
        expect(h.lastSnapshot().nowUs).toBeGreaterThan(atUs);
        expect(h.snapshots().at(-1)?.story?.stopped ?? null).toBeNull();
      }
    for (const [atUs, story] of [
      [1_299_000, true],
      [1_299_964, false],
    ] as const) {
      const h = open(atUs, story, true);
      expect(h.lastSnapshot().nowUs).toBe(atUs);
      expect(momentsOf(h.posts)).toEqual([]);
      expect(h.snapshots().at(-1)?.story?.stopped ?? null).toBeNull();
    }
  });

  it('a link opened late in the run carries every moment before it, elections too, at their own instants', () => {
    const h = setupHost();
    h.host.handle({ type: 'setStory', on: true });
    h.host.handle({ type: 'load', epoch: 1, scenario: splitBrain, seekToUs: 1_299_964, play: false });
    h.time.advance(0);
    // The anomalies come with the oracle's answer (the page asks for it once a run is shown).
    h.host.handle({ type: 'check', requestId: 9 });
    h.host.handle({ type: 'seek', toUs: 1_299_964, requestId: 10 });
    h.time.advance(100);
    expect(h.lastSnapshot().nowUs).toBe(1_299_964);
    const found = h
      .snapshots()
      .at(-1)
      ?.story?.moments.map((m) => [m.kind, m.atUs]);
    expect(found).toEqual([
      ['fault', 300_000],
      ['election', 444_000],
      ['anomaly', 605_577],
      ['heal', 1_200_000],
    ]);
    // Scrubbing back and forth finds none twice.
    h.host.handle({ type: 'seek', toUs: 100_000, requestId: 1 });
    h.time.advance(0);
    h.host.handle({ type: 'seek', toUs: 1_299_000, requestId: 2 });
    h.time.advance(0);
    h.time.advance(100);
    expect(
      h
        .snapshots()
        .at(-1)
        ?.story?.moments.map((m) => [m.kind, m.atUs]),
    ).toEqual(found);
  });

  it('stops again at a moment when the user scrubs back before it and plays', () => {
    const h = setupHost();
    h.host.handle({ type: 'load', epoch: 1, scenario: splitBrain, play: true });
    h.host.handle({ type: 'setSpeed', simMsPerSec: 250 });
    h.host.handle({ type: 'setStory', on: true });
    playUntilMoment(h, 1000);
    h.host.handle({ type: 'seek', toUs: 100_000, requestId: 1 });
    h.time.advance(0);
    expect(h.lastSnapshot().nowUs).toBe(100_000);
    h.host.handle({ type: 'play' });
    expect(playUntilMoment(h, 1000)).toBeGreaterThan(0);
    expect(momentsOf(h.posts).map((m) => m.moment.atUs)).toEqual([300_000, 300_000]);
    expect(h.lastSnapshot().nowUs).toBe(300_000);
  });

  it('free mode plays through every moment, and still carries them on its snapshots for the scrubber', () => {
    const h = setupHost();
    h.host.handle({ type: 'load', epoch: 1, scenario: splitBrain, play: true });
    h.host.handle({ type: 'setSpeed', simMsPerSec: 250 });
    h.host.handle({ type: 'setStory', on: false });
    h.time.advance(6000);
    expect(momentsOf(h.posts)).toEqual([]);
    expect(h.lastSnapshot().nowUs).toBe(1_500_000);
    const last = h.snapshots().at(-1);
    expect(last?.playing).toBe(true);
    expect(last?.story?.on).toBe(false);
    expect(last?.story?.moments.map((m) => [m.kind, m.atUs])).toEqual([
      ['fault', 300_000],
      ['election', 444_000],
      ['anomaly', 605_577],
      ['heal', 1_200_000],
    ]);
  });

  it('turning story mode off while stopped lets play run through', () => {
    const h = setupHost();
    h.host.handle({ type: 'load', epoch: 1, scenario: splitBrain, play: true });
    h.host.handle({ type: 'setSpeed', simMsPerSec: 250 });
    h.host.handle({ type: 'setStory', on: true });
    playUntilMoment(h, 1000);
    h.host.handle({ type: 'setStory', on: false });
    expect(h.snapshots().at(-1)?.story?.stopped).toBeNull();
    h.host.handle({ type: 'play' });
    h.time.advance(6000);
    expect(momentsOf(h.posts)).toHaveLength(1);
    expect(h.lastSnapshot().nowUs).toBeGreaterThan(1_300_000);
  });

  it('looks at the leaders on the grid only where events ran since the last look, and finds the same moments', () => {
    let looks = 0;
    const eventful = new Set<number>();
    const createSim = (scenario: Parameters<typeof createSimCore>[0]): SimCore => {
      const core = createSimCore(scenario);
      return Object.assign(Object.create(core) as SimCore, {
        leaders: () => {
          looks++;
          return core.leaders();
        },
        runUntil: (targetUs: number, maxEvents: number) => {
          const ran = core.runUntil(targetUs, maxEvents);
          // A batch that ran events makes the next grid instant worth a look.
          if (ran > 0) eventful.add(Math.ceil(core.nowUs() / 1000));
          return ran;
        },
      });
    };
    const h = setupHost({ createSim });
    h.host.handle({ type: 'load', epoch: 1, scenario: splitBrain, play: true });
    h.host.handle({ type: 'setSpeed', simMsPerSec: 250 });
    let frames = 0;
    while (h.lastSnapshot().nowUs < 1_250_000 && frames++ < 1000) h.time.advance(16);
    const crossed = Math.floor(h.lastSnapshot().nowUs / 1000);
    // One look a frame at most beyond the instants where events ran; before, one look per instant crossed.
    expect(looks).toBeLessThanOrEqual(eventful.size + frames + 1);
    expect(looks).toBeLessThan(crossed / 2);
    expect(
      h
        .snapshots()
        .at(-1)
        ?.story?.moments.map((m) => [m.kind, m.atUs]),
    ).toEqual([
      ['fault', 300_000],
      ['election', 444_000],
      ['anomaly', 605_577],
      ['heal', 1_200_000],
    ]);
  });
});
