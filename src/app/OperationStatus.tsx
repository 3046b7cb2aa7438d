/**
 * An operation's Jepsen status (pending/ok/fail/info) and its anomaly badges: STALE for a stale read, LOST for
 * an acknowledged write the cluster has since lost, DUPLICATE ID for an auto-increment id handed out twice,
 * BACK IN TIME for a read older than one the same client made before (a monotonic-reads violation). The badges
 * are the oracle's verdicts (its latest answer); the operation itself carries none.
 */
import type { Operation } from '../sim/types.ts';
import { useLab } from './hooks.ts';
import { useAnomalyAbout, useAnomalyKinds } from './oracle/oracle.ts';

const STATUS_TITLES: Record<Operation['status'], string> = {
  pending: 'invoked, not yet completed',
  ok: 'completed successfully',
  fail: 'definitely did not take effect',
  info: 'indeterminate: it may or may not have taken effect',
};

export function OperationStatus({ op }: { op: Operation }) {
  const kinds = useAnomalyKinds(op.id);
  // The other operation each anomaly names, when the oracle's answer lists it (it lists the first and latest).
  const missed = useAnomalyAbout(op.id, 'stale-read')?.ops[1];
  const regressedFrom = useAnomalyAbout(op.id, 'monotonic-reads')?.ops[1];
  const duplicateOf = useAnomalyAbout(op.id, 'duplicate-id')?.ops[1];
  const missedVersion = useLab((s) =>
    missed === undefined ? undefined : s.snapshot?.history.find((o) => o.id === missed)?.version,
  );
  return (
    <>
      <span className={`status-badge status-${op.status}`} title={STATUS_TITLES[op.status]}>
        {op.status}
      </span>
      {kinds.includes('stale-read') && (
        <span
          className="stale-badge"
          data-testid="stale"
          title={`older than the latest acknowledged write${missedVersion ? ` (v${missedVersion})` : ''}`}
        >
          STALE
        </span>
      )}
      {kinds.includes('lost-write') && (
        <span
          className="anomaly-badge lost-badge"
          data-testid="lost"
          title="acknowledged, then lost: the surviving leader does not hold it (see Lost acknowledged writes)"
        >
          LOST
        </span>
      )}
      {kinds.includes('monotonic-reads') && (
        <span
          className="anomaly-badge regress-badge"
          data-testid="non-monotonic"
          title={`older than what ${regressedFrom === undefined ? 'an earlier read' : `op ${regressedFrom} (an earlier read)`} by ${op.client} returned: time went backwards`}
        >
          BACK IN TIME
        </span>
      )}
      {regressedFrom !== undefined && <span className="anomaly-note">older than op {regressedFrom}</span>}
      {kinds.includes('duplicate-id') && (
        <span
          className="anomaly-badge duplicate-badge"
          data-testid="duplicate"
          title={`same id as ${duplicateOf === undefined ? 'an earlier write' : `op ${duplicateOf}`}: the leader handed out ${op.value ?? 'this id'} twice`}
        >
          DUPLICATE ID
        </span>
      )}
      {duplicateOf !== undefined && <span className="anomaly-note">same id as op {duplicateOf}</span>}
    </>
  );
}
