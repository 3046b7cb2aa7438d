/**
 * The simulated clock, always visible under the graph. Re-renders every frame, so it stays a leaf. Before the
 * first snapshot it shows a dash rather than a time the run has not reached.
 */
import { formatSimTime } from './format.ts';
import { useLab } from './hooks.ts';

export function SimTime() {
  const nowUs = useLab((s) => s.snapshot?.nowUs ?? null);
  return (
    <output className="sim-time" data-testid="sim-time" aria-label="Simulated time">
      {nowUs === null ? 't = –' : formatSimTime(nowUs)}
    </output>
  );
}
