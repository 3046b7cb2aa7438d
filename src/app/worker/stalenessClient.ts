/**
 * The staleness experiment worker's client (src/worker/staleness.worker.ts, protocol in
 * src/worker/stalenessProtocol.ts); only the newest experiment is answered.
 */
import type { StalenessParams, StalenessResult } from '../../sim/analysis/pbs.ts';
import type { FromStaleness, ToStaleness } from '../../worker/stalenessProtocol.ts';
import { type Job, jobWorker, type Settled } from './jobWorker.ts';

function settle(reply: FromStaleness, job: Job<StalenessResult, never>): Settled {
  switch (reply.type) {
    case 'result':
      job.resolve(reply.result);
      return 'finished';
    case 'error':
      job.reject(new Error(reply.message));
      return 'finished';
    default: {
      const unknown: never = reply;
      throw new Error(`unknown staleness reply ${JSON.stringify(unknown)}`);
    }
  }
}

const run = jobWorker<ToStaleness, FromStaleness, StalenessResult, never>(
  () => new Worker(new URL('../../worker/staleness.worker.ts', import.meta.url), { type: 'module' }),
  'staleness',
  settle,
);

export function runStalenessInWorker(params: StalenessParams): Promise<StalenessResult> {
  return run({ type: 'run', params });
}
