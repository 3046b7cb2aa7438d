/**
 * Hooks for the end-to-end tests, on `window.__labTest`: in development builds, or in any build opened with
 * `?labtest` in its address (the tests run against the production build). They only do to this tab what the
 * browser could do anyway (end its worker); nothing else reads them.
 */
import { simClient } from './worker/simClient.ts';

declare global {
  interface Window {
    __labTest?: { readonly killWorker: () => void };
  }
}

export function installTestHooks(): void {
  if (!import.meta.env.DEV && !new URLSearchParams(location.search).has('labtest')) return;
  window.__labTest = { killWorker: () => simClient.killSilently() };
}
