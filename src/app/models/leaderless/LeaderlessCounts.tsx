/**
 * The leaderless counters shown above the history: reads of failed writes, non-linearizable reads and keys
 * still divergent after heal and quiescence, as the oracle counts them.
 */
import { formatInt } from '../../format.ts';
import { useLab } from '../../hooks.ts';
import { useOracle } from '../../oracle/oracle.ts';

export function LeaderlessCounts() {
  const leaderless = useLab((s) => s.snapshot?.view.model === 'leaderless');
  const found = useOracle((s) => s.answer?.counts);
  if (!leaderless) return null;
  const items = [
    {
      key: 'readsOfFailedWrites',
      label: 'reads of failed writes',
      value: found?.['read-of-failed-write'] ?? 0,
    },
    {
      key: 'nonLinearizableReads',
      label: 'non-linearizable reads',
      value: found?.['non-linearizable-read'] ?? 0,
    },
    { key: 'divergentKeys', label: 'divergent keys', value: found?.divergence ?? 0 },
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
