/**
 * The acknowledged writes a run has lost (ground truth from the model): those among the operations that slid out
 * of the history's window, remembered as they go (the first MAX_LOST_EARLIER kept, all counted), and those among
 * the window's operations, worked out from the model when asked.
 */
import type { ReplicationModel } from '../models/model.ts';
import type { LostWrite, Operation } from '../types.ts';
import type { Clients } from '../workload/clients.ts';

/** Lost writes among the operations that slid out of the window: the first this many are kept, all counted. */
const MAX_LOST_EARLIER = 1_000;

/**
 * Each run's lost writes as last worked out, with the state they hold for (events run, the window's length and
 * start). Beside the run rather than in it: a checkpoint or a copy of the run carries no such cache.
 */
const lostMemo = new WeakMap<
  LostWrites,
  { events: number; length: number; trimmed: number; recent: readonly LostWrite[] }
>();

export class LostWrites {
  private readonly model: ReplicationModel;
  private readonly clients: Clients;
  /** Lost writes among operations that left the history's window (the first MAX_LOST_EARLIER), and their count. */
  private readonly earlier: LostWrite[] = [];
  private earlierCount = 0;

  constructor(model: ReplicationModel, clients: Clients) {
    this.model = model;
    this.clients = clients;
    clients.recent.onSlide(this);
  }

  /** All of them so far, oldest first; `events`: how many events the run has run (the memo's key). */
  all(events: number): LostWrite[] {
    const recent = this.recent(events);
    return this.earlier.length > 0 ? [...this.earlier, ...recent] : [...recent];
  }

  /** How many so far, those of operations out of the window included. */
  count(events: number): number {
    return this.earlierCount + this.recent(events).length;
  }

  /**
   * The model's lost writes among the window's operations, worked out once per state of the run: a snapshot, the
   * oracle's update and its counts at the same instant ask for them in turn, and a model that dropped thousands
   * of writes (last-write-wins under load) scans its whole window for them.
   */
  private recent(events: number): readonly LostWrite[] {
    const { history, trimmed } = this.clients;
    const memo = lostMemo.get(this);
    if (memo && memo.events === events && memo.length === history.length && memo.trimmed === trimmed)
      return memo.recent;
    const recent = this.model.lostWrites(history);
    lostMemo.set(this, { events, length: history.length, trimmed, recent });
    return recent;
  }

  /** The history's window is about to let these operations go: the lost writes among them are remembered. */
  beforeSlide(ops: readonly Operation[]): void {
    for (const lost of this.model.lostWrites(ops)) {
      this.earlierCount++;
      if (this.earlier.length < MAX_LOST_EARLIER) this.earlier.push(lost);
    }
  }
}
