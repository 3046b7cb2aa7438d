/**
 * Badges on a history row for what a read saw: the value of a failed write, data older than a read that had
 * finished before it began (the oracle's verdicts), or concurrent values (siblings: what it returned). STALE
 * comes from OperationStatus.
 */
import type { Operation } from '../sim/types.ts';
import { useAnomalyAbout, useAnomalyKinds } from './oracle/oracle.ts';

export function ReadBadges({ op }: { op: Operation }) {
  const kinds = useAnomalyKinds(op.id);
  // The other operation each anomaly names, when the oracle's answer lists it.
  const failedWrite = useAnomalyAbout(op.id, 'read-of-failed-write')?.ops[1];
  const newerRead = useAnomalyAbout(op.id, 'non-linearizable-read')?.ops[1];
  return (
    <>
      {kinds.includes('read-of-failed-write') && (
        <span
          className="anomaly-badge ll-failed-write-badge"
          data-testid="read-failed-write"
          title={`read a failed write: it returned the value of ${failedWrite === undefined ? 'a write' : `op ${failedWrite}`}, a write reported as failed. Leaderless replicas that stored it do not roll it back, so a failed write can still be read.`}
        >
          READ FAILED WRITE
        </span>
      )}
      {kinds.includes('non-linearizable-read') && (
        <span
          className="anomaly-badge ll-nonlinear-badge"
          data-testid="non-linearizable"
          title={`not linearizable: older than a read that finished before it began${newerRead === undefined ? '' : ` (op ${newerRead})`}. Quorum reads overlap the write quorum, yet a read during a write may see it while a later read does not.`}
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
