/**
 * The Multi-leader section of the control panel: who may write which keys (ownership), how leaders pass
 * changes on (topology), how concurrent writes are resolved, causal delivery, a clock skew per leader (what
 * last-write-wins timestamps read), and a toggle per pair of regions that cuts or restores the link between
 * them. Every control emits one recorded action through `act`, so a shared link replays it.
 */

import { useId } from 'react';
import { OWNERSHIPS, RESOLUTIONS, TOPOLOGIES } from '../../../sim/scenarios/constants.ts';
import { CommitSlider } from '../../controls/CommitSlider.tsx';
import { ControlGroup } from '../../controls/ControlGroup.tsx';
import { useLabStable } from '../../hooks.ts';
import { act } from '../../worker/simClient.ts';
import { type MultiLeaderShown, multiLeaderShown } from './state.ts';
import './multileader.css';

type Resolution = (typeof RESOLUTIONS)[number];
type Topology = (typeof TOPOLOGIES)[number];
type Ownership = (typeof OWNERSHIPS)[number];

export const RESOLUTION_LABELS: Record<Resolution, string> = {
  lww: 'last-write-wins',
  siblings: 'keep siblings',
  merge: 'merge by data type',
  arrival: 'none: last arrival',
};

const RESOLUTION_HINTS: Record<Resolution, string> = {
  lww:
    'Every leader keeps the concurrent write with the latest timestamp (its node clock, skew included) and ' +
    'silently drops the others, acknowledged or not.',
  siblings:
    'Concurrent values are all kept as siblings: a read returns every one, and the next write, carrying ' +
    'their version vector, replaces them.',
  merge:
    'Keys with a data type merge: a counter adds the increments, an add-wins set keeps every added item. ' +
    'Other keys keep siblings.',
  arrival:
    'Each leader applies changes in the order they arrive: conflicts are detected but not resolved, so ' +
    'leaders can disagree for ever.',
};

const TOPOLOGY_LABELS: Record<Topology, string> = {
  'all-to-all': 'all-to-all',
  circular: 'circular (ring)',
  star: 'star (via a hub)',
};

const OWNERSHIP_LABELS: Record<Ownership, string> = {
  'key-range': 'by key range',
  any: 'any leader writes any key',
};

const SKEW_LIMIT_MS = 500;

interface Settings {
  readonly view: MultiLeaderShown;
  readonly regions: readonly string[];
}

export function MultiLeaderControls() {
  const settings = useLabStable((s): Settings | null => {
    const view = multiLeaderShown(s);
    return view ? { view, regions: (s.snapshot?.regions ?? []).map((r) => r.id) } : null;
  });
  if (!settings) return null;
  const { view, regions } = settings;
  return (
    <ControlGroup id="multileader" title="Multi-leader" testId="multileader-controls">
      <OwnershipField view={view} />
      <TopologyField view={view} />
      <ResolutionField view={view} />
      <CausalDeliveryField view={view} />
      <RegionLinks regions={regions} cuts={view.cuts} />
      <ClockSkews view={view} />
    </ControlGroup>
  );
}

/** Who may write which keys: by key range (a write for a key owned elsewhere is forwarded) or any leader. */
function OwnershipField({ view }: { view: MultiLeaderShown }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Ownership</label>
      <select
        id={id}
        value={view.ownership}
        onChange={(e) => {
          const next = e.currentTarget.value;
          if (isOneOf(OWNERSHIPS, next)) act({ type: 'setOwnership', ownership: next });
        }}
      >
        {OWNERSHIPS.map((o) => (
          <option key={o} value={o}>
            {OWNERSHIP_LABELS[o]}
          </option>
        ))}
      </select>
      <p className="field-hint">
        {view.ownership === 'key-range'
          ? view.ranges.length > 0
            ? `${view.ranges.map((r) => `${r.prefix}* → ${r.owner}`).join(', ')}; a write for a key owned elsewhere is forwarded to its owner, so no key has two writers.`
            : 'No key ranges are defined in this scenario: every leader keeps accepting every key.'
          : 'Every leader accepts writes for every key: concurrent writes of the same key conflict.'}
      </p>
    </div>
  );
}

/** How leaders pass changes on: all-to-all, a ring, or a star through a hub. */
function TopologyField({ view }: { view: MultiLeaderShown }) {
  const id = useId();
  const hub = view.hub ?? view.leaders[0] ?? '';
  return (
    <div className="field">
      <label htmlFor={id}>Replication topology</label>
      <select
        id={id}
        value={view.topology}
        onChange={(e) => {
          const next = e.currentTarget.value;
          if (isOneOf(TOPOLOGIES, next)) act({ type: 'setTopology', topology: next });
        }}
      >
        {TOPOLOGIES.map((t) => (
          <option key={t} value={t}>
            {TOPOLOGY_LABELS[t]}
          </option>
        ))}
      </select>
      {view.topology === 'star' && (
        <p className="field-hint">
          Hub: <strong>{hub}</strong>. The other leaders send their changes to it, and it forwards them on.
        </p>
      )}
      {view.topology === 'circular' && (
        <p className="field-hint">Each leader forwards changes to the next: {view.leaders.join(' → ')} → …</p>
      )}
    </div>
  );
}

