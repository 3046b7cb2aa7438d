/**
 * Membership: add a node to the running cluster (a name field, prefilled with a free name) or remove one (a
 * select of the members). Each sends an addNode or removeNode action, recorded on the timeline like any other,
 * so a share link replays it; the worker refuses what the scenario rules refuse (an existing name, the last
 * node) and the page shows its error.
 */
import { useId, useState } from 'react';
import { useLab, useLabStable } from '../hooks.ts';
import { act } from '../worker/simClient.ts';
import { ControlGroup } from './ControlGroup.tsx';

/** The first of n1, n2, ... that names no member. */
function freeName(members: readonly string[]): string {
  for (let k = members.length + 1; ; k++) if (!members.includes(`n${k}`)) return `n${k}`;
}

export function NodesControl() {
  const members = useLabStable((s) => s.snapshot?.nodes.map((n) => n.id) ?? []);
  const ready = useLab((s) => s.snapshot !== null);
  const [typed, setTyped] = useState<string | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const nameId = useId();
  const removeId = useId();
  const name = typed ?? freeName(members);
  const toRemove = chosen !== null && members.includes(chosen) ? chosen : (members[members.length - 1] ?? '');
  return (
    <ControlGroup id="nodes" title="Nodes">
      <form
        className="field"
        onSubmit={(event) => {
          event.preventDefault();
          act({ type: 'addNode', node: name.trim() });
          setTyped(null);
        }}
      >
        <label htmlFor={nameId}>New node name</label>
        <input
          id={nameId}
          value={name}
          maxLength={32}
          disabled={!ready}
          onChange={(event) => setTyped(event.currentTarget.value)}
        />
        <button type="submit" disabled={!ready || name.trim() === ''}>
          Add node
        </button>
      </form>
      <div className="field">
        <label htmlFor={removeId}>Node to remove</label>
        <select
          id={removeId}
          value={toRemove}
          disabled={!ready || members.length < 2}
          onChange={(event) => setChosen(event.currentTarget.value)}
        >
          {members.map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </select>
        <button
          type="button"
          disabled={!ready || members.length < 2}
          onClick={() => act({ type: 'removeNode', node: toRemove })}
        >
          Remove node
        </button>
      </div>
    </ControlGroup>
  );
}
