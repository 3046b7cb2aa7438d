/**
 * The staleness experiment's own small protocol and handler. It runs in a dedicated worker (staleness.worker.ts)
 * rather than in the simulation's host: a 100,000-trial Monte Carlo run takes a few hundred milliseconds, which
 * would otherwise stall playback. Both sides switch exhaustively over these unions; `id` pairs a reply with its
 * request, so the page ignores the answer to an experiment it has since replaced.
 */
import { runStaleness, type StalenessParams, type StalenessResult } from '../sim/analysis/pbs.ts';

/** Page -> staleness worker. */
export type ToStaleness = { readonly type: 'run'; readonly id: number; readonly params: StalenessParams };

/** Staleness worker -> page. */
export type FromStaleness =
  | { readonly type: 'result'; readonly id: number; readonly result: StalenessResult }
  | { readonly type: 'error'; readonly id: number; readonly message: string };

/** Answers one request; never throws (invalid input comes back as `error`, naming the problem). */
export function handleStaleness(message: ToStaleness): FromStaleness {
  switch (message.type) {
    case 'run':
      try {
        return { type: 'result', id: message.id, result: runStaleness(message.params) };
      } catch (error) {
        return {
          type: 'error',
          id: message.id,
          message: error instanceof Error ? error.message : String(error),
        };
      }
    default: {
      const unknown: never = message.type;
      throw new Error(`unknown message ${JSON.stringify(unknown)}`);
    }
  }
}
