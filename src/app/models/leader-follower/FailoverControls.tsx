/**
 * Failover: how the cluster replaces a dead leader (manual, majority election, naive promotion), the election
 * timeout, and the operator's manual failover (promote a node, demote a leader).
 */

import { useId, useState } from 'react';
import { FAILOVER_MODES, type FailoverMode } from '../../../sim/scenarios/constants.ts';
import type { Role } from '../../../sim/types.ts';
import { CommitSlider } from '../../controls/CommitSlider.tsx';
import { ControlGroup } from '../../controls/ControlGroup.tsx';
import { ELECTION_TIMEOUT_SCALE } from '../../format.ts';
import { useLab, useLabStable, usePending } from '../../hooks.ts';
import { act } from '../../worker/simClient.ts';
import { lfSettings } from './leadership.ts';

const FAILOVER_LABELS: Record<FailoverMode, string> = {
  manual: 'manual',
  majority: 'majority election (Raft)',
  naive: 'naive promotion',
};

const SAFETY: Record<FailoverMode, { tag: string; tone: string; text: string }> = {
  manual: {
    tag: 'operator',
    tone: 'neutral',
    text:
      'Nothing happens by itself: while the leader is down, writes fail until an operator promotes a ' +
      'follower (below).',
  },
  majority: {
    tag: 'safe',
    tone: 'safe',
    text:
      'A follower that misses heartbeats becomes a candidate for a new term and needs a majority of votes; ' +
      'nodes only vote for a log at least as up to date as theirs, and a leader that sees a newer term steps ' +
      'down. Writes are acknowledged once a majority holds them, so none is lost.',
  },
  naive: {
    tag: 'unsafe',
    tone: 'unsafe',
    text:
      'The first follower to miss heartbeats promotes itself: no votes, no fencing, no log check. A ' +
      'partition gives two leaders that both accept writes (split brain); on heal one side’s acknowledged ' +
      'writes are discarded.',
  },
};

export function FailoverControls() {
  return (
    <ControlGroup id="failover" title="Failover">
      <FailoverModeField />
      <ElectionTimeoutSlider />
      <ManualFailover />
    </ControlGroup>
  );
}

function FailoverModeField() {
  const [failover, setFailover] = usePending(useLab((s) => lfSettings(s)?.failover ?? null));
  const timeoutMs = useLab((s) => lfSettings(s)?.electionTimeoutMs ?? 300);
  const id = useId();
  const safety = failover ? SAFETY[failover] : null;
  return (
    <div className="field">
      <label htmlFor={id}>Failover mode</label>
      <select
        id={id}
        value={failover ?? 'manual'}
        disabled={failover === null}
        onChange={(event) => {
          const next = event.currentTarget.value;
          if (!isFailover(next)) return;
          setFailover(next);
          act({ type: 'setFailover', failover: next, electionTimeoutMs: timeoutMs });
        }}
      >
        {FAILOVER_MODES.map((mode) => (
          <option key={mode} value={mode}>
            {FAILOVER_LABELS[mode]}
          </option>
        ))}
      </select>
      {safety && (
        <p className="field-hint" data-testid="failover-hint">
          <span className={`safety-tag safety-${safety.tone}`}>{safety.tag}</span> {safety.text}
        </p>
      )}
    </div>
  );
}

function ElectionTimeoutSlider() {
  const failover = useLab((s) => lfSettings(s)?.failover ?? null);
  const timeoutMs = useLab((s) => lfSettings(s)?.electionTimeoutMs ?? null);
  const heartbeatMs = useLab((s) => s.scenario?.leaderFollower?.heartbeatMs ?? null);
  const committed = timeoutMs === null ? null : ELECTION_TIMEOUT_SCALE.toPosition(timeoutMs);
  return (
    <CommitSlider
      label="Election timeout"
      min={0}
      max={ELECTION_TIMEOUT_SCALE.steps}
      value={committed}
      format={(p) => `${p === committed ? timeoutMs : ELECTION_TIMEOUT_SCALE.toValue(p)} ms`}
      disabled={failover === null}
      onCommit={(p) =>
        failover &&
        act({ type: 'setFailover', failover, electionTimeoutMs: ELECTION_TIMEOUT_SCALE.toValue(p) })
      }
      hint={
        <>
          A follower suspects the leader after this long without a heartbeat (randomised up to twice as long)
          {heartbeatMs !== null && `; the leader sends one every ${heartbeatMs} ms`}.
          {failover === 'manual' && ' Manual failover does not use it.'}
        </>
      }
    />
  );
}

interface NodeChoice {
  readonly id: string;
  readonly up: boolean;
  readonly role: Role;
  readonly term: number;
}

function ManualFailover() {
  const nodes = useLabStable(
    (s): NodeChoice[] =>
      s.snapshot?.nodes.map((n) => ({
        id: n.id,
        up: n.up,
        role: n.role,
        term: n.model === 'leader-follower' ? n.term : 0,
      })) ?? [],
  );
  const [chosen, setChosen] = useState<string | null>(null);
  const selectId = useId();
  // Until the user picks one, offer the first follower that is up: the usual target of a promotion.
  const fallback = nodes.find((n) => n.up && n.role !== 'leader') ?? nodes[0];
  const node = nodes.find((n) => n.id === chosen) ?? fallback;
  const canPromote = node?.up === true && node.role !== 'leader';
  const canDemote = node?.up === true && node.role === 'leader';
  return (
    <fieldset className="subsection" aria-describedby={`${selectId}-hint`}>
      <legend>Manual failover</legend>
      <div className="field field-inline">
        <label htmlFor={selectId}>Node</label>
        <select
          id={selectId}
          value={node?.id ?? ''}
          disabled={nodes.length === 0}
          onChange={(event) => setChosen(event.currentTarget.value)}
        >
          {nodes.map((n) => (
            <option key={n.id} value={n.id}>
              {`${n.id}: ${n.up ? n.role : 'down'}, term ${n.term}`}
            </option>
          ))}
        </select>
      </div>
      <div className="button-row">
        <button
          type="button"
          disabled={!canPromote}
          onClick={() => node && act({ type: 'promote', node: node.id })}
          title="Make this node the leader of a new term, without an election"
        >
          Promote
        </button>
        <button
          type="button"
          disabled={!canDemote}
          onClick={() => node && act({ type: 'demote', node: node.id })}
          title="Make this leader step down to follower"
        >
          Demote
        </button>
      </div>
      <p className="field-hint" id={`${selectId}-hint`}>
        Promote makes a node the leader of a new term without an election, as an operator's failover does; the
        old leader steps down once it hears of the newer term. Demote makes a leader step down.
      </p>
    </fieldset>
  );
}

function isFailover(value: string): value is FailoverMode {
  return (FAILOVER_MODES as readonly string[]).includes(value);
}
