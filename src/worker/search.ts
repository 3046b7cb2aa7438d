/**
 * Find a failure in a worker: the search (src/sim/analysis/search.ts) and then the shrinking of what it found run
 * in slices of about `sliceMs` of wall time, so a `stop` message is read between slices and progress (runs done,
 * runs per second) reaches the page several times a second. The answer is the same `SearchResult` the CLI
 * prints for the same scenario, property, budget and seed: the slicing decides only when progress is posted.
 */
import {
  Search,
  SearchInputError,
  type SearchResult,
  Shrinker,
  searchResult,
} from '../sim/analysis/search.ts';
import type { FromSearch, SearchStatus, ToSearch } from './searchProtocol.ts';

export interface SearchHost {
  readonly post: (reply: FromSearch) => void;
  /** Calls `run` soon, after pending messages (a worker: setTimeout 0). */
  readonly later: (run: () => void) => void;
  /** Wall-clock milliseconds (a worker: performance.now). */
  readonly now: () => number;
}

const SLICE_MS = 60;

interface Job {
  readonly id: number;
  readonly search: Search;
  shrinker: Shrinker | null;
  stopped: boolean;
  readonly startedMs: number;
  shrinkStartedMs: number;
  searchRunsPerSec: number;
}

function rate(runs: number, ms: number): number {
  return ms > 0 ? Math.round((runs * 1000) / ms) : 0;
}

export class SearchWorker {
  private job: Job | null = null;
  private readonly host: SearchHost;
  private readonly sliceMs: number;

  constructor(host: SearchHost, sliceMs = SLICE_MS) {
    this.host = host;
    this.sliceMs = sliceMs;
  }

  receive(message: ToSearch): void {
    switch (message.type) {
      case 'start':
        this.start(message);
        return;
      case 'stop':
        if (this.job?.id === message.id) this.job.stopped = true;
        return;
      default: {
        const unknown: never = message;
        throw new Error(`unknown search request ${JSON.stringify(unknown)}`);
      }
    }
  }

  private start(message: Extract<ToSearch, { type: 'start' }>): void {
    const { id, scenario, property, runs, seed, faults } = message;
    let search: Search;
    try {
      search = new Search(scenario, { property, runs, seed, faults });
    } catch (error) {
      const text =
        error instanceof SearchInputError ? error.message : `the search could not start: ${String(error)}`;
      this.host.post({ type: 'error', id, message: text });
      return;
    }
    // A new search replaces the one running: its next slice sees it is no longer the job and ends quietly.
    const now = this.host.now();
    this.job = {
      id,
      search,
      shrinker: null,
      stopped: false,
      startedMs: now,
      shrinkStartedMs: now,
      searchRunsPerSec: 0,
    };
    this.schedule(this.job);
  }

  private schedule(job: Job): void {
    this.host.later(() => {
      if (this.job !== job) return;
      try {
        if (this.slice(job)) this.schedule(job);
      } catch (error) {
        this.job = null;
        this.host.post({
          type: 'error',
          id: job.id,
          message: error instanceof Error ? error.message : String(error),
        });
      }
    });
  }

  /** One slice of work; false when the job has answered. */
  private slice(job: Job): boolean {
    const until = this.host.now() + this.sliceMs;
    let finished = job.stopped;
    while (!finished && this.host.now() < until) finished = this.stepOnce(job);
    this.host.post({ type: 'progress', id: job.id, ...this.status(job) });
    if (!finished) return true;
    this.finish(job);
    return false;
  }

  /** One run of the search or one candidate of the shrinking; true when nothing is left to do. */
  private stepOnce(job: Job): boolean {
    if (!job.shrinker) {
      const progress = job.search.step(1);
      const failure = job.search.failure;
      if (failure) {
        job.searchRunsPerSec = rate(progress.runs, this.host.now() - job.startedMs);
        job.shrinkStartedMs = this.host.now();
        job.shrinker = new Shrinker(failure.case, failure.violation, job.search.property);
        return false;
      }
      if (progress.done) job.searchRunsPerSec = rate(progress.runs, this.host.now() - job.startedMs);
      return progress.done;
    }
    return job.shrinker.step(1).done;
  }

  private status(job: Job): SearchStatus {
    const searched = job.search.progress();
    const shrunk = job.shrinker?.progress();
    const now = this.host.now();
    return {
      phase: shrunk ? 'shrink' : 'search',
      runs: searched.runs,
      budget: job.search.share,
      undecided: searched.undecided,
      shrinkSteps: shrunk?.steps ?? 0,
      shrinkRuns: shrunk?.runs ?? 0,
      runsPerSec: shrunk
        ? rate(shrunk.runs, now - job.shrinkStartedMs)
        : rate(searched.runs, now - job.startedMs),
    };
  }

  private finish(job: Job): void {
    this.job = null;
    if (!job.shrinker && job.searchRunsPerSec === 0)
      job.searchRunsPerSec = rate(job.search.progress().runs, this.host.now() - job.startedMs);
    const result: SearchResult = searchResult(job.search, job.shrinker);
    const shrinkDone = job.shrinker?.progress().done ?? true;
    const stopped = job.stopped && (!job.search.progress().done || !shrinkDone);
    this.host.post({ type: 'result', id: job.id, result, stopped, runsPerSec: job.searchRunsPerSec });
  }
}
