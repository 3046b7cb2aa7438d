/**
 * The React page, mounted by the entry (src/main.tsx) once this chunk has arrived. It is a chunk of its own so
 * that the simulation worker starts, and fetches the first scenario, while React and the page's code are still
 * on their way: the first snapshot and the page are ready at about the same time instead of one after the other.
 */
import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';

/** The embedded player (`&embed`), a chunk of its own: a first visit to the full page does not load it. */
const EmbedApp = lazy(() => import('./embed/EmbedApp.tsx').then((m) => ({ default: m.EmbedApp })));

export function mount(root: HTMLElement, embedded: boolean): void {
  createRoot(root).render(
    <StrictMode>
      {embedded ? (
        <Suspense fallback={null}>
          <EmbedApp />
        </Suspense>
      ) : (
        <App />
      )}
    </StrictMode>,
  );
}
