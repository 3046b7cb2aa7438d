/**
 * Hooks for the end-to-end tests and the frame benchmark, on `window.__labTest`: in development builds, or in any
 * build opened with `?labtest` in its address (the tests run against the production build). They only do to this
 * tab what its own controls could do (end its worker, play, set the speed) and read what the page shows; nothing
 * else reads them.
 */
import { labStore } from './store.ts';
import { play, setSpeed, simClient } from './worker/simClient.ts';

export interface LabTestHooks {
  readonly killWorker: () => void;
  /** Plays (idempotent, unlike the Play button, which toggles). */
  readonly play: () => void;
  /** Simulated milliseconds per wall second, as the speed slider sets it. */
  readonly setSpeed: (simMsPerSec: number) => void;
  /**
   * The shown snapshot's simulated time (µs; -1 before the first) and when the page applied it (`shownAtMs`, its
   * `performance.now()`; -1 before the first), whether the run plays at what speed, and how many snapshots the
   * page has applied since the hooks were installed.
   */
  readonly shown: () => {
    readonly nowUs: number;
    readonly shownAtMs: number;
    readonly playing: boolean;
    readonly speed: number;
    readonly applied: number;
  };
}

declare global {
  interface Window {
    __labTest?: LabTestHooks;
  }
}

export function installTestHooks(): void {
  if (!import.meta.env.DEV && !new URLSearchParams(location.search).has('labtest')) return;
  let applied = 0;
  let shownAtMs = -1;
  labStore.subscribe((state, previous) => {
    if (state.snapshot === previous.snapshot || state.snapshot === null) return;
    applied++;
    shownAtMs = performance.now();
  });
  window.__labTest = {
    killWorker: () => simClient.killSilently(),
    play,
    setSpeed,
    shown: () => {
      const { snapshot, playing, speed } = labStore.getState();
      return { nowUs: snapshot?.nowUs ?? -1, shownAtMs, playing, speed, applied };
    },
  };
}
