/**
 * Manual client operations: which client sends them, a write form (a value, or an auto-increment id the
 * leader assigns), a read form (choosing the serving node or a read policy), and their results.
 */
import { type FormEvent, useId, useState } from 'react';
import { LIMITS } from '../../sim/scenarios/schema.ts';
import { useLab, useLabStable } from '../hooks.ts';
import type { ModelUi } from '../models/types.ts';
import { OperationStatus } from '../OperationStatus.tsx';
import { act } from '../worker/simClient.ts';
import { POLICY_LABELS } from './ClientControls.tsx';

const KEY_PATTERN = /^[A-Za-z0-9_.-]+$/;

interface FormProps {
  readonly client: string | null;
  readonly defaultKey: string;
  readonly ui: ModelUi;
}

function keyProblem(key: string): string | null {
  if (key.length === 0) return 'Enter a key.';
  if (key.length > LIMITS.maxIdLength) return `At most ${LIMITS.maxIdLength} characters.`;
  if (!KEY_PATTERN.test(key)) return 'Use letters, digits, "_", "-" or "." only.';
  return null;
}

export function DataControls({ ui }: { ui: ModelUi }) {
  const clients = useLabStable(
    (s) => s.snapshot?.clients.map((c) => c.id) ?? s.scenario?.clients.map((c) => c.id) ?? [],
  );
  const [chosen, setChosen] = useState<string | null>(null);
  const client = clients.find((c) => c === chosen) ?? clients[0] ?? null;
  const defaultKey = useLab((s) => s.scenario?.workload.keys[0] ?? 'account_123');
  const clientId = useId();
  return (
    <section className="panel-section" aria-labelledby="data-heading">
      <h2 id="data-heading">Data</h2>
      {clients.length > 1 ? (
        <div className="field field-inline">
          <label htmlFor={clientId}>Client</label>
          <select id={clientId} value={client ?? ''} onChange={(e) => setChosen(e.currentTarget.value)}>
            {clients.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <p className="section-note">
          Operations are sent by <strong>{client ?? 'the first client'}</strong>.
        </p>
      )}
      <WriteForm client={client} defaultKey={defaultKey} ui={ui} />
      <ReadForm client={client} defaultKey={defaultKey} ui={ui} />
      <ManualResults />
    </section>
  );
}

function WriteForm({ client, defaultKey, ui }: FormProps) {
  const keyId = useId();
  const valueId = useId();
  const [key, setKey] = useState(defaultKey);
  const autoId = useId();
  const [value, setValue] = useState('1000');
  const [autoIncrement, setAutoIncrement] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Where the model lets a client send a write (any leader, any coordinator); by default the client's home.
  const leaders = useLabStable((s) => (s.snapshot ? ui.writeTargets(s.snapshot) : []));
  const nodeId = useId();
  const [writeNode, setWriteNode] = useState('leader');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = keyProblem(key);
    setError(problem);
    if (problem || !client) return;
    const node = leaders.includes(writeNode) ? { node: writeNode } : {};
    act(
      autoIncrement
        ? { type: 'write', client, key, value: '', autoIncrement: true, ...node }
        : { type: 'write', client, key, value, ...node },
    );
  };
  return (
    <form className="op-form" aria-label="Write" onSubmit={submit}>
      <div className="field">
        <label htmlFor={keyId}>Key</label>
        <input id={keyId} value={key} onChange={(e) => setKey(e.currentTarget.value)} autoComplete="off" />
      </div>
      <div className="field">
        <label htmlFor={valueId}>Value</label>
        <input
          id={valueId}
          value={autoIncrement ? '' : value}
          placeholder={autoIncrement ? 'next id' : undefined}
          disabled={autoIncrement}
          maxLength={LIMITS.maxValueLength}
          onChange={(e) => setValue(e.currentTarget.value)}
          autoComplete="off"
        />
      </div>
      {leaders.length > 0 && (
        <div className="field">
          <label htmlFor={nodeId}>{ui.words.writeTo}</label>
          <select id={nodeId} value={writeNode} onChange={(e) => setWriteNode(e.currentTarget.value)}>
            <option value="leader">{ui.words.home}</option>
            {leaders.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </div>
      )}
      <button type="submit" className="primary" disabled={!client}>
        Write
      </button>
      <div className="field field-check op-form-wide">
        <input
          id={autoId}
          type="checkbox"
          checked={autoIncrement}
          onChange={(e) => setAutoIncrement(e.currentTarget.checked)}
        />
        <label htmlFor={autoId} title="The leader assigns the value: the key's current number plus one">
          Auto-increment id (assigned by the leader)
        </label>
      </div>
      {error && (
        <p className="form-error" role="status">
          {error}
        </p>
      )}
    </form>
  );
}

function ReadForm({ client, defaultKey, ui }: FormProps) {
  const keyId = useId();
  const targetId = useId();
  const [key, setKey] = useState(defaultKey);
  const [target, setTarget] = useState('leader');
  const [error, setError] = useState<string | null>(null);
  // The nodes the model lets a client read from directly, besides its home.
  const followers = useLabStable((s) => (s.snapshot ? ui.readTargets(s.snapshot) : []));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = keyProblem(key);
    setError(problem);
    if (problem || !client) return;
    act({ type: 'read', client, key, node: target });
  };
  return (
    <form className="op-form" aria-label="Read" onSubmit={submit}>
      <div className="field">
        <label htmlFor={keyId}>Key</label>
        <input id={keyId} value={key} onChange={(e) => setKey(e.currentTarget.value)} autoComplete="off" />
      </div>
      <div className="field">
        <label htmlFor={targetId}>Serve read from</label>
        <select id={targetId} value={target} onChange={(e) => setTarget(e.currentTarget.value)}>
          <option value="leader">{ui.words.home}</option>
          {followers.map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
          {ui.readFormPolicies.map((p) => (
            <option key={p} value={p}>
              {POLICY_LABELS[p]}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="primary" disabled={!client}>
        Read
      </button>
      {error && (
        <p className="form-error" role="status">
          {error}
        </p>
      )}
    </form>
  );
}

/** The most recent manual operations, newest first. */
function ManualResults() {
  const ops = useLabStable((s) =>
    (s.snapshot?.history ?? [])
      .filter((op) => op.manual)
      .slice(-8)
      .reverse(),
  );
  return (
    <div className="results">
      <h3>Results</h3>
      {ops.length === 0 ? (
        <p className="empty">No manual operations yet.</p>
      ) : (
        <ul className="result-list" aria-label="Results">
          {ops.map((op) => (
            <li key={op.id} className={`result status-${op.status}`} data-testid="result" data-op-id={op.id}>
              <span className={`op-f op-${op.f}`}>{op.f}</span>
              <span className="result-text">
                {op.key}
                {op.f === 'write'
                  ? ` = ${op.value ?? (op.autoIncrement ? 'next id' : '')}`
                  : op.status === 'ok'
                    ? ` → ${op.value ?? 'nothing'}`
                    : ''}
                {op.status === 'ok' && op.version > 0 && <span className="version"> v{op.version}</span>}
              </span>
              <OperationStatus op={op} />
              {op.node && <span className="result-node">{op.node}</span>}
              {op.error && <span className="result-error">{op.error}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
