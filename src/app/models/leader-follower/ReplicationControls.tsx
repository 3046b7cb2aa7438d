/**
 * Replication mode (asynchronous, semi-synchronous, synchronous), the semi-sync ack count k, and in synchronous
 * mode which followers the leader waits for (PostgreSQL's synchronous_standby_names).
 */

import { useId } from 'react';
import { plural } from '../../../sim/analysis/plural.ts';
import {
  READ_MODES,
  REPLICATION_MODES,
  type ReadMode,
  type ReplicationMode,
} from '../../../sim/scenarios/constants.ts';
import { CommitSlider } from '../../controls/CommitSlider.tsx';
import { ControlGroup } from '../../controls/ControlGroup.tsx';
import { useLab, useLabStable, usePending } from '../../hooks.ts';
import { act } from '../../worker/simClient.ts';
import { currentLeader, lfSettings } from './leadership.ts';

const MODE_LABELS: Record<ReplicationMode, string> = {
  async: 'asynchronous',
  semisync: 'semi-synchronous',
  sync: 'synchronous',
};

const MODE_HINTS: Record<ReplicationMode, string> = {
  async: 'The leader acknowledges a write once it is in its own log.',
  semisync: 'The leader acknowledges once k followers have the write.',
  sync: 'The leader acknowledges only once every synchronous follower (ticked below) has the write.',
};

export function ReplicationControls() {
  const [mode, setMode] = usePending(useLab((s) => lfSettings(s)?.mode ?? null));
  const acks = useLab((s) => lfSettings(s)?.semiSyncAcks ?? 1);
  const followers = useLab((s) => (s.snapshot ? Math.max(1, s.snapshot.nodes.length - 1) : null));
  const modeId = useId();
  const setReplication = (nextMode: ReplicationMode, k: number) =>
    act({ type: 'setReplication', mode: nextMode, semiSyncAcks: Math.min(followers ?? 1, Math.max(1, k)) });
  return (
    <ControlGroup id="replication" title="Replication">
      <div className="field">
        <label htmlFor={modeId}>Replication mode</label>
        <select
          id={modeId}
          value={mode ?? 'async'}
          disabled={mode === null}
          onChange={(event) => {
            const next = event.currentTarget.value;
            if (!isMode(next)) return;
            setMode(next);
            setReplication(next, acks);
          }}
        >
          {REPLICATION_MODES.map((m) => (
            <option key={m} value={m}>
              {MODE_LABELS[m]}
            </option>
          ))}
        </select>
        {mode && <p className="field-hint">{MODE_HINTS[mode]}</p>}
      </div>
      <CommitSlider
        label="Semi-sync acks (k)"
        min={1}
        max={followers ?? 1}
        value={followers === null ? null : Math.min(acks, followers)}
        format={(k) => `${k} of ${plural(followers ?? 0, 'follower')}`}
        disabled={mode !== 'semisync' || followers === null || followers < 2}
        onCommit={(k) => mode && setReplication(mode, k)}
      />
      {mode === 'sync' && <SyncFollowers />}
      <ReadModeField />
    </ControlGroup>
  );
}

const READ_MODE_LABELS: Record<ReadMode, string> = {
  local: 'local: the leader answers at once',
  'read-index': 'read-index: confirm leadership first (linearizable)',
};

const READ_MODE_HINTS: Record<ReadMode, string> = {
  local:
    'The leader answers from its own state at once: fast, but a leader cut off by a partition does not know it ' +
    'was replaced and keeps answering with values the cluster has since overwritten.',
  'read-index':
    'The leader answers with its committed state only after a heartbeat round shows a majority still follows ' +
    'it (Raft section 6.4); followers hand reads to the leader. A deposed leader cannot answer: no stale read.',
};

/** How the leader serves reads: local, or read-index (linearizable). */
function ReadModeField() {
  const [reads, setReads] = usePending(useLab((s) => lfSettings(s)?.reads ?? null));
  const mode = useLab((s) => lfSettings(s)?.mode ?? null);
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Reads at the leader</label>
      <select
        id={id}
        value={reads ?? 'local'}
        disabled={reads === null || mode === null}
        onChange={(event) => {
          const next = event.currentTarget.value;
          if (!isReadMode(next) || !mode) return;
          setReads(next);
          act({ type: 'setReplication', mode, reads: next });
        }}
      >
        {READ_MODES.map((m) => (
          <option key={m} value={m}>
            {READ_MODE_LABELS[m]}
          </option>
        ))}
      </select>
      {reads && <p className="field-hint">{READ_MODE_HINTS[reads]}</p>}
    </div>
  );
}

function isReadMode(value: string): value is ReadMode {
  return (READ_MODES as readonly string[]).includes(value);
}

/** One checkbox per follower: ticked, the leader waits for it before acknowledging; unticked, it is async. */
function SyncFollowers() {
  const info = useLabStable((s) => {
    const snapshot = s.snapshot;
    if (!snapshot) return null;
    const leader = currentLeader(snapshot.nodes);
    return {
      all: snapshot.nodes.map((n) => n.id),
      followers: snapshot.nodes.filter((n) => n.id !== leader).map((n) => n.id),
      sync: lfSettings(s)?.syncFollowers ?? null,
    };
  });
  const base = useId();
  const [sync, setSync] = usePending(info?.sync ?? null);
  if (!info) return null;
  const isSync = (id: string) => sync === null || sync.includes(id);
  const toggle = (id: string, on: boolean) => {
    // The list keeps every node, the leader included, so it still makes sense after a failover.
    const current = sync ?? info.all;
    const next = on ? [...new Set([...current, id])] : current.filter((n) => n !== id);
    const ordered = info.all.filter((n) => next.includes(n));
    setSync(ordered);
    act({ type: 'setReplication', mode: 'sync', syncFollowers: ordered });
  };
  const none = info.followers.every((id) => !isSync(id));
  return (
    <fieldset className="subsection">
      <legend>Synchronous followers</legend>
      <ul className="check-list">
        {info.followers.map((id) => (
          <li key={id} className="check-item">
            <input
              id={`${base}-${id}`}
              type="checkbox"
              checked={isSync(id)}
              onChange={(event) => toggle(id, event.currentTarget.checked)}
            />
            <label htmlFor={`${base}-${id}`}>
              {id} <span className="muted">{isSync(id) ? 'sync' : 'async'}</span>
            </label>
          </li>
        ))}
      </ul>
      <p className="field-hint">
        {none
          ? 'No follower is synchronous: the leader acknowledges as soon as the write is in its own log.'
          : 'Unticked followers are replicated asynchronously: the leader does not wait for them.'}
      </p>
    </fieldset>
  );
}

function isMode(value: string): value is ReplicationMode {
  return (REPLICATION_MODES as readonly string[]).includes(value);
}
