/**
 * Leader-follower: who leads, in words, beside the clock: the current leader and its term, or the election under way. When two
 * up nodes both believe they lead (split brain) a warning banner says so and names them.
 */
import type { FailoverMode } from '../../../sim/scenarios/schema.ts';
import { useLabStable } from '../../hooks.ts';
import { type RoleHolder, upCandidates, upLeaders } from './leadership.ts';

interface Leadership {
  readonly leaders: readonly RoleHolder[];
  readonly candidates: readonly RoleHolder[];
  readonly failover: FailoverMode;
}

function useLeadership(): Leadership | null {
  return useLabStable((s) => {
    const snapshot = s.snapshot;
    if (snapshot?.view.model !== 'leader-follower') return null;
    return {
      leaders: upLeaders(snapshot.nodes),
      candidates: upCandidates(snapshot.nodes),
      failover: snapshot.view.settings.failover,
    };
  });
}

export function LeaderStatus() {
  const info = useLeadership();
  if (!info) return null;
  const [leader] = info.leaders;
  const [candidate] = info.candidates;
  let text: string;
  let tone: string;
  if (info.leaders.length > 1) {
    text = `${info.leaders.length} leaders`;
    tone = 'split';
  } else if (leader) {
    text = `leader ${leader.id} · term ${leader.term}`;
    tone = 'ok';
  } else if (candidate) {
    text = `no leader: election for term ${candidate.term}`;
    tone = 'electing';
  } else {
    text = info.failover === 'manual' ? 'no leader: promote a node' : 'no leader';
    tone = 'none';
  }
  return (
    <output className={`leader-status leader-status-${tone}`} data-testid="leader-status">
      {text}
    </output>
  );
}

export function SplitBrainBanner() {
  const info = useLeadership();
  if (!info || info.leaders.length < 2) return null;
  const names = info.leaders.map((l) => `${l.id} (term ${l.term})`);
  const list = `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return (
    <div className="split-brain" role="status" data-testid="split-brain">
      <span className="split-brain-icon" aria-hidden="true">
        ⚠
      </span>
      <p>
        <strong>Split brain: {info.leaders.length} leaders.</strong> {list}{' '}
        {info.leaders.length === 2 ? 'both' : 'all'} accept writes. When they meet, the older term steps down
        and its writes that the other side does not hold are discarded, acknowledged or not.
      </p>
    </div>
  );
}
