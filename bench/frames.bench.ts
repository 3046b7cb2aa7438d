/**
 * Frame-time benchmark (a benchmark, not a test): 25 nodes animating with at least 300 messages in flight,
 * in headless Chromium, against the production build served by `vite preview`.
 *
 *   npm run bench                 (builds first)
 *   npx tsx bench/frames.bench.ts (needs an up-to-date `vite build`)
 *
 * Prints a JSON report and a one-line summary, and writes the JSON to bench/out/frames.json.
 * Target: p95 frame time <= 17 ms. Exits 0 whether the target is met or missed; non-zero only when the
 * benchmark could not run (no build, no browser, the server did not start, too few messages in flight).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../scripts/chromium-path.mjs';
import { encodeShareHash } from '../src/codec/url.ts';
import { PRESETS } from '../src/sim/scenarios/presets/index.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PRESET_ID = 'bench-25-nodes';
const FIRST_PORT = 4174;
const MIN_IN_FLIGHT = 300;
const WARMUP_TIMEOUT_MS = 60_000;
const MEASURE_MS = 5_000;
const TARGET_P95_MS = 17;
/** The message canvas reports how many dots it drew in its last frame. */
const MESSAGE_CANVAS_SELECTOR = '[data-testid="message-canvas"]';
const VIEWPORT = { width: 1280, height: 800 };

class BenchError extends Error {}

let server: ChildProcess | undefined;
let browser: Browser | undefined;
let serverLog = '';

