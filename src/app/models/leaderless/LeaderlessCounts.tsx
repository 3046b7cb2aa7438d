/**
 * The leaderless counters shown above the history: reads of failed writes, non-linearizable reads and keys
 * still divergent after heal and quiescence, as the oracle counts them; and, once a run has a sloppy quorum,
 * hinted handoff's work as the model did it (hints taken by fallback nodes, handed off to their home replica, lost
 * with a crashed node's disk).
 */
import { formatInt } from '../../format.ts';
import { useLab } from '../../hooks.ts';
import { useOracle } from '../../oracle/oracle.ts';

export function LeaderlessCounts() {
  const leaderless = useLab((s) => s.snapshot?.view.model === 'leaderless');
  const found = useOracle((s) => s.answer?.counts);
  const taken = useLab((s) => (s.snapshot?.view.model === 'leaderless' ? s.snapshot.view.handoff.taken : 0));
  const handedOff = useLab((s) =>
    s.snapshot?.view.model === 'leaderless' ? s.snapshot.view.handoff.handedOff : 0,
  );
  const lost = useLab((s) => (s.snapshot?.view.model === 'leaderless' ? s.snapshot.view.handoff.lost : 0));
  const sloppy = useLab(
    (s) => s.snapshot?.view.model === 'leaderless' && s.snapshot.view.settings.sloppyQuorum,
  );
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
  const handoff =
    sloppy || taken > 0
      ? [
          { key: 'hintsTaken', label: 'hints taken by fallbacks', value: taken },
          { key: 'hintsHandedOff', label: 'hints handed off', value: handedOff },
          ...(lost > 0 ? [{ key: 'hintsLost', label: 'hints lost in crashes', value: lost }] : []),
        ]
      : [];
  return (
    <dl className="counts ll-counts" data-testid="leaderless-counts">
      {items.map((item) => (
        <div key={item.key} className="count count-stale" data-count={item.key}>
          <dt>{item.label}</dt>
          <dd>{formatInt(item.value)}</dd>
        </div>
      ))}
      {handoff.map((item) => (
        <div key={item.key} className="count count-handoff" data-count={item.key}>
          <dt>{item.label}</dt>
          <dd>{formatInt(item.value)}</dd>
        </div>
      ))}
    </dl>
  );
}
