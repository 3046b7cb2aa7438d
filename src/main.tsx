/**
 * Entry point. The worker and the first load start here, once, outside React, so StrictMode's double-mounted
 * effects cannot start two runs.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { boot } from './app/boot.ts';
import { syncAddressBar } from './app/share.ts';
import { startWorker } from './app/workerClient.ts';
import './app/styles.css';

startWorker();
boot(location.hash);
syncAddressBar();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
