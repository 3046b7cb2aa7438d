/** Multi-leader: how many leaders are up, beside the clock. Several leaders are the design, one per region. */
import { useLab } from '../../hooks.ts';

export function MultiLeaderStatus() {
  const up = useLab((s) => s.snapshot?.nodes.filter((n) => n.up && n.role === 'leader').length ?? null);
  if (up === null) return null;
  return (
    <output className="leader-status leader-status-ok" data-testid="leader-status">
      {`${up} leaders up · multi-leader`}
    </output>
  );
}
