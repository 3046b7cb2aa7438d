/**
 * The Compare worker's handler (its protocol: compareProtocol.ts). Comparisons run in a dedicated worker
 * (compare.worker.ts), never in the simulation's host: running three models to the same simulated time can take a
 * second or more, which would otherwise stall playback.
 */
import { compareScenarios } from '../sim/analysis/compare.ts';
import type { FromCompare, ToCompare } from './compareProtocol.ts';

export type { FromCompare, ToCompare } from './compareProtocol.ts';

/**
 * Answers one request through `post`: progress as the runs advance (at most one per whole percent), then the
 * result or an error naming the problem. Never throws.
 */
export function handleCompare(message: ToCompare, post: (reply: FromCompare) => void): void {
  switch (message.type) {
    case 'run': {
      const { id } = message;
      let lastPercent = -1;
      try {
        const result = compareScenarios(message.base, message.variants, {
          untilUs: message.untilUs,
          onProgress: (done, total, label) => {
            const percent = Math.floor((done / total) * 100);
            if (percent === lastPercent) return;
            lastPercent = percent;
            post({ type: 'progress', id, done, total, label });
          },
        });
        post({ type: 'result', id, result });
      } catch (error) {
        post({ type: 'error', id, message: error instanceof Error ? error.message : String(error) });
      }
      return;
    }
    default: {
      const unknown: never = message.type;
      throw new Error(`unknown message ${JSON.stringify(unknown)}`);
    }
  }
}
