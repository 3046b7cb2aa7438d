/**
 * What is not needed to draw the first graph (the open tab's view, motion's animation features, the presets'
 * stories, the share-link encoder) waits for it: fetching and parsing those chunks while the first snapshot is
 * on its way only delays it. `afterFirstGraph()` resolves once the first snapshot has been shown and the frame
 * that drew it has passed, or after FIRST_GRAPH_WAIT_MS whatever happened (a worker that never answers must not
 * keep the rest of the page from loading).
 */
import { labStore } from './store.ts';

export const FIRST_GRAPH_WAIT_MS = 3000;

let drawn: Promise<void> | null = null;

export function afterFirstGraph(): Promise<void> {
  drawn ??= new Promise<void>((resolve) => {
    const done = () => {
      unsubscribe();
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(done, FIRST_GRAPH_WAIT_MS);
    const shown = () => {
      if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(done, 0));
      else done();
    };
    const unsubscribe = labStore.subscribe((state) => {
      if (state.snapshot) shown();
    });
    if (labStore.getState().snapshot) shown();
  });
  return drawn;
}

/** `load`, once the first graph has been drawn. */
export function loadAfterFirstGraph<T>(load: () => Promise<T>): () => Promise<T> {
  return () => afterFirstGraph().then(load);
}
