/**
 * Seek benchmark: the wall time of 20 seeks to random moments of a 10-minute run (the worker host's real code:
 * nearest checkpoint, replay, the paused snapshot with its metrics and oracle answer), for the default preset
 * and a busier one. Each figure stands beside a reference measured in the same process: opening the same moment
 * from t = 0 (a fresh host loaded with the same target, what a run without checkpoints would cost). Target:
 * p95 under 200 ms. With --expose-gc (bench/run.ts passes it) it also prints the heap the checkpoints hold,
 * beside the heap of the run itself.
 */
import { getPreset } from '../src/sim/scenarios/presets/index.ts';
import type { Scenario } from '../src/sim/scenarios/schema.ts';
import { Checkpoints, MAX_CHECKPOINTS } from '../src/worker/checkpoints.ts';
import { createSimCore } from '../src/worker/core.ts';
import { SimHost } from '../src/worker/host.ts';
import type { FromWorker } from '../src/worker/protocol.ts';
import type { SimCore } from '../src/worker/simCore.ts';
import { percentile, report } from './lib/report.ts';

const RUN_US = 600_000_000;
const SEEKS = 20;
const TARGET_P95_MS = 200;

const gc = (globalThis as { gc?: () => void }).gc;

/** The heap after collecting garbage, in MB (null without --expose-gc, which bench/run.ts passes). */
function heapMb(): number | null {
  if (!gc) return null;
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1e6;
}

/** A host on the real clock whose timers run as soon as the caller drains them (no waiting between slices). */
function benchHost(checkpoints?: Checkpoints<SimCore>) {
  const timers: (() => void)[] = [];
  let last: FromWorker | null = null;
  const host = new SimHost({
    post: (m) => {
      last = m;
    },
    createSim: createSimCore,
    now: () => performance.now(),
    ...(checkpoints ? { checkpoints } : {}),
    schedule: (fn) => {
      timers.push(fn);
      return () => {
        const i = timers.indexOf(fn);
        if (i >= 0) timers.splice(i, 1);
      };
    },
  });
  const drain = () => {
    for (let fn = timers.shift(); fn; fn = timers.shift()) fn();
  };
  return { host, drain, lastPost: (): FromWorker | null => last };
}

/** Targets spread at random over the run (a fixed LCG, so every run of the benchmark seeks the same moments). */
function targets(seed: number): number[] {
  let x = seed;
  return Array.from({ length: SEEKS }, () => {
    x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff;
    return Math.floor((x / 0x7fffffff) * RUN_US);
  });
}

const p = (xs: readonly number[], q: number): number => percentile(xs, q * 100);

/** The heap (after gc, over `base`) of the run built to its end without checkpoints; null without --expose-gc. */
function heapWithout(long: Scenario, base: number | null): number | null {
  if (base === null) return null;
  const bare = benchHost(new Checkpoints<SimCore>(2, Number.POSITIVE_INFINITY));
  bare.host.handle({ type: 'load', epoch: 1, scenario: long, seekToUs: RUN_US, play: false });
  bare.drain();
  if (bare.host.checkpointTimes().length > 0) throw new Error('unreachable: a checkpoint was taken');
  const mb = (heapMb() as number) - base;
  bare.host.dispose();
  return mb;
}

function bench(id: string, scenario: Scenario) {
  const long: Scenario = { ...scenario, durationMs: RUN_US / 1000 };
  // The heap the checkpoints hold: the run built with them less the same run built without any.
  const base = heapMb();
  const withoutMb = heapWithout(long, base);
  const run = benchHost();
  const builtAt = performance.now();
  run.host.handle({ type: 'load', epoch: 1, scenario: long, seekToUs: RUN_US, play: false });
  run.drain();
  const buildMs = performance.now() - builtAt;
  const withMb = base === null ? null : (heapMb() as number) - base;
  const heap = withoutMb === null || withMb === null ? null : { withoutMb, withMb };
  const seekMs: number[] = [];
  const freshMs: number[] = [];
  let requestId = 0;
  for (const toUs of targets(42)) {
    const started = performance.now();
    run.host.handle({ type: 'seek', toUs, requestId: ++requestId });
    run.drain();
    seekMs.push(performance.now() - started);
    const post = run.lastPost();
    // The oracle's answer follows the paused snapshot: the last post of a finished seek is `checked`.
    if (post?.type !== 'checked' || post.nowUs !== toUs) throw new Error(`seek to ${toUs} µs did not settle`);
    const fresh = benchHost();
    const freshStarted = performance.now();
    fresh.host.handle({ type: 'load', epoch: 1, scenario: long, seekToUs: toUs, play: false });
    fresh.drain();
    freshMs.push(performance.now() - freshStarted);
  }
  const result = {
    benchmark: 'seek',
    preset: id,
    runMinutes: RUN_US / 60_000_000,
    seeks: SEEKS,
    checkpoints: run.host.checkpointTimes().length,
    buildRunMs: Math.round(buildMs),
    seekP50Ms: Math.round(p(seekMs, 0.5)),
    seekP95Ms: Math.round(p(seekMs, 0.95)),
    fromZeroP50Ms: Math.round(p(freshMs, 0.5)),
    fromZeroP95Ms: Math.round(p(freshMs, 0.95)),
    target: `seek p95 < ${TARGET_P95_MS} ms`,
    pass: p(seekMs, 0.95) < TARGET_P95_MS,
    ...(heap
      ? { runHeapMb: Math.round(heap.withoutMb), checkpointsHeapMb: Math.round(heap.withMb - heap.withoutMb) }
      : {}),
  };
  console.log(JSON.stringify(result, null, 2));
  report({
    id: `seek.${id}`,
    what: `seek to ${SEEKS} random moments of a 10-minute run of ${id} (${result.checkpoints} checkpoints)`,
    figure: `p95 ${result.seekP95Ms} ms (p50 ${result.seekP50Ms} ms)`,
    reference: `opening the same moments from t = 0: p95 ${result.fromZeroP95Ms} ms`,
    ratio: `${((result.seekP95Ms / Math.max(1, result.fromZeroP95Ms)) * 100).toFixed(1)}%`,
    target: `p95 under ${TARGET_P95_MS} ms`,
    pass: result.pass,
  });
  if (!heap) return;
  const held = heap.withMb - heap.withoutMb;
  report({
    id: `seek.heap.${id}`,
    what: `heap held by the ${result.checkpoints} checkpoints of a 10-minute run of ${id} (after gc)`,
    figure: `${held.toFixed(1)} MB (${((held * 1000) / result.checkpoints).toFixed(0)} kB each)`,
    reference: `the run itself without checkpoints: ${heap.withoutMb.toFixed(1)} MB`,
    ratio: `${((heap.withMb / heap.withoutMb) * 100).toFixed(0)}% with them`,
    target: `none: at most ${MAX_CHECKPOINTS} checkpoints at any run length`,
    pass: null,
  });
}

for (const id of ['bank-ledger-async', 'partial-quorum-staleness']) {
  const preset = getPreset(id);
  if (!preset) throw new Error(`no preset ${id}`);
  bench(id, preset.scenario);
}
