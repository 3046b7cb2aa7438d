/**
 * The oracle's headline, counted as a reader counts: operations, not labels. A stale read that also breaks
 * read-your-writes is one anomalous read with two labels; the kinds that concern several operations alike or
 * none (a write conflict, a window that cannot be linearized, a divergent key) are counted on their own.
 */
import { type Anomaly, aboutOp } from '../sim/oracle/anomaly.ts';

export interface OracleHeadline {
  /** Distinct operations some anomaly is about. */
  readonly anomalousOps: number;
  /** Anomalies about no single operation (conflicts, non-linearizable windows, divergence). */
  readonly otherAnomalies: number;
}

export function oracleHeadline(anomalies: readonly Anomaly[]): OracleHeadline {
  const ops = new Set<number>();
  let others = 0;
  for (const a of anomalies) {
    const op = aboutOp(a);
    if (op === undefined) others++;
    else ops.add(op);
  }
  return { anomalousOps: ops.size, otherAnomalies: others };
}
