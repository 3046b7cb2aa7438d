/** The oracle's answer as the `checked` reply carries it: counts by kind, a bounded list, the flagged operations. */
import type { AnomalyKind, OracleResult } from '../sim/oracle/oracle.ts';
import { oracleHeadline } from './oracleCounts.ts';
import { type FlaggedOp, type FromWorker, MAX_ANOMALIES_SENT, MAX_FLAGGED_SENT } from './protocol.ts';

export function checkedReply(
  epoch: number,
  requestId: number,
  nowUs: number,
  result: OracleResult,
  verdictText: string,
): Extract<FromWorker, { type: 'checked' }> {
  const counts: Partial<Record<AnomalyKind, number>> = {};
  for (const a of result.anomalies) counts[a.kind] = (counts[a.kind] ?? 0) + 1;
  // The list holds each node's detection of a conflict; the count is of the conflicts themselves (sets of
  // concurrent writes to one key, each once: engine/conflictLog.ts), as the oracle counts them.
  if (counts.conflict !== undefined && result.counts?.conflict !== undefined)
    counts.conflict = result.counts.conflict;
  const flagged: FlaggedOp[] = [];
  for (const a of result.anomalies.slice(-MAX_FLAGGED_SENT))
    if (a.ops[0] !== undefined) flagged.push({ op: a.ops[0], kind: a.kind });
  return {
    type: 'checked',
    epoch,
    requestId,
    nowUs,
    ...listed(result.anomalies),
    total: result.anomalies.length,
    ...oracleHeadline(result.anomalies),
    counts,
    flagged,
    linearizability: result.linearizability,
    verdictText,
  };
}

/** All anomalies, or the first and the latest MAX_ANOMALIES_SENT / 2 with where the rest were left out. */
function listed(all: OracleResult['anomalies']): {
  anomalies: OracleResult['anomalies'];
  gapAt: number | null;
} {
  if (all.length <= MAX_ANOMALIES_SENT) return { anomalies: all, gapAt: null };
  const half = MAX_ANOMALIES_SENT / 2;
  return { anomalies: [...all.slice(0, half), ...all.slice(-half)], gapAt: half };
}
