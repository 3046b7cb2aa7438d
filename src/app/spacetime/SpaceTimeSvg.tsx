/**
 * The space-time diagram itself, as SVG: a lane per node and per client, the fault intervals (partitions as
 * bands over the node lanes, a down node's lane greyed), each message an arrow, the time axis and the cursor at
 * the current time. Colours are resolved values (see palette.ts), so the exported SVG stands alone.
 */
import { forwardRef, type ReactNode } from 'react';
import { MESSAGE_KINDS } from '../kinds.ts';
import { pointAtNode, stopPointing } from '../store.ts';
import type { DiagramGeometry } from './geometry.ts';
import { LANE_H, MARGIN, WIDTH } from './geometry.ts';
import type { DiagramPalette } from './palette.ts';
import type { Recording } from './recorder.ts';

interface Props {
  readonly geometry: DiagramGeometry;
  readonly palette: DiagramPalette;
  readonly recording: Pick<Recording, 'partitions' | 'downs'>;
  readonly selected: string | null;
  readonly arrows: ReactNode;
  readonly arrowCount: number;
  readonly onLeave: () => void;
}

export const SpaceTimeSvg = forwardRef<SVGSVGElement, Props>(function SpaceTimeSvg(props, ref) {
  const { geometry: g, palette, recording, selected, arrows, arrowCount, onLeave } = props;
  return (
    <svg
      ref={ref}
      xmlns="http://www.w3.org/2000/svg"
      className="spacetime-svg"
      viewBox={`0 0 ${WIDTH} ${g.height}`}
      role="img"
      aria-label="Messages between nodes over simulated time"
      // An arrow that scrolls away under the pointer never gets its mouseleave: leaving the diagram ends it.
      onMouseLeave={onLeave}
      data-arrows={arrowCount}
    >
      <rect x={0} y={0} width={WIDTH} height={g.height} fill={palette.background} />
      <defs>
        <clipPath id="spacetime-clip">
          <rect x={MARGIN.left} y={0} width={WIDTH - MARGIN.left - MARGIN.right} height={g.height} />
        </clipPath>
        {MESSAGE_KINDS.map(({ kind }) => (
          <marker
            key={kind}
            id={`st-arrow-${kind}`}
            viewBox="0 0 10 10"
            refX={9}
            refY={5}
            markerWidth={6}
            markerHeight={6}
            orient="auto-start-reverse"
          >
            <path d="M0,0 L10,5 L0,10 z" fill={palette.kinds[kind]} />
          </marker>
        ))}
      </defs>
      <Lanes geometry={g} palette={palette} selected={selected} />
      <g clipPath="url(#spacetime-clip)">
        <PartitionBands geometry={g} palette={palette} partitions={recording.partitions} />
        <DownBands geometry={g} palette={palette} downs={recording.downs} />
        <g transform={`translate(${MARGIN.left - g.startMs * g.k},0)`} shapeRendering="optimizeSpeed">
          {arrows}
        </g>
      </g>
      <Axis geometry={g} palette={palette} />
      {g.nowMs >= g.startMs && g.nowMs <= g.endMs && (
        <line
          data-testid="spacetime-cursor"
          x1={g.x(g.nowMs)}
          x2={g.x(g.nowMs)}
          y1={MARGIN.top}
          y2={g.height - MARGIN.bottom}
          stroke={palette.cursor}
          strokeWidth={1.5}
        />
      )}
    </svg>
  );
});

interface Part {
  readonly geometry: DiagramGeometry;
  readonly palette: DiagramPalette;
}

