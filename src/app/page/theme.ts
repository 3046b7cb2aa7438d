/**
 * The theme in effect and the user's motion preference. The theme is the one chosen with the toggle, or the
 * system's when none was chosen; it is written to `<html data-theme>`, which the stylesheet's variables follow
 * (src/app/styles/theme.css). Views that resolve colours in script (the message canvas, the space-time diagram,
 * whose exported SVG must carry real colours) re-read them when `useTheme()` changes.
 */
import { useSyncExternalStore } from 'react';
import { prefsStore, type Theme, usePrefs } from './prefs.ts';

const DARK_QUERY = '(prefers-color-scheme: dark)';
const LIGHT_QUERY = '(prefers-color-scheme: light)';
const REDUCED_MOTION_QUERY = '(prefers-reduced-motion: reduce)';

function media(query: string): MediaQueryList | null {
  return typeof matchMedia === 'function' ? matchMedia(query) : null;
}

/** The system's theme: light only when the system asks for it, dark otherwise (the page's original look). */
function systemTheme(): Theme {
  return media(LIGHT_QUERY)?.matches && !media(DARK_QUERY)?.matches ? 'light' : 'dark';
}

export function resolvedTheme(): Theme {
  return prefsStore.getState().theme ?? systemTheme();
}

/** Keeps `<html data-theme>` in step with the preference and the system's scheme. Call once at start-up. */
export function applyTheme(): void {
  const root = document.documentElement;
  const apply = () => {
    root.dataset.theme = resolvedTheme();
  };
  apply();
  prefsStore.subscribe(apply);
  media(LIGHT_QUERY)?.addEventListener('change', () => {
    apply();
    notifySystem();
  });
}

const systemListeners = new Set<() => void>();
function notifySystem(): void {
  for (const listener of systemListeners) listener();
}

function subscribeSystem(listener: () => void): () => void {
  systemListeners.add(listener);
  return () => systemListeners.delete(listener);
}

/** The theme in effect, for components that draw with resolved colours. */
export function useTheme(): Theme {
  const chosen = usePrefs((s) => s.theme);
  const system = useSyncExternalStore(subscribeSystem, systemTheme, () => 'dark' as const);
  return chosen ?? system;
}

/** Whether the user asked the system for less motion (checked when a view starts drawing, and on change). */
export function prefersReducedMotion(): boolean {
  return media(REDUCED_MOTION_QUERY)?.matches ?? false;
}

export function onReducedMotionChange(listener: () => void): () => void {
  const list = media(REDUCED_MOTION_QUERY);
  list?.addEventListener('change', listener);
  return () => list?.removeEventListener('change', listener);
}
