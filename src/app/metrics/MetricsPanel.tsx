/**
 * The metrics of the current run: KPI tiles for the whole run (latency p50 and p99, availability, stale-read
 * rate, traffic, conflicts, lost writes) and small charts of the same over simulated time, with the run's
 * faults shaded and the current time as a cursor. The worker computes everything (src/sim/analysis/metrics.ts) and
 * sends it with a snapshot a few times a second; this only draws it.
 *
 * An interval of the series can be inspected: hover a chart, or move the "Inspect interval" slider with the
 * keyboard; its figures are read out as text below the charts.
 */
import { useEffect, useState } from 'react';
import type { MetricsBucket, RunMetrics } from '../../sim/analysis/metrics.ts';
import type { FaultInterval } from '../../sim/engine/messageLog.ts';
import { useLab } from '../hooks.ts';
import {
  formatAxisBytes,
  formatAxisCount,
  formatAxisMs,
  formatBytes,
  formatCount,
  formatLatency,
  formatPercent,
} from './format.ts';
import { type ChartSeries, MetricsChart } from './MetricsChart.tsx';
import './metrics.css';

const BYTES_NOTE =
  'Estimated: a 24-byte envelope per message, 8 bytes per number, 1 per boolean, and strings, lists and version ' +
  'vectors by their length (see the README).';

export function MetricsPanel() {
  const metrics = useLab((s) => s.metrics);
  const durationUs = useLab((s) => (s.scenario?.durationMs ?? 0) * 1000);
  const [hovered, setHovered] = useState<number | null>(null);
  // The inspected interval, by a time inside it: indexes move when buckets merge as the run grows.
  const [chosenUs, setChosenUs] = useState<number | null>(null);
  // A new run (load or reset) forgets it.
  const epoch = useLab((s) => s.epoch);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new epoch is the trigger, not a read.
  useEffect(() => {
    setChosenUs(null);
    setHovered(null);
  }, [epoch]);

  const headingId = 'metrics-heading';
  if (!metrics) {
    return (
      <section className="metrics-panel" aria-labelledby={headingId} data-testid="metrics">
        <div className="metrics-header">
          <h2 id={headingId}>Metrics</h2>
        </div>
        <p className="metrics-empty">Waiting for the run…</p>
      </section>
    );
  }

  const { summary, series } = metrics;
  const buckets = series.buckets;
  // The cursor stands at the time the metrics were taken (at most a quarter of a second behind the clock while
  // playing, exact when paused), so the data never runs past it.
  const shownUntilUs = series.untilUs;
  // The charts span the scenario's planned duration (or the run so far, if it went on), so the cursor moves.
  const endUs = Math.max(durationUs, series.untilUs, buckets.at(-1)?.endUs ?? 0);
  const faults = metrics.faults;
  const last = buckets.length - 1;
  const chosen =
    chosenUs === null ? -1 : buckets.findIndex((b) => b.startUs <= chosenUs && chosenUs < b.endUs);
  const inspected = clampIndex(hovered ?? (chosen >= 0 ? chosen : last), last);
  const bucket = inspected === null ? null : (buckets[inspected] ?? null);

  const chart = (
    name: string,
    title: string,
    description: string,
    chartSeries: readonly ChartSeries[],
    formatY: (v: number) => string,
    emptyText: string,
    scale: { yMax?: number; integer?: boolean; emptyMax?: number } = {},
  ) => (
    <MetricsChart
      name={name}
      title={title}
      description={description}
      buckets={buckets}
      endUs={endUs}
      nowUs={shownUntilUs}
      faults={faults}
      series={chartSeries}
      formatY={formatY}
      yMax={scale.yMax}
      integer={scale.integer}
      emptyMax={scale.emptyMax}
      emptyText={emptyText}
      inspected={inspected}
      onInspect={setHovered}
    />
  );

  return (
    <section className="metrics-panel" aria-labelledby={headingId} data-testid="metrics">
      <div className="metrics-header">
        <h2 id={headingId}>Metrics</h2>
        <span className="metrics-span" data-testid="metrics-span" data-until-us={summary.untilUs}>
          0–{formatAxisMs(summary.untilUs)} ms of simulated time, in intervals of{' '}
          {formatAxisMs(series.bucketUs)} ms
        </span>
      </div>
      <Kpis summary={summary} />
      <div className="metrics-charts">
        {chart(
          'write-latency',
          'Write latency (ms)',
          describeLatency('Write', buckets, (b) => [b.writeP50Us, b.writeP99Us], summary.writes),
          [
            { key: 'p50', label: 'p50', mark: 'line', tone: 'tone-p50', value: (b) => b.writeP50Us },
            { key: 'p99', label: 'p99', mark: 'line', tone: 'tone-p99', value: (b) => b.writeP99Us },
          ],
          (v) => formatAxisMs(v),
          'No write has completed ok yet',
          { emptyMax: 10_000 },
        )}
        {chart(
          'read-latency',
          'Read latency (ms)',
          describeLatency('Read', buckets, (b) => [b.readP50Us, b.readP99Us], summary.reads),
          [
            { key: 'p50', label: 'p50', mark: 'line', tone: 'tone-p50', value: (b) => b.readP50Us },
            { key: 'p99', label: 'p99', mark: 'line', tone: 'tone-p99', value: (b) => b.readP99Us },
          ],
          (v) => formatAxisMs(v),
          'No read has completed ok yet',
          { emptyMax: 10_000 },
        )}
        {chart(
          'availability',
          'Availability',
          describeAvailability(buckets, summary),
          [
            {
              key: 'availability',
              label: 'ok / completed',
              mark: 'line',
              tone: 'tone-ok',
              value: (b) => availabilityOf(b),
            },
          ],
          (v) => `${Math.round(v * 100)}%`,
          'No operation has completed yet',
          { yMax: 1 },
        )}
        {chart(
          'stale-reads',
          'Reads and stale reads',
          `Reads completed ok and stale reads per interval: ${formatCount(summary.staleReads)} stale of ${formatCount(summary.reads.ok)} reads over the run.`,
          [
            { key: 'reads', label: 'reads ok', mark: 'bar', tone: 'tone-reads', value: (b) => b.readsOk },
            { key: 'stale', label: 'stale', mark: 'bar', tone: 'tone-stale', value: (b) => b.staleReads },
          ],
          formatAxisCount,
          'No read has completed ok yet',
          { integer: true },
        )}
        {chart(
          'messages',
          'Messages sent',
          `Messages sent per interval: ${formatCount(summary.messagesSent)} over the run, ${formatCount(summary.messagesDropped)} dropped.`,
          [
            {
              key: 'messages',
              label: 'messages',
              mark: 'bar',
              tone: 'tone-messages',
              value: (b) => b.messagesSent,
            },
          ],
          formatAxisCount,
          'No message sent yet',
          { integer: true },
        )}
        {chart(
          'bytes',
          'Bytes sent',
          `Estimated bytes sent per interval: ${formatBytes(summary.bytesSent)} over the run.`,
          [
            {
              key: 'bytes',
              label: 'bytes (estimated)',
              mark: 'bar',
              tone: 'tone-bytes',
              value: (b) => b.bytesSent,
            },
          ],
          formatAxisBytes,
          'No message sent yet',
          { integer: true },
        )}
      </div>
      <div className="metrics-inspect">
        <label>
          Inspect interval
          <input
            type="range"
            min={0}
            max={Math.max(0, last)}
            step={1}
            value={inspected ?? 0}
            disabled={last < 0}
            aria-valuetext={bucket ? intervalName(bucket) : 'none'}
            onChange={(e) => {
              const i = Number(e.target.value);
              // The newest interval is followed as the run goes on; an older one stays put.
              setChosenUs(i >= last ? null : (buckets[i]?.startUs ?? null));
            }}
          />
        </label>
        <output className="metrics-readout" data-testid="metrics-readout" aria-live="polite">
          {bucket ? describeBucket(bucket, faults) : 'No interval yet.'}
        </output>
      </div>
    </section>
  );
}

