/**
 * The Compare worker's client (src/worker/compare.worker.ts, protocol in src/worker/compareProtocol.ts):
 * comparisons run there so the live simulation never waits for one; only the newest request is answered.
 */
import type { CompareResult, Variant } from '../../sim/analysis/compare.ts';
import type { Scenario } from '../../sim/scenarios/schema.ts';
import type { FromCompare, ToCompare } from '../../worker/compareProtocol.ts';
import { type Job, jobWorker, type Settled } from './jobWorker.ts';

export interface CompareProgress {
  readonly done: number;
  readonly total: number;
  readonly label: string;
}

function settle(reply: FromCompare, job: Job<CompareResult, CompareProgress>): Settled {
  switch (reply.type) {
    case 'progress':
      job.progress({ done: reply.done, total: reply.total, label: reply.label });
      return 'progress';
    case 'result':
      job.resolve(reply.result);
      return 'finished';
    case 'error':
      job.reject(new Error(reply.message));
      return 'finished';
    default: {
      const unknown: never = reply;
      throw new Error(`unknown compare reply ${JSON.stringify(unknown)}`);
    }
  }
}

const run = jobWorker<ToCompare, FromCompare, CompareResult, CompareProgress>(
  () => new Worker(new URL('../../worker/compare.worker.ts', import.meta.url), { type: 'module' }),
  'compare',
  settle,
);

export function runCompareInWorker(
  base: Scenario,
  variants: readonly Variant[],
  untilUs: number,
  onProgress: (p: CompareProgress) => void,
): Promise<CompareResult> {
  return run({ type: 'run', base, variants, untilUs }, onProgress);
}
