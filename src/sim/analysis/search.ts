/**
 * "Find a failure": random fault timelines around a scenario's settings, run one after another until one breaks
 * the chosen property, then shrunk (shrink.ts) to the smallest run that still breaks it.
 *
 * Run i of a search with seed s is a pure function of (scenario, s, i): its own `Rng` is seeded from a digest of
 * (s, i), draws the run's scenario seed (so latencies and the workload's arrivals vary from run to run) and 1 to 4
 * fault episodes (searchFaults.ts) added to the user's own timeline; the model's settings, nodes, clients,
 * workload and the user's actions stay as they are. The first failure by run index is therefore the same on
 * every machine, and a search can be split into shards that run apart.
 *
 * Sharding: `--shard i/n` (1-based, like Playwright's and Vitest's) takes run indices i-1, i-1+n, i-1+2n, ...
 * below the budget: interleaved rather than contiguous, so every shard starts with early runs, and the first
 * failure overall (the lowest index any shard found) is found about as soon as by one machine. A shard stops at
 * its own first failure; searchReport.ts merges shards' answers into what one machine would have said.
 *
 * The core never reads a clock: a caller that wants a deadline passes `shouldStop`, and drives `Search.step` and
 * `Shrinker.step` in slices to report progress (a worker posts it between slices).
 */
import { TraceHash } from '../engine/hash.ts';
import { Rng } from '../engine/rng.ts';
import { describeIssues, parseScenario, type Scenario } from '../scenarios/schema.ts';
import {
  baseCase,
  type CaseSize,
  caseScenario,
  caseSize,
  judgeCase,
  type Property,
  type SearchCase,
  type Violation,
} from './searchCase.ts';
import { FAULT_KINDS, type FaultKind, usableKinds, withRandomFaults } from './searchFaults.ts';
import { Shrinker } from './shrink.ts';

export {
  type CaseSize,
  caseScenario,
  isProperty,
  judgeCase,
  judgeScenario,
  PROPERTIES,
  PROPERTY_DESCRIPTIONS,
  type Property,
  type SearchCase,
  type Violation,
} from './searchCase.ts';
export { FAULT_DESCRIPTIONS, FAULT_KINDS, type FaultKind, isFaultKind } from './searchFaults.ts';
export { MAX_SHRINK_RUNS, Shrinker, type ShrinkProgress } from './shrink.ts';

/** A search's input is wrong (a property the model cannot break, a budget of 0...): the message says what. */
export class SearchInputError extends Error {}

/** The settle period after the fault window: time to elect, catch up, hand off and repair (as the swarm's). */
export const DEFAULT_SETTLE_MS = 2500;
export const MAX_RUNS = 1_000_000_000;

/** The i-th (1-based) of n disjoint sets of run indices. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

export interface SearchOptions {
  readonly property: Property;
  /** The search's seed, 0 to 4294967295: with the scenario it decides every run. */
  readonly seed: number;
  /** The budget: run indices 0 to runs - 1, over all shards. */
  readonly runs: number;
  readonly shard?: Shard | undefined;
  /** The kinds of fault to inject (default: all). */
  readonly faults?: readonly FaultKind[] | undefined;
  readonly settleMs?: number | undefined;
}

/** A run that broke the property. */
export interface Failure {
  readonly runIndex: number;
  readonly case: SearchCase;
  readonly violation: Violation;
}

export interface SearchProgress {
  /** Runs this search (this shard) has done, and how many its share of the budget holds. */
  readonly runs: number;
  readonly share: number;
  readonly undecided: number;
  readonly found: boolean;
  readonly done: boolean;
}

/** The settings every run of a search shares, checked once. */
interface Plan {
  readonly base: SearchCase;
  readonly property: Property;
  readonly seed: number;
  readonly kinds: readonly FaultKind[];
  readonly settleMs: number;
}