/** How concurrent writes are resolved, with what each way does and the keys that have a data type. */
function ResolutionField({ view }: { view: MultiLeaderShown }) {
  const id = useId();
  const resolution = view.resolution as Resolution;
  return (
    <div className="field">
      <label htmlFor={id}>Conflict resolution</label>
      <select
        id={id}
        value={resolution}
        onChange={(e) => {
          const next = e.currentTarget.value;
          if (isOneOf(RESOLUTIONS, next))
            act({ type: 'setResolution', resolution: next, causalDelivery: view.causalDelivery });
        }}
      >
        {(['lww', 'siblings', 'merge', 'arrival'] as const).map((r) => (
          <option key={r} value={r}>
            {RESOLUTION_LABELS[r]}
          </option>
        ))}
      </select>
      {RESOLUTION_HINTS[resolution] && <p className="field-hint">{RESOLUTION_HINTS[resolution]}</p>}
      {view.crdt.length > 0 && (
        <p className="field-hint">Data types: {view.crdt.map((c) => `${c.prefix}* ${c.type}`).join(', ')}.</p>
      )}
    </div>
  );
}

/** Causal delivery: a change waits for the changes it depends on, or is applied as it arrives. */
function CausalDeliveryField({ view }: { view: MultiLeaderShown }) {
  const id = useId();
  const resolution = view.resolution as Resolution;
  return (
    <>
      <div className="field field-check">
        <input
          id={id}
          type="checkbox"
          checked={view.causalDelivery}
          aria-describedby={`${id}-hint`}
          onChange={(e) =>
            act({ type: 'setResolution', resolution, causalDelivery: e.currentTarget.checked })
          }
        />
        <label htmlFor={id}>Causal delivery</label>
      </div>
      <p className="field-hint" id={`${id}-hint`}>
        {view.causalDelivery
          ? 'A change that depends on one not yet received is held back until it arrives.'
          : 'Changes are applied as they arrive, even before the changes they depend on.'}
      </p>
    </>
  );
}

/** A clock skew per leader: what last-write-wins timestamps read. */
function ClockSkews({ view }: { view: MultiLeaderShown }) {
  return (
    <fieldset className="subsection ml-skew-list">
      <legend>Clock skew</legend>
      {view.leaders.map((leader) => (
        <CommitSlider
          key={leader}
          label={`Clock skew ${leader}`}
          min={-SKEW_LIMIT_MS}
          max={SKEW_LIMIT_MS}
          step={10}
          value={clamp(view.clockSkewMs[leader] ?? 0)}
          format={(ms) => (ms === 0 ? 'in sync' : `${ms > 0 ? '+' : ''}${ms} ms`)}
          onCommit={(ms) => act({ type: 'setClockSkew', node: leader, ms })}
        />
      ))}
      <p className="field-hint">
        Last-write-wins compares these clocks: a slow clock makes a later write lose.
      </p>
    </fieldset>
  );
}

/** One toggle per pair of regions: pressed means the link between them is cut (both directions). */
function RegionLinks({ regions, cuts }: { regions: readonly string[]; cuts: MultiLeaderShown['cuts'] }) {
  if (regions.length < 2) return null;
  const pairs: [string, string][] = [];
  for (let i = 0; i < regions.length; i++)
    for (let j = i + 1; j < regions.length; j++) pairs.push([regions[i] ?? '', regions[j] ?? '']);
  const isCut = (a: string, b: string) =>
    cuts.some((c) => (c.a === a && c.b === b) || (c.a === b && c.b === a));
  return (
    <fieldset className="subsection">
      <legend>Links between regions</legend>
      <ul className="ml-links-list">
        {pairs.map(([a, b]) => {
          const cut = isCut(a, b);
          return (
            <li key={`${a}-${b}`}>
              <button
                type="button"
                className="ml-link-toggle"
                aria-pressed={cut}
                data-testid="region-link-toggle"
                onClick={() => act({ type: cut ? 'restoreLink' : 'cutLink', a, b })}
              >
                {cut ? `Restore ${a}–${b} link` : `Cut ${a}–${b} link`}
              </button>
            </li>
          );
        })}
      </ul>
      <p className="field-hint">
        A cut link drops every message between the two regions, both ways, until restored.
      </p>
    </fieldset>
  );
}

function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}

function clamp(ms: number): number {
  return Math.min(SKEW_LIMIT_MS, Math.max(-SKEW_LIMIT_MS, ms));
}
