/**
 * The simulated clock, always visible, with the run's trace hash: a digest of every event processed so far,
 * the same in the browser and in the CLI for the same scenario at the same time. Re-renders every frame, so it
 * stays a leaf.
 */
import { formatSimTime } from './format.ts';
import { useLab } from './hooks.ts';

export function SimTime() {
  const nowUs = useLab((s) => s.snapshot?.nowUs ?? 0);
  const traceHash = useLab((s) => s.snapshot?.traceHash ?? '');
  return (
    <div className="sim-clock">
      <output className="sim-time" data-testid="sim-time" aria-label="Simulated time">
        {formatSimTime(nowUs)}
      </output>
      <output
        className="trace-hash"
        data-testid="trace-hash"
        aria-label="Trace hash"
        title="Trace hash: a digest of every event processed so far. `npm run sim` on the share link gives the same."
      >
        trace {traceHash}
      </output>
    </div>
  );
}
