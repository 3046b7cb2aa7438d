/**
 * Entry point. The worker and the first load start here, once, outside React, so StrictMode's double-mounted
 * effects cannot start two runs. The theme is applied before the first render, so the page never flashes the
 * other one. React and the page (`app/mount.tsx`) are a chunk fetched from here: the worker is started first (in
 * the built page before this entry has arrived: `startSimWorker` takes over the worker app/firstPaint/earlyWorker.ts
 * started), so it fetches and runs the first scenario while the page's code is still arriving (README, "What loads
 * when").
 */
import { boot, followHashChanges } from './app/boot.ts';
import { adoptPrerendered, startFirstPaint } from './app/firstPaint/start.ts';
import { installShortcuts } from './app/page/shortcuts.ts';
import { applyTheme } from './app/page/theme.ts';
import { syncAddressBar } from './app/share.ts';
import { installTestHooks } from './app/testHooks.ts';
import { startSimWorker } from './app/worker/simClient.ts';
import { isEmbedHash } from './codec/fragment.ts';
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
// The first graph is drawn without React (app/firstPaint/), from the worker's first snapshot. React and the page
// are fetched once that snapshot is here (before, they would compete with the worker and the first scenario) and
// mounted once the painted graph is on the screen; React's first commit replaces it with the same graph in the
// same place.
// The embedded player never shows the first graph prerendered into the HTML: it goes at once.
if (embedded) adoptPrerendered(root, null);
const first = embedded ? null : startFirstPaint(root);
const page = (first?.shown ?? Promise.resolve()).then(() => import('./app/mount.tsx'));
Promise.all([page, first?.painted]).then(
  ([{ mount }]) => {
    first?.handOver();
    mount(root, embedded);
  },
  () => {
    first?.handOver();
    root.textContent =
      'Replication Lab could not load its page (a file did not arrive): reload to try again.';
  },
);
