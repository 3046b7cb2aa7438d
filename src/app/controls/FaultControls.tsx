/** Faults: partition, which nodes are up, latency (mean and distribution) and message loss. */

import { useId, useState } from 'react';
import type { Latency } from '../../sim/scenarios/schema.ts';
import {
  formatInt,
  LATENCY_DISTS,
  LATENCY_SCALE,
  type LatencyDist,
  latencyMeanMs,
  latencyWithMean,
} from '../format.ts';
import { useLab, useLabStable } from '../hooks.ts';
import { setLoseDiskOnCrash } from '../store.ts';
import { act } from '../worker/simClient.ts';
import { CommitSlider } from './CommitSlider.tsx';
import { ControlGroup } from './ControlGroup.tsx';
import {
  describeSides,
  partitionAction,
  partitionPosition,
  prefixSplit,
  SWITCHES_LISTED,
  switchesShown,
} from './faults.ts';

export function FaultControls() {
  return (
    <ControlGroup id="faults" title="Faults">
      <PartitionSlider />
      <NodeSwitches />
      <LoseDiskToggle />
      <LatencyControls />
      <LossSlider />
    </ControlGroup>
  );
}

function PartitionSlider() {
  const nodes = useLabStable((s) => s.snapshot?.nodes.map((n) => n.id) ?? []);
  const sides = useLabStable((s) => s.snapshot?.network.partition ?? null);
  const k = sides === null ? null : partitionPosition(sides);
  // At the committed position the slider names the sides as they are (a preset may have cut any set of nodes
  // off); dragged elsewhere, it names the split that releasing it there would make.
  const format = (p: number) =>
    p === k && sides !== null
      ? describeSides(sides)
      : p === 0
        ? 'none'
        : describeSides(prefixSplit(nodes, p));
  return (
    <CommitSlider
      label="Partition"
      min={0}
      max={Math.max(0, nodes.length - 1)}
      value={k}
      format={format}
      wrapValue
      disabled={nodes.length < 2}
      onCommit={(p) => act(partitionAction(nodes, p))}
      hint="Cuts the network in two: the first nodes in the list on one side, the rest on the other. Back to 0 heals it."
    />
  );
}

/**
 * One switch per node: off crashes it, on restarts it; the same as the node's menu on the graph. A cluster of more
 * than SWITCHES_LISTED nodes gets a search box instead of a wall of switches (a 1,000-node ring would be a
 * thousand tab stops): the switches matching it are listed, crashed nodes first.
 */
function NodeSwitches() {
  const nodes = useLabStable((s) => s.snapshot?.nodes.map((n) => ({ id: n.id, up: n.up })) ?? null);
  const loseDisk = useLab((s) => s.loseDiskOnCrash);
  const [query, setQuery] = useState('');
  const id = useId();
  const down = nodes?.filter((n) => !n.up).length ?? 0;
  const many = nodes !== null && nodes.length > SWITCHES_LISTED;
  const listed =
    nodes === null ? null : many ? switchesShown(nodes, query) : { shown: nodes, matching: nodes.length };
  return (
    <fieldset className="subsection node-switches" aria-describedby={`${id}-hint`}>
      <legend>
        Nodes up{' '}
        <span className="muted" data-testid="down-count">
          {nodes === null ? '' : `${nodes.length - down} of ${nodes.length}`}
        </span>
      </legend>
      {many && (
        <div className="field node-find">
          <label htmlFor={`${id}-find`}>Find a node</label>
          <input
            id={`${id}-find`}
            type="search"
            value={query}
            placeholder={`a name, e.g. ${nodes[nodes.length - 1]?.id ?? ''}`}
            aria-describedby={`${id}-found`}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => setQuery(e.currentTarget.value)}
          />
        </div>
      )}
      {listed === null ? (
        <p className="field-hint">–</p>
      ) : (
        <ul className="switch-list">
          {listed.shown.map((n) => (
            <li key={n.id}>
              <NodeSwitch id={n.id} up={n.up} loseDisk={loseDisk} />
            </li>
          ))}
        </ul>
      )}
      {many && listed !== null && (
        <p className="field-hint" id={`${id}-found`} data-testid="switches-found" aria-live="polite">
          {foundText(listed.shown.length, listed.matching, nodes.length, query.trim())}
        </p>
      )}
      <p className="field-hint" id={`${id}-hint`}>
        Switch a node off to crash it, on to restart it. Clicking a node on the graph opens the same choice.
      </p>
    </fieldset>
  );
}

/** What the search box of a large cluster's switches found. */
function foundText(shown: number, matching: number, total: number, query: string): string {
  const all = formatInt(total);
  if (query === '') return `Showing ${shown} of ${all} (crashed ones first): type a name to find another.`;
  if (matching === 0) return `No node’s name contains “${query}”.`;
  if (shown === matching) return `${matching} of ${all} nodes ${matching === 1 ? 'matches' : 'match'}.`;
  return `Showing ${shown} of the ${formatInt(matching)} nodes matching: type more of the name.`;
}

