/** The oracle's answer as the `checked` reply carries it: counts by kind, a bounded list, the flagged operations. */
import { ANOMALY_KINDS, type AnomalyKind, type OracleResult } from '../sim/oracle/oracle.ts';
import { oracleHeadline } from './oracleCounts.ts';
import { type FlaggedOp, type FromWorker, MAX_ANOMALIES_SENT, MAX_FLAGGED_SENT } from './protocol.ts';

export function checkedReply(
  epoch: number,
  requestId: number,
  nowUs: number,
  result: OracleResult,
  verdictText: string,
): Extract<FromWorker, { type: 'checked' }> {
  const flagged: FlaggedOp[] = [];
  for (const a of result.anomalies.slice(-MAX_FLAGGED_SENT))
    if (a.ops[0] !== undefined) flagged.push({ op: a.ops[0], kind: a.kind });
  const sent = listed(result.anomalies);
  return {
    type: 'checked',
    epoch,
    requestId,
    nowUs,
    ...sent,
    leftOut: result.anomalies.length - sent.anomalies.length + (result.omitted ?? 0),
    ...headline(result),
    flagged,
    linearizability: result.linearizability,
    verdictText,
  };
}

/**
 * The counts by kind, their total and the headline. A long run's list keeps only the first and the latest
 * per-operation anomalies (and the lost writes of the history's window), so these come from the oracle's exact
 * counts when it has them, never from the list; a conflict counts once (a set of concurrent writes to one key,
 * engine/conflictLog.ts) however many nodes' detections the list holds. Written histories (tests) have no counts:
 * their list is whole.
 */
function headline(result: OracleResult): {
  counts: Partial<Record<AnomalyKind, number>>;
  total: number;
  anomalousOps: number;
  otherAnomalies: number;
} {
  const exact = result.counts;
  const counts: Partial<Record<AnomalyKind, number>> = {};
  if (exact === undefined) {
    for (const a of result.anomalies) counts[a.kind] = (counts[a.kind] ?? 0) + 1;
    return { counts, total: result.anomalies.length, ...oracleHeadline(result.anomalies) };
  }
  let total = 0;
  for (const kind of ANOMALY_KINDS) {
    const n = exact[kind];
    if (n === 0) continue;
    counts[kind] = n;
    total += n;
  }
  return {
    counts,
    total,
    anomalousOps: result.anomalousOps ?? oracleHeadline(result.anomalies).anomalousOps,
    otherAnomalies: exact.conflict + exact.divergence + exact['not-linearizable'],
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
