/**
 * The leaderless model's controls: N, W and R, the repair mechanisms (read repair, sloppy quorum with hinted
 * handoff, anti-entropy) and how concurrent writes resolve. Each change is one `setQuorum` action, recorded in
 * the timeline like any other. W + R > N is called out with what it does, and does not, guarantee.
 */

import { useId } from 'react';
import type { LeaderlessSettings } from '../../../sim/types.ts';
import { CommitSlider } from '../../controls/CommitSlider.tsx';
import { ControlGroup } from '../../controls/ControlGroup.tsx';
import { useLab, useLabStable } from '../../hooks.ts';
import { act } from '../../worker/simClient.ts';
import { leaderlessShown } from './state.ts';

type Config = Pick<
  LeaderlessSettings,
  'n' | 'w' | 'r' | 'readRepair' | 'sloppyQuorum' | 'hintedHandoff' | 'antiEntropyMs' | 'resolution'
>;

/** Anti-entropy intervals the slider steps through, in simulated ms (0: off). */
const ANTI_ENTROPY_STEPS = [0, 50, 100, 200, 500, 1000, 2000, 5000, 10_000];

const READ_REPAIR_HINTS: Record<LeaderlessSettings['readRepair'], string> = {
  off: 'Replicas a read finds behind stay behind until anti-entropy or a later write reaches them.',
  async:
    'The coordinator answers, then writes the newest value back to replicas that answered with older ones.',
  blocking: 'The coordinator repairs stale replicas first and answers only once they acknowledge.',
};

export function QuorumControls() {
  const config = useLabStable((s): Config | null => {
    const ll = leaderlessShown(s);
    if (!ll) return null;
    const { n, w, r, readRepair, sloppyQuorum, hintedHandoff, antiEntropyMs, resolution } = ll;
    return { n, w, r, readRepair, sloppyQuorum, hintedHandoff, antiEntropyMs, resolution };
  });
  if (!config) return null;
  return (
    <ControlGroup id="quorums" title="Quorums" testId="quorum-controls">
      <QuorumSliders config={config} />
      <QuorumCallout config={config} />
      <ReadRepairField config={config} />
      <Switch
        label="Sloppy quorum"
        checked={config.sloppyQuorum}
        onChange={(sloppyQuorum) => act({ type: 'setQuorum', sloppyQuorum })}
        hint={
          config.sloppyQuorum
            ? 'When a home replica does not answer, the next node on the ring accepts the write in its place and keeps a hint.'
            : 'Only home replicas count toward W and R: with too few reachable, the operation fails.'
        }
      />
      <Switch
        label="Hinted handoff"
        checked={config.hintedHandoff}
        onChange={(hintedHandoff) => act({ type: 'setQuorum', hintedHandoff })}
        hint={
          config.hintedHandoff
            ? 'A node holding hints offers them to the intended replica until it is reachable, then drops them.'
            : 'Hints are kept but never delivered: only read repair and anti-entropy fix the home replica.'
        }
      />
      <AntiEntropySlider antiEntropyMs={config.antiEntropyMs} />
      <ResolutionField config={config} />
    </ControlGroup>
  );
}

/** N, W and R; lowering N below W or R brings them down with it. */
function QuorumSliders({ config }: { config: Config }) {
  const nodeCount = useLab((s) => s.snapshot?.nodes.length ?? 1);
  const { n, w, r } = config;
  return (
    <>
      <CommitSlider
        label="N (replicas per key)"
        min={1}
        max={Math.max(1, nodeCount)}
        value={n}
        format={(v) => `${v} of ${nodeCount} nodes`}
        disabled={nodeCount < 2}
        // Lowering N below W or R brings them down with it: a quorum cannot need more replicas than exist.
        onCommit={(v) => act({ type: 'setQuorum', n: v, w: Math.min(w, v), r: Math.min(r, v) })}
      />
      <CommitSlider
        label="W (write quorum)"
        min={1}
        max={n}
        value={Math.min(w, n)}
        format={(v) => `${v} of ${n} acknowledge`}
        disabled={n < 2}
        onCommit={(v) => act({ type: 'setQuorum', w: v })}
      />
      <CommitSlider
        label="R (read quorum)"
        min={1}
        max={n}
        value={Math.min(r, n)}
        format={(v) => `${v} of ${n} respond`}
        disabled={n < 2}
        onCommit={(v) => act({ type: 'setQuorum', r: v })}
      />
    </>
  );
}

