/**
 * Shrinking a failing case while its property still breaks: fewer faults (delta debugging, down to no single
 * fault that can go), fewer operations (the user's reads and writes by delta debugging, then the generated
 * traffic: off, else at half the rate, and fewer keys), fewer clients, fewer nodes, faults at earlier and rounder
 * times, and a shorter window (so a shorter run). The passes repeat until a whole round changes nothing: at that fixpoint no fault
 * can be removed while the case still fails, since the last round tried removing each one.
 *
 * A candidate counts only if it is a valid scenario (the schema judges it) and its run breaks the same property
 * (any violation of it, not necessarily the same sentence). Everything is deterministic: the same failing case
 * shrinks to the same case on every machine.
 *
 * Resumable: the passes are one generator that yields after each candidate, so `step(n)` tries up to n
 * candidates and returns, and a worker can post progress between slices.
 */
import { parseScenario } from '../scenarios/schema.ts';
import {
  type CaseEntry,
  caseScenario,
  judgeScenario,
  type Property,
  type SearchCase,
  type Violation,
} from './searchCase.ts';
import { withoutClient, withoutNode } from './shrinkEdits.ts';

export interface ShrinkProgress {
  /** Candidates accepted (each made the case smaller) and runs done to try candidates. */
  readonly steps: number;
  readonly runs: number;
  readonly done: boolean;
}

/** A bound on the runs one shrink may take, so a slow property cannot shrink for ever. */
export const MAX_SHRINK_RUNS = 5000;

/** Shrinking moves the window's end on whole 100 ms: round times read better, and bisection ends sooner. */
const WINDOW_GRID_US = 100_000;

type Pass = Generator<void, void, void>;

export class Shrinker {
  private best: { readonly case: SearchCase; readonly violation: Violation };
  private readonly property: Property;
  private readonly passes: Pass;
  private steps = 0;
  private runs = 0;
  private finished = false;

  constructor(c: SearchCase, violation: Violation, property: Property) {
    this.best = { case: c, violation };
    this.property = property;
    this.passes = this.rounds();
  }

  /** The smallest failing case so far and its violation. */
  get current(): { readonly case: SearchCase; readonly violation: Violation } {
    return this.best;
  }

  /** Tries up to `maxCandidates` more candidates. */
  step(maxCandidates: number): ShrinkProgress {
    for (let n = 0; n < maxCandidates && !this.finished; n++)
      if (this.passes.next().done || this.runs >= MAX_SHRINK_RUNS) this.finished = true;
    return this.progress();
  }

  progress(): ShrinkProgress {
    return { steps: this.steps, runs: this.runs, done: this.finished };
  }

  /** Runs the candidate; keeps it (and returns true) if it is valid and still breaks the property. */
  private attempt(candidate: SearchCase | null): boolean {
    if (!candidate) return false;
    const scenario = caseScenario(candidate);
    if (!parseScenario(scenario).ok) return false;
    this.runs++;
    const { violation } = judgeScenario(scenario, this.property);
    if (!violation) return false;
    this.best = { case: candidate, violation };
    this.steps++;
    return true;
  }

  private *rounds(): Pass {
    for (;;) {
      const before = this.steps;
      yield* this.ddmin(this.best.case.faults, (faults) => ({ ...this.best.case, faults }));
      yield* this.ddmin(this.best.case.ops, (ops) => ({ ...this.best.case, ops }));
      yield* this.lessTraffic();
      for (const client of this.best.case.scenario.clients.map((c) => c.id)) {
        this.attempt(withoutClient(this.best.case, client));
        yield;
      }
      for (const node of this.best.case.scenario.nodes) {
        this.attempt(withoutNode(this.best.case, node));
        yield;
      }
      yield* this.earlierFaults();
      yield* this.shorterWindow();
      if (this.steps === before) return;
    }
  }

