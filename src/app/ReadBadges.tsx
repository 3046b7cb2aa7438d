/**
 * Badges on a history row for what a read saw: the value of a failed write, data older than a read that had
 * finished before it began, or concurrent values (siblings). STALE comes from OperationStatus.
 */
import type { Operation } from '../sim/types.ts';

export function ReadBadges({ op }: { op: Operation }) {
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