function NodeSwitch({ id, up, loseDisk }: { id: string; up: boolean; loseDisk: boolean }) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={up}
      className={up ? 'node-switch node-switch-up' : 'node-switch node-switch-down'}
      data-node-id={id}
      onClick={() =>
        act(
          up
            ? loseDisk
              ? { type: 'crash', node: id, durable: false }
              : { type: 'crash', node: id }
            : { type: 'restart', node: id },
        )
      }
    >
      <span className="switch-dot" aria-hidden="true" />
      {id}
      <span className="switch-state" aria-hidden="true">
        {up ? 'up' : 'down'}
      </span>
    </button>
  );
}

/** Whether the next crash (by click, keyboard or slider) keeps the node's disk: its log, term and vote. */
function LoseDiskToggle() {
  const lose = useLab((s) => s.loseDiskOnCrash);
  const id = useId();
  return (
    <>
      <div className="field field-check">
        <input
          id={id}
          type="checkbox"
          checked={lose}
          aria-describedby={`${id}-hint`}
          onChange={(event) => setLoseDiskOnCrash(event.currentTarget.checked)}
        />
        <label htmlFor={id}>Lose disk on crash</label>
      </div>
      <p className="field-hint" id={`${id}-hint`}>
        {lose
          ? 'The next crashes wipe the node’s log, term and vote: it restarts empty and copies everything again.'
          : 'Crashed nodes keep their log, term and vote on disk and restart from them.'}
      </p>
    </>
  );
}

function LatencyControls() {
  const latency = useLabStable((s) => s.snapshot?.network.latency ?? null);
  const selectId = useId();
  const mean = latency ? latencyMeanMs(latency) : null;
  const dist = latency ? latencyFamily(latency) : 'constant';
  const commit = (nextDist: LatencyDist, meanMs: number) =>
    act({ type: 'setLatency', latency: latencyWithMean(nextDist, meanMs) });
  return (
    <>
      <CommitSlider
        label="Latency"
        min={0}
        max={LATENCY_SCALE.steps}
        value={mean === null ? null : LATENCY_SCALE.toPosition(mean)}
        format={(p) =>
          `${formatMean(mean !== null && p === LATENCY_SCALE.toPosition(mean) ? mean : LATENCY_SCALE.toValue(p))} ms mean, one way`
        }
        disabled={!latency}
        onCommit={(p) => commit(dist === 'other' ? 'constant' : dist, LATENCY_SCALE.toValue(p))}
      />
      <div className="field">
        <label htmlFor={selectId}>Latency distribution</label>
        <select
          id={selectId}
          value={dist}
          disabled={!latency}
          onChange={(event) => {
            const next = event.currentTarget.value;
            if (isDist(next) && mean !== null) commit(next, roundMean(mean));
          }}
        >
          {LATENCY_DISTS.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
          {dist === 'other' && latency && (
            <option value="other" disabled>
              {latency.dist === 'profile' ? `profile: ${latency.name}` : latency.dist}
            </option>
          )}
        </select>
      </div>
      <LatencyProfileSelect />
    </>
  );
}

const PROFILES = [
  { value: 'lnkd-ssd', label: 'LNKD-SSD (LinkedIn, SSDs)' },
  { value: 'lnkd-disk', label: 'LNKD-DISK (LinkedIn, spinning disks)' },
  { value: 'ymmr', label: 'YMMR (Yammer)' },
] as const;
type ProfileName = (typeof PROFILES)[number]['value'];

/** Production latencies (PBS paper) for replica traffic: writes, acknowledgements, reads and responses. */
function LatencyProfileSelect() {
  const profile = useLab((s) => s.snapshot?.network.latencyProfile ?? null);
  const id = useId();
  return (
    <>
      <div className="field">
        <label htmlFor={id}>Replica latency profile</label>
        <select
          id={id}
          value={profile ?? ''}
          aria-describedby={`${id}-hint`}
          onChange={(event) => {
            const next = event.currentTarget.value;
            const chosen = PROFILES.find((p) => p.value === next)?.value ?? null;
            act({ type: 'setLatencyProfile', profile: chosen as ProfileName | null });
          }}
        >
          <option value="">none: the latency above for every message</option>
          {PROFILES.map((p) => (
            <option key={p.value} value={p.value}>
              {p.label}
            </option>
          ))}
        </select>
      </div>
      <p className="field-hint" id={`${id}-hint`}>
        {profile
          ? 'Replica writes (W), acknowledgements (A), reads (R) and responses (S) draw from the PBS paper’s production fits; client links keep the latency above.'
          : 'Choose a production profile (PBS paper) for the messages between nodes.'}
      </p>
    </>
  );
}

function LossSlider() {
  const loss = useLab((s) => s.snapshot?.network.dropProbability ?? null);
  return (
    <CommitSlider
      label="Message loss"
      min={0}
      max={50}
      value={loss === null ? null : Math.round(loss * 100)}
      format={(p) => `${p}%`}
      onCommit={(p) => act({ type: 'setLoss', dropProbability: p / 100 })}
    />
  );
}

function latencyFamily(latency: Latency): LatencyDist | 'other' {
  return isDist(latency.dist) ? latency.dist : 'other';
}

function isDist(value: string): value is LatencyDist {
  return (LATENCY_DISTS as readonly string[]).includes(value);
}

/** The slider's position is rounded; at the committed position show the exact mean. */
function formatMean(ms: number): string {
  return Number(ms.toPrecision(3)).toString();
}

/** Keeps the mean when switching family, without float noise from the previous family's formula. */
function roundMean(ms: number): number {
  return Number(ms.toPrecision(4));
}
