/**
 * The staleness experiment worker's wire protocol, imported by both sides: the page's client
 * (src/app/worker/stalenessClient.ts) and the worker's handler (staleness.ts). Both switch over these unions
 * exhaustively; `id` pairs a reply with its request, so the page ignores the answer to an experiment it has since
 * replaced.
 */
import type { StalenessParams, StalenessResult } from '../sim/analysis/pbs.ts';

/** Page -> staleness worker. */
export type ToStaleness = { readonly type: 'run'; readonly id: number; readonly params: StalenessParams };

/** Staleness worker -> page. */
export type FromStaleness =
  | { readonly type: 'result'; readonly id: number; readonly result: StalenessResult }
  | { readonly type: 'error'; readonly id: number; readonly message: string };
