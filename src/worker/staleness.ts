/**
 * The staleness experiment's handler (its protocol: stalenessProtocol.ts). It runs in a dedicated worker
 * (staleness.worker.ts) rather than in the simulation's host: a 100,000-trial Monte Carlo run takes a few hundred
 * milliseconds, which would otherwise stall playback.
 */
import { runStaleness } from '../sim/analysis/pbs.ts';
import type { FromStaleness, ToStaleness } from './stalenessProtocol.ts';

export type { FromStaleness, ToStaleness } from './stalenessProtocol.ts';

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
