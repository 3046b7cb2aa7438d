/**
 * Where a playing run is between two snapshots, for the message dots: the last snapshot's simulated time moved on
 * by the wall time since it was applied, at the rate the run has been going (measured between snapshots, never
 * above the asked speed), for at most a little more than the last gap between snapshots. The worker sends fewer
 * snapshots when each costs more (a large cluster); the dots still glide every frame instead of jumping a few
 * times a second. Pure: the caller passes the wall clock.
 */
export class PlayClock {
  private atUs = 0;
  private wallMs = Number.NaN;
  /** Simulated µs per wall ms (a speed in simulated ms per wall second is the same number). */
  private rate = 0;
  private gapMs = 0;

  /** A snapshot of a playing run, at `atUs`, was applied at `wallMs`; the run was asked to go at `speed`. */
  applied(atUs: number, wallMs: number, speed: number): void {
    const dt = wallMs - this.wallMs;
    if (dt > 0 && atUs >= this.atUs) {
      const measured = (atUs - this.atUs) / dt;
      this.rate = Math.min(speed, this.rate === 0 ? measured : (this.rate + measured) / 2);
      this.gapMs = dt;
    }
    this.atUs = atUs;
    this.wallMs = wallMs;
  }

  /** The run stopped, sought or started over: the next snapshot starts the measuring afresh. */
  stopped(): void {
    this.wallMs = Number.NaN;
    this.rate = 0;
    this.gapMs = 0;
  }

  /** The simulated time to draw at `wallMs` (the last snapshot's until a rate is known). */
  at(wallMs: number): number {
    if (!(wallMs > this.wallMs) || this.rate === 0) return this.atUs;
    // A frame's worth past the usual gap: a late snapshot holds the dots still rather than letting them run on.
    const ahead = Math.min(wallMs - this.wallMs, this.gapMs + 16);
    return this.atUs + ahead * this.rate;
  }
}
