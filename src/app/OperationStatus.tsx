/** An operation's Jepsen status (pending/ok/fail/info) and, for a stale read, the STALE badge. */
import type { Operation } from '../sim/types.ts';

const STATUS_TITLES: Record<Operation['status'], string> = {
  pending: 'invoked, not yet completed',
  ok: 'completed successfully',
  fail: 'definitely did not take effect',
  info: 'indeterminate: it may or may not have taken effect',
};

export function OperationStatus({ op }: { op: Operation }) {
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
    </>
  );
}
