/**
 * The client history timeline: a lane per client, each operation a bar from its invocation to its completion
 * (still open while pending), on the same simulated-time window and cursor as the space-time diagram above it.
 * Reads and writes have their own colours; failed operations are hatched red, indeterminate ones dashed; an
 * operation an anomaly is about (the oracle's verdict) carries a red marker. Hovering a bar points at the
 * operation in every view (the history row, the diagram's arrows, the node that served it on the graph); clicking
 * it pins the highlight, as selecting an anomaly does.
 */
import type { ScaleLinear } from 'd3-scale';
import { useRef } from 'react';
import type { AnomalyKind } from '../../sim/oracle/oracle.ts';
import type { Operation } from '../../sim/types.ts';
import { useLabStable } from '../hooks.ts';
import { hoverOperation, KIND_LABELS, pinOperation, useOracle } from '../oracle/oracle.ts';
import { pointAtNode, stopPointing } from '../store.ts';
import type { DiagramPalette } from './palette.ts';

const LANE_H = 24;
const BAR_H = 12;

export interface TimelineWindow {
  readonly x: ScaleLinear<number, number>;
  readonly startMs: number;
  readonly endMs: number;
  readonly nowMs: number;
  readonly width: number;
  readonly left: number;
  readonly right: number;
  readonly history: readonly Operation[];
  /** The theme's colours, resolved (an exported diagram keeps them). */
  readonly palette: DiagramPalette;
}

/** Which of an operation's anomalies its marker names, when it has several: the gravest first. */
const MARKER_ORDER: readonly AnomalyKind[] = [
  'lost-write',
  'duplicate-id',
  'read-of-failed-write',
  'stale-read',
  'monotonic-reads',
  'non-linearizable-read',
];

/** The anomaly the oracle found about an operation that its marker names, or null. */
export function anomalyOf(
  op: Operation,
  flagged: ReadonlyMap<number, readonly AnomalyKind[]> | undefined,
): AnomalyKind | null {
  const kinds = flagged?.get(op.id);
  if (!kinds || kinds.length === 0) return null;
  return MARKER_ORDER.find((k) => kinds.includes(k)) ?? (kinds[0] as AnomalyKind);
}

export function opName(op: Operation): string {
  return `${op.f === 'read' ? 'r' : 'w'}${op.id}`;
}

function describeOp(op: Operation, anomaly: AnomalyKind | null): string {
  const end = op.completeUs === null ? 'open' : `${(op.completeUs / 1000).toFixed(1)} ms`;
  const value = op.value === null ? 'nothing' : JSON.stringify(op.value);
  return `${opName(op)} ${op.client} ${op.f} ${op.key} ${op.f === 'read' ? '→' : '='} ${value}${
    op.node ? ` on ${op.node}` : ''
  }, ${(op.invokeUs / 1000).toFixed(1)} ms – ${end}, ${op.status}${anomaly ? `: ${KIND_LABELS[anomaly]}` : ''}`;
}

export function HistoryTimeline(props: TimelineWindow) {
  const { x, startMs, endMs, nowMs, width, left, right, palette } = props;
  const clients = useLabStable((s) => s.snapshot?.clients.map((c) => c.id) ?? []);
  const flagged = useOracle((s) => s.answer?.flagged);
  const hovered = useOracle((s) => s.hoveredOp);
  const pinned = useOracle((s) => s.highlightedOps);

  const lane = new Map(clients.map((c, i) => [c, i]));
  const top = 6;
  const height = top + Math.max(1, clients.length) * LANE_H + 6;
  const { visible, truncated } = inView(props, lane);
  const anomalies = visible.filter((op) => anomalyOf(op, flagged) !== null).length;

  const pointer = useBarPointer();

  return (
    <div className="timeline" data-testid="timeline">
      <TimelineHeading shown={visible.length} anomalies={anomalies} truncated={truncated} />
      <svg
        xmlns="http://www.w3.org/2000/svg"
        className="timeline-svg"
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`Client operations over simulated time: ${visible.length} in view, ${anomalies} with anomalies`}
        // A bar that scrolls away under the pointer never gets its mouseleave: leaving the chart ends the hover.
        onMouseLeave={pointer.leaveChart}
        data-bars={visible.length}
      >
        <rect x={0} y={0} width={width} height={height} fill={palette.background} />
        <TimelineDefs clip={{ x: left, width: width - left - right, height }} palette={palette} />
        <ClientLanes clients={clients} top={top} left={left} right={width - right} palette={palette} />
        <g clipPath="url(#timeline-clip)">
          {visible.map((op) => (
            <TimelineBar
              key={op.id}
              op={op}
              x0={x(op.invokeUs / 1000)}
              x1={x(op.completeUs === null ? nowMs : op.completeUs / 1000)}
              y={top + (lane.get(op.client) ?? 0) * LANE_H + (LANE_H - BAR_H) / 2}
              anomaly={anomalyOf(op, flagged)}
              hovered={hovered === op.id}
              pinned={pinned.includes(op.id)}
              palette={palette}
              pointer={pointer}
            />
          ))}
        </g>
        {nowMs >= startMs && nowMs <= endMs && (
          <line
            data-testid="timeline-cursor"
            x1={x(nowMs)}
            x2={x(nowMs)}
            y1={0}
            y2={height}
            stroke={palette.cursor}
            strokeWidth={1.5}
          />
        )}
      </svg>
    </div>
  );
}

