/**
 * The history's window: the full detail of the recent operations, and a summary of those that slid out of it.
 *
 * Operations are appended as they are invoked (ids 1, 2, 3... in that order); the window keeps them in one array,
 * `ops`, whose first element has id `trimmed + 1`. When the window is bounded (`HistoryWindow.bounded`), completed
 * operations leave it from the front once they are older than `spanUs` or there are more than `maxOps`, in chunks
 * (one splice per chunk, so sliding costs O(1) per operation). An operation still pending never leaves, nor does
 * anything after it: ids stay contiguous, and every reader can find an operation by id (`at`).
 *
 * Readers that walk the history incrementally (the oracle, the metrics) register a hold: the window never slides
 * past the first operation a hold has not read yet. A run keeps its full history when unbounded (the default:
 * tests, comparisons, searches, the CLI with `--full-history`).
 */
import type { Operation } from '../types.ts';

/** How far back the window keeps every operation in full by default: 60 simulated seconds, 50,000 operations. */
export const WINDOW_SPAN_US = 60_000_000;
export const WINDOW_MAX_OPS = 50_000;
/** Operations leave the window in chunks of at least this many (one splice each). */
const SLIDE_CHUNK = 2_048;

/** A reader of the history: the absolute position (operations since the run began) it has read up to. */
export interface HistoryHold {
  historyHeld(): number;
}

/** What slid out of the window: counts by outcome and kind, and the time range they cover. */
export interface EarlierSummary {
  ops: number;
  reads: number;
  writes: number;
  ok: number;
  fail: number;
  info: number;
  /** Completion time of the newest operation that slid out (0: none). */
  untilUs: number;
}

export interface WindowLimits {
  readonly spanUs: number;
  readonly maxOps: number;
}

export class HistoryWindow {
  /** The operations in full, oldest first; `ops[i].id === trimmed + i + 1`. */
  readonly ops: Operation[] = [];
  /** How many operations have slid out of the window (the first kept one's id is `trimmed + 1`). */
  trimmed = 0;
  readonly earlier: EarlierSummary = { ops: 0, reads: 0, writes: 0, ok: 0, fail: 0, info: 0, untilUs: 0 };
  /** null: keep everything. */
  readonly limits: WindowLimits | null;
  private readonly holds = new Set<HistoryHold>();
  /** Listeners told of each chunk before it leaves (the engine remembers the lost writes among them). */
  private readonly leaving: { beforeSlide(ops: readonly Operation[]): void }[] = [];

  constructor(limits: WindowLimits | null = null) {
    this.limits = limits;
  }

  get bounded(): boolean {
    return this.limits !== null;
  }

  /** Operations recorded since the run began, those that slid out included. */
  get total(): number {
    return this.trimmed + this.ops.length;
  }

  /** The operation with this id, if the window still holds it. */
  at(id: number): Operation | undefined {
    return this.ops[id - 1 - this.trimmed];
  }

  hold(reader: HistoryHold): void {
    this.holds.add(reader);
  }

  release(reader: HistoryHold): void {
    this.holds.delete(reader);
  }

  onSlide(listener: { beforeSlide(ops: readonly Operation[]): void }): void {
    this.leaving.push(listener);
  }

  push(op: Operation, nowUs: number): void {
    this.ops.push(op);
    if (this.limits && this.ops.length % SLIDE_CHUNK === 0) this.slide(nowUs);
  }

  /** Lets the oldest completed operations go, past the limits and up to what every hold has read. */
  slide(nowUs: number): void {
    const limits = this.limits;
    if (!limits) return;
    let held = Number.POSITIVE_INFINITY;
    for (const h of this.holds) held = Math.min(held, h.historyHeld());
    const ops = this.ops;
    const max = Math.min(ops.length, held - this.trimmed);
    let k = 0;
    for (; k < max; k++) {
      const op = ops[k] as Operation;
      if (op.status === 'pending' || op.completeUs === null) break;
      const old = op.completeUs < nowUs - limits.spanUs;
      if (!old && ops.length - k <= limits.maxOps) break;
    }
    if (k < SLIDE_CHUNK) return;
    const gone = ops.slice(0, k);
    for (const l of this.leaving) l.beforeSlide(gone);
    for (const op of gone) this.summarise(op);
    ops.splice(0, k);
    this.trimmed += k;
  }

  private summarise(op: Operation): void {
    const e = this.earlier;
    e.ops++;
    if (op.f === 'read') e.reads++;
    else e.writes++;
    if (op.status === 'ok') e.ok++;
    else if (op.status === 'fail') e.fail++;
    else if (op.status === 'info') e.info++;
    e.untilUs = Math.max(e.untilUs, op.completeUs ?? op.invokeUs);
  }
}
