/**
 * One small chart of the metrics series over simulated time: lines (with gaps where an interval had nothing to
 * measure) or bars, the faults of the run as shaded bands, the current time as a cursor, and the inspected
 * interval highlighted. d3 computes the scales, the paths and the ticks; React draws the SVG.
 */
import { type ScaleLinear, scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import type { MetricsBucket } from '../../sim/analysis/metrics.ts';
import type { FaultInterval } from '../../sim/engine/messageLog.ts';
import { formatAxisMs } from './format.ts';

export const CHART_WIDTH = 320;
export const CHART_HEIGHT = 132;
const M = { top: 10, right: 16, bottom: 20, left: 40 };

export interface ChartSeries {
  readonly key: string;
  readonly label: string;
  readonly mark: 'line' | 'bar';
  /** A CSS class giving the colour (see metrics.css). */
  readonly tone: string;
  readonly value: (bucket: MetricsBucket) => number | null;
}

export interface MetricsChartProps {
  readonly name: string;
  readonly title: string;
  /** What the chart shows, in words, for assistive technology. */
  readonly description: string;
  readonly buckets: readonly MetricsBucket[];
  readonly endUs: number;
  readonly nowUs: number;
  readonly faults: readonly FaultInterval[];
  readonly series: readonly ChartSeries[];
  readonly formatY: (value: number) => string;
  /** A fixed top of the y axis (1 for a share); otherwise the data's maximum. */
  readonly yMax?: number;
  /** The y values are counts: ticks only at whole numbers. */
  readonly integer?: boolean;
  /** The top of the y axis while there is no value yet (e.g. 10 ms for a latency). */
  readonly emptyMax?: number;
  /** Shown across the plot while no interval has a value ("No write has completed ok yet"). */
  readonly emptyText: string;
  readonly inspected: number | null;
  readonly onInspect: (index: number | null) => void;
}

/** The chart's scales, computed from its buckets and series. */
interface Scales {
  readonly x: ScaleLinear<number, number>;
  readonly y: ScaleLinear<number, number>;
  readonly bucketUs: number;
  readonly barWidth: number;
  readonly plotBottom: number;
  /** No interval has a value yet. */
  readonly empty: boolean;
  xMid(b: MetricsBucket): number;
}

function scalesOf(props: MetricsChartProps): Scales {
  const { buckets, series, endUs } = props;
  const bucketUs = buckets[0] ? buckets[0].endUs - buckets[0].startUs : 1000;
  const x = scaleLinear()
    .domain([0, Math.max(endUs, bucketUs) / 1000])
    .range([M.left, CHART_WIDTH - M.right]);
  let max = 0;
  let empty = true;
  for (const b of buckets)
    for (const s of series) {
      const v = s.value(b);
      if (v === null || (s.mark === 'bar' && v === 0)) continue;
      empty = false;
      if (v > max) max = v;
    }
  const y = scaleLinear()
    .domain([0, props.yMax ?? (max > 0 ? max : (props.emptyMax ?? 1))])
    .range([CHART_HEIGHT - M.bottom, M.top])
    .nice(3);
  return {
    x,
    y,
    bucketUs,
    barWidth: Math.max(1, x(bucketUs / 1000) - x(0) - 1),
    plotBottom: CHART_HEIGHT - M.bottom,
    empty,
    xMid: (b) => x((b.startUs + b.endUs) / 2000),
  };
}

export function MetricsChart(props: MetricsChartProps) {
  const { buckets, series, inspected } = props;
  const sc = scalesOf(props);
  const bucketAtPointer = (event: React.PointerEvent<SVGSVGElement>): number | null => {
    const box = event.currentTarget.getBoundingClientRect();
    const vx = ((event.clientX - box.left) / box.width) * CHART_WIDTH;
    if (vx < M.left || vx > CHART_WIDTH - M.right) return null;
    const i = Math.floor((sc.x.invert(vx) * 1000) / sc.bucketUs);
    return i >= 0 && i < buckets.length ? i : null;
  };
  const highlighted = inspected === null ? null : buckets[inspected];
  return (
    <figure className="metrics-chart" data-testid="metrics-chart" data-chart={props.name}>
      <figcaption>
        <span className="metrics-chart-title">{props.title}</span>
        <ul className="metrics-chart-keys" aria-hidden="true">
          {series.map((s) => (
            <li key={s.key}>
              <span className={`metrics-swatch metrics-swatch-${s.mark} ${s.tone}`} />
              {s.label}
            </li>
          ))}
        </ul>
      </figcaption>
      <svg
        viewBox={`0 0 ${CHART_WIDTH} ${CHART_HEIGHT}`}
        role="img"
        aria-label={props.description}
        onPointerMove={(event) => props.onInspect(bucketAtPointer(event))}
        onPointerLeave={() => props.onInspect(null)}
      >
        <FaultBands faults={props.faults} nowUs={props.nowUs} sc={sc} />
        <Axes sc={sc} formatY={props.formatY} integer={props.integer} />
        {highlighted && (
          <rect
            className="metrics-inspected"
            x={sc.x(highlighted.startUs / 1000) - Math.max(0, (3 - sc.barWidth) / 2)}
            width={Math.max(3, sc.barWidth + 1)}
            y={M.top}
            height={sc.plotBottom - M.top}
          />
        )}
        <Bars series={series.filter((s) => s.mark === 'bar')} buckets={buckets} sc={sc} />
        <Lines series={series.filter((s) => s.mark === 'line')} buckets={buckets} sc={sc} />
        {sc.empty && (
          <text
            className="metrics-empty-text"
            x={(M.left + CHART_WIDTH - M.right) / 2}
            y={(M.top + sc.plotBottom) / 2}
            textAnchor="middle"
          >
            {props.emptyText}
          </text>
        )}
        <line
          className="metrics-cursor"
          data-testid="metrics-cursor"
          x1={sc.x(props.nowUs / 1000)}
          x2={sc.x(props.nowUs / 1000)}
          y1={M.top - 4}
          y2={sc.plotBottom}
        />
      </svg>
    </figure>
  );
}

function FaultBands({ faults, nowUs, sc }: { faults: readonly FaultInterval[]; nowUs: number; sc: Scales }) {
  return (
    <g className="metrics-faults">
      {faults.map((f) => {
        const x0 = sc.x(f.startUs / 1000);
        const x1 = sc.x((f.endUs ?? nowUs) / 1000);
        return (
          <rect
            key={`${f.fault}-${f.label}-${f.startUs}`}
            className={`metrics-fault metrics-fault-${f.fault}`}
            data-testid="metrics-fault"
            data-kind={f.fault}
            x={x0}
            y={M.top}
            width={Math.max(1.5, x1 - x0)}
            height={sc.plotBottom - M.top}
          >
            <title>{`${f.label}: ${formatAxisMs(f.startUs)}–${f.endUs === null ? 'now' : formatAxisMs(f.endUs)} ms`}</title>
          </rect>
        );
      })}
    </g>
  );
}

function Axes({ sc, formatY, integer }: { sc: Scales; formatY: (v: number) => string; integer?: boolean }) {
  return (
    <g className="metrics-axis">
      {sc.y
        .ticks(3)
        .filter((v) => !integer || Number.isInteger(v))
        .map((v) => (
          <g key={v} transform={`translate(0,${sc.y(v)})`}>
            <line className="metrics-grid" x1={M.left} x2={CHART_WIDTH - M.right} />
            <text x={M.left - 5} y={3.5} textAnchor="end">
              {formatY(v)}
            </text>
          </g>
        ))}
      {sc.x.ticks(3).map((t, i, all) => (
        <text
          key={t}
          x={sc.x(t)}
          y={CHART_HEIGHT - 6}
          // The last tick sits at the right edge: anchor it there so it is not cut off.
          textAnchor={i === all.length - 1 && sc.x(t) > CHART_WIDTH - M.right - 12 ? 'end' : 'middle'}
        >
          {formatAxisMs(t * 1000)}
        </text>
      ))}
      <line
        className="metrics-axis-line"
        x1={M.left}
        x2={CHART_WIDTH - M.right}
        y1={sc.plotBottom}
        y2={sc.plotBottom}
      />
    </g>
  );
}

interface MarksProps {
  readonly series: readonly ChartSeries[];
  readonly buckets: readonly MetricsBucket[];
  readonly sc: Scales;
}

/** One path per series (a rectangle per interval as a subpath): a long run has a hundred bars per chart. */
function Bars({ series, buckets, sc }: MarksProps) {
  return (
    <>
      {series.map((s) => {
        let d = '';
        let count = 0;
        for (const b of buckets) {
          const v = s.value(b);
          if (v === null || v <= 0) continue;
          const top = sc.y(v);
          d += `M${(sc.x(b.startUs / 1000) + 0.5).toFixed(1)},${sc.plotBottom}V${top.toFixed(1)}h${sc.barWidth.toFixed(1)}V${sc.plotBottom}Z`;
          count++;
        }
        return (
          <path
            key={s.key}
            className={`metrics-bars ${s.tone}`}
            data-testid="metrics-bars"
            data-series={s.key}
            data-bars={count}
            d={d || 'M0,0'}
          />
        );
      })}
    </>
  );
}

function Lines({ series, buckets, sc }: MarksProps) {
  return (
    <>
      {series.map((s) => {
        const defined = buckets.filter((b) => s.value(b) !== null);
        const d = line<MetricsBucket | null>()
          .defined((b) => b !== null)
          .x((b) => (b ? sc.xMid(b) : 0))
          .y((b) => sc.y((b && s.value(b)) ?? 0))(withGaps(defined, sc.bucketUs));
        return (
          <g key={s.key} className={`metrics-line ${s.tone}`} data-series={s.key}>
            {d && <path d={d} data-testid="metrics-line" data-series={s.key} data-points={defined.length} />}
            {/* Points too, while they are few: which intervals had a value, and a lone one still shows. */}
            {defined.length <= MAX_POINTS_DRAWN &&
              defined.map((b) => (
                <circle key={b.startUs} cx={sc.xMid(b)} cy={sc.y(s.value(b) ?? 0)} r={1.6} />
              ))}
          </g>
        );
      })}
    </>
  );
}

/** Beyond this many values a line is dense enough to read without a dot on each. */
const MAX_POINTS_DRAWN = 60;

/** Intervals with no value between two that have one are at most this many before the line breaks. */
const MAX_JOINED_GAP = 8;

/**
 * An interval where nothing completed has no value, not a zero: the line joins the intervals around a short
 * gap (sparse traffic), and breaks (a null) across a long one, such as an outage with no successful operation.
 */
function withGaps(defined: readonly MetricsBucket[], bucketUs: number): (MetricsBucket | null)[] {
  const out: (MetricsBucket | null)[] = [];
  let previous: MetricsBucket | null = null;
  for (const b of defined) {
    if (previous && (b.startUs - previous.startUs) / bucketUs > MAX_JOINED_GAP + 1) out.push(null);
    out.push(b);
    previous = b;
  }
  return out;
}
