/**
 * First-load benchmark (a benchmark, not a test), issue 12's "ship less":
 *
 * (a) the JavaScript a first visit loads before the first graph is drawn, gzip, against 110 kB: read from the
 *     production build (bench/lib/firstLoad.ts: the page's entry and its static imports, the simulation worker
 *     and its static imports, and the chunks the worker waits for before it runs the default preset), each
 *     chunk listed; beside it, everything the build ships (the reference: what one bundle would be).
 * (b) the time from navigation to the first drawn graph on localhost, against 150 ms: the production build
 *     served by `vite preview`, Chromium headless, a fresh browser context per load (nothing cached), the median
 *     of LOADS loads; "drawn" is the first frame in which a node card is in the DOM and visible: React's, the
 *     first paint's drawn before React from the worker's first snapshot (src/app/firstPaint/), or, at the page's
 *     address without a link, the default preset's first graph prerendered into the HTML at build time
 *     (src/app/firstPaint/prerender.ts: the run's real first snapshot drawn by the first paint's functions). It
 *     is watched by a MutationObserver installed before the page's own scripts and a requestAnimationFrame loop
 *     (a card counts once it is visible, then at the next frame: the prerendered card arrives hidden until the
 *     stylesheet and public/first-look.js allow it). Three figures: the default address (the prerendered graph),
 *     a `#preset=` link to another leader-follower preset (LINK_PRESET: its graph prerendered into a file of its
 *     own, fetched by first-look.js) and a share link (`#s=`) of a multi-leader preset's scenario (LIVE_PRESET:
 *     the live path, nothing prerendered: the worker reads the link, and the first paint draws its first
 *     snapshot before React; a `#preset=` link to it gets its prerendered graph since every model has one). The
 *     reference is a bare page (one inline script adding one such element) served by the same server and timed
 *     the same way, loads interleaved with the app's, in the same run. A log line per figure splits the app's time into steps (the median ms since navigation at which the
 *     page created the simulation worker, the entry asked it for the first run, the worker first spoke, its first
 *     snapshot reached the page, a node card was first visible, and React's first card entered the DOM), so the
 *     live path is shown beside the prerendered one; the log also gives index.html's size, which the prerendered
 *     markup grows.
 *
 *   npm run bench                    (builds first)
 *   npx tsx bench/firstload.bench.ts (needs an up-to-date `vite build`)
 *
 * Exits non-zero only when the benchmark could not run (no build, no browser, the server did not start).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { type Browser, chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../scripts/chromium-path.mjs';
import { encodeShareHash } from '../src/codec/encode.ts';
import { getPreset } from '../src/sim/scenarios/presets/index.ts';
import { firstLoad, kB } from './lib/firstLoad.ts';
import { median, report } from './lib/report.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
const FIRST_PORT = 4274;
const LOADS = 9;
const TARGET_GZIP = 110_000;
const TARGET_MS = 150;
const VIEWPORT = { width: 1280, height: 720 };
/** The bare reference page, written into dist/ for the run (the build's folder, rebuilt by every `vite build`). */
const BARE_PAGE = 'bench-bare-page.html';
/** A node card: React's, or the first paint's (src/app/firstPaint/, also prerendered), which React's replaces. */
const NODE_SELECTOR = '[data-testid="node"], [data-first-paint-node]';
/**
 * The second figure's link: another leader-follower preset, whose first graph the build prerenders into a file
 * of its own (first-graph/<id>-<hash>.html) that public/first-look.js fetches and places before the app runs.
 */
const LINK_PRESET = 'read-your-writes-violation';
/**
 * The third figure's link: a share link (`#s=`) of a multi-leader preset's scenario, which nothing prerenders:
 * the live path, the worker reading the link (as it starts, named with the address) and running it, the first
 * paint drawing its first snapshot. (A `#preset=` link to it gets the build's graph now that every model has a
 * first paint, so it no longer measures the live path.)
 */
const LIVE_PRESET = 'write-conflict-lww';
const LIVE_HASH = (() => {
  const scenario = getPreset(LIVE_PRESET)?.scenario;
  if (!scenario) throw new Error(`no preset ${LIVE_PRESET}`);
  return encodeShareHash(scenario);
})();

