/** The leaderless counters shown above the history: reads of failed writes, non-linearizable reads, divergence. */
import { formatInt } from '../../format.ts';
import { useLabThrottled } from '../../hooks.ts';

export function LeaderlessCounts() {
  const counts = useLabThrottled((s) => {
    const snap = s.snapshot;
    if (snap?.view.model !== 'leaderless') return null;
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
