/**
 * The worker's checkpoints of one branch of a run: resumable copies of the simulation (with its oracle and
 * metrics) taken every so many events, so a seek replays only from the nearest one at or before its target.
 * They are bounded: past `max` every other one is dropped and the spacing doubles, so a long run keeps at most
 * `max` checkpoints spread evenly over it (a seek never replays more than about 2/max of the run's events). The
 * core is deterministic, so a checkpoint is an optimisation, never a second source of truth: resuming one and
 * running on gives exactly what a fresh run gives.
 */

export interface Checkpoint<Core> {
  /** Simulated time of the copy. */
  readonly atUs: number;
  /** Events the run had processed by then (the host's count: spacing is in events, which is what replay costs). */
  readonly events: number;
  /** A fresh, independent core resumed from the copy (the copy itself stays untouched for the next resume). */
  readonly resume: () => Core;
}

export const MAX_CHECKPOINTS = 256;
/** Events between checkpoints at the start of a run; doubled every time the list is thinned. */
export const FIRST_SPACING_EVENTS = 1_000;

export class Checkpoints<Core> {
  private list: Checkpoint<Core>[] = [];
  private spacing: number;
  private readonly first: number;
  private readonly max: number;

  constructor(max = MAX_CHECKPOINTS, firstSpacingEvents = FIRST_SPACING_EVENTS) {
    if (max < 2) throw new Error(`at least 2 checkpoints are needed to thin them, not ${max}`);
    this.max = max;
    this.first = firstSpacingEvents;
    this.spacing = firstSpacingEvents;
  }

  get count(): number {
    return this.list.length;
  }

  /** Events between checkpoints now. */
  get spacingEvents(): number {
    return this.spacing;
  }

  times(): number[] {
    return this.list.map((c) => c.atUs);
  }

  /** Whether a run at (`atUs`, `events`) is due for a checkpoint: far enough past the newest one. */
  due(atUs: number, events: number): boolean {
    const newest = this.list.at(-1);
    if (!newest) return events >= this.spacing;
    return atUs > newest.atUs && events - newest.events >= this.spacing;
  }

  /** How many more events until a run that has processed `events` is due for its next checkpoint. */
  eventsUntilDue(events: number): number {
    return (this.list.at(-1)?.events ?? 0) + this.spacing - events;
  }

  add(checkpoint: Checkpoint<Core>): void {
    const newest = this.list.at(-1);
    if (newest && checkpoint.atUs <= newest.atUs)
      throw new Error(`checkpoint at ${checkpoint.atUs} µs is not after the newest (${newest.atUs} µs)`);
    this.list.push(checkpoint);
    if (this.list.length <= this.max) return;
    // Keep every other one, the newest included, and space the next ones twice as far apart.
    const keepParity = (this.list.length - 1) % 2;
    this.list = this.list.filter((_, i) => i % 2 === keepParity);
    this.spacing *= 2;
  }

  /** The latest checkpoint at or before `atUs`, or null (then the run starts from t = 0). */
  nearest(atUs: number): Checkpoint<Core> | null {
    let best: Checkpoint<Core> | null = null;
    for (const c of this.list) {
      if (c.atUs > atUs) break;
      best = c;
    }
    return best;
  }

  /** A fork at `atUs`: the checkpoints after it belonged to the branch the user left. */
  discardAfter(atUs: number): void {
    this.list = this.list.filter((c) => c.atUs <= atUs);
  }

  clear(): void {
    this.list = [];
    this.spacing = this.first;
  }
}

/**
 * When a checkpoint may be copied: only once the run has simulated for at least as long as a copy takes, so
 * copying never takes more than half of the worker's time, however large the state grows.
 */
export class ClonePacer {
  /** Wall time spent simulating since the last copy. */
  private simWallMs = 0;
  /** What the last few copies took, newest last. */
  private readonly recent: number[] = [];
  private taken = 0;

  simulated(wallMs: number): void {
    this.simWallMs += wallMs;
  }

  /** A new run or a resumed copy: nothing simulated since. */
  restart(): void {
    this.simWallMs = 0;
  }

  /** What a copy takes: the fastest of the last few, since a slow one says more of the machine than of the copy. */
  get copyMs(): number {
    return this.recent.length > 0 ? Math.min(...this.recent) : 0;
  }

  ready(): boolean {
    return this.simWallMs >= this.copyMs;
  }

  copied(cloneMs: number): void {
    // The worker's first copy pays for compiling the copying code: it says nothing of the next ones. After it,
    // a collection of garbage or a busy machine (a wall clock counts the time the worker was not even running)
    // can make one copy many times slower than the next: the fastest of the last few is what copying costs.
    if (this.taken++ > 0) {
      this.recent.push(cloneMs);
      if (this.recent.length > RECENT_COPIES) this.recent.shift();
    }
    this.simWallMs = 0;
  }
}

/** Copies the pacer judges the cost of copying by. */
const RECENT_COPIES = 4;
