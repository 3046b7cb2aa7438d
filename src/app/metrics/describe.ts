/** The metrics in words: what each chart shows for assistive technology, and the inspected interval's readout. */
import type { MetricsBucket, RunMetrics } from '../../sim/analysis/metrics.ts';
import type { FaultInterval } from '../../sim/engine/messageLog.ts';
import { formatAxisMs, formatBytes, formatCount, formatLatency, formatPercent } from './format.ts';

export function availabilityOf(b: MetricsBucket): number | null {
  const completed = b.ok + b.failed + b.info;
  return completed > 0 ? b.ok / completed : null;
}

export function intervalName(b: MetricsBucket): string {
  return `${formatAxisMs(b.startUs)}–${formatAxisMs(b.endUs)} ms`;
}

export function describeBucket(b: MetricsBucket, faults: readonly FaultInterval[]): string {
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

export function describeLatency(
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

export function describeAvailability(buckets: readonly MetricsBucket[], run: RunMetrics): string {
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