function ReadRepairField({ config }: { config: Config }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Read repair</label>
      <select
        id={id}
        value={config.readRepair}
        onChange={(event) => {
          const next = event.currentTarget.value;
          if (next === 'off' || next === 'async' || next === 'blocking')
            act({ type: 'setQuorum', readRepair: next });
        }}
      >
        <option value="off">off</option>
        <option value="async">asynchronous (after answering)</option>
        <option value="blocking">blocking (before answering)</option>
      </select>
      <p className="field-hint">{READ_REPAIR_HINTS[config.readRepair]}</p>
    </div>
  );
}

/** A checkbox with its label, and a hint under it saying what the current setting does. */
function Switch(props: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint: string;
}) {
  const id = useId();
  return (
    <>
      <div className="field field-check">
        <input
          id={id}
          type="checkbox"
          checked={props.checked}
          onChange={(event) => props.onChange(event.currentTarget.checked)}
        />
        <label htmlFor={id}>{props.label}</label>
      </div>
      <p className="field-hint">{props.hint}</p>
    </>
  );
}

/** The anti-entropy interval, stepped through ANTI_ENTROPY_STEPS (a scenario's own value shown as it is). */
function AntiEntropySlider({ antiEntropyMs }: { antiEntropyMs: number }) {
  const position = nearestStep(antiEntropyMs);
  return (
    <CommitSlider
      label="Anti-entropy interval"
      min={0}
      max={ANTI_ENTROPY_STEPS.length - 1}
      value={position}
      format={(p) => {
        const ms = p === position ? antiEntropyMs : (ANTI_ENTROPY_STEPS[p] ?? 0);
        return ms === 0 ? 'off' : `every ${ms.toLocaleString('en-US')} ms`;
      }}
      onCommit={(p) => act({ type: 'setQuorum', antiEntropyMs: ANTI_ENTROPY_STEPS[p] ?? 0 })}
      hint="Each interval a node compares a digest of its keys with a ring neighbour and sends what the neighbour lacks."
    />
  );
}

/** How concurrent writes resolve: siblings by version vectors, or last write wins by timestamps. */
function ResolutionField({ config }: { config: Config }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Concurrent writes</label>
      <select
        id={id}
        value={config.resolution}
        onChange={(event) => {
          const next = event.currentTarget.value;
          if (next === 'siblings' || next === 'lww') act({ type: 'setQuorum', resolution: next });
        }}
      >
        <option value="siblings">keep siblings (version vectors)</option>
        <option value="lww">last write wins (timestamps)</option>
      </select>
      <p className="field-hint">
        {config.resolution === 'siblings'
          ? 'Writes that did not see each other are both kept; a read returns them all, as "milk | eggs".'
          : 'The write with the highest timestamp wins; the other is silently discarded, even if acknowledged.'}
      </p>
    </div>
  );
}

/** The overlap condition, stated with its limits. */
function QuorumCallout({ config }: { config: Config }) {
  const { n, w, r, sloppyQuorum } = config;
  const strict = w + r > n;
  return (
    <div
      className={`ll-callout ${strict ? 'll-callout-strict' : 'll-callout-partial'}`}
      data-testid="quorum-callout"
      role="note"
    >
      <p className="ll-callout-title">
        W + R = {w + r} {strict ? '>' : '≤'} N = {n}
        <span className="ll-callout-tag">{strict ? 'overlapping quorums' : 'partial quorums'}</span>
      </p>
      {strict ? (
        <>
          <p>
            Every read quorum shares a replica with every write quorum, so with no faults a read sees the
            latest completed write.
          </p>
          <p className="ll-callout-limits">
            It does <strong>not</strong> make reads linearizable (a read during a write may see it and a later
            read not), and it does not hold under sloppy quorums{sloppyQuorum ? ' (on now)' : ''}, for
            concurrent writes (siblings or last-write-wins), or when a failed write was left on some replicas.
          </p>
        </>
      ) : (
        <p>
          A read may ask only replicas the latest write has not reached yet: stale reads are expected, less
          often the longer after the write (run the staleness experiment below the graph).
        </p>
      )}
    </div>
  );
}

function nearestStep(ms: number): number {
  let best = 0;
  ANTI_ENTROPY_STEPS.forEach((step, i) => {
    if (Math.abs(step - ms) < Math.abs((ANTI_ENTROPY_STEPS[best] ?? 0) - ms)) best = i;
  });
  return best;
}
