/**
 * Entry point. The worker and the first load start here, once, outside React, so StrictMode's double-mounted
 * effects cannot start two runs.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { boot, followHashChanges } from './app/boot.ts';
import { EmbedApp } from './app/embed/EmbedApp.tsx';
import { isEmbedHash } from './app/embed/embedMode.ts';
import { syncAddressBar } from './app/share.ts';
import { installTestHooks } from './app/testHooks.ts';
import { startSimWorker } from './app/worker/simClient.ts';
import './app/styles.css';

// Decided once, from the address the page was opened with: the embedded player stays the player.
const embedded = isEmbedHash(location.hash);
startSimWorker();
boot(location.hash);
syncAddressBar();
followHashChanges();
installTestHooks();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(<StrictMode>{embedded ? <EmbedApp /> : <App />}</StrictMode>);