function plan(scenario: Scenario, options: SearchOptions): Plan {
  const { property, seed, runs } = options;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    throw new SearchInputError(`the seed must be a whole number from 0 to 4294967295, got ${seed}`);
  if (!Number.isInteger(runs) || runs < 1 || runs > MAX_RUNS)
    throw new SearchInputError(`the budget must be from 1 to ${MAX_RUNS} runs, got ${runs}`);
  if (property === 'one-leader' && scenario.model !== 'leader-follower')
    throw new SearchInputError(
      `one-leader is a leader-follower property; a ${scenario.model} cluster has ${scenario.model === 'multi-leader' ? 'several leaders by design' : 'no leader'}`,
    );
  const shard = options.shard ?? { index: 1, count: 1 };
  if (!Number.isInteger(shard.count) || shard.count < 1 || shard.count > runs)
    throw new SearchInputError(`the shard count must be from 1 to the budget (${runs}), got ${shard.count}`);
  if (!Number.isInteger(shard.index) || shard.index < 1 || shard.index > shard.count)
    throw new SearchInputError(`the shard must be from 1 to ${shard.count}, got ${shard.index}`);
  // In the list's own order, whatever order they were given in: the order decides which kind a draw picks.
  const kinds = FAULT_KINDS.filter((k) => (options.faults ?? FAULT_KINDS).includes(k));
  if (usableKinds(kinds, scenario.nodes.length).length === 0)
    throw new SearchInputError(
      `no fault to inject: ${kinds.length === 0 ? 'the list is empty' : `${kinds.join(', ')} need at least two nodes`}`,
    );
  const settleMs = options.settleMs ?? DEFAULT_SETTLE_MS;
  if (!(settleMs >= 0 && settleMs <= 600_000))
    throw new SearchInputError(`the settle period must be from 0 to 600000 ms, got ${settleMs}`);
  const base = baseCase(scenario, Math.round(settleMs * 1000));
  // The ending and the settle period make a longer run than the scenario's own: it must still be one the
  // schema accepts (the work limit above all), or no run of the search would be. Random faults add no work.
  const parsed = parseScenario(caseScenario(base));
  if (!parsed.ok)
    throw new SearchInputError(
      `the scenario with its ${settleMs} ms settle period is not a valid scenario: ${describeIssues(parsed.issues)}`,
    );
  return { base, property, seed, kinds, settleMs };
}

/** The seed of run `index`'s own generator: a digest of the search seed and the index. */
function runSeed(seed: number, index: number): number {
  const h = new TraceHash();
  h.mix(seed);
  h.mix(index);
  return Number.parseInt(h.digest().slice(0, 8), 16);
}

/** The case run `index` of a search tries: a pure function of the plan and the index. */
function runCase(p: Plan, index: number): SearchCase {
  const rng = new Rng(runSeed(p.seed, index));
  const seed = rng.int(0, 0xffffffff);
  return withRandomFaults({ ...p.base, scenario: { ...p.base.scenario, seed } }, p.kinds, rng);
}

/**
 * Judges one run. A run that throws is a bug in the simulator, not an answer: the error says which run of which
 * seed, so that it can be replayed.
 */
function judgeRun(c: SearchCase, p: Plan, index: number) {
  try {
    return judgeCase(c, p.property);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(`run ${index} of the search with seed ${p.seed} threw: ${why}`);
  }
}

/**
 * A search in resumable slices: `step(n)` does up to n more runs of this shard and stops at the first failure.
 * A worker calls it between messages; `findFailure` calls it in a loop.
 */
export class Search {
  readonly options: SearchOptions;
  private readonly plan: Plan;
  private readonly shard: Shard;
  /** This shard's share of the budget: indices shard.index - 1 + k * shard.count below the budget. */
  readonly share: number;
  private done = 0;
  private undecidedRuns = 0;
  private found: Failure | null = null;

  constructor(scenario: Scenario, options: SearchOptions) {
    this.options = options;
    this.plan = plan(scenario, options);
    this.shard = options.shard ?? { index: 1, count: 1 };
    this.share = Math.ceil((options.runs - (this.shard.index - 1)) / this.shard.count);
  }

  get property(): Property {
    return this.plan.property;
  }

  /** The kinds of fault this search injects (in FAULT_KINDS order) and its settle period. */
  get faults(): readonly FaultKind[] {
    return this.plan.kinds;
  }

  get settleMs(): number {
    return this.plan.settleMs;
  }

  get failure(): Failure | null {
    return this.found;
  }

  /** The run index of this shard's k-th run. */
  runIndex(k: number): number {
    return this.shard.index - 1 + k * this.shard.count;
  }

  step(maxRuns: number): SearchProgress {
    for (let n = 0; n < maxRuns && !this.found && this.done < this.share; n++) {
      const index = this.runIndex(this.done);
      const c = runCase(this.plan, index);
      const judged = judgeRun(c, this.plan, index);
      this.done++;
      if (judged.undecided) this.undecidedRuns++;
      if (judged.violation) this.found = { runIndex: index, case: c, violation: judged.violation };
    }
    return this.progress();
  }

  progress(): SearchProgress {
    return {
      runs: this.done,
      share: this.share,
      undecided: this.undecidedRuns,
      found: this.found !== null,
      done: this.found !== null || this.done >= this.share,
    };
  }
}

/** The answer of a search (one shard's, when sharded). */
export type SearchResult = Found | NotFound;

