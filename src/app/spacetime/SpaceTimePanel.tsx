/**
 * The space-time (Lamport) diagram with the client history timeline under it, on one window of simulated time:
 * a lane per node and per client, each message an arrow from (sender, sent) to (receiver, delivered), dropped
 * ones ending in a red x, crashed nodes' lanes greyed over their down interval and partitions drawn as bands.
 * It re-renders a few times a second from the recorder (recorder.ts); the window (width and how far back) is
 * set with sliders or the mouse wheel (useDiagramWindow.ts). Hovering a lane selects that node, which the graph
 * shows (the other nodes' messages dim); hovering an arrow or an operation points at it in every view.
 */
import { type RefObject, useCallback, useId, useRef, useState } from 'react';
import type { NodeId, Operation } from '../../sim/types.ts';
import { downloadText } from '../download.ts';
import { formatInt } from '../format.ts';
import { useInView, useLab, useLabStable, useLabThrottled } from '../hooks.ts';
import { MESSAGE_KINDS } from '../kinds.ts';
import { hoverOperation, useOracle } from '../oracle/oracle.ts';
import { labStore } from '../store.ts';
import { ArrowLayer } from './ArrowLayer.tsx';
import { operationOf, pickArrows } from './arrows.ts';
import { diagramGeometry, MARGIN, WIDTH } from './geometry.ts';
import { HistoryTimeline } from './HistoryTimeline.tsx';
import { HoverLine } from './HoverLine.tsx';
import { LANES_WHOLE, type LaneWindow, laneNodes } from './lanes.ts';
import { type DiagramPalette, useDiagramPalette } from './palette.ts';
import { flyingRecords, type MessageRecord, type Recording } from './recorder.ts';
import { SpaceTimeSvg } from './SpaceTimeSvg.tsx';
import {
  type DiagramWindow,
  positionFromWindow,
  useDiagramWindow,
  windowFromPosition,
} from './useDiagramWindow.ts';
import './spacetime.css';

const REFRESH_MS = 250;
const NO_OPS: readonly Operation[] = [];

export function SpaceTimePanel() {
  const lanes = useLabStable((s) => ({
    nodes: s.snapshot?.nodes.map((n) => n.id) ?? [],
    clients: s.snapshot?.clients.map((c) => c.id) ?? [],
  }));
  const { sectionRef, visible, tick } = useRecordingTick();
  // The throttled values below lag the store by up to REFRESH_MS: right after a new run is loaded they still
  // describe the previous one, which must not be drawn on the new run's lanes.
  const epoch = useLab((s) => s.epoch);
  const fresh = tick.epoch === epoch;
  const svgRef = useRef<SVGSVGElement>(null);
  const palette = useDiagramPalette();
  const nowMs = fresh ? tick.now / 1000 : 0;
  const view = useDiagramWindow(nowMs, svgRef);
  const history = useLabThrottled((s) => s.snapshot?.history ?? NO_OPS, REFRESH_MS, visible);
  const pointing = usePointing(lanes.clients, fresh ? history : NO_OPS);
  const { recording, arrows } = useArrows(fresh, view, tick.now, pointing);
  const selected = useLab((s) => s.selectedNode);
  const downs = fresh ? recording.downs : EMPTY_FAULTS.downs;
  const { choice, filter } = useLaneChoice(lanes.nodes, arrows, downs, { ...view, nowMs }, selected);
  const geometry = diagramGeometry(choice.nodes, lanes.clients, view, nowMs);

  return (
    <section
      ref={sectionRef}
      className="spacetime-panel"
      aria-labelledby="spacetime-heading"
      data-testid="spacetime"
    >
      <SpaceTimeHeader view={view} svgRef={svgRef} />
      {filter}
      <SpaceTimeSvg
        ref={svgRef}
        geometry={geometry}
        palette={palette}
        recording={fresh ? recording : EMPTY_FAULTS}
        selected={selected}
        arrowCount={arrows.length}
        onLeave={pointing.leaveDiagram}
        arrows={
          <ArrowLayer
            arrows={arrows}
            geometry={geometry}
            palette={palette}
            nowUs={tick.now}
            hovered={pointing.hovered}
            hoveredOp={pointing.hoveredOp}
            pinnedOps={pointing.pinnedOps}
            onEnter={pointing.enterArrow}
            onLeave={pointing.leaveArrow}
          />
        }
      />
      <HistoryTimeline
        x={geometry.x}
        startMs={view.startMs}
        endMs={view.endMs}
        nowMs={nowMs}
        width={WIDTH}
        left={MARGIN.left}
        right={MARGIN.right}
        history={fresh ? history : NO_OPS}
        palette={palette}
      />
      <HoverLine hovered={pointing.hovered} hoveredOp={pointing.hoveredOp} />
      <SpaceTimeLegend palette={palette} />
    </section>
  );
}

