/**
 * The Compare view's own small protocol and handler. Comparisons run in a dedicated worker (compare.worker.ts),
 * never in the simulation's host: running three models to the same simulated time can take a second or more,
 * which would otherwise stall playback. Both sides switch exhaustively over these unions; `id` pairs replies with
 * their request, so the page ignores progress and results of a comparison it has since replaced.
 */
import { type CompareResult, compareScenarios, type Variant } from '../sim/analysis/compare.ts';
import type { Scenario } from '../sim/scenarios/schema.ts';

/** Page -> compare worker. */
export type ToCompare = {
  readonly type: 'run';
  readonly id: number;
  readonly base: Scenario;
  readonly variants: readonly Variant[];
  readonly untilUs: number;
};

/** Compare worker -> page. */
export type FromCompare =
  | {
      readonly type: 'progress';
      readonly id: number;
      /** Variants done (fractional) out of `total`, and the one running. */
      readonly done: number;
      readonly total: number;
      readonly label: string;
    }
  | { readonly type: 'result'; readonly id: number; readonly result: CompareResult }
  | { readonly type: 'error'; readonly id: number; readonly message: string };

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
