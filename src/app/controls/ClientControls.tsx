/**
 * Per-client read policy: which replica serves a client's reads (leader only, any replica, read-your-writes,
 * monotonic reads with a sticky replica, or one fixed node), and the sticky replica once one is chosen.
 */

import { useId } from 'react';
import { READ_POLICIES, type ReadPolicy } from '../../sim/scenarios/constants.ts';
import { useLabStable, usePending } from '../hooks.ts';
import { act } from '../worker/simClient.ts';
import { ControlGroup } from './ControlGroup.tsx';

export const POLICY_LABELS: Record<ReadPolicy, string> = {
  leader: 'leader only',
  any: 'any replica',
  'read-your-writes': 'read-your-writes',
  monotonic: 'monotonic reads',
};

const POLICY_HINTS: Record<ReadPolicy, string> = {
  leader: 'Every read goes to the leader: up to date while it leads, but all the load is on one node.',
  any: 'Each read goes to a random replica: spreads the load, may be stale, may even go back in time.',
  'read-your-writes':
    'A replica serves the read only if it has applied the client’s last write; otherwise the read goes to the leader.',
  monotonic: 'Reads stick to one replica, so they never go back in time (until that replica fails).',
};

interface ClientInfo {
  readonly id: string;
  readonly readFrom: string;
  readonly sticky: string | null;
}

/**
 * `policies`: the read policies the model offers; `homeLeader`: reads under "leader" go to the client's own
 * region's leader (multi-leader) rather than the one leader.
 */
export function ClientControls(props: { policies: readonly ReadPolicy[]; homeLeader?: boolean }) {
  const { policies } = props;
  const multi = props.homeLeader ?? false;
  const clients = useLabStable(
    (s): ClientInfo[] =>
      s.snapshot?.clients.map((c) => ({ id: c.id, readFrom: c.readFrom, sticky: c.sticky })) ?? [],
  );
  const nodes = useLabStable((s) => s.snapshot?.nodes.map((n) => n.id) ?? []);
  return (
    <ControlGroup id="clients" title="Read policy">
      {clients.length === 0 && <p className="section-note">No clients yet.</p>}
      {clients.map((client) => (
        <ClientPolicy key={client.id} client={client} nodes={nodes} policies={policies} multi={multi} />
      ))}
    </ControlGroup>
  );
}

function ClientPolicy({
  client,
  nodes,
  policies,
  multi,
}: {
  client: ClientInfo;
  nodes: readonly string[];
  policies: readonly ReadPolicy[];
  multi: boolean;
}) {
  const id = useId();
  const [readFrom, setReadFrom] = usePending(client.readFrom);
  const policy = isPolicy(readFrom) ? readFrom : null;
  return (
    <div className="field client-policy" data-testid="client-policy" data-client-id={client.id}>
      <label htmlFor={id}>
        Read policy for <strong>{client.id}</strong>
      </label>
      <select
        id={id}
        value={readFrom}
        onChange={(event) => {
          const next = event.currentTarget.value;
          setReadFrom(next);
          act({ type: 'setReadPolicy', client: client.id, policy: next });
        }}
      >
        {policies.map((p) => (
          <option key={p} value={p}>
            {multi && p === 'leader' ? 'home leader only' : POLICY_LABELS[p]}
          </option>
        ))}
        <optgroup label="One fixed replica">
          {nodes.map((n) => (
            <option key={n} value={n}>
              {`only ${n}`}
            </option>
          ))}
        </optgroup>
      </select>
      <p className="field-hint">
        {policy
          ? multi && policy === 'leader'
            ? 'Every read goes to the client’s home leader: it sees its own region’s writes at once, the others’ when they arrive.'
            : POLICY_HINTS[policy]
          : `Every read goes to ${readFrom}, whatever its state.`}
        {client.sticky && (
          <>
            {' '}
            <span className="sticky-note" data-testid="sticky">
              Sticky replica: <strong>{client.sticky}</strong>
            </span>
          </>
        )}
      </p>
    </div>
  );
}

function isPolicy(value: string): value is ReadPolicy {
  return (READ_POLICIES as readonly string[]).includes(value);
}
