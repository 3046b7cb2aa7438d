/**
 * P(consistent read) against t as a line chart: d3 computes the scales, the line and the ticks, React draws
 * the SVG. Each point shows its value on hover (a readout and a tooltip); the closed-form k-staleness
 * probability is a dashed reference line.
 */
import { scaleLinear, scaleSymlog } from 'd3-scale';
import { line } from 'd3-shape';
import { useState } from 'react';
import type { StalenessResult } from '../../../sim/analysis/pbs.ts';
import { formatP } from './ui.ts';

const WIDTH = 560;
const HEIGHT = 260;
const M = { top: 14, right: 18, bottom: 42, left: 52 };

/** Tick values for the symlog axis: 0, then powers of ten. */
const LOG_TICKS = [0, 0.1, 1, 10, 100, 1000, 10_000];

export function StalenessChart({ result, logScale }: { result: StalenessResult; logScale: boolean }) {
  const [hover, setHover] = useState<number | null>(null);
  const { shown, x, y, xTicks, path } = chartScales(result, logScale);
  const hovered = hover === null ? null : shown[hover];
  return (
    <svg
      className="ll-chart"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={`P(consistent read) against t: from ${formatP(shown[0]?.pConsistent ?? 0)} at t = 0`}
      data-testid="staleness-chart"
      // The nearest point to the pointer (by t) shows its value: points are too small to aim at one by one.
      onPointerMove={(event) => {
        const box = event.currentTarget.getBoundingClientRect();
        setHover(nearestPoint(shown, x, ((event.clientX - box.left) / box.width) * WIDTH));
      }}
      onPointerLeave={() => setHover(null)}
    >
      <Axes x={x} y={y} xTicks={xTicks} yTicks={y.ticks(5)} logScale={logScale} />
      <ClosedForm kStaleness={result.kStaleness} y={y(result.kStaleness)} />
      {path && <path className="ll-line" d={path} />}
      {shown.map((p, i) => (
        <circle
          key={p.t}
          className={i === hover ? 'll-point ll-point-hover' : 'll-point'}
          data-testid="staleness-point"
          data-t={p.t}
          data-p={p.pConsistent}
          cx={x(p.t)}
          cy={y(p.pConsistent)}
          r={i === hover ? 5 : 3}
        >
          <title>{`t = ${p.t} ms: P(consistent) = ${formatP(p.pConsistent)}`}</title>
        </circle>
      ))}
      {hovered && <Readout point={hovered} x={x(hovered.t)} y={y(hovered.pConsistent)} />}
    </svg>
  );
}

/**
 * The points drawn, the scales (t on a symlog or linear axis, P from a little under the lowest value to 1), the
 * t ticks and the line's path.
 */
function chartScales(result: StalenessResult, logScale: boolean) {
  const points = result.points;
  const tMax = points.at(-1)?.t ?? 1;
  // On a linear axis, stop soon after the curve reaches 1: past that it is a flat line.
  const settled = points.find((p) => p.pConsistent >= 0.9995)?.t ?? tMax;
  const linearMax = Math.min(tMax, Math.max(10, settled * 1.3));
  const shown = logScale ? points : points.filter((p) => p.t <= linearMax);
  const x = logScale
    ? scaleSymlog()
        .constant(0.1)
        .domain([0, tMax])
        .range([M.left, WIDTH - M.right])
    : scaleLinear()
        .domain([0, linearMax])
        .range([M.left, WIDTH - M.right])
        .nice();
  const minP = Math.min(result.kStaleness, ...shown.map((p) => p.pConsistent));
  const y = scaleLinear()
    .domain([Math.max(0, Math.floor(minP * 10) / 10 - 0.05), 1])
    .range([HEIGHT - M.bottom, M.top]);
  const path = line<{ t: number; pConsistent: number }>()
    .x((p) => x(p.t))
    .y((p) => y(p.pConsistent))(shown);
  const xTicks = logScale ? LOG_TICKS.filter((t) => t <= tMax) : x.ticks(6);
  return { shown, x, y, xTicks, path };
}

/** The closed-form k-staleness probability as a dashed line across the chart, at height `y`, with its label. */
function ClosedForm({ kStaleness, y }: { kStaleness: number; y: number }) {
  return (
    <>
      <line className="ll-closed-form" x1={M.left} x2={WIDTH - M.right} y1={y} y2={y}>
        <title>{`closed form 1 - C(N-W,R)/C(N,R) = ${formatP(kStaleness)}`}</title>
      </line>
      <text className="ll-closed-form-label" x={WIDTH - M.right - 4} y={y - 5} textAnchor="end">
        closed form {formatP(kStaleness)}
      </text>
    </>
  );
}

/** The hovered point's value, in a box beside it (kept inside the plot). */
function Readout({ point, x, y }: { point: { t: number; pConsistent: number }; x: number; y: number }) {
  return (
    <g
      className="ll-readout"
      transform={`translate(${Math.min(x + 8, WIDTH - M.right - 150)},${Math.min(y + 10, HEIGHT - M.bottom - 30)})`}
    >
      <rect width={150} height={24} rx={6} />
      <text x={8} y={16}>
        {`t = ${point.t} ms → ${formatP(point.pConsistent)}`}
      </text>
    </g>
  );
}

/** The index of the point nearest to `vx` (view box units) by t, or null when none is within 30 units. */
function nearestPoint(points: readonly { t: number }[], x: (t: number) => number, vx: number): number | null {
  let best = -1;
  let bestD = Number.POSITIVE_INFINITY;
  points.forEach((p, i) => {
    const d = Math.abs(x(p.t) - vx);
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  });
  return best >= 0 && bestD < 30 ? best : null;
}

interface AxesProps {
  readonly x: (t: number) => number;
  readonly y: (p: number) => number;
  readonly xTicks: readonly number[];
  readonly yTicks: readonly number[];
  readonly logScale: boolean;
}

/** The grid, ticks and axis titles. */
function Axes(props: AxesProps) {
  return (
    <g className="ll-axis">
      {props.yTicks.map((v) => (
        <g key={v} transform={`translate(0,${props.y(v)})`}>
          <line className="ll-grid" x1={M.left} x2={WIDTH - M.right} />
          <text x={M.left - 6} y={3.5} textAnchor="end">
            {v.toFixed(2)}
          </text>
        </g>
      ))}
      {props.xTicks.map((t) => (
        <g key={t} transform={`translate(${props.x(t)},0)`}>
          <line className="ll-grid" y1={M.top} y2={HEIGHT - M.bottom} />
          <text y={HEIGHT - M.bottom + 14} textAnchor="middle">
            {t.toLocaleString('en-US')}
          </text>
        </g>
      ))}
      <line
        className="ll-axis-line"
        x1={M.left}
        x2={WIDTH - M.right}
        y1={HEIGHT - M.bottom}
        y2={HEIGHT - M.bottom}
      />
      <line className="ll-axis-line" x1={M.left} x2={M.left} y1={M.top} y2={HEIGHT - M.bottom} />
      <text className="ll-axis-label" x={(M.left + WIDTH - M.right) / 2} y={HEIGHT - 6} textAnchor="middle">
        t: ms between the write's commit and the read's start{props.logScale ? ' (log scale)' : ''}
      </text>
      <text
        className="ll-axis-label"
        transform={`translate(13,${(M.top + HEIGHT - M.bottom) / 2}) rotate(-90)`}
        textAnchor="middle"
      >
        P(consistent read)
      </text>
    </g>
  );
}