const EMPTY_FAULTS = { partitions: [], downs: [] };

/** The node lanes to draw (lanes.ts) and, for a large cluster, the note and switch that say which. */
function useLaneChoice(
  nodes: readonly NodeId[],
  arrows: readonly MessageRecord[],
  downs: Recording['downs'],
  window: LaneWindow,
  selected: NodeId | null,
) {
  const [all, setAll] = useState(false);
  const choice = laneNodes(nodes, arrows, downs, window, selected, all);
  const filter =
    nodes.length > LANES_WHOLE ? (
      <LaneFilter
        shown={choice.nodes.length}
        total={nodes.length}
        selected={selected}
        all={all}
        onAll={setAll}
      />
    ) : null;
  return { choice, filter };
}

/** A large cluster's lanes: how many are drawn, and a switch to draw every node's. */
function LaneFilter(props: {
  shown: number;
  total: number;
  selected: string | null;
  all: boolean;
  onAll: (all: boolean) => void;
}) {
  const id = useId();
  const total = formatInt(props.total);
  return (
    <div className="spacetime-lanes">
      <p id={`${id}-note`} data-testid="spacetime-lanes-note" aria-live="polite">
        {props.all
          ? `Lanes of all ${total} nodes.`
          : `Lanes of ${formatInt(props.shown)} of ${total} nodes: those that sent or received a message or crashed in this window${props.selected === null ? '' : `, and ${props.selected}, selected`}.`}
      </p>
      <label>
        <input
          type="checkbox"
          checked={props.all}
          aria-describedby={`${id}-note`}
          onChange={(e) => props.onAll(e.currentTarget.checked)}
        />
        All nodes’ lanes
      </label>
    </div>
  );
}

/**
 * The arrows to draw, read at the throttled tick: the recording and the messages in flight as of the snapshot
 * shown (none while the tick still describes the previous run). The pointer handlers find them by id.
 */
function useArrows(fresh: boolean, view: DiagramWindow, nowUs: number, pointing: Pointing) {
  const showHeartbeats = useLabStable((s) => s.showHeartbeats);
  const { recording, snapshot } = labStore.getState();
  const arrows = fresh
    ? visibleArrows(recording, flyingRecords(snapshot), view, nowUs, showHeartbeats, pointing)
    : [];
  pointing.drawn.current = new Map(arrows.map((r) => [r.id, r]));
  return { recording, arrows };
}

/** The title, the window's controls and the SVG export. */
function SpaceTimeHeader({ view, svgRef }: { view: DiagramWindow; svgRef: RefObject<SVGSVGElement | null> }) {
  const exportSvg = () => {
    const svg = svgRef.current;
    if (svg) downloadText(svg.outerHTML, 'space-time.svg', 'image/svg+xml');
  };
  return (
    <div className="spacetime-header">
      <h2 id="spacetime-heading">Space-time diagram</h2>
      <WindowControls view={view} />
      <button type="button" onClick={exportSvg} data-testid="spacetime-export">
        Export SVG
      </button>
    </div>
  );
}

/** The recorded messages in the window, the ones of the operations pointed at or selected first. */
function visibleArrows(
  recording: Recording,
  flying: readonly MessageRecord[],
  view: DiagramWindow,
  nowUs: number,
  showHeartbeats: boolean,
  pointing: { readonly hoveredOp: Operation | null; readonly pinnedOps: readonly Operation[] },
): MessageRecord[] {
  const inWindow = (r: MessageRecord) =>
    r.sentUs / 1000 <= view.endMs &&
    (r.status === 'flying' ? nowUs : r.endUs) / 1000 >= view.startMs &&
    (showHeartbeats || r.kind !== 'heartbeat');
  const ops = [...(pointing.hoveredOp ? [pointing.hoveredOp] : []), ...pointing.pinnedOps];
  return pickArrows(recording, flying, inWindow, ops, nowUs);
}

