/**
 * What a frame cost the main thread from a point in one of its animation-frame callbacks (the client applying a
 * snapshot) to the end of its rendering: the rest of the callbacks, React's render, and the browser's style,
 * layout and paint, which run in the same task as the callbacks.
 *
 * - A task queued from the callback runs once that frame is rendered. Queued at 'user-blocking' priority
 *   (`scheduler.postTask`, where there is one) it runs ahead of the tasks already waiting (a worker's reply being
 *   read, a timer), so their time is not counted as the frame's; elsewhere a message channel's task, which can
 *   come after them.
 * - Where the browser reports long animation frames (over 50 ms: 'long-animation-frame' entries), the frame's own
 *   end replaces that estimate once its entry arrives: what ran between the frame and the task is not counted.
 *   A frame that gets no entry was shorter than 50 ms, so there the estimate counts 50 at most. In Chromium at
 *   4x CPU slowdown on a loaded machine the task came 95 ms (median) after a snapshot was applied in a long
 *   frame whose own end came 10 ms after it: the time between was not the frame's (and the worker spaced its
 *   snapshots by it).
 *
 * `done` gets the estimate first and the frame's own figure when its entry comes (so it may be called twice).
 */
export type FrameCost = (startedMs: number, done: (costMs: number) => void) => void;

interface FrameEntry {
  readonly startTime: number;
  readonly duration: number;
}

/** Long animation frames seen lately, for measurements whose estimate came before their entry. */
const KEPT_ENTRIES = 8;
/** A frame this long or longer gets a 'long-animation-frame' entry. */
export const LONG_FRAME_MS = 50;

export function frameCost(
  now: () => number = () => performance.now(),
  after: (fn: () => void) => void = afterRendering(),
): FrameCost {
  const waiting: { startedMs: number; done: (costMs: number) => void }[] = [];
  const entries: FrameEntry[] = [];
  const settle = (entry: FrameEntry) => {
    const end = entry.startTime + entry.duration;
    for (let i = waiting.length - 1; i >= 0; i--) {
      const w = waiting[i] as (typeof waiting)[number];
      if (w.startedMs < entry.startTime || w.startedMs > end) continue;
      waiting.splice(i, 1);
      w.done(end - w.startedMs);
    }
  };
  const observing = observeLongFrames((list) => {
    for (const entry of list) {
      entries.push(entry);
      settle(entry);
    }
    entries.splice(0, Math.max(0, entries.length - KEPT_ENTRIES));
  });
  return (startedMs, done) => {
    after(() => {
      const estimate = now() - startedMs;
      done(observing ? Math.min(estimate, LONG_FRAME_MS) : estimate);
      if (!observing) return;
      // Its entry, if the frame was long, comes later (or already came): wait for it until the next frames.
      waiting.push({ startedMs, done });
      waiting.splice(0, Math.max(0, waiting.length - KEPT_ENTRIES));
      for (const entry of entries) settle(entry);
    });
  };
}

function observeLongFrames(take: (entries: readonly FrameEntry[]) => void): boolean {
  if (
    typeof PerformanceObserver !== 'function' ||
    !PerformanceObserver.supportedEntryTypes?.includes('long-animation-frame')
  )
    return false;
  new PerformanceObserver((list) => take(list.getEntries())).observe({
    type: 'long-animation-frame',
    buffered: false,
  });
  return true;
}

/**
 * Runs `fn` in a task queued now: at 'user-blocking' priority where the browser has `scheduler.postTask`, else a
 * message channel's (no timer clamping).
 */
export function afterRendering(): (fn: () => void) => void {
  const scheduler = (globalThis as { scheduler?: PostTaskScheduler }).scheduler;
  if (typeof scheduler?.postTask === 'function')
    return (fn) => {
      scheduler.postTask(fn, { priority: 'user-blocking' }).catch(() => {});
    };
  const channel = new MessageChannel();
  const waiting: (() => void)[] = [];
  channel.port1.onmessage = () => {
    for (const fn of waiting.splice(0)) fn();
  };
  return (fn) => {
    waiting.push(fn);
    channel.port2.postMessage(null);
  };
}

interface PostTaskScheduler {
  postTask(fn: () => void, options: { priority: 'user-blocking' }): Promise<unknown>;
}
