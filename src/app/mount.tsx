/**
 * The React page, mounted by the entry (src/main.tsx) once this chunk has arrived. It is a chunk of its own so
 * that the simulation worker starts, and fetches the first scenario, while React and the page's code are still
 * on their way: the first snapshot and the page are ready at about the same time instead of one after the other.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { EmbedApp } from './embed/EmbedApp.tsx';

export function mount(root: HTMLElement, embedded: boolean): void {
  createRoot(root).render(<StrictMode>{embedded ? <EmbedApp /> : <App />}</StrictMode>);
}
