/**
 * Manual client operations: which client sends them, a write form (a value, or an auto-increment id the
 * leader assigns), a read form (choosing the serving node or a read policy), and their results. What the forms
 * hold is the shared draft (opDraft.ts), so a node's menu on the graph offers the same write and read.
 */
import { type FormEvent, useId, useState } from 'react';
import { LIMITS } from '../../sim/scenarios/constants.ts';
import { useLab, useLabStable } from '../hooks.ts';
import type { ModelUi } from '../models/types.ts';
import { labStore } from '../store.ts';
import { act } from '../worker/simClient.ts';
import { POLICY_LABELS } from './ClientControls.tsx';
import { ControlGroup } from './ControlGroup.tsx';
import { ManualResults } from './ManualResults.tsx';
import {
  clientsOf,
  defaultKey,
  draftRead,
  draftWrite,
  opDraftStore,
  setDraft,
  useOpDraft,
} from './opDraft.ts';

const KEY_PATTERN = /^[A-Za-z0-9_.-]+$/;

function keyProblem(key: string): string | null {
  if (key.length === 0) return 'Enter a key.';
  if (key.length > LIMITS.maxIdLength) return `At most ${LIMITS.maxIdLength} characters.`;
  if (!KEY_PATTERN.test(key)) return 'Use letters, digits, "_", "-" or "." only.';
  return null;
}

export function DataControls({ ui }: { ui: ModelUi }) {
  const clients = useLabStable(clientsOf);
  const chosen = useOpDraft((d) => d.client);
  const client = clients.find((c) => c === chosen) ?? clients[0] ?? null;
  const clientId = useId();
  return (
    <ControlGroup id="data" title="Data">
      {clients.length > 1 ? (
        <div className="field field-inline">
          <label htmlFor={clientId}>Client</label>
          <select
            id={clientId}
            value={client ?? ''}
            onChange={(e) => setDraft({ client: e.currentTarget.value })}
          >
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
      <WriteForm client={client} ui={ui} />
      <ReadForm client={client} ui={ui} />
      <ManualResults />
    </ControlGroup>
  );
}

interface FormProps {
  readonly client: string | null;
  readonly ui: ModelUi;
}

function WriteForm({ client, ui }: FormProps) {
  const keyId = useId();
  const valueId = useId();
  const fallbackKey = useLab(defaultKey);
  const key = useOpDraft((d) => d.writeKey) ?? fallbackKey;
  const value = useOpDraft((d) => d.value);
  const autoIncrement = useOpDraft((d) => d.autoIncrement);
  const [error, setError] = useState<string | null>(null);
  // Where the model lets a client send a write (any leader, any coordinator); by default the client's home.
  const leaders = useLabStable((s) => (s.snapshot ? ui.writeTargets(s.snapshot) : []));
  const [writeNode, setWriteNode] = useState('leader');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = keyProblem(key);
    setError(problem);
    if (problem || !client) return;
    const action = draftWrite(
      opDraftStore.getState(),
      labStore.getState(),
      leaders.includes(writeNode) ? writeNode : undefined,
    );
    if (action) act(action);
  };
  return (
    <form className="op-form" aria-label="Write" onSubmit={submit}>
      <div className="field">
        <label htmlFor={keyId}>Key</label>
        <input
          id={keyId}
          value={key}
          onChange={(e) => setDraft({ writeKey: e.currentTarget.value })}
          autoComplete="off"
        />
      </div>
      <div className="field">
        <label htmlFor={valueId}>Value</label>
        <input
          id={valueId}
          value={autoIncrement ? '' : value}
          placeholder={autoIncrement ? 'next id' : undefined}
          disabled={autoIncrement}
          maxLength={LIMITS.maxValueLength}
          onChange={(e) => setDraft({ value: e.currentTarget.value })}
          autoComplete="off"
        />
      </div>
      {leaders.length > 0 && (
        <WriteTarget ui={ui} targets={leaders} value={writeNode} onChange={setWriteNode} />
      )}
      <button type="submit" className="primary" disabled={!client}>
        Write
      </button>
      <AutoIncrementField checked={autoIncrement} />
      {error && (
        <p className="form-error" role="status">
          {error}
        </p>
      )}
    </form>
  );
}

/**
 * The write's value is an id the node that takes it assigns (the highest number it holds for the key, plus one)
 * instead of the typed one: one leader orders them; two leaders or coordinators can hand out the same.
 */
function AutoIncrementField({ checked }: { checked: boolean }) {
  const id = useId();
  return (
    <div className="field field-check op-form-wide">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        onChange={(e) => setDraft({ autoIncrement: e.currentTarget.checked })}
      />
      <label
        htmlFor={id}
        title="The node that takes the write assigns the value: the highest number it holds for the key, plus one. Two nodes that have not seen each other's writes can hand out the same id."
      >
        Auto-increment id (assigned by the node that takes the write)
      </label>
    </div>
  );
}

/** Where the write goes: the client's home, or a node the model lets a client write to directly. */
function WriteTarget(props: {
  ui: ModelUi;
  targets: readonly string[];
  value: string;
  onChange: (target: string) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.ui.words.writeTo}</label>
      <select id={id} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        <option value="leader">{props.ui.words.home}</option>
        {props.targets.map((target) => (
          <option key={target} value={target}>
            {target}
          </option>
        ))}
      </select>
    </div>
  );
}

function ReadForm({ client, ui }: FormProps) {
  const keyId = useId();
  const targetId = useId();
  const fallbackKey = useLab(defaultKey);
  const key = useOpDraft((d) => d.readKey) ?? fallbackKey;
  const [target, setTarget] = useState('leader');
  const [error, setError] = useState<string | null>(null);
  // The nodes the model lets a client read from directly, besides its home.
  const followers = useLabStable((s) => (s.snapshot ? ui.readTargets(s.snapshot) : []));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = keyProblem(key);
    setError(problem);
    if (problem || !client) return;
    const action = draftRead(opDraftStore.getState(), labStore.getState(), target);
    if (action) act(action);
  };
  return (
    <form className="op-form" aria-label="Read" onSubmit={submit}>
      <div className="field">
        <label htmlFor={keyId}>Key</label>
        <input
          id={keyId}
          value={key}
          onChange={(e) => setDraft({ readKey: e.currentTarget.value })}
          autoComplete="off"
        />
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
