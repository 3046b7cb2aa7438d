/**
 * The leaderless anomalies in the history: badges on reads of failed writes and non-linearizable reads, a
 * sibling count on reads that returned concurrent values, and their counters. STALE comes from the shared
 * OperationStatus.
 */
import type { Operation } from '../../sim/types.ts';
import { formatInt } from '../format.ts';
import { useLabThrottled } from '../hooks.ts';

export function LeaderlessBadges({ op }: { op: Operation }) {
  return (
    <>
      {op.readFailedWrite !== undefined && (
        <span
          className="anomaly-badge ll-failed-write-badge"
          data-testid="read-failed-write"
          title={`read a failed write: it returned the value of op ${op.readFailedWrite}, a write reported as failed. Leaderless replicas that stored it do not roll it back, so a failed write can still be read.`}
        >
          READ FAILED WRITE
        </span>
      )}
      {op.newerReadBefore !== undefined && (
        <span
          className="anomaly-badge ll-nonlinear-badge"
          data-testid="non-linearizable"
          title={`not linearizable: older than a read that finished before it began (op ${op.newerReadBefore}). Quorum reads overlap the write quorum, yet a read during a write may see it while a later read does not.`}
        >
          NOT LINEARIZABLE
        </span>
      )}
      {op.siblings && op.siblings.length > 1 && (
        <span
          className="ll-siblings-tag"
          data-testid="siblings"
          title={`${op.siblings.length} siblings: concurrent writes neither of which saw the other (${op.siblings.join(' | ')}). The next write with this context merges them.`}
        >
          {op.siblings.length} siblings
        </span>
      )}
    </>
  );
}

/** The leaderless counters, beside the generic ones; nothing for other models. */
export function LeaderlessCounts() {
  const counts = useLabThrottled((s) => {
    const snap = s.snapshot;
    if (snap?.model !== 'leaderless') return null;
    return {
      failed: snap.counts.readsOfFailedWrites,
      nonLinear: snap.counts.nonLinearizableReads,
      divergent: snap.divergentKeys.length,
    };
  }, 250);
  if (!counts) return null;
  const items = [
    { key: 'readsOfFailedWrites', label: 'reads of failed writes', value: counts.failed },
    { key: 'nonLinearizableReads', label: 'non-linearizable reads', value: counts.nonLinear },
    { key: 'divergentKeys', label: 'divergent keys', value: counts.divergent },
  ];
  return (
    <dl className="counts ll-counts" data-testid="leaderless-counts">
      {items.map((item) => (
        <div key={item.key} className="count count-stale" data-count={item.key}>
          <dt>{item.label}</dt>
          <dd>{formatInt(item.value)}</dd>
        </div>
      ))}
    </dl>
  );
}
