/** The diagram's geometry: lanes top to bottom, simulated time left to right, in SVG units. */
import { type ScaleLinear, scaleLinear } from 'd3-scale';

export const LANE_H = 34;
export const MARGIN = { top: 12, right: 16, bottom: 30, left: 120 } as const;
export const WIDTH = 900;

export interface DiagramGeometry {
  /** Node lanes first, then client lanes. */
  readonly lanes: readonly string[];
  readonly nodes: readonly string[];
  readonly height: number;
  /** Where the node lanes end (partition bands cover only them). */
  readonly nodeBottom: number;
  readonly x: ScaleLinear<number, number>;
  /** Pixels per simulated millisecond: arrows are drawn in a frame that only shifts as the clock moves. */
  readonly k: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly nowMs: number;
  has(lane: string): boolean;
  laneY(lane: string): number;
  laneTop(lane: string): number;
}

export function diagramGeometry(
  nodes: readonly string[],
  clients: readonly string[],
  window: { readonly startMs: number; readonly endMs: number; readonly windowMs: number },
  nowMs: number,
): DiagramGeometry {
  const lanes = [...nodes, ...clients];
  const index = new Map(lanes.map((id, i) => [id, i]));
  const { startMs, endMs } = window;
  return {
    lanes,
    nodes,
    height: MARGIN.top + MARGIN.bottom + Math.max(1, lanes.length) * LANE_H,
    nodeBottom: MARGIN.top + nodes.length * LANE_H,
    x: scaleLinear()
      .domain([startMs, endMs])
      .range([MARGIN.left, WIDTH - MARGIN.right]),
    k: (WIDTH - MARGIN.left - MARGIN.right) / window.windowMs,
    startMs,
    endMs,
    nowMs,
    has: (lane) => index.has(lane),
    laneY: (lane) => MARGIN.top + ((index.get(lane) ?? 0) + 0.5) * LANE_H,
    laneTop: (lane) => MARGIN.top + (index.get(lane) ?? 0) * LANE_H,
  };
}
