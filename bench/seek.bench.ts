/**
 * Seek benchmark: the wall time of 20 seeks to random moments of a 10-minute run (the worker host's real code:
 * nearest checkpoint, replay, the paused snapshot with its metrics and oracle answer), for the default preset
 * and a busier one. Each figure stands beside a reference measured in the same process: opening the same moment
 * from t = 0 (a fresh host loaded with the same target, what a run without checkpoints would cost). Target:
 * p95 under 200 ms.
 */
import { getPreset } from '../src/sim/scenarios/presets/index.ts';
import type { Scenario } from '../src/sim/scenarios/schema.ts';
import { createSimCore } from '../src/worker/core.ts';
import { SimHost } from '../src/worker/host.ts';
import type { FromWorker } from '../src/worker/protocol.ts';
import { percentile, report } from './lib/report.ts';

const RUN_US = 600_000_000;
const SEEKS = 20;
const TARGET_P95_MS = 200;

/** A host on the real clock whose timers run as soon as the caller drains them (no waiting between slices). */
function benchHost() {
  const timers: (() => void)[] = [];
  let last: FromWorker | null = null;
  const host = new SimHost({
    post: (m) => {
      last = m;
    },
    createSim: createSimCore,
    now: () => performance.now(),
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

function bench(id: string, scenario: Scenario) {
  const long: Scenario = { ...scenario, durationMs: RUN_US / 1000 };
  const run = benchHost();
  const builtAt = performance.now();
  run.host.handle({ type: 'load', epoch: 1, scenario: long, seekToUs: RUN_US, play: false });
  run.drain();
  const buildMs = performance.now() - builtAt;
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
}

for (const id of ['bank-ledger-async', 'partial-quorum-staleness']) {
  const preset = getPreset(id);
  if (!preset) throw new Error(`no preset ${id}`);
  bench(id, preset.scenario);
}
