/**
 * What a frame cost (src/app/worker/afterRendering.ts): up to a task queued after it, counted 50 ms at most where
 * the browser reports long animation frames, and replaced by the frame's own end when its entry comes.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { frameCost, LONG_FRAME_MS } from '../../src/app/worker/afterRendering.ts';

type Take = (list: { getEntries(): { startTime: number; duration: number }[] }) => void;

/** A PerformanceObserver that reports long animation frames when the test says so. */
function fakeObserver(types: string[]) {
  const observers: Take[] = [];
  class Observer {
    static supportedEntryTypes = types;
    constructor(take: Take) {
      observers.push(take);
    }
    observe() {}
  }
  vi.stubGlobal('PerformanceObserver', Observer);
  return (entries: { startTime: number; duration: number }[]) => {
    for (const take of observers) take({ getEntries: () => entries });
  };
}

function harness() {
  const clock = { ms: 0 };
  const queued: (() => void)[] = [];
  const cost = frameCost(
    () => clock.ms,
    (fn) => queued.push(fn),
  );
  const runTasks = () => {
    for (const fn of queued.splice(0)) fn();
  };
  return { clock, cost, runTasks };
}

describe('frameCost', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('without long-animation-frame entries: the time up to the task queued after the frame', () => {
    fakeObserver(['longtask']);
    const { clock, cost, runTasks } = harness();
    const seen: number[] = [];
    clock.ms = 100;
    cost(100, (ms) => seen.push(ms));
    clock.ms = 190;
    runTasks();
    expect(seen).toEqual([90]);
  });

  it('with them: 50 ms at most at first, then the frame’s own end once its entry comes', () => {
    const report = fakeObserver(['longtask', 'long-animation-frame']);
    const { clock, cost, runTasks } = harness();
    const seen: number[] = [];
    cost(1000, (ms) => seen.push(ms));
    clock.ms = 1095;
    runTasks();
    expect(seen).toEqual([LONG_FRAME_MS]);
    // An entry for another frame changes nothing; the frame that held the snapshot ended 10 ms after it.
    report([{ startTime: 800, duration: 60 }]);
    report([{ startTime: 960, duration: 50 }]);
    expect(seen).toEqual([LONG_FRAME_MS, 10]);
    // Each measurement is settled once.
    report([{ startTime: 960, duration: 50 }]);
    expect(seen).toEqual([LONG_FRAME_MS, 10]);
  });

  it('a short frame keeps its estimate: no entry ever comes for it', () => {
    fakeObserver(['long-animation-frame']);
    const { clock, cost, runTasks } = harness();
    const seen: number[] = [];
    cost(0, (ms) => seen.push(ms));
    clock.ms = 12;
    runTasks();
    expect(seen).toEqual([12]);
  });

  it('an entry that came before the task settles the measurement as the task runs', () => {
    const report = fakeObserver(['long-animation-frame']);
    const { clock, cost, runTasks } = harness();
    const seen: number[] = [];
    cost(500, (ms) => seen.push(ms));
    report([{ startTime: 480, duration: 70 }]);
    clock.ms = 640;
    runTasks();
    expect(seen).toEqual([LONG_FRAME_MS, 50]);
  });
});