const log = (message: string) => process.stderr.write(`[frames.bench] ${message}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A sleep that does not keep the process alive (for timeouts raced against other promises). */
const grace = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

// ---------------------------------------------------------------------------------------------------------
// Cleanup: always stop the preview server (its own process group) and the browser.

function killServer(signal: NodeJS.Signals): void {
  const child = server;
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

let interrupted = false;
let cleaning: Promise<void> | undefined;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    if (browser) {
      await Promise.race([browser.close().catch(() => {}), grace(5_000)]);
      browser = undefined;
    }
    const child = server;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      killServer('SIGTERM');
      await Promise.race([exited, grace(3_000)]);
      killServer('SIGKILL');
    }
    server = undefined;
  })();
  return cleaning;
}

// A Ctrl-C reaches this process twice (from the terminal, and relayed by tsx): repeats within a second are
// the same request. A later one forces the exit; the server is killed here, the browser by Playwright's own
// exit handler.
let firstSignalAt = 0;
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
] as const) {
  process.on(signal, () => {
    if (interrupted) {
      if (Date.now() - firstSignalAt < 1_000) return;
      killServer('SIGKILL');
      process.exit(code);
    }
    interrupted = true;
    firstSignalAt = Date.now();
    log(`${signal}: stopping the browser and the preview server`);
    void cleanup().finally(() => process.exit(code));
  });
}
// Last resort if something exits the process without going through cleanup().
process.once('exit', () => killServer('SIGKILL'));

// ---------------------------------------------------------------------------------------------------------
// The preview server.

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

async function freePort(from: number): Promise<number> {
  for (let port = from; port < from + 50; port++) {
    if (await portIsFree(port)) return port;
  }
  throw new BenchError(`no free port in ${from}..${from + 49}`);
}

async function startPreview(port: number): Promise<string> {
  const vite = join(ROOT, 'node_modules', '.bin', 'vite');
  const child = spawn(vite, ['preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], {
    cwd: ROOT,
    detached: true, // own process group, so that the whole server can be killed
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server = child;
  const collect = (chunk: Buffer) => {
    serverLog = (serverLog + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let failure: string | undefined;
  child.once('error', (error) => {
    failure = error.message;
  });
  child.once('exit', (code, signal) => {
    failure ??= `exited with ${signal ?? `code ${code}`}`;
  });

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (failure) break;
    try {
      const response = await fetch(`${url}/`);
      if (response.ok) return url;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new BenchError(
    `vite preview did not start on port ${port} (${failure ?? 'timed out after 30 s'}).\n${serverLog.trim()}`,
  );
}

// ---------------------------------------------------------------------------------------------------------
// In-page code. Passed as strings: tsx (esbuild keepNames) wraps named functions in `__name(...)`, which does
// not exist in the page, so functions defined here cannot be serialized into page.evaluate.

const COUNT_MESSAGES = `Number(document.querySelector(${JSON.stringify(MESSAGE_CANVAS_SELECTOR)})?.getAttribute('data-in-flight') ?? 0)`;

const MEASURE_FRAMES = `new Promise((resolve) => {
  const deltas = [];
  const counts = [];
  let start;
  let last;
  let frame = 0;
  const tick = (now) => {
    if (start === undefined) start = now;
    if (last !== undefined) deltas.push(now - last);
    last = now;
    if (frame++ % 4 === 0) counts.push(${COUNT_MESSAGES});
    if (now - start < ${MEASURE_MS}) requestAnimationFrame(tick);
    else resolve({ deltas, counts, elapsedMs: now - start });
  };
  requestAnimationFrame(tick);
})`;

interface Measurement {
  deltas: number[];
  counts: number[];
  elapsedMs: number;
}

// ---------------------------------------------------------------------------------------------------------
// Statistics.

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

// ---------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const preset = PRESETS.find((p) => p.id === PRESET_ID);
  if (!preset) {
    throw new BenchError(
      `no preset "${PRESET_ID}" in src/sim/scenarios/presets/ (have: ${PRESETS.map((p) => p.id).join(', ')})`,
    );
  }
  if (!existsSync(join(ROOT, 'dist', 'index.html'))) {
    throw new BenchError('no production build in dist/: run `vite build` first (npm run bench does).');
  }
  const found = findChromium({ warn: log });
  if (!found) throw new BenchError('no Chromium found: run `node scripts/ensure-chromium.mjs` first.');

  const port = await freePort(FIRST_PORT);
  const baseUrl = await startPreview(port);
  log(`vite preview at ${baseUrl}`);

  browser = await chromium.launch({
    executablePath: found.path,
    args: [...CHROMIUM_ARGS],
    handleSIGINT: false, // cleanup() closes it
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  const page = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });

  const hash = encodeShareHash(preset.scenario);
  await page.goto(`${baseUrl}/#${hash}`, { waitUntil: 'load' });

  // Play, unless the app already plays the scenario on open.
  const playOrPause = page.getByRole('button', { name: /^(Play|Pause)$/ }).first();
  await playOrPause.waitFor({ state: 'visible', timeout: 20_000 });
  const play = page.getByRole('button', { name: 'Play', exact: true });
  if (await play.isVisible()) await play.click();

  log(`waiting for at least ${MIN_IN_FLIGHT} messages in flight`);
  const warmupStart = Date.now();
  let peak = 0;
  for (;;) {
    const count = (await page.evaluate(COUNT_MESSAGES)) as number;
    peak = Math.max(peak, count);
    if (count >= MIN_IN_FLIGHT) break;
    if (Date.now() - warmupStart > WARMUP_TIMEOUT_MS) {
      throw new BenchError(
        `only ${peak} messages in flight at most after ${WARMUP_TIMEOUT_MS / 1000} s (need ${MIN_IN_FLIGHT})` +
          (pageErrors.length ? `; page errors: ${pageErrors.slice(0, 3).join(' | ')}` : ''),
      );
    }
    await sleep(250);
  }
  const warmupMs = Date.now() - warmupStart;

  log(`measuring frame times for ${MEASURE_MS / 1000} s`);
  const measured = (await page.evaluate(MEASURE_FRAMES)) as Measurement;
  const sorted = [...measured.deltas].sort((a, b) => a - b);
  const frameStats = {
    median: round(quantile(sorted, 0.5)),
    p95: round(quantile(sorted, 0.95)),
    max: round(sorted.at(-1) ?? Number.NaN),
    mean: round(sorted.reduce((sum, x) => sum + x, 0) / Math.max(1, sorted.length)),
  };
  const counts = measured.counts;
  const inFlight = {
    min: counts.length ? Math.min(...counts) : 0,
    avg: round(counts.reduce((sum, x) => sum + x, 0) / Math.max(1, counts.length), 1),
    max: counts.length ? Math.max(...counts) : 0,
  };
  const loadMet = inFlight.avg >= MIN_IN_FLIGHT;
  const frameTargetMet = frameStats.p95 <= TARGET_P95_MS;
  const verdict = frameTargetMet && loadMet ? 'PASS' : 'MISS';

  const cpuList = cpus();
  const report = {
    benchmark: 'frames',
    date: new Date().toISOString(),
    machine: {
      cpu: cpuList[0]?.model.trim() ?? 'unknown',
      cores: cpuList.length,
      memoryGiB: round(totalmem() / 2 ** 30, 1),
      platform: `${process.platform}-${process.arch}`,
      node: process.version,
    },
    browser: { executable: found.path, version: browser.version(), viewport: VIEWPORT },
    scenario: { preset: preset.id, title: preset.title, nodes: preset.scenario.nodes.length },
    warmupMs,
    measureMs: round(measured.elapsedMs, 0),
    frames: measured.deltas.length,
    fps: round((measured.deltas.length * 1000) / Math.max(1, measured.elapsedMs), 1),
    frameTimeMs: frameStats,
    messagesInFlight: inFlight,
    targets: { p95FrameTimeMs: TARGET_P95_MS, minMessagesInFlight: MIN_IN_FLIGHT },
    frameTarget: frameTargetMet ? 'PASS' : 'MISS',
    loadTarget: loadMet ? 'PASS' : 'MISS',
    result: verdict,
    pageErrors: pageErrors.slice(0, 10),
  };

  const json = JSON.stringify(report, null, 2);
  mkdirSync(join(ROOT, 'bench', 'out'), { recursive: true });
  writeFileSync(join(ROOT, 'bench', 'out', 'frames.json'), `${json}\n`);
  process.stdout.write(`${json}\n`);
  process.stdout.write(
    `frames: ${report.scenario.nodes} nodes, ${report.frames} frames in ${round(measured.elapsedMs / 1000, 1)} s: ` +
      `median ${frameStats.median} ms, p95 ${frameStats.p95} ms, max ${frameStats.max} ms; ` +
      `messages in flight min ${inFlight.min}, avg ${inFlight.avg} (need >= ${MIN_IN_FLIGHT}: ${report.loadTarget}); ` +
      `target p95 <= ${TARGET_P95_MS} ms: ${verdict}\n`,
  );
}

try {
  await main();
} catch (error) {
  process.exitCode = 1;
  if (interrupted) {
    // the signal handler closed the browser under main(): not an error of its own
  } else if (error instanceof BenchError) log(`ERROR: ${error.message}`);
  else log(`ERROR: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
} finally {
  await cleanup();
}
