/** Faults: partition, crashed nodes, latency (mean and distribution) and message loss. */
import { useId } from 'react';
import type { Latency } from '../../sim/scenarios/schema.ts';
import { LATENCY_DISTS, LATENCY_SCALE, type LatencyDist, latencyMeanMs, latencyWithMean } from '../format.ts';
import { useLab, useLabStable } from '../hooks.ts';
import { labStore, setLoseDiskOnCrash } from '../store.ts';
import { act } from '../worker/simClient.ts';
import { CommitSlider } from './CommitSlider.tsx';
import { crashActions, partitionAction, partitionPosition } from './faults.ts';

export function FaultControls() {
  return (
    <section className="panel-section" aria-labelledby="faults-heading">
      <h2 id="faults-heading">Faults</h2>
      <PartitionSlider />
      <CrashSlider />
      <LoseDiskToggle />
      <LatencyControls />
      <LossSlider />
    </section>
  );
}

function PartitionSlider() {
  const nodes = useLabStable((s) => s.snapshot?.nodes.map((n) => n.id) ?? []);
  const k = useLab((s) => (s.snapshot ? partitionPosition(s.snapshot) : 0));
  const format = (p: number) =>
    p === 0 ? 'none' : `${nodes.slice(0, p).length} | ${Math.max(0, nodes.length - p)} nodes`;
  return (
    <CommitSlider
      label="Partition"
      min={0}
      max={Math.max(0, nodes.length - 1)}
      value={k}
      format={format}
      disabled={nodes.length < 2}
      onCommit={(p) => act(partitionAction(nodes, p))}
      hint="k cuts the first k nodes off from the rest; 0 heals."
    />
  );
}

function CrashSlider() {
  const total = useLab((s) => s.snapshot?.nodes.length ?? 0);
  const down = useLab((s) => s.snapshot?.nodes.filter((n) => !n.up).length ?? 0);
  const onCommit = (target: number) => {
    const { snapshot, scenario, loseDiskOnCrash } = labStore.getState();
    if (!snapshot) return;
    for (const action of crashActions(snapshot.nodes, scenario, target, !loseDiskOnCrash)) act(action);
  };
  return (
    <CommitSlider
      label="Crashed nodes"
      min={0}
      max={total}
      value={down}
      format={(p) => `${p} of ${total} down`}
      disabled={total === 0}
      onCommit={onCommit}
      hint="Crashes from the end of the list; click a node to crash or restart it."
    />
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
  const mean = latency ? latencyMeanMs(latency) : 10;
  const dist = latency ? latencyFamily(latency) : 'constant';
  const commit = (nextDist: LatencyDist, meanMs: number) =>
    act({ type: 'setLatency', latency: latencyWithMean(nextDist, meanMs) });
  return (
    <>
      <CommitSlider
        label="Latency"
        min={0}
        max={LATENCY_SCALE.steps}
        value={LATENCY_SCALE.toPosition(mean)}
        format={(p) =>
          `${formatMean(p === LATENCY_SCALE.toPosition(mean) ? mean : LATENCY_SCALE.toValue(p))} ms mean, one way`
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
            if (isDist(next)) commit(next, roundMean(mean));
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
  const loss = useLab((s) => s.snapshot?.network.dropProbability ?? 0);
  const ready = useLab((s) => s.snapshot !== null);
  return (
    <CommitSlider
      label="Message loss"
      min={0}
      max={50}
      value={Math.round(loss * 100)}
      format={(p) => `${p}%`}
      disabled={!ready}
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
