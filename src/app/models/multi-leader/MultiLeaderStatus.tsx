/** Multi-leader: how many leaders are up, beside the clock. Several leaders are the design, one per region. */
import { plural } from '../../../sim/analysis/plural.ts';
import { useLab } from '../../hooks.ts';

export function MultiLeaderStatus() {
  const up = useLab((s) => s.snapshot?.nodes.filter((n) => n.up && n.role === 'leader').length ?? null);
  if (up === null) return null;
  return (
    <output className="leader-status leader-status-ok" data-testid="leader-status">
      {/* One leader left (the other crashed) is "1 leader up", not "1 leaders up". */}
      {`${plural(up, 'leader')} up · multi-leader`}
    </output>
  );
}
