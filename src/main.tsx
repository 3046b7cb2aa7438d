/**
 * Entry point. The worker and the first load start here, once, outside React, so StrictMode's double-mounted
 * effects cannot start two runs. The theme is applied before the first render, so the page never flashes the
 * other one.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { boot, followHashChanges } from './app/boot.ts';
import { EmbedApp } from './app/embed/EmbedApp.tsx';
import { isEmbedHash } from './app/embed/embedMode.ts';
import { installShortcuts } from './app/page/shortcuts.ts';
import { applyTheme } from './app/page/theme.ts';
import { syncAddressBar } from './app/share.ts';
import { installTestHooks } from './app/testHooks.ts';
import { startSimWorker } from './app/worker/simClient.ts';
import './app/styles.css';

applyTheme();
// Decided once, from the address the page was opened with: the embedded player stays the player.
const embedded = isEmbedHash(location.hash);
startSimWorker();
boot(location.hash);
syncAddressBar();
followHashChanges();
// The shortcuts and their list belong to the full page; the embedded player has its own few buttons.
if (!embedded) installShortcuts();
installTestHooks();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(<StrictMode>{embedded ? <EmbedApp /> : <App />}</StrictMode>);
