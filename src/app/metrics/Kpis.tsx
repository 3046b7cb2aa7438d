/** The metrics panel's KPI tiles: the run's figures so far, each with its raw value as a test hook. */
import type { ReactNode } from 'react';
import type { RunMetrics } from '../../sim/analysis/metrics.ts';
import { formatBytes, formatCount, formatLatency, formatPercent } from './format.ts';

const BYTES_NOTE =
  'Estimated: a 24-byte envelope per message, 8 bytes per number, 1 per boolean, and strings, lists and version ' +
  'vectors by their length (see the README).';

export function Kpis({ summary }: { summary: RunMetrics }) {
  const { writes, reads } = summary;
  const completed = (s: RunMetrics['writes']) => s.ok + s.failed + s.info;
  return (
    <dl className="metrics-kpis" aria-label="Run metrics">
      <Tile
        metric="write-latency"
        label="Write latency"
        value={<Figure testId="metrics-write-p50" us={writes.p50Us} prefix="p50" />}
        detail={<Figure testId="metrics-write-p99" us={writes.p99Us} prefix="p99" />}
        note={`${formatCount(writes.ok)} ok of ${formatCount(writes.invoked)} writes`}
      />
      <Tile
        metric="read-latency"
        label="Read latency"
        value={<Figure testId="metrics-read-p50" us={reads.p50Us} prefix="p50" />}
        detail={<Figure testId="metrics-read-p99" us={reads.p99Us} prefix="p99" />}
        note={`${formatCount(reads.ok)} ok of ${formatCount(reads.invoked)} reads`}
      />
      <Tile
        metric="availability"
        label="Availability"
        raw={summary.availability}
        value={formatPercent(summary.availability)}
        note={`${formatCount(writes.ok + reads.ok)} ok of ${formatCount(completed(writes) + completed(reads))}; ${formatCount(writes.failed + reads.failed)} failed, ${formatCount(writes.info + reads.info)} indet.`}
        title="Operations that completed ok, over all completed operations (ok, failed, or indeterminate: the client could not tell whether the operation took effect)."
        tone={summary.availability !== null && summary.availability < 1 ? 'warn' : undefined}
      />
      <Tile
        metric="stale-read-rate"
        label="Stale reads"
        raw={summary.staleReadRate}
        value={formatPercent(summary.staleReadRate)}
        note={`${formatCount(summary.staleReads)} of ${formatCount(reads.ok)} reads`}
        tone={summary.staleReads > 0 ? 'warn' : undefined}
      />
      <Tile
        metric="messages"
        label="Messages sent"
        raw={summary.messagesSent}
        value={formatCount(summary.messagesSent)}
        note={`${formatCount(summary.messagesDropped)} dropped`}
      />
      <Tile
        metric="bytes"
        label="Bytes sent"
        raw={summary.bytesSent}
        value={formatBytes(summary.bytesSent)}
        note="estimated"
        title={BYTES_NOTE}
      />
      <Tile
        metric="conflicts"
        label="Conflicts"
        raw={summary.conflicts}
        value={formatCount(summary.conflicts)}
        note="sets of concurrent writes to one key"
        tone={summary.conflicts > 0 ? 'warn' : undefined}
      />
      <Tile
        metric="lost-writes"
        label="Lost writes"
        raw={summary.lostWrites}
        value={formatCount(summary.lostWrites)}
        note="acknowledged, then lost"
        tone={summary.lostWrites > 0 ? 'danger' : undefined}
      />
    </dl>
  );
}

function Tile(props: {
  metric: string;
  label: string;
  value: ReactNode;
  detail?: ReactNode;
  note: string;
  raw?: number | null;
  tone?: 'warn' | 'danger' | undefined;
  title?: string;
}) {
  return (
    <div
      className={props.tone ? `metrics-kpi metrics-kpi-${props.tone}` : 'metrics-kpi'}
      data-testid="metrics-kpi"
      data-metric={props.metric}
      data-value={props.raw === undefined ? undefined : String(props.raw)}
      title={props.title}
    >
      <dt>{props.label}</dt>
      <dd className="metrics-kpi-value">
        {props.value}
        {props.detail && <span className="metrics-kpi-detail">{props.detail}</span>}
      </dd>
      <dd className="metrics-kpi-note">{props.note}</dd>
    </div>
  );
}

function Figure({ testId, us, prefix }: { testId: string; us: number | null; prefix: string }) {
  return (
    <span data-testid={testId} data-value={us === null ? '' : String(us)}>
      <span className="metrics-kpi-prefix">{prefix}</span> {formatLatency(us)}
    </span>
  );
}
