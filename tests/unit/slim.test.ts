/**
 * Snapshots travel without their unchanged parts (src/worker/slim.ts): a playing run's replies, slimmed as the
 * worker posts them, structured-cloned as the browser does, and widened as the page reads them, are the replies
 * the host made, and a part that did not change is the page's previous object, not a copy.
 */
import { describe, expect, it } from 'vitest';
import { defaultScenario, getPreset } from '../../src/sim/scenarios/presets/index.ts';
import type { FromWorker, ViewSnapshot } from '../../src/worker/protocol.ts';
import { SLIM_PARTS, slimmer, widener } from '../../src/worker/slim.ts';
import { setupHost } from '../support/hostHarness.ts';

type Snap = Extract<FromWorker, { type: 'snapshot' }>;

/** Plays `scenario` at `speed` for `frames` frames of 16 ms and returns every reply the host posted. */
function play(scenario: ReturnType<typeof defaultScenario>, speed: number, frames: number): FromWorker[] {
  const { host, time, posts } = setupHost();
  host.handle({ type: 'load', epoch: 1, scenario, play: true });
  host.handle({ type: 'setSpeed', simMsPerSec: speed });
  time.advance(frames * 16);
  host.handle({ type: 'pause' });
  return posts;
}

function roundTrip(posts: readonly FromWorker[]) {
  const slim = slimmer();
  const widen = widener();
  return posts.map((m) => {
    const wire = structuredClone(slim(m));
    return { wire, read: widen(wire) };
  });
}

describe('slim snapshots', () => {
  it('leaves out unchanged parts and puts them back as the page last had them', () => {
    const posts = play(defaultScenario(), 25, 120);
    const trips = roundTrip(posts);
    const snaps = trips.flatMap((t, i) => (t.read.type === 'snapshot' ? [{ ...t, i }] : []));
    // Read back, every reply is the host's own (a structured clone of it).
    expect(trips.map((t) => t.read)).toEqual(posts);
    // The first snapshot travels whole; later ones leave parts out, and those are the previous objects.
    const first = snaps[0]?.wire as Snap & { unchanged?: unknown };
    expect(first.unchanged).toBeUndefined();
    let left = 0;
    for (const [k, trip] of snaps.entries()) {
      if (k === 0) continue;
      const wire = trip.wire as Snap & { unchanged?: readonly (keyof ViewSnapshot)[] };
      const read = (trip.read as Snap).snapshot;
      const previous = ((snaps[k - 1] ?? trip).read as Snap).snapshot;
      for (const part of wire.unchanged ?? []) {
        expect(part in wire.snapshot).toBe(false);
        expect(read[part]).toBe(previous[part]);
        left++;
      }
    }
    // The model's view, the regions, conflicts and lost writes of a small leader-follower run hardly change:
    // 721 parts of 123 snapshots stayed home.
    expect(snaps.length).toBe(123);
    expect(left).toBe(721);
  });

  it('sends a part again as soon as it changes (the history, once an operation starts or ends)', () => {
    const posts = play(defaultScenario(), 200, 60);
    const trips = roundTrip(posts);
    const histories = trips.flatMap((t) => (t.read.type === 'snapshot' ? [t] : []));
    const sent = histories.filter((t) => 'history' in (t.wire as Snap).snapshot).length;
    const distinct = new Set(histories.map((t) => JSON.stringify((t.read as Snap).snapshot.history))).size;
    // Sent exactly when it differs from the one before (the first always): 15 of 63 snapshots.
    expect(histories.length).toBe(63);
    expect(distinct).toBe(15);
    expect(sent).toBe(15);
  });

  it('passes other replies through, names only known parts, and refuses a slim snapshot with nothing before it', () => {
    const posts = play(
      (getPreset('bench-25-nodes') as NonNullable<ReturnType<typeof getPreset>>).scenario,
      10,
      20,
    );
    const slim = slimmer();
    const wires = posts.map((m) => slim(m));
    posts.forEach((m, i) => {
      if (m.type !== 'snapshot') expect(wires[i]).toBe(m);
    });
    const slimmed = wires.find((w) => w.type === 'snapshot' && (w.unchanged?.length ?? 0) > 0);
    expect(slimmed?.type === 'snapshot' && slimmed.unchanged?.every((p) => SLIM_PARTS.includes(p))).toBe(
      true,
    );
    expect(() => widener()(slimmed as NonNullable<typeof slimmed>)).toThrow(/before any snapshot arrived/);
  });
});