/**
 * The operations of known clients that overlap the window (a pending one reaches now), and whether the page's
 * history has dropped older operations that would fall in it.
 */
function inView(window: TimelineWindow, lane: ReadonlyMap<string, number>) {
  const { history, startMs, endMs, nowMs } = window;
  const visible = history.filter(
    (op) =>
      lane.has(op.client) &&
      op.invokeUs / 1000 <= endMs &&
      (op.completeUs === null ? nowMs : op.completeUs / 1000) >= startMs,
  );
  const oldest = history[0];
  const truncated = oldest !== undefined && oldest.id > 1 && oldest.invokeUs / 1000 > startMs;
  return { visible, truncated };
}

/** The timeline's title and how many operations are in view, how many with anomalies, whether older ones left. */
function TimelineHeading(props: { shown: number; anomalies: number; truncated: boolean }) {
  return (
    <h3 className="timeline-heading" id="timeline-heading">
      Client history timeline
      <span className="timeline-note">
        {props.shown} operations in view
        {props.anomalies > 0 ? `, ${props.anomalies} with anomalies` : ''}
        {props.truncated ? ' (the page keeps the latest 200)' : ''}
      </span>
    </h3>
  );
}

/** The plot's clip (bars stay between the margins) and the hatching of failed operations. */
function TimelineDefs({
  clip,
  palette,
}: {
  clip: { x: number; width: number; height: number };
  palette: DiagramPalette;
}) {
  return (
    <defs>
      <clipPath id="timeline-clip">
        <rect x={clip.x} y={0} width={clip.width} height={clip.height} />
      </clipPath>
      <pattern id="timeline-fail" width={6} height={6} patternUnits="userSpaceOnUse">
        <rect width={6} height={6} fill={palette.failBackground} />
        <path d="M0,6 L6,0" stroke={palette.drop} strokeWidth={1.5} />
      </pattern>
    </defs>
  );
}

interface LanesProps {
  readonly clients: readonly string[];
  readonly top: number;
  /** Where the lines start and end. */
  readonly left: number;
  readonly right: number;
  readonly palette: DiagramPalette;
}

/** A lane per client: its name on the left and a line under it. */
function ClientLanes({ clients, top, left, right, palette }: LanesProps) {
  return clients.map((c, i) => (
    <g key={c}>
      <text x={8} y={top + i * LANE_H + LANE_H / 2 + 4} fill={palette.clientText} fontSize={12}>
        {c}
      </text>
      <line
        x1={left}
        x2={right}
        y1={top + (i + 1) * LANE_H - 0.5}
        y2={top + (i + 1) * LANE_H - 0.5}
        stroke={palette.grid}
      />
    </g>
  ));
}

interface BarPointer {
  enter(op: Operation): void;
  leave(): void;
  leaveChart(): void;
}

/**
 * Hovering a bar points at its operation in every view and selects the node that served it; leaving restores
 * the selection there was before.
 */
function useBarPointer(): BarPointer {
  const hoveredHere = useRef(false);
  const enter = (op: Operation) => {
    hoveredHere.current = true;
    hoverOperation(op.id);
    if (op.node) pointAtNode(op.node);
  };
  const leave = () => {
    hoveredHere.current = false;
    hoverOperation(null);
    stopPointing();
  };
  const leaveChart = () => {
    if (hoveredHere.current) leave();
  };
  return { enter, leave, leaveChart };
}

interface BarProps {
  readonly op: Operation;
  readonly x0: number;
  readonly x1: number;
  readonly y: number;
  readonly anomaly: AnomalyKind | null;
  readonly hovered: boolean;
  readonly pinned: boolean;
  readonly palette: DiagramPalette;
  readonly pointer: BarPointer;
}

/** One operation: a bar from invocation to completion, its outline saying hovered, pinned or anomalous. */
function TimelineBar({ op, x0, x1, y, anomaly, hovered, pinned, palette, pointer }: BarProps) {
  const fill = op.status === 'fail' ? 'url(#timeline-fail)' : op.f === 'write' ? palette.write : palette.read;
  const stroke = hovered
    ? palette.hovered
    : pinned
      ? palette.pinned
      : anomaly
        ? palette.drop
        : op.status === 'info'
          ? palette.info
          : 'none';
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: pointer linking; each operation is focusable in the history table.
    <g
      data-testid="timeline-op"
      data-op-id={op.id}
      data-status={op.status}
      data-anomaly={anomaly ?? undefined}
      data-hovered={hovered ? 'true' : undefined}
      data-highlighted={pinned ? 'true' : undefined}
      onMouseEnter={() => pointer.enter(op)}
      onMouseLeave={pointer.leave}
      onClick={() => pinOperation(op.id)}
      style={{ cursor: 'pointer' }}
    >
      <rect
        x={x0}
        y={y}
        width={Math.max(2, x1 - x0)}
        height={BAR_H}
        rx={3}
        fill={fill}
        fillOpacity={op.status === 'pending' ? 0.45 : 0.9}
        stroke={stroke}
        strokeWidth={hovered || pinned ? 2 : 1.5}
        strokeDasharray={op.status === 'info' || op.status === 'pending' ? '3 2' : undefined}
      />
      {anomaly && (
        <path
          data-testid="timeline-anomaly"
          d={`M${x1},${y - 1} l-4,-6 h8 z`}
          fill={palette.drop}
          stroke={palette.background}
          strokeWidth={0.5}
        />
      )}
      <title>{describeOp(op, anomaly)}</title>
    </g>
  );
}
