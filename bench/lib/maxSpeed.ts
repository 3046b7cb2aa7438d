/**
 * The max-speed figures (issue 12.3): a scenario played in the page at the top speed (10,000 simulated ms per
 * wall second, free mode) for a few seconds, and the simulated time the page showed pass per wall second: the
 * slope of each shown snapshot's simulated time over the page's clock when it applied it (a least-squares line
 * through every snapshot of the measured seconds), with its standard error. The bench's own clock would count
 * part of a snapshot gap on either side as time the page did not advance, and so would the first and last
 * snapshot alone by up to a frame each: either read the same run met or missed by up to a percent depending on
 * where the snapshots land. The slope's error is taken by batch means (the measured seconds cut into five
 * consecutive stretches, each fitted alone): the snapshots' lag behind the worker drifts over seconds, so
 * successive residuals are correlated and the least-squares formula's own error understates the spread. Measured
 * on this machine (the default preset, 10-s windows, three runs): least-squares errors ±0.7 to ±1.4 against
 * stretch slopes spread from 9,945 to 10,051, and whole-window slopes of 9,985 to 10,018 between bench runs. The
 * reference, measured in the same process run: the same scenario's core alone (simulation, oracle and metrics,
 * no worker, snapshots or page) run flat out in Node for as long, the ceiling the worker's pacing shares out.
 */
import type { Browser } from '@playwright/test';
import { encodeShareHash } from '../../src/codec/url.ts';
import type { Scenario } from '../../src/sim/scenarios/schema.ts';
import { createSimCore } from '../../src/worker/core.ts';

const TOP_SPEED = 10_000;
const WARMUP_MS = 2_000;
const MEASURE_MS = 10_000;
/** Consecutive stretches of the measured seconds whose slopes give the error (batch means). */
const BATCHES = 5;
const SHOWN = 'window.__labTest?.shown().nowUs ?? -1';
/** Each snapshot the page applies for MEASURE_MS: [the page's clock when applied (ms), its simulated time (µs)]. */
const SHOWN_ALONG = `new Promise((resolve) => {
  const points = [];
  let applied = -1;
  const start = performance.now();
  const tick = (now) => {
    const shown = window.__labTest.shown();
    if (shown.applied !== applied) {
      applied = shown.applied;
      points.push([shown.shownAtMs, shown.nowUs]);
    }
    if (now - start < ${MEASURE_MS}) requestAnimationFrame(tick);
    else resolve(points);
  };
  requestAnimationFrame(tick);
})`;

export interface MaxSpeed {
  /** Simulated ms per wall second the page showed while asked for the top speed. */
  readonly pageSimMsPerSec: number;
  /** The standard error of that slope by batch means, and the snapshots it was fitted to. */
  readonly errorSimMsPerSec: number;
  readonly snapshots: number;
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
  const points = (await page.evaluate(SHOWN_ALONG)) as [number, number][];
  await page.close();
  if (points.length < 3)
    throw new Error(`${scenario.name}: ${points.length} snapshots shown in ${MEASURE_MS} ms at top speed`);
  const fit = batchedSlope(points, BATCHES);
  return {
    // µs per ms: simulated ms per wall second.
    pageSimMsPerSec: fit.slope,
    errorSimMsPerSec: fit.error,
    snapshots: points.length,
    coreSimMsPerSec: coreAlone(scenario, MEASURE_MS),
    asked: TOP_SPEED,
    errors,
  };
}

/** The least-squares slope of y over x, and its standard error. */
export function slope(points: readonly (readonly [number, number])[]): { slope: number; error: number } {
  const n = points.length;
  const mx = points.reduce((sum, [x]) => sum + x, 0) / n;
  const my = points.reduce((sum, [, y]) => sum + y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const [x, y] of points) {
    sxx += (x - mx) ** 2;
    sxy += (x - mx) * (y - my);
  }
  const b = sxy / sxx;
  const residuals = points.reduce((sum, [x, y]) => sum + (y - my - b * (x - mx)) ** 2, 0);
  return { slope: b, error: Math.sqrt(residuals / Math.max(1, n - 2) / sxx) };
}

/**
 * The least-squares slope of all the points, with its standard error by batch means: the points cut into
 * `batches` consecutive runs of (nearly) equal length, each fitted alone, and the standard deviation of their
 * slopes over the square root of their number. Correlated residuals (a lag that drifts) widen the batches'
 * spread, as they widen the whole slope's spread from run to run, where the least-squares error assumes them
 * independent.
 */
export function batchedSlope(
  points: readonly (readonly [number, number])[],
  batches: number,
): { slope: number; error: number } {
  const whole = slope(points);
  const size = Math.floor(points.length / batches);
  if (batches < 2 || size < 3) return whole;
  const slopes = Array.from(
    { length: batches },
    (_, b) => slope(points.slice(b * size, (b + 1) * size)).slope,
  );
  const mean = slopes.reduce((sum, s) => sum + s, 0) / batches;
  const variance = slopes.reduce((sum, s) => sum + (s - mean) ** 2, 0) / (batches - 1);
  return { slope: whole.slope, error: Math.sqrt(variance / batches) };
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
