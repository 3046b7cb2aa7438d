/**
 * Conflicts: how many (sets of concurrent writes to one key, each counted once), then the nodes' detections of them
 * (newest first): the key, the node and when, the concurrent values with the leader each came from, the resolution
 * and what it did; above them, whether the replicas agree now.
 */
import { conflictsText } from '../../../sim/analysis/conflictWords.ts';
import type { ConflictView } from '../../../sim/types.ts';
import { formatMs } from '../../format.ts';
import { useLabThrottled } from '../../hooks.ts';
import { RESOLUTION_LABELS } from './MultiLeaderControls.tsx';
import './multileader.css';

const REFRESH_MS = 250;
const SHOWN = 30;

export function ConflictsPanel() {
  const data = useLabThrottled((s) => {
    const snap = s.snapshot;
    if (snap?.view.model !== 'multi-leader') return null;
    return {
      conflicts: snap.conflicts.slice(-SHOWN).reverse(),
      count: snap.conflictCount,
      total: snap.conflictDetections,
      divergent: snap.divergentKeys,
    };
  }, REFRESH_MS);
  if (!data) return null;
  const headingId = 'conflicts-heading';
  return (
    <section
      className={data.total > 0 ? 'conflicts-panel has-conflicts' : 'conflicts-panel'}
      aria-labelledby={headingId}
      data-testid="conflicts-panel"
    >
      <h3 id={headingId}>
        Conflicts{' '}
        <span className="conflicts-count" data-testid="conflict-count">
          {data.count}
        </span>
      </h3>
      <Divergence keys={data.divergent} />
      {data.total === 0 ? (
        <p className="conflicts-none">
          None detected yet: no two leaders have written the same key concurrently.
        </p>
      ) : (
        <>
          <p className="muted" data-testid="conflicts-detections">
            {conflictsText(data.count)}, detected {data.total === 1 ? 'once' : `${data.total} times`} by the
            nodes; each detection:
          </p>
          {data.total > data.conflicts.length ? (
            <p className="muted" data-testid="conflicts-trimmed">
              The latest {data.conflicts.length} of {data.total} detections are listed.
            </p>
          ) : null}
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: the list scrolls within its 240 px, and a keyboard reaches what is below only from inside it (axe: scrollable-region-focusable). */}
          <ol className="conflict-list" tabIndex={0} aria-label="Conflict detections">
            {data.conflicts.map((c) => (
              <ConflictItem key={`${c.node}:${c.key}:${c.atUs}`} conflict={c} />
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

/** Whether the replicas agree now, naming the keys they disagree on. */
function Divergence({ keys }: { keys: readonly string[] }) {
  return keys.length > 0 ? (
    <p className="divergence divergence-bad" role="status" data-testid="divergence">
      Replicas disagree on {keys.join(', ')}.
    </p>
  ) : (
    <p className="divergence divergence-ok" data-testid="divergence">
      Converged: every live leader holds the same data.
    </p>
  );
}

/** One conflict: the key, the node and when, the resolution, the concurrent values and their leaders, the outcome. */
function ConflictItem({ conflict: c }: { conflict: ConflictView }) {
  return (
    <li className="conflict-item" data-testid="conflict" data-key={c.key} data-node={c.node}>
      <div className="conflict-head">
        <span className="conflict-key">{c.key}</span>
        <span>
          on <strong>{c.node}</strong> at {formatMs(c.atUs)} ms
        </span>
        <span className="conflict-resolution">
          {RESOLUTION_LABELS[c.resolution as keyof typeof RESOLUTION_LABELS] ?? c.resolution}
        </span>
      </div>
      <div className="conflict-versions">
        {c.versions.map((v) => (
          <span key={v.opId} className="conflict-version">
            {v.value}{' '}
            <span className="muted">
              from {v.origin} (w{v.opId})
            </span>
          </span>
        ))}
      </div>
      <p className="conflict-outcome">{c.outcome}</p>
    </li>
  );
}