  /**
   * Delta debugging (Zeller and Hildebrandt, 2002), by complements: split the list into n chunks and try the
   * list without each; on a failure keep it and split coarser, else split finer, until the chunks are single
   * entries and none can go. The result is 1-minimal: removing any one entry makes the property hold.
   */
  private *ddmin<T>(items: readonly T[], rebuild: (items: readonly T[]) => SearchCase): Pass {
    let current = items;
    let n = Math.min(2, current.length);
    while (current.length > 0) {
      const chunks = split(current, n);
      let reduced = false;
      for (let i = 0; i < chunks.length && !reduced; i++) {
        const rest = chunks.filter((_, j) => j !== i).flat();
        reduced = this.attempt(rebuild(rest));
        if (reduced) current = rest;
        yield;
      }
      if (reduced) n = Math.min(Math.max(n - 1, 2), current.length);
      else if (n >= current.length) return;
      else n = Math.min(n * 2, current.length);
    }
  }

  /** Generated traffic off, else at half the rate while it still fails; then fewer keys. */
  private *lessTraffic(): Pass {
    const workload = () => this.best.case.scenario.workload;
    const withWorkload = (w: Partial<SearchCase['scenario']['workload']>): SearchCase => ({
      ...this.best.case,
      scenario: { ...this.best.case.scenario, workload: { ...workload(), ...w } },
    });
    if (!workload().enabled) return;
    const off = this.attempt(withWorkload({ enabled: false }));
    yield;
    if (off) return;
    while (workload().ratePerSec >= 2) {
      const halved = this.attempt(withWorkload({ ratePerSec: Math.floor(workload().ratePerSec / 2) }));
      yield;
      if (!halved) break;
    }
    yield* this.ddmin(workload().keys, (keys) => withWorkload({ keys: [...keys] }));
  }

  /**
   * Each fault at an earlier, rounder time: 0, then its time rounded down to 100 ms, 10 ms and 1 ms; the first
   * that still fails stays. A fault moved before another may change their order; the run decides.
   */
  private *earlierFaults(): Pass {
    for (let i = 0; i < this.best.case.faults.length; i++) {
      const fault = this.best.case.faults[i] as CaseEntry;
      const times = [0, 100_000, 10_000, 1_000].map((unit) => unit && Math.floor(fault.atUs / unit) * unit);
      for (const atUs of [...new Set(times)].filter((t) => t < fault.atUs)) {
        const faults = this.best.case.faults.map((f, j) => (j === i ? { ...f, atUs } : f));
        const moved = this.attempt({ ...this.best.case, faults });
        yield;
        if (moved) break;
      }
    }
  }

  /**
   * A shorter window, on a grid of whole 100 ms: at the first such time after its last entry if that still
   * fails, else by bisection between there and the current end (the faults may need time to act before the
   * ending repairs them). At the fixpoint the window ends at the first grid time after the last entry, or
   * 100 ms less would let the property hold.
   */
  private *shorterWindow(): Pass {
    const c = this.best.case;
    const last = Math.max(0, ...[...c.faults, ...c.ops, ...c.settings].map((e) => e.atUs));
    let lo = Math.ceil(last / WINDOW_GRID_US) * WINDOW_GRID_US;
    let hi = c.windowUs;
    if (lo >= hi) return;
    const shortest = this.attempt({ ...this.best.case, windowUs: lo });
    yield;
    if (shortest) return;
    for (;;) {
      const mid = Math.ceil((lo + hi) / 2 / WINDOW_GRID_US) * WINDOW_GRID_US;
      if (mid <= lo || mid >= hi) return;
      if (this.attempt({ ...this.best.case, windowUs: mid })) hi = mid;
      else lo = mid;
      yield;
    }
  }
}

/** `items` in n chunks of nearly equal length, in order. */
function split<T>(items: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  let start = 0;
  for (let i = 0; i < n; i++) {
    const end = start + Math.floor((items.length - start) / (n - i));
    out.push(items.slice(start, end));
    start = end;
  }
  return out;
}
