/**
 * An operation's Jepsen status (pending/ok/fail/info) and its anomaly badges: STALE for a stale read, LOST for
 * an acknowledged write the cluster has since lost, DUPLICATE ID for an auto-increment id handed out twice,
 * BACK IN TIME for a read older than one the same client made before (a monotonic-reads violation).
 */
import type { Operation } from '../sim/types.ts';

const STATUS_TITLES: Record<Operation['status'], string> = {
  pending: 'invoked, not yet completed',
  ok: 'completed successfully',
  fail: 'definitely did not take effect',
  info: 'indeterminate: it may or may not have taken effect',
};

export function OperationStatus({ op, lost = false }: { op: Operation; lost?: boolean }) {
  return (
    <>
      <span className={`status-badge status-${op.status}`} title={STATUS_TITLES[op.status]}>
        {op.status}
      </span>
      {op.stale && (
        <span
          className="stale-badge"
          data-testid="stale"
          title={`older than the latest acknowledged write (v${op.expectedMinVersion})`}
        >
          STALE
        </span>
      )}
      {lost && (
        <span
          className="anomaly-badge lost-badge"
          data-testid="lost"
          title="acknowledged, then lost: the surviving leader does not hold it (see Lost acknowledged writes)"
        >
          LOST
        </span>
      )}
      {op.regressedFrom !== undefined && (
        <span
          className="anomaly-badge regress-badge"
          data-testid="non-monotonic"
          title={`older than what op ${op.regressedFrom} (an earlier read by ${op.client}) returned: time went backwards`}
        >
          BACK IN TIME
        </span>
      )}
      {op.regressedFrom !== undefined && (
        <span className="anomaly-note">older than op {op.regressedFrom}</span>
      )}
      {op.duplicateOf !== undefined && (
        <span
          className="anomaly-badge duplicate-badge"
          data-testid="duplicate"
          title={`same id as op ${op.duplicateOf}: the leader handed out ${op.value ?? 'this id'} twice`}
        >
          DUPLICATE ID
        </span>
      )}
      {op.duplicateOf !== undefined && <span className="anomaly-note">same id as op {op.duplicateOf}</span>}
    </>
  );
}
