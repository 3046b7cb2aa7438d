/**
 * The max-speed figures (issue 12.3): a scenario played in the page at the top speed (10,000 simulated ms per
 * wall second, free mode) for a few seconds, and the simulated time the page showed pass per wall second. The
 * reference, measured in the same process run: the same scenario's core alone (simulation, oracle and metrics,
 * no worker, snapshots or page) run flat out in Node for as long, the ceiling the worker's pacing shares out.
 */
import type { Browser } from '@playwright/test';
import { encodeShareHash } from '../../src/codec/url.ts';
import type { Scenario } from '../../src/sim/scenarios/schema.ts';
import { createSimCore } from '../../src/worker/core.ts';

const TOP_SPEED = 10_000;
const WARMUP_MS = 2_000;
const MEASURE_MS = 5_000;
const SHOWN = 'window.__labTest?.shown().nowUs ?? -1';

export interface MaxSpeed {
  /** Simulated ms per wall second the page showed while asked for the top speed. */
  readonly pageSimMsPerSec: number;
  /** The core alone, flat out, in Node. */
  readonly coreSimMsPerSec: number;
  readonly asked: number;
  readonly errors: readonly string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function measureMaxSpeed(
  browser: Browser,
  baseUrl: string,
  scenario: Scenario,
): Promise<MaxSpeed> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(() => localStorage.setItem('replication-lab.story', 'free'));
  await page.goto(`${baseUrl}/?labtest#${encodeShareHash(scenario)}`, { waitUntil: 'load' });
  const by = Date.now() + 30_000;
  while (((await page.evaluate(SHOWN)) as number) < 0) {
    if (Date.now() > by) throw new Error(`${scenario.name}: no snapshot shown within 30 s`);
    await sleep(100);
  }
  await page.evaluate(`window.__labTest.setSpeed(${TOP_SPEED}); window.__labTest.play()`);
  await sleep(WARMUP_MS);
  const t0 = (await page.evaluate(SHOWN)) as number;
  const wall0 = Date.now();
  await sleep(MEASURE_MS);
  const t1 = (await page.evaluate(SHOWN)) as number;
  const wallMs = Date.now() - wall0;
  await page.close();
  return {
    pageSimMsPerSec: (t1 - t0) / wallMs,
    coreSimMsPerSec: coreAlone(scenario, MEASURE_MS),
    asked: TOP_SPEED,
    errors,
  };
}

/** Simulated ms per wall second of the core alone, run in 10 ms slices for `wallMs` (after as long a warm-up). */
function coreAlone(scenario: Scenario, wallMs: number): number {
  const core = createSimCore(scenario);
  const run = (forMs: number) => {
    const start = performance.now();
    while (performance.now() - start < forMs) core.runUntil(core.nowUs() + 10_000, Number.POSITIVE_INFINITY);
    return performance.now() - start;
  };
  run(WARMUP_MS);
  const from = core.nowUs();
  const took = run(wallMs);
  return (core.nowUs() - from) / took;
}
