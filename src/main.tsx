/**
 * Entry point. The worker and the first load start here, once, outside React, so StrictMode's double-mounted
 * effects cannot start two runs. The theme is applied before the first render, so the page never flashes the
 * other one.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { boot, isRunLink } from './app/boot.ts';
import { installShortcuts } from './app/page/shortcuts.ts';
import { applyTheme } from './app/page/theme.ts';
import { syncAddressBar } from './app/share.ts';
import { startWorker } from './app/workerClient.ts';
import './app/styles.css';

applyTheme();
startWorker();
boot(location.hash);
syncAddressBar();
installShortcuts();
// The address bar is rewritten with replaceState, which fires no hashchange: one that names a run is the user
// opening another link in this tab (a pasted #preset= link, or Back), so it is opened like a fresh page.
window.addEventListener('hashchange', () => {
  if (isRunLink(location.hash)) boot(location.hash);
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
