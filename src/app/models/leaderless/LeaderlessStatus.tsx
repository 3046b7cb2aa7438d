/** Leaderless: there is no leader by design; any replica coordinates the requests it receives. */
import { useLab } from '../../hooks.ts';

export function LeaderlessStatus() {
  const ready = useLab((s) => s.snapshot !== null);
  if (!ready) return null;
  return (
    <output className="leader-status leader-status-ok" data-testid="leader-status">
      leaderless · any replica coordinates
    </output>
  );
}
