/** Replication mode (asynchronous, semi-synchronous, synchronous) and the semi-sync ack count k. */
import { useId } from 'react';
import { REPLICATION_MODES, type ReplicationMode } from '../../sim/scenario.ts';
import { useLab } from '../hooks.ts';
import { act } from '../store.ts';
import { CommitSlider } from './CommitSlider.tsx';

const MODE_LABELS: Record<ReplicationMode, string> = {
  async: 'asynchronous',
  semisync: 'semi-synchronous',
  sync: 'synchronous',
};

const MODE_HINTS: Record<ReplicationMode, string> = {
  async: 'The leader acknowledges a write once it is in its own log.',
  semisync: 'The leader acknowledges once k followers have the write.',
  sync: 'The leader acknowledges only once every follower has the write.',
};

export function ReplicationControls() {
  const mode = useLab((s) => s.snapshot?.settings.mode ?? null);
  const acks = useLab((s) => s.snapshot?.settings.semiSyncAcks ?? 1);
  const followers = useLab((s) => Math.max(1, (s.snapshot?.nodes.length ?? 2) - 1));
  const modeId = useId();
  const setReplication = (nextMode: ReplicationMode, k: number) =>
    act({ type: 'setReplication', mode: nextMode, semiSyncAcks: Math.min(followers, Math.max(1, k)) });
  return (
    <section className="panel-section" aria-labelledby="replication-heading">
      <h2 id="replication-heading">Replication</h2>
      <div className="field">
        <label htmlFor={modeId}>Replication mode</label>
        <select
          id={modeId}
          value={mode ?? 'async'}
          disabled={mode === null}
          onChange={(event) => {
            const next = event.currentTarget.value;
            if (isMode(next)) setReplication(next, acks);
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
        max={followers}
        value={Math.min(acks, followers)}
        format={(k) => `${k} of ${followers} followers`}
        disabled={mode !== 'semisync' || followers < 2}
        onCommit={(k) => mode && setReplication(mode, k)}
      />
    </section>
  );
}

function isMode(value: string): value is ReplicationMode {
  return (REPLICATION_MODES as readonly string[]).includes(value);
}