function Kpis({ summary }: { summary: RunMetrics }) {
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
        note="concurrent writes detected"
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
  value: React.ReactNode;
  detail?: React.ReactNode;
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

function clampIndex(i: number, last: number): number | null {
  if (last < 0) return null;
  return Math.min(Math.max(0, i), last);
}

function availabilityOf(b: MetricsBucket): number | null {
  const completed = b.ok + b.failed + b.info;
  return completed > 0 ? b.ok / completed : null;
}

function intervalName(b: MetricsBucket): string {
  return `${formatAxisMs(b.startUs)}–${formatAxisMs(b.endUs)} ms`;
}

function describeBucket(b: MetricsBucket, faults: readonly FaultInterval[]): string {
  const parts = [
    `${intervalName(b)}: ${formatCount(b.ok)} ok, ${formatCount(b.failed)} failed, ${formatCount(b.info)} indeterminate`,
    `availability ${formatPercent(availabilityOf(b))}`,
    `writes ${formatCount(b.writesOk)} (p50 ${formatLatency(b.writeP50Us)}, p99 ${formatLatency(b.writeP99Us)})`,
    `reads ${formatCount(b.readsOk)} (p50 ${formatLatency(b.readP50Us)}, p99 ${formatLatency(b.readP99Us)}), ${formatCount(b.staleReads)} stale`,
    `${formatCount(b.messagesSent)} messages, ${formatBytes(b.bytesSent)}`,
  ];
  const during = faults.filter((f) => f.startUs < b.endUs && (f.endUs === null || f.endUs > b.startUs));
  if (during.length > 0) parts.push(`during: ${during.map((f) => f.label).join('; ')}`);
  return parts.join(' · ');
}

function describeLatency(
  kind: 'Write' | 'Read',
  buckets: readonly MetricsBucket[],
  pick: (b: MetricsBucket) => [number | null, number | null],
  run: RunMetrics['writes'],
): string {
  let worst: { b: MetricsBucket; p99: number } | null = null;
  for (const b of buckets) {
    const p99 = pick(b)[1];
    if (p99 !== null && (!worst || p99 > worst.p99)) worst = { b, p99 };
  }
  const overall = `${kind} latency over simulated time, p50 and p99 per interval. Over the run: p50 ${formatLatency(run.p50Us)}, p99 ${formatLatency(run.p99Us)}.`;
  return worst ? `${overall} Highest p99 ${formatLatency(worst.p99)} at ${intervalName(worst.b)}.` : overall;
}

function describeAvailability(buckets: readonly MetricsBucket[], run: RunMetrics): string {
  let worst: { b: MetricsBucket; a: number } | null = null;
  for (const b of buckets) {
    const a = availabilityOf(b);
    if (a !== null && (!worst || a < worst.a)) worst = { b, a };
  }
  const overall = `Availability (operations completed ok over operations completed) per interval. Over the run: ${formatPercent(run.availability)}.`;
  return worst && worst.a < 1
    ? `${overall} Lowest ${formatPercent(worst.a)} at ${intervalName(worst.b)}.`
    : overall;
}
