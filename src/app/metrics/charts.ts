/**
 * The six charts of the metrics panel, declared as data: what each plots per interval, how its axis reads, what
 * it says in words, and what it shows before there is anything to plot.
 */
import type { MetricsBucket, RunMetrics } from '../../sim/analysis/metrics.ts';
import { availabilityOf, describeAvailability, describeLatency } from './describe.ts';
import { formatAxisBytes, formatAxisCount, formatAxisMs, formatBytes, formatCount } from './format.ts';
import type { ChartSeries } from './MetricsChart.tsx';

export interface ChartSpec {
  readonly name: string;
  readonly title: string;
  describe(buckets: readonly MetricsBucket[], summary: RunMetrics): string;
  readonly series: readonly ChartSeries[];
  readonly formatY: (v: number) => string;
  readonly emptyText: string;
  readonly yMax?: number;
  readonly integer?: boolean;
  readonly emptyMax?: number;
}

function latencySeries(pick: (b: MetricsBucket) => [number | null, number | null]): ChartSeries[] {
  return [
    { key: 'p50', label: 'p50', mark: 'line', tone: 'tone-p50', value: (b) => pick(b)[0] },
    { key: 'p99', label: 'p99', mark: 'line', tone: 'tone-p99', value: (b) => pick(b)[1] },
  ];
}

const writes = (b: MetricsBucket): [number | null, number | null] => [b.writeP50Us, b.writeP99Us];
const reads = (b: MetricsBucket): [number | null, number | null] => [b.readP50Us, b.readP99Us];

export const CHARTS: readonly ChartSpec[] = [
  {
    name: 'write-latency',
    title: 'Write latency (ms)',
    describe: (buckets, summary) => describeLatency('Write', buckets, writes, summary.writes),
    series: latencySeries(writes),
    formatY: (v) => formatAxisMs(v),
    emptyText: 'No write has completed ok yet',
    emptyMax: 10_000,
  },
  {
    name: 'read-latency',
    title: 'Read latency (ms)',
    describe: (buckets, summary) => describeLatency('Read', buckets, reads, summary.reads),
    series: latencySeries(reads),
    formatY: (v) => formatAxisMs(v),
    emptyText: 'No read has completed ok yet',
    emptyMax: 10_000,
  },
  {
    name: 'availability',
    title: 'Availability',
    describe: describeAvailability,
    series: [
      { key: 'availability', label: 'ok / completed', mark: 'line', tone: 'tone-ok', value: availabilityOf },
    ],
    formatY: (v) => `${Math.round(v * 100)}%`,
    emptyText: 'No operation has completed yet',
    yMax: 1,
  },
  {
    name: 'stale-reads',
    title: 'Reads and stale reads',
    describe: (_, summary) =>
      `Reads completed ok and stale reads per interval: ${formatCount(summary.staleReads)} stale of ${formatCount(summary.reads.ok)} reads over the run.`,
    series: [
      { key: 'reads', label: 'reads ok', mark: 'bar', tone: 'tone-reads', value: (b) => b.readsOk },
      { key: 'stale', label: 'stale', mark: 'bar', tone: 'tone-stale', value: (b) => b.staleReads },
    ],
    formatY: formatAxisCount,
    emptyText: 'No read has completed ok yet',
    integer: true,
  },
  {
    name: 'messages',
    title: 'Messages sent',
    describe: (_, summary) =>
      `Messages sent per interval: ${formatCount(summary.messagesSent)} over the run, ${formatCount(summary.messagesDropped)} dropped.`,
    series: [
      {
        key: 'messages',
        label: 'messages',
        mark: 'bar',
        tone: 'tone-messages',
        value: (b) => b.messagesSent,
      },
    ],
    formatY: formatAxisCount,
    emptyText: 'No message sent yet',
    integer: true,
  },
  {
    name: 'bytes',
    title: 'Bytes sent',
    describe: (_, summary) =>
      `Estimated bytes sent per interval: ${formatBytes(summary.bytesSent)} over the run.`,
    series: [
      {
        key: 'bytes',
        label: 'bytes (estimated)',
        mark: 'bar',
        tone: 'tone-bytes',
        value: (b) => b.bytesSent,
      },
    ],
    formatY: formatAxisBytes,
    emptyText: 'No message sent yet',
    integer: true,
  },
];
