/**
 * Leader-follower: who leads, in words, beside the clock: the current leader and its term, or the election under way.
 * When two up nodes both believe they lead, a banner says what that is under the cluster's rules
 * (src/sim/analysis/leaders.ts): split brain, in red, when each can still acknowledge writes (naive or manual
 * failover, or two leaders of one term); under majority failover a deposed leader that has not heard of the newer
 * term, which cannot commit a write (and may still serve stale reads).
 */
import { twoLeadersKind } from '../../../sim/analysis/leaders.ts';
import type { FailoverMode, ReadMode } from '../../../sim/scenarios/schema.ts';
import { useLabStable } from '../../hooks.ts';
import { type RoleHolder, upCandidates, upLeaders } from './leadership.ts';

interface Leadership {
  readonly leaders: readonly RoleHolder[];
  readonly candidates: readonly RoleHolder[];
  readonly failover: FailoverMode;
  readonly reads: ReadMode;
}

function useLeadership(): Leadership | null {
  return useLabStable((s) => {
    const snapshot = s.snapshot;
    if (snapshot?.view.model !== 'leader-follower') return null;
    return {
      leaders: upLeaders(snapshot.nodes),
      candidates: upCandidates(snapshot.nodes),
      failover: snapshot.view.settings.failover,
      reads: snapshot.view.settings.reads,
    };
  });
}

/** "a, b and c" */
function listed(names: readonly string[]): string {
  return names.length < 2 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

export function LeaderStatus() {
  const info = useLeadership();
  if (!info) return null;
  const [leader] = info.leaders;
  const [candidate] = info.candidates;
  let text: string;
  let tone: string;
  if (leader && info.leaders.length > 1 && twoLeadersKind(info.leaders, info.failover) === 'split') {
    text = `${info.leaders.length} leaders`;
    tone = 'split';
  } else if (leader && info.leaders.length > 1) {
    const stale = info.leaders.slice(1).map((l) => l.id);
    text = `leader ${leader.id} · term ${leader.term} · stale: ${stale.join(', ')}`;
    tone = 'stale';
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
  const [leader] = info?.leaders ?? [];
  if (!info || !leader || info.leaders.length < 2) return null;
  if (twoLeadersKind(info.leaders, info.failover) === 'stale') return <StaleLeaderBanner info={info} />;
  const names = info.leaders.map((l) => `${l.id} (term ${l.term})`);
  return (
    <div className="split-brain" role="status" data-testid="split-brain">
      <span className="split-brain-icon" aria-hidden="true">
        ⚠
      </span>
      <p>
        <strong>Split brain: {info.leaders.length} leaders.</strong> {listed(names)}{' '}
        {info.leaders.length === 2 ? 'both' : 'all'} accept writes. When they meet, the older term steps down
        and its writes that the other side does not hold are discarded, acknowledged or not.
      </p>
    </div>
  );
}

/** Majority failover: the older leaders are deposed without knowing it, and cannot commit. */
function StaleLeaderBanner({ info }: { info: Leadership }) {
  const [leader] = info.leaders;
  if (!leader) return null;
  const stale = info.leaders.slice(1);
  const one = stale.length === 1;
  const names = listed(stale.map((l) => `${l.id} (term ${l.term})`));
  const reads =
    info.reads === 'read-index'
      ? `${one ? 'Its' : 'Their'} reads wait to confirm the leadership with a majority, and fail.`
      : `${one ? 'It still answers reads' : 'They still answer reads'} from ${one ? 'its' : 'their'} own state, which can be stale.`;
  return (
    <div className="stale-leader" role="status" data-testid="stale-leader">
      <span className="stale-leader-icon" aria-hidden="true">
        ⚠
      </span>
      <p>
        <strong>Stale leader, not split brain.</strong> {names} {one ? 'has' : 'have'} not heard of term{' '}
        {leader.term} and still {one ? 'believes it leads' : 'believe they lead'}, but a write commits only on
        a majority, and the majority follows {leader.id}: writes sent to {one ? 'it' : 'them'} wait, then fail
        or end unknown, never acknowledged. {reads}
      </p>
    </div>
  );
}
