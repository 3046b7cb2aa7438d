/**
 * The Compare worker's wire protocol, imported by both sides: the page's client (src/app/worker/compareClient.ts)
 * and the worker's handler (compare.ts). Both switch over these unions exhaustively; `id` pairs replies with
 * their request, so the page ignores progress and results of a comparison it has since replaced.
 */
import type { CompareResult, Variant } from '../sim/analysis/compare.ts';
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
