/**
 * The run's trace hash: a digest of every event processed so far, the same in the browser and in the CLI for the
 * same scenario at the same time. A detail for checking a run, not for learning from it, so it lives folded away
 * in the scenario's details. It changes with every snapshot, so a store subscription writes its text straight
 * into the element (useLiveText): no render of its own, and none of a snapshot's renders waits for it.
 */
import { useLiveText } from '../hooks.ts';
import type { LabState } from '../store.ts';

export const traceHashText = (s: LabState): string => `trace ${s.snapshot?.traceHash ?? ''}`;

export function TraceHash() {
  const ref = useLiveText<HTMLOutputElement>(traceHashText);
  return (
    <output
      ref={ref}
      className="trace-hash"
      data-testid="trace-hash"
      aria-label="Trace hash"
      title="A digest of every event processed so far. `npm run sim` on the share link gives the same."
    />
  );
}