/** The window's width (a logarithmic slider) and how far back it looks. */
function WindowControls({ view }: { view: DiagramWindow }) {
  return (
    <>
      <label>
        Window <output>{view.windowMs} ms</output>
        <input
          type="range"
          min={0}
          max={100}
          step={1}
          aria-label="Time window"
          value={Math.round(positionFromWindow(view.windowMs))}
          onChange={(e) => view.setWindowMs(windowFromPosition(Number(e.target.value)))}
        />
      </label>
      <label>
        Scroll back <output>{Math.round(view.back)} ms</output>
        <input
          type="range"
          min={0}
          max={Math.max(1, Math.ceil(view.maxBack))}
          step={1}
          aria-label="Scroll back in time"
          value={Math.round(view.back)}
          onChange={(e) => view.scrollBack(Number(e.target.value))}
        />
      </label>
    </>
  );
}

/**
 * How much of the panel must be on screen for it to redraw: more than its header (about 40 px), so a panel whose
 * top edge peeks in under the graph (the default layout at 720 and 800 px) holds still.
 */
const SHOWN_PX = 60;

/**
 * The clock and the recording's version, a few times a second while the diagram is on screen. Out of view (or
 * in another tab) the diagram holds still; the store's recording keeps appending what each snapshot finished.
 */
function useRecordingTick() {
  const sectionRef = useRef<HTMLElement>(null);
  const visible = useInView(sectionRef, -SHOWN_PX);
  const tick = useLabThrottled(
    (s) => ({ now: s.snapshot?.nowUs ?? 0, v: s.recording.version, epoch: s.epoch }),
    REFRESH_MS,
    visible,
  );
  return { sectionRef, visible, tick };
}

/**
 * What the pointer is on: an arrow here, or an operation pointed at in any view (a timeline bar, a history
 * row), and the operations a selected anomaly names. Handlers are stable (the arrows are memoised): the record
 * is looked up among the arrows of the last render.
 */
type Pointing = ReturnType<typeof usePointing>;

function usePointing(clients: readonly string[], history: readonly Operation[]) {
  const [hovered, setHovered] = useState<MessageRecord | null>(null);
  const drawn = useRef(new Map<number, MessageRecord>());
  const enterArrow = useCallback(
    (id: number) => {
      const r = drawn.current.get(id);
      if (!r) return;
      setHovered(r);
      const op = operationOf(r, clients, labStore.getState().snapshot?.history ?? []);
      hoverOperation(op?.id ?? null);
    },
    [clients],
  );
  const leaveArrow = useCallback(() => {
    setHovered(null);
    hoverOperation(null);
  }, []);
  const hoveredRef = useRef(hovered);
  hoveredRef.current = hovered;
  const leaveDiagram = useCallback(() => {
    if (hoveredRef.current) leaveArrow();
  }, [leaveArrow]);
  const hoveredOpId = useOracle((s) => s.hoveredOp);
  const hoveredOp = hoveredOpId === null ? null : (history.find((o) => o.id === hoveredOpId) ?? null);
  const pinnedIds = useOracle((s) => s.highlightedOps);
  const pinnedOps = history.filter((o) => pinnedIds.includes(o.id));
  return { hovered, hoveredOp, pinnedOps, drawn, enterArrow, leaveArrow, leaveDiagram };
}

function SpaceTimeLegend({ palette }: { palette: DiagramPalette }) {
  return (
    <ul className="spacetime-legend" aria-label="Space-time legend">
      {MESSAGE_KINDS.map(({ kind, label }) => (
        <li key={kind}>
          <span className="spacetime-swatch" style={{ background: palette.kinds[kind] }} />
          {label}
        </li>
      ))}
      <li>
        <span className="spacetime-swatch spacetime-swatch-drop">×</span>dropped
      </li>
      <li>
        <span className="spacetime-swatch spacetime-swatch-down" />
        node down
      </li>
      <li>
        <span className="spacetime-swatch spacetime-swatch-partition" />
        partition
      </li>
    </ul>
  );
}