const log = (message: string) => process.stderr.write(`[firstload.bench] ${message}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class BenchError extends Error {}

let server: ChildProcess | undefined;
let browser: Browser | undefined;

async function cleanup(): Promise<void> {
  await browser?.close().catch(() => {});
  browser = undefined;
  if (server?.pid && server.exitCode === null) {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  server = undefined;
  rmSync(join(DIST, BARE_PAGE), { force: true });
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
  process.on(signal, () => void cleanup().finally(() => process.exit(130)));

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** `vite preview` of dist/ on the first free port from FIRST_PORT, in its own process group. */
async function startPreview(): Promise<string> {
  let port = FIRST_PORT;
  while (!(await portIsFree(port))) if (++port > FIRST_PORT + 50) throw new BenchError('no free port');
  const vite = join(ROOT, 'node_modules', '.bin', 'vite');
  server = spawn(vite, ['preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], {
    cwd: ROOT,
    detached: true,
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(200)) {
    try {
      if ((await fetch(`${url}/`)).ok) return url;
    } catch {
      // not listening yet
    }
  }
  throw new BenchError(`vite preview did not start on port ${port}`);
}

/**
 * Run in every page before its own scripts: notes the first frame in which a node card is in the DOM and visible,
 * in ms since navigation started, and the steps before it (`window.__steps`): when the page created its first
 * worker (the simulation worker), when the page first sent it more than the early `prefetch` (the entry has run),
 * (not the first-look script's `firstFrame`, which gives the worker a port for a share link's first frame), when
 * that worker first spoke, when its first snapshot reached the page, when a node card was first visible and
 * when React's first card entered the DOM. A card is looked for at every change to the document and at every
 * frame (a prerendered card becomes visible when the stylesheet arrives, with no change to the document): seen
 * on a change, the figure is the next frame; seen in a frame, that frame. The worker is watched through a
 * subclass of Worker that only adds a listener and notes its first message sent. A string, not a function: tsx
 * would wrap a named function in `__name(...)`.
 */
const WATCH_FIRST_NODE = `(() => {
  const steps = (window.__steps = {});
  const note = (step) => { if (!(step in steps)) steps[step] = performance.now(); };
  const visible = () => [...document.querySelectorAll(${JSON.stringify(NODE_SELECTOR)})]
    .some((e) => e.checkVisibility() && e.getBoundingClientRect().width > 0);
  const react = () => { if (document.querySelector('[data-testid="node"]')) note('react'); };
  const observer = new MutationObserver(() => {
    react();
    if (!('node' in steps) && visible()) {
      note('node');
      requestAnimationFrame(() => { window.__firstNodeMs ??= performance.now(); });
    }
    if ('react' in steps && 'node' in steps) observer.disconnect();
  });
  observer.observe(document, { childList: true, subtree: true });
  const frame = () => {
    if (!('node' in steps) && visible()) { note('node'); window.__firstNodeMs ??= performance.now(); }
    if (!('node' in steps)) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  if (typeof Worker === 'function') {
    window.Worker = class extends Worker {
      postMessage(message, ...rest) {
        if (!(message && (message.type === 'prefetch' || message.type === 'firstFrame'))) note('asked');
        return super.postMessage(message, ...rest);
      }
      constructor(url, options) {
        note('worker');
        super(url, options);
        this.addEventListener('message', (event) => {
          note('spoke');
          if (event.data && event.data.type === 'snapshot') note('snapshot');
        });
      }
    };
  }
})()`;

/** The steps `WATCH_FIRST_NODE` notes, in order, with what each means in the log line. */
const STEPS = [
  ['worker', 'worker created'],
  ['asked', 'entry asked for the run'],
  ['spoke', "worker's first message"],
  ['snapshot', 'first snapshot at the page'],
  ['node', 'first node card visible'],
  ['react', "React's first node card"],
] as const;
type Steps = Partial<Record<(typeof STEPS)[number][0], number>>;

const BARE_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bare</title>
<link rel="icon" href="favicon.svg"></head><body><script>
const node = document.createElement('div');
node.dataset.testid = 'node';
node.textContent = 'bank_leader';
document.body.append(node);
</script></body></html>`;

/** Loads `url` in a fresh context (an empty cache) and returns ms from navigation to the first drawn node. */
async function timeToFirstNode(url: string): Promise<{ ms: number; steps: Steps; errors: string[] }> {
  if (!browser) throw new BenchError('no browser');
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.addInitScript(WATCH_FIRST_NODE);
  await page.goto(url, { waitUntil: 'commit' });
  // Polled with evaluate (the page's Content Security Policy forbids the string evaluation waitForFunction
  // does); the figure is the time the page itself noted, not when the poll saw it.
  let ms: number | undefined;
  for (const deadline = Date.now() + 30_000; ms === undefined && Date.now() < deadline; await sleep(25))
    ms = await page.evaluate(() => (globalThis as { __firstNodeMs?: number }).__firstNodeMs);
  if (ms === undefined) throw new BenchError(`no node was drawn within 30 s at ${url}`);
  // The live path's last step, React's first card, is waited for too (it comes after the prerendered graph).
  const stepsNow = () => page.evaluate(() => (globalThis as { __steps?: Steps }).__steps ?? {});
  let steps = await stepsNow();
  for (const deadline = Date.now() + 15_000; !('react' in steps) && Date.now() < deadline; await sleep(25))
    steps = await stepsNow();
  await context.close();
  return { ms, steps, errors };
}

/** Every .js file the build emits: the whole bundle, the reference for (a). */
function wholeBuild(): { bytes: number; gzip: number; files: number } {
  const assets = join(DIST, 'assets');
  const files = readdirSync(assets).filter((f) => f.endsWith('.js'));
  let bytes = 0;
  let gzip = 0;
  for (const f of files) {
    const content = readFileSync(join(assets, f));
    bytes += statSync(join(assets, f)).size;
    gzip += gzipSync(content).length;
  }
  return { bytes, gzip, files: files.length };
}

function reportSize(): void {
  const load = firstLoad(DIST);
  const whole = wholeBuild();
  for (const c of load.chunks) log(`  ${c.part}: ${c.file} ${kB(c.bytes)}, ${kB(c.gzip)} gzip`);
  // A share link's first frame waits for one file only, the share link worker (src/worker/share.worker.ts, which
  // public/first-look.js starts for it): not in the figure above (the default address's), so logged beside it.
  const share = readdirSync(join(DIST, 'assets')).find((f) => /^share\.worker-[\w-]+\.js$/.test(f));
  if (share) {
    const content = readFileSync(join(DIST, 'assets', share));
    log(
      `  a share link's first frame waits for: assets/${share} ${kB(content.length)}, ${kB(gzipSync(content).length)} gzip (against the same ${kB(TARGET_GZIP)})`,
    );
  }
  const html = readFileSync(join(DIST, 'index.html'));
  log(
    `  the page: index.html ${kB(html.length)}, ${kB(gzipSync(html).length)} gzip, with the default preset's first graph prerendered (src/app/firstPaint/prerender.ts)`,
  );
  const name = (file: string) => file.replace(/^assets\//, '').replace(/-[\w-]{8}\.js$/, '.js');
  report({
    id: 'firstload.js',
    what: `JS before the first drawn graph, gzip (${load.chunks.map((c) => `${name(c.file)} ${kB(c.gzip)}`).join(', ')})`,
    figure: `${kB(load.gzip)} gzip (${kB(load.bytes)} raw, ${load.chunks.length} files)`,
    reference: `every JS file the build ships: ${kB(whole.gzip)} gzip in ${whole.files} files`,
    ratio: `${((100 * load.gzip) / whole.gzip).toFixed(1)}%`,
    target: `at most ${kB(TARGET_GZIP)} gzip`,
    pass: load.gzip <= TARGET_GZIP,
  });
}

/** Where the app's time went: the median ms since navigation at which each step was reached. */
function logSteps(label: string, steps: readonly Steps[], drawn: readonly number[]): void {
  const parts = STEPS.map(([step, what]) => {
    const at = steps.map((s) => s[step] ?? Number.NaN);
    return at.some(Number.isNaN) ? `${what}: not on every load` : `${what} ${median(at).toFixed(0)}`;
  });
  log(`${label}'s steps, median ms since navigation: ${parts.join(', ')}, drawn ${median(drawn).toFixed(0)}`);
}

/** The loads of one address: the ms to its first drawn graph, each load's steps, its console errors. */
interface Loads {
  readonly ms: number[];
  readonly steps: Steps[];
  readonly errors: Set<string>;
}

const newLoads = (): Loads => ({ ms: [], steps: [], errors: new Set() });

async function load(into: Loads, url: string): Promise<void> {
  const a = await timeToFirstNode(url);
  for (const e of a.errors) into.errors.add(e);
  into.ms.push(a.ms);
  into.steps.push(a.steps);
}

/** One figure: an address's median beside the bare page's, with its loads and steps in the log. */
function reportLoads(id: string, what: string, loads: Loads, bare: readonly number[]): void {
  log(`${what}: ${loads.ms.map((x) => x.toFixed(0)).join(', ')} ms`);
  logSteps(what, loads.steps, loads.ms);
  if (loads.errors.size > 0) log(`console errors on ${what}'s loads: ${[...loads.errors].join(' | ')}`);
  const appMs = median(loads.ms);
  const bareMs = median(bare);
  report({
    id,
    what: `navigation to the first drawn graph, ${what}, on localhost (vite preview, Chromium headless, no cache; median of ${LOADS} loads)`,
    figure: `${appMs.toFixed(0)} ms`,
    reference: `a bare page with one inline script adding one node, loaded the same way: ${bareMs.toFixed(0)} ms`,
    ratio: `${(appMs / bareMs).toFixed(1)}x`,
    target: `at most ${TARGET_MS} ms`,
    pass: appMs <= TARGET_MS && loads.errors.size === 0,
  });
}

async function reportTime(baseUrl: string): Promise<void> {
  const home = newLoads();
  const link = newLoads();
  const live = newLoads();
  const bare = newLoads();
  const urls = {
    home: `${baseUrl}/`,
    link: `${baseUrl}/#preset=${LINK_PRESET}`,
    live: `${baseUrl}/#${LIVE_HASH}`,
    bare: `${baseUrl}/${BARE_PAGE}`,
  };
  // One load of each first, not counted: the server's and the browser's own first-use costs.
  for (const url of Object.values(urls)) await timeToFirstNode(url);
  for (let i = 0; i < LOADS; i++) {
    await load(home, urls.home);
    await load(link, urls.link);
    await load(live, urls.live);
    await load(bare, urls.bare);
  }
  log(`bare page: ${bare.ms.map((x) => x.toFixed(0)).join(', ')} ms`);
  log(
    "the app's address without a link draws the default preset's first graph from the HTML: prerendered at build time from the run's real first snapshot (src/app/firstPaint/prerender.ts), shown before any of the app's code has run (only the inline first-look script, public/first-look.js, runs before it); its steps are the live path behind it, which updates that graph in place",
  );
  reportLoads('firstload.time', "the app's address (the prerendered graph)", home, bare.ms);
  reportLoads(
    'firstload.time-link',
    `a #preset=${LINK_PRESET} link (that preset's prerendered graph, fetched by the page's first script)`,
    link,
    bare.ms,
  );
  reportLoads(
    'firstload.time-live',
    `a share link (#s=) of ${LIVE_PRESET}'s scenario (the live path: nothing prerendered, the worker reads the link and runs it, the first paint draws its first snapshot)`,
    live,
    bare.ms,
  );
}

async function main(): Promise<void> {
  if (!existsSync(join(DIST, 'index.html')))
    throw new BenchError('no production build in dist/: run `vite build` first (npm run bench does).');
  reportSize();
  const found = findChromium({ warn: log });
  if (!found) throw new BenchError('no Chromium found: run `node scripts/ensure-chromium.mjs` first.');
  writeFileSync(join(DIST, BARE_PAGE), BARE_HTML);
  const baseUrl = await startPreview();
  browser = await chromium.launch({ executablePath: found.path, args: [...CHROMIUM_ARGS] });
  await reportTime(baseUrl);
}

try {
  await main();
} catch (error) {
  process.exitCode = 1;
  log(`ERROR: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await cleanup();
}
