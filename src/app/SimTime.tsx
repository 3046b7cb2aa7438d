/**
 * The simulated clock, always visible under the graph. It changes every frame, so a store subscription writes
 * its text directly instead of rendering. Before the first snapshot it shows a dash rather than a time the run
 * has not reached.
 */

import { formatSimTime } from './format.ts';
import { useLiveText } from './hooks.ts';
import type { LabState } from './store.ts';

const clockText = (s: LabState) => (s.snapshot ? formatSimTime(s.snapshot.nowUs) : 't = –');

export function SimTime() {
  const ref = useLiveText<HTMLOutputElement>(clockText);
  return <output ref={ref} className="sim-time" data-testid="sim-time" aria-label="Simulated time" />;
}
