/**
 * The run's trace hash: a digest of every event processed so far, the same in the browser and in the CLI for the
 * same scenario at the same time. A detail for checking a run, not for learning from it, so it lives folded away
 * in the scenario's details. Re-renders every frame, so it stays a leaf.
 */
import { useLab } from '../hooks.ts';

export function TraceHash() {
  const traceHash = useLab((s) => s.snapshot?.traceHash ?? '');
  return (
    <output
      className="trace-hash"
      data-testid="trace-hash"
      aria-label="Trace hash"
      title="A digest of every event processed so far. `npm run sim` on the share link gives the same."
    >
      trace {traceHash}
    </output>
  );
}
