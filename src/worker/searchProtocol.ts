/**
 * The Find-a-failure worker's wire protocol, imported by both sides: the page's client
 * (src/app/worker/searchClient.ts) and the worker's handler (search.ts). One search at a time per worker; `id`
 * pairs replies with their search, so the page ignores what a stopped or replaced search still sends.
 */
import type { FaultKind, SearchResult } from '../sim/analysis/search.ts';
import type { Property } from '../sim/analysis/searchCase.ts';
import type { Scenario } from '../sim/scenarios/schema.ts';

export interface SearchRequest {
  readonly scenario: Scenario;
  readonly property: Property;
  /** The budget: how many random fault timelines to try at most. */
  readonly runs: number;
  readonly seed: number;
  /** The kinds of fault to inject (all when absent). */
  readonly faults?: readonly FaultKind[];
}

/** Page -> search worker. */
export type ToSearch =
  | ({ readonly type: 'start'; readonly id: number } & SearchRequest)
  /** Stop where it is and answer with what was found so far (a partly shrunk case, or "nothing in N runs"). */
  | { readonly type: 'stop'; readonly id: number };

export interface SearchStatus {
  readonly phase: 'search' | 'shrink';
  /** Runs searched so far and the budget. */
  readonly runs: number;
  readonly budget: number;
  /** Runs whose linearizability check ran out of budget. */
  readonly undecided: number;
  /** Shrinking: steps that made the case smaller, runs tried. */
  readonly shrinkSteps: number;
  readonly shrinkRuns: number;
  /** Runs per wall-clock second over the phase so far (searching, or shrinking). */
  readonly runsPerSec: number;
}

/** Search worker -> page. */
export type FromSearch =
  | ({ readonly type: 'progress'; readonly id: number } & SearchStatus)
  | {
      readonly type: 'result';
      readonly id: number;
      readonly result: SearchResult;
      /** The user stopped it before the budget ran out or the shrinking reached its fixpoint. */
      readonly stopped: boolean;
      /** Runs per wall-clock second while searching. */
      readonly runsPerSec: number;
    }
  | { readonly type: 'error'; readonly id: number; readonly message: string };
