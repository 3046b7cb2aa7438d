/**
 * Whether the graph is drawn for a narrow frame (a phone): then layouts use a narrower view and compact cards
 * (the id, the role and one line), so the text stays legible when the picture is scaled to the screen instead of
 * shrinking a wide picture to a few pixels per letter.
 */
import { createContext, useContext, useSyncExternalStore } from 'react';

const NARROW_QUERY = '(max-width: 600px)';

function query(): MediaQueryList | null {
  return typeof matchMedia === 'function' ? matchMedia(NARROW_QUERY) : null;
}

function subscribe(listener: () => void): () => void {
  const list = query();
  list?.addEventListener('change', listener);
  return () => list?.removeEventListener('change', listener);
}

export function useNarrowGraph(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => query()?.matches ?? false,
    () => false,
  );
}

/**
 * Whether the graph is drawn in a short, wide frame whose height bounds the picture: the embedded player sets it
 * (EmbedApp.tsx) for the layouts that can trade height for width (the leaderless ring).
 */
export const ShortGraphFrame = createContext(false);

export function useShortGraph(): boolean {
  return useContext(ShortGraphFrame);
}
