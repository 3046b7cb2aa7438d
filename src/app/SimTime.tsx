/** The simulated clock, always visible. Re-renders every frame, so it stays a leaf. */
import { formatSimTime } from './format.ts';
import { useLab } from './hooks.ts';

export function SimTime() {
  const nowUs = useLab((s) => s.snapshot?.nowUs ?? 0);
  return (
    <output className="sim-time" data-testid="sim-time" aria-label="Simulated time">
      {formatSimTime(nowUs)}
    </output>
  );
}