interface Common {
  readonly property: Property;
  readonly seed: number;
  /** The whole budget, over all shards. */
  readonly budget: number;
  /** Runs this search did. */
  readonly runs: number;
  readonly faults: readonly FaultKind[];
  readonly settleMs: number;
  readonly shard?: Shard;
}

export interface Found extends Common {
  readonly found: true;
  readonly runIndex: number;
  /** The shrunk run's violation (the oracle's sentence) and key moment. */
  readonly violation: string;
  readonly atUs: number;
  readonly scenario: Scenario;
  readonly case: SearchCase;
  readonly size: CaseSize;
  /** The run as found, before shrinking, its violation and size. */
  readonly original: Scenario;
  readonly originalViolation: string;
  readonly originalSize: CaseSize;
  /** Shrinking steps that made the case smaller, and the runs it took to try them. */
  readonly shrinkSteps: number;
  readonly shrinkRuns: number;
  /** Shrinking reached its fixpoint (false: the caller stopped it first). */
  readonly minimal: boolean;
}

export interface NotFound extends Common {
  readonly found: false;
  /** Runs whose linearizability check ran out of budget (neither a violation nor a pass). */
  readonly undecided: number;
  /** Every run of the share was done (false: the caller stopped the search first). */
  readonly complete: boolean;
}

export interface DriveOptions {
  /** Asked between slices: true stops the search (or the shrinking) where it is. */
  readonly shouldStop?: () => boolean;
  readonly onProgress?: (progress: DriveProgress) => void;
  /** Runs per slice (default 10). */
  readonly slice?: number;
}

export type DriveProgress =
  | ({ readonly phase: 'search' } & SearchProgress)
  | { readonly phase: 'shrink'; readonly steps: number; readonly runs: number; readonly done: boolean };

/** A whole search: runs in slices until a failure or the end of the budget, then shrinks the failure. */
export function findFailure(scenario: Scenario, options: SearchOptions & DriveOptions): SearchResult {
  const stop = options.shouldStop ?? (() => false);
  const slice = options.slice ?? 10;
  const search = new Search(scenario, options);
  let progress = search.progress();
  while (!progress.done && !stop()) {
    progress = search.step(slice);
    options.onProgress?.({ phase: 'search', ...progress });
  }
  const failure = search.failure;
  if (!failure) return searchResult(search, null);
  const shrinker = new Shrinker(failure.case, failure.violation, options.property);
  let shrunk = shrinker.progress();
  while (!shrunk.done && !stop()) {
    shrunk = shrinker.step(slice);
    options.onProgress?.({ phase: 'shrink', ...shrunk });
  }
  return searchResult(search, shrinker);
}

/**
 * The answer of a search driven so far, and of the shrinking of its failure if it found one (`shrinker` made
 * from `search.failure`; null: not shrunk yet): what `findFailure` returns, for a caller such as a worker that
 * drives `Search.step` and `Shrinker.step` in slices of its own.
 */
export function searchResult(search: Search, shrinker: Shrinker | null): SearchResult {
  const { options } = search;
  const progress = search.progress();
  const common: Common = {
    property: options.property,
    seed: options.seed,
    budget: options.runs,
    runs: progress.runs,
    faults: search.faults,
    settleMs: search.settleMs,
    ...(options.shard && options.shard.count > 1 ? { shard: options.shard } : {}),
  };
  const failure = search.failure;
  if (!failure) return { ...common, found: false, undecided: progress.undecided, complete: progress.done };
  const shrunk = shrinker ?? new Shrinker(failure.case, failure.violation, options.property);
  const best = shrunk.current;
  const done = shrunk.progress();
  return {
    ...common,
    found: true,
    runIndex: failure.runIndex,
    violation: best.violation.explanation,
    atUs: best.violation.atUs,
    scenario: named(caseScenario(best.case), `${options.property}, shrunk`),
    case: best.case,
    size: caseSize(best.case),
    original: named(caseScenario(failure.case), `${options.property}, run ${failure.runIndex + 1}`),
    originalViolation: failure.violation.explanation,
    originalSize: caseSize(failure.case),
    shrinkSteps: done.steps,
    shrinkRuns: done.runs,
    minimal: done.done,
  };
}

/** The scenario named after its own name and what the search made of it, within the schema's 80 characters. */
function named(scenario: Scenario, what: string): Scenario {
  const suffix = ` (${what})`;
  const room = 80 - suffix.length;
  const name = scenario.name.length > room ? `${scenario.name.slice(0, room - 1)}…` : scenario.name;
  return { ...scenario, name: `${name}${suffix}` };
}