/** Hovering a node's lane selects that node (the graph dims the other nodes' messages) until the pointer leaves. */
function Lanes({ geometry: g, palette, selected }: Part & { selected: string | null }) {
  return (
    <>
      {g.lanes.map((id) => {
        const isClient = !g.nodes.includes(id);
        return (
          // biome-ignore lint/a11y/noStaticElementInteractions: pointer linking only; lanes are also labelled text.
          <g
            key={id}
            data-testid="spacetime-lane"
            data-lane={id}
            data-kind={isClient ? 'client' : 'node'}
            data-selected={selected === id ? 'true' : undefined}
            onMouseEnter={isClient ? undefined : () => pointAtNode(id)}
            onMouseLeave={isClient ? undefined : stopPointing}
          >
            <rect
              x={0}
              y={g.laneTop(id)}
              width={WIDTH}
              height={LANE_H}
              fill={selected === id ? palette.laneSelected : 'transparent'}
            />
            <text
              x={8}
              y={g.laneY(id) + 4}
              fill={isClient ? palette.clientText : palette.laneText}
              fontSize={12}
            >
              {id}
            </text>
            <line
              x1={MARGIN.left}
              x2={WIDTH - MARGIN.right}
              y1={g.laneY(id)}
              y2={g.laneY(id)}
              stroke={palette.laneLine}
              strokeDasharray={isClient ? '3 3' : undefined}
            />
          </g>
        );
      })}
    </>
  );
}

function PartitionBands({
  geometry: g,
  palette,
  partitions,
}: Part & { partitions: Recording['partitions'] }) {
  return (
    <>
      {partitions.map((p) => {
        const members = p.groups.flat().filter((n) => g.has(n));
        if (members.length === 0 && !p.cut) return null;
        const x0 = g.x(p.startUs / 1000);
        const x1 = g.x(p.endUs === null ? g.nowMs : p.endUs / 1000);
        if (x1 < MARGIN.left || x0 > WIDTH) return null;
        return (
          <rect
            key={`${p.cut ? 'c' : 'p'}${p.startUs}-${p.groups.flat().join(',')}`}
            data-testid="spacetime-partition-band"
            data-cut={p.cut ? 'true' : undefined}
            x={x0}
            width={Math.max(1, x1 - x0)}
            y={MARGIN.top}
            height={g.nodeBottom - MARGIN.top}
            fill={palette.partition}
            fillOpacity={0.12}
            stroke={palette.partition}
            strokeDasharray="4 3"
          >
            <title>
              {p.cut
                ? `link cut: ${p.groups.map((grp) => grp.join(', ')).join(' – ')}`
                : `partition ${p.groups.map((grp) => `{${grp.join(', ')}}`).join(' | ')}`}
            </title>
          </rect>
        );
      })}
    </>
  );
}

function DownBands({ geometry: g, palette, downs }: Part & { downs: Recording['downs'] }) {
  return (
    <>
      {downs.map((d) => {
        if (!g.has(d.node)) return null;
        const x0 = g.x(d.startUs / 1000);
        const x1 = g.x(d.endUs === null ? g.nowMs : d.endUs / 1000);
        if (x1 < MARGIN.left || x0 > WIDTH) return null;
        return (
          <rect
            key={`${d.node}-${d.startUs}`}
            data-testid="spacetime-down-band"
            data-node={d.node}
            x={x0}
            width={Math.max(2, x1 - x0)}
            y={g.laneTop(d.node) + 3}
            height={LANE_H - 6}
            fill={palette.down}
            fillOpacity={0.45}
          >
            <title>{`${d.node} down`}</title>
          </rect>
        );
      })}
    </>
  );
}

function Axis({ geometry: g, palette }: Part) {
  const bottom = g.height - MARGIN.bottom;
  return (
    <g data-testid="spacetime-axis">
      <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={bottom} y2={bottom} stroke={palette.axis} />
      {g.x.ticks(8).map((t) => (
        <g key={t}>
          <line x1={g.x(t)} x2={g.x(t)} y1={bottom} y2={bottom + 4} stroke={palette.axis} />
          <text x={g.x(t)} y={bottom + 15} fill={palette.axisText} fontSize={10} textAnchor="middle">
            {t}
          </text>
        </g>
      ))}
      <text x={WIDTH - MARGIN.right} y={g.height - 3} fill={palette.axisText} fontSize={10} textAnchor="end">
        simulated time (ms)
      </text>
    </g>
  );
}
