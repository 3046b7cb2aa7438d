/** Runs staleness experiments in their own worker (src/worker/staleness.worker.ts); the newest one is answered. */
import type { StalenessParams, StalenessResult } from '../../../sim/analysis/pbs.ts';
import { latestOnlyWorker } from '../../latestOnlyWorker.ts';

const run = latestOnlyWorker<{ params: StalenessParams }, StalenessResult>(
  () => new Worker(new URL('../../../worker/staleness.worker.ts', import.meta.url), { type: 'module' }),
  'staleness',
);

export function runStalenessInWorker(params: StalenessParams): Promise<StalenessResult> {
  return run({ params });
}
