/**
 * The metrics of the current run: KPI tiles for the whole run (latency p50 and p99, availability, stale-read
 * rate, traffic, conflicts, lost writes) and small charts of the same over simulated time (charts.ts), with the
 * run's faults shaded and the current time as a cursor. The worker computes everything
 * (src/sim/analysis/metrics.ts) and sends it with a snapshot a few times a second; this only draws it.
 *
 * An interval of the series can be inspected: hover a chart, or move the "Inspect interval" slider with the
 * keyboard; its figures are read out as text below the charts.
 */
import { useEffect, useState } from 'react';
import type { MetricsBucket, MetricsReport } from '../../sim/analysis/metrics.ts';
import { useLab } from '../hooks.ts';
import { CHARTS } from './charts.ts';
import { describeBucket, intervalName } from './describe.ts';
import { formatAxisMs } from './format.ts';
import { Kpis } from './Kpis.tsx';
import { MetricsChart } from './MetricsChart.tsx';
import './metrics.css';

const HEADING_ID = 'metrics-heading';

export function MetricsPanel() {
  const metrics = useLab((s) => s.metrics);
  const durationUs = useLab((s) => (s.scenario?.durationMs ?? 0) * 1000);
  const inspection = useInspection(metrics);
  if (!metrics) {
    return (
      <section className="metrics-panel" aria-labelledby={HEADING_ID} data-testid="metrics">
        <div className="metrics-header">
          <h2 id={HEADING_ID}>Metrics</h2>
        </div>
        <p className="metrics-empty">Waiting for the run…</p>
      </section>
    );
  }
  const { summary, series, faults } = metrics;
  const buckets = series.buckets;
  // The charts span the scenario's planned duration (or the run so far, if it went on), so the cursor moves.
  const endUs = Math.max(durationUs, series.untilUs, buckets.at(-1)?.endUs ?? 0);
  return (
    <section className="metrics-panel" aria-labelledby={HEADING_ID} data-testid="metrics">
      <div className="metrics-header">
        <h2 id={HEADING_ID}>Metrics</h2>
        <span className="metrics-span" data-testid="metrics-span" data-until-us={summary.untilUs}>
          0–{formatAxisMs(summary.untilUs)} ms of simulated time, in intervals of{' '}
          {formatAxisMs(series.bucketUs)} ms
        </span>
      </div>
      <Kpis summary={summary} />
      <div className="metrics-charts">
        {CHARTS.map((spec) => (
          <MetricsChart
            key={spec.name}
            name={spec.name}
            title={spec.title}
            description={spec.describe(buckets, summary)}
            buckets={buckets}
            endUs={endUs}
            // The cursor stands at the time the metrics were taken (at most a quarter of a second behind the
            // clock while playing, exact when paused), so the data never runs past it.
            nowUs={series.untilUs}
            faults={faults}
            series={spec.series}
            formatY={spec.formatY}
            yMax={spec.yMax}
            integer={spec.integer}
            emptyMax={spec.emptyMax}
            emptyText={spec.emptyText}
            inspected={inspection.index}
            onInspect={inspection.hover}
          />
        ))}
      </div>
      <InspectInterval metrics={metrics} inspection={inspection} />
    </section>
  );
}

interface Inspection {
  /** The inspected interval's index: the hovered one, else the chosen one, else the newest. */
  readonly index: number | null;
  readonly bucket: MetricsBucket | null;
  readonly last: number;
  hover(index: number | null): void;
  choose(index: number): void;
}

/** Which interval is inspected. The choice is kept by a time inside it: indexes move when buckets merge. */
function useInspection(metrics: MetricsReport | null): Inspection {
  const [hovered, setHovered] = useState<number | null>(null);
  const [chosenUs, setChosenUs] = useState<number | null>(null);
  // A new run (load or reset) forgets it.
  const epoch = useLab((s) => s.epoch);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new epoch is the trigger, not a read.
  useEffect(() => {
    setChosenUs(null);
    setHovered(null);
  }, [epoch]);
  const buckets = metrics?.series.buckets ?? [];
  const last = buckets.length - 1;
  const chosen =
    chosenUs === null ? -1 : buckets.findIndex((b) => b.startUs <= chosenUs && chosenUs < b.endUs);
  const index = last < 0 ? null : Math.min(Math.max(0, hovered ?? (chosen >= 0 ? chosen : last)), last);
  return {
    index,
    bucket: index === null ? null : (buckets[index] ?? null),
    last,
    hover: setHovered,
    // The newest interval is followed as the run goes on; an older one stays put.
    choose: (i) => setChosenUs(i >= last ? null : (buckets[i]?.startUs ?? null)),
  };
}

function InspectInterval({ metrics, inspection }: { metrics: MetricsReport; inspection: Inspection }) {
  const { bucket, last } = inspection;
  return (
    <div className="metrics-inspect">
      <label>
        Inspect interval
        <input
          type="range"
          min={0}
          max={Math.max(0, last)}
          step={1}
          value={inspection.index ?? 0}
          disabled={last < 0}
          aria-valuetext={bucket ? intervalName(bucket) : 'none'}
          onChange={(e) => inspection.choose(Number(e.target.value))}
        />
      </label>
      <output className="metrics-readout" data-testid="metrics-readout" aria-live="polite">
        {bucket ? describeBucket(bucket, metrics.faults) : 'No interval yet.'}
      </output>
    </div>
  );
}
