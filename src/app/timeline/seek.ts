/**
 * Moving the run's time by a step, for the keyboard shortcuts (left and right arrows) and any control that
 * nudges time. Seeking belongs to the time scrubber (src/app/timeline/Scrubber.tsx), which asks the worker to
 * replay from its nearest checkpoint; until that lands this function is named and wired, and does nothing.
 */

/** Simulated microseconds one arrow press moves, and with Shift held. */
export const SEEK_STEP_US = 10_000;
export const SEEK_BIG_STEP_US = 100_000;

/**
 * Moves the run's time by `deltaUs` simulated microseconds (negative goes back), clamped to the run so far.
 * Today it does nothing: the worker cannot seek yet, so no view may pretend it did.
 */
export function seekBy(deltaUs: number): void {
  void deltaUs;
}
