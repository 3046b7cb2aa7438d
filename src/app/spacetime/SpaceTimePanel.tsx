/**
 * The space-time (Lamport) diagram: a lane per node and per client, simulated time on the x axis, each message
 * an arrow from (sender, sent) to (receiver, delivered), dropped ones ending in a red x, crashed nodes' lanes
 * greyed over their down interval and partitions drawn as bands. It re-renders a few times a second from the
 * recorder (see recorder.ts); the window (width and how far back) is set with sliders or the mouse wheel.
 * Hovering a lane selects that node, which the graph shows (the other nodes' messages dim).
 */
import { scaleLinear } from 'd3';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { MessageKind, Operation } from '../../sim/types.ts';
import { downloadText } from '../download.ts';
import { useInView, useLab, useLabStable, useLabThrottled } from '../hooks.ts';
import { MESSAGE_KINDS } from '../kinds.ts';
import { hoverOperation, useOracle } from '../oracle/oracle.ts';
import { labStore, selectNode } from '../store.ts';
import { Arrow } from './Arrow.tsx';
import { HistoryTimeline, opName } from './HistoryTimeline.tsx';
import { flyingRecords, type MessageRecord, type Recording } from './recorder.ts';
import './spacetime.css';

const REFRESH_MS = 250;
const NO_OPS: readonly Operation[] = [];
const LANE_H = 34;
const MARGIN = { top: 12, right: 16, bottom: 30, left: 120 };
const WIDTH = 900;
const MAX_ARROWS = 200;
const WINDOW_MIN_MS = 20;
const WINDOW_MAX_MS = 5000;
const FALLBACK = '#c8cee0';

/**
 * The client operation a message to or from a client belongs to: that client's latest operation invoked at or
 * before the message was sent and not completed before it. Null for replica traffic.
 */
function operationOf(
  r: MessageRecord,
  clients: readonly string[],
  history: readonly Operation[],
): Operation | null {
  const client = clients.includes(r.from) ? r.from : clients.includes(r.to) ? r.to : null;
  if (client === null) return null;
  for (let i = history.length - 1; i >= 0; i--) {
    const op = history[i];
    if (!op || op.client !== client || op.invokeUs > r.sentUs) continue;
    if (op.completeUs !== null && op.completeUs < r.sentUs) return null;
    return op;
  }
  return null;
}

/**
 * The messages to draw, at most MAX_ARROWS (a dense run has a thousand in flight: more would only be ink, and
 * each costs the page a redraw four times a second), in three tiers, each with the messages in flight first and
 * then the finished ones newest first: the messages of the
 * operations pointed at or selected, then everything but heartbeats, then heartbeats.
 */
function pickArrows(
  recording: Recording,
  flying: readonly MessageRecord[],
  inWindow: (r: MessageRecord) => boolean,
  ops: readonly Operation[],
): MessageRecord[] {
  const tiers: MessageRecord[][] = [[], [], []];
  const place = (r: MessageRecord) => {
    if (!inWindow(r)) return;
    const tier = ops.some((op) => carries(r, op)) ? 0 : r.kind === 'heartbeat' ? 2 : 1;
    (tiers[tier] as MessageRecord[]).push(r);
  };
  for (const r of flying) place(r);
  for (let i = recording.done.length - 1; i >= 0; i--) place(recording.done[i] as MessageRecord);
  const out: MessageRecord[] = [];
  for (const tier of tiers)
    for (const r of tier) {
      if (out.length >= MAX_ARROWS) return out;
      out.push(r);
    }
  return out;
}

/** Whether a message is one of an operation's client messages (its request, redirects and reply). */
function carries(r: MessageRecord, op: Operation): boolean {
  return (
    (r.from === op.client || r.to === op.client) &&
    r.sentUs >= op.invokeUs &&
    (op.completeUs === null || r.sentUs <= op.completeUs)
  );
}

/** Resolved colours (not CSS variables), so the exported SVG keeps them outside the page. */
function kindColours(): Record<string, string> {
  const style = getComputedStyle(document.documentElement);
  const colours: Record<string, string> = {};
  for (const { kind } of MESSAGE_KINDS)
    colours[kind] = style.getPropertyValue(`--kind-${kind}`).trim() || FALLBACK;
  return colours;
}

// Log slider 0..100 -> window width in ms.
function windowFromPosition(p: number): number {
  return Math.round(WINDOW_MIN_MS * (WINDOW_MAX_MS / WINDOW_MIN_MS) ** (p / 100));
}
function positionFromWindow(ms: number): number {
  return (100 * Math.log(ms / WINDOW_MIN_MS)) / Math.log(WINDOW_MAX_MS / WINDOW_MIN_MS);
}

export function SpaceTimePanel() {
  const lanes = useLabStable((s) => ({
    nodes: s.snapshot?.nodes.map((n) => n.id) ?? [],
    clients: s.snapshot?.clients.map((c) => c.id) ?? [],
  }));
  // Scrolled out of view, the diagram and its timeline hold still (the store's recording keeps appending).
  const sectionRef = useRef<HTMLElement>(null);
  const visible = useInView(sectionRef);
  const tick = useLabThrottled(
    (s) => ({ now: s.snapshot?.nowUs ?? 0, v: s.recording.version }),
    REFRESH_MS,
    visible,
  );
  // Read at the throttled tick: the recording and the messages in flight as of the snapshot shown.
  const { recording, snapshot } = labStore.getState();
  const flying = flyingRecords(snapshot);
  const showHeartbeats = useLabStable((s) => s.showHeartbeats);
  const [windowMs, setWindowMs] = useState(300);
  const windowRef = useRef(windowMs);
  windowRef.current = windowMs;
  const [backMs, setBackMs] = useState(0);
  // Set when an anomaly is selected: the window's end stays at that simulated time while the clock runs on.
  const [anchorMs, setAnchorMs] = useState<number | null>(null);
  const [hovered, setHovered] = useState<MessageRecord | null>(null);
  // Stable handlers (the arrows are memoised): the record is looked up among the arrows of the last render.
  const drawn = useRef(new Map<number, MessageRecord>());
  const enterArrow = useCallback(
    (id: number) => {
      const r = drawn.current.get(id);
      if (!r) return;
      setHovered(r);
      const op = operationOf(r, lanes.clients, labStore.getState().snapshot?.history ?? []);
      hoverOperation(op?.id ?? null);
    },
    [lanes.clients],
  );
  const leaveArrow = useCallback(() => {
    setHovered(null);
    hoverOperation(null);
  }, []);
  const hoveredRef = useRef(hovered);
  hoveredRef.current = hovered;
  // The operation pointed at in any view (an arrow here, a timeline bar, a history row).
  const history = useLabThrottled((s) => s.snapshot?.history ?? NO_OPS, REFRESH_MS, visible);
  const hoveredOpId = useOracle((s) => s.hoveredOp);
  const hoveredOp = hoveredOpId === null ? null : (history.find((o) => o.id === hoveredOpId) ?? null);
  const pinnedIds = useOracle((s) => s.highlightedOps);
  const pinnedOps = history.filter((o) => pinnedIds.includes(o.id));
  const svgRef = useRef<SVGSVGElement>(null);
  const colours = useMemo(kindColours, []);

  const all = [...lanes.nodes, ...lanes.clients];
  const laneIndex = new Map(all.map((id, i) => [id, i]));
  const height = MARGIN.top + MARGIN.bottom + Math.max(1, all.length) * LANE_H;
  const nowMs = tick.now / 1000;
  const maxBack = Math.max(0, nowMs - windowMs);
  const back = Math.min(anchorMs === null ? backMs : Math.max(0, nowMs - anchorMs), maxBack);
  const endMs = Math.max(nowMs - back, windowMs);
  const startMs = endMs - windowMs;
  /** Pixels per simulated millisecond: arrows are drawn in a frame that only shifts as the clock moves. */
  const k = (WIDTH - MARGIN.left - MARGIN.right) / windowMs;
  const x = scaleLinear()
    .domain([startMs, endMs])
    .range([MARGIN.left, WIDTH - MARGIN.right]);
  const laneY = (id: string) => MARGIN.top + ((laneIndex.get(id) ?? 0) + 0.5) * LANE_H;
  const laneTop = (id: string) => MARGIN.top + (laneIndex.get(id) ?? 0) * LANE_H;

  const inWindow = (r: MessageRecord) =>
    r.sentUs / 1000 <= endMs &&
    (r.status === 'flying' ? nowMs : r.endUs / 1000) >= startMs &&
    (showHeartbeats || r.kind !== 'heartbeat');
  const arrows = pickArrows(recording, flying, inWindow, [...(hoveredOp ? [hoveredOp] : []), ...pinnedOps]);

  drawn.current = new Map(arrows.map((r) => [r.id, r]));
  const selected = useLab((s) => s.selectedNode);
  // Selecting an anomaly brings its operations into view: widen the window if needed, scroll back to them.
  const focus = useOracle((s) => s.focus);
  useEffect(() => {
    if (!focus) {
      setAnchorMs(null);
      return;
    }
    const now = (labStore.getState().snapshot?.nowUs ?? 0) / 1000;
    const span = (focus.toUs - focus.fromUs) / 1000;
    const width = Math.min(WINDOW_MAX_MS, Math.max(windowRef.current, Math.ceil(span * 1.4)));
    const end = Math.min(now, focus.toUs / 1000 + width * 0.15);
    setWindowMs(width);
    setAnchorMs(Math.max(end, width));
  }, [focus]);
  const leaveLane = useRef<string | null>(null);

  // Wheel zoom, with a non-passive listener so the page does not scroll while zooming.
  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const factor = event.deltaY > 0 ? 1.25 : 0.8;
      setWindowMs((w) => Math.min(WINDOW_MAX_MS, Math.max(WINDOW_MIN_MS, Math.round(w * factor))));
    };
    svg.addEventListener('wheel', onWheel, { passive: false });
    return () => svg.removeEventListener('wheel', onWheel);
  }, []);

  const exportSvg = () => {
    const svg = svgRef.current;
    if (!svg) return;
    downloadText(svg.outerHTML, 'space-time.svg', 'image/svg+xml');
  };

  const ticks = x.ticks(8);
  const nodeBottom = MARGIN.top + lanes.nodes.length * LANE_H;

  return (
    <section
      ref={sectionRef}
      className="spacetime-panel"
      aria-labelledby="spacetime-heading"
      data-testid="spacetime"
    >
      <div className="spacetime-header">
        <h2 id="spacetime-heading">Space-time diagram</h2>
        <label>
          Window <output>{windowMs} ms</output>
          <input
            type="range"
            min={0}
            max={100}
            step={1}
            aria-label="Time window"
            value={Math.round(positionFromWindow(windowMs))}
            onChange={(e) => setWindowMs(windowFromPosition(Number(e.target.value)))}
          />
        </label>
        <label>
          Scroll back <output>{Math.round(back)} ms</output>
          <input
            type="range"
            min={0}
            max={Math.max(1, Math.ceil(maxBack))}
            step={1}
            aria-label="Scroll back in time"
            value={Math.round(back)}
            onChange={(e) => {
              setAnchorMs(null);
              setBackMs(Number(e.target.value));
            }}
          />
        </label>
        <button type="button" onClick={exportSvg} data-testid="spacetime-export">
          Export SVG
        </button>
      </div>
      <svg
        ref={svgRef}
        xmlns="http://www.w3.org/2000/svg"
        className="spacetime-svg"
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-label="Messages between nodes over simulated time"
        // An arrow that scrolls away under the pointer never gets its mouseleave: leaving the diagram ends it.
        onMouseLeave={() => {
          if (hoveredRef.current) leaveArrow();
        }}
        data-arrows={arrows.length}
      >
        <rect x={0} y={0} width={WIDTH} height={height} fill="#12151f" />
        <defs>
          <clipPath id="spacetime-clip">
            <rect x={MARGIN.left} y={0} width={WIDTH - MARGIN.left - MARGIN.right} height={height} />
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
              <path d="M0,0 L10,5 L0,10 z" fill={colours[kind]} />
            </marker>
          ))}
        </defs>
        {all.map((id) => {
          const isClient = laneIndex.get(id) !== undefined && !lanes.nodes.includes(id);
          return (
            // biome-ignore lint/a11y/noStaticElementInteractions: pointer linking only; lanes are also labelled text.
            <g
              key={id}
              data-testid="spacetime-lane"
              data-lane={id}
              data-kind={isClient ? 'client' : 'node'}
              onMouseEnter={() => {
                leaveLane.current = labStore.getState().selectedNode;
                if (!isClient) selectNode(id);
              }}
              onMouseLeave={() => {
                if (!isClient) selectNode(leaveLane.current);
              }}
            >
              <rect
                x={0}
                y={laneTop(id)}
                width={WIDTH}
                height={LANE_H}
                fill={selected === id ? '#1e2538' : 'transparent'}
              />
              <text x={8} y={laneY(id) + 4} fill={isClient ? '#9aa3bd' : '#e4e8f4'} fontSize={12}>
                {id}
              </text>
              <line
                x1={MARGIN.left}
                x2={WIDTH - MARGIN.right}
                y1={laneY(id)}
                y2={laneY(id)}
                stroke="#3a4260"
                strokeDasharray={isClient ? '3 3' : undefined}
              />
            </g>
          );
        })}
        <g clipPath="url(#spacetime-clip)">
          {recording.partitions.map((p) => {
            const members = p.groups.flat().filter((n) => laneIndex.has(n));
            if (members.length === 0 && !p.cut) return null;
            const end = p.endUs === null ? nowMs : p.endUs / 1000;
            const x0 = x(p.startUs / 1000);
            const x1 = x(end);
            if (x1 < MARGIN.left || x0 > WIDTH) return null;
            return (
              <rect
                key={`${p.cut ? 'c' : 'p'}${p.startUs}-${p.groups.flat().join(',')}`}
                data-testid="spacetime-partition-band"
                data-cut={p.cut ? 'true' : undefined}
                x={x0}
                width={Math.max(1, x1 - x0)}
                y={MARGIN.top}
                height={nodeBottom - MARGIN.top}
                fill="#ff9f43"
                fillOpacity={0.12}
                stroke="#ff9f43"
                strokeDasharray="4 3"
              >
                <title>
                  {p.cut
                    ? `link cut: ${p.groups.map((g) => g.join(', ')).join(' – ')}`
                    : `partition ${p.groups.map((g) => `{${g.join(', ')}}`).join(' | ')}`}
                </title>
              </rect>
            );
          })}
          {recording.downs.map((d) => {
            if (!laneIndex.has(d.node)) return null;
            const end = d.endUs === null ? nowMs : d.endUs / 1000;
            const x0 = x(d.startUs / 1000);
            const x1 = x(end);
            if (x1 < MARGIN.left || x0 > WIDTH) return null;
            return (
              <rect
                key={`${d.node}-${d.startUs}`}
                data-testid="spacetime-down-band"
                data-node={d.node}
                x={x0}
                width={Math.max(2, x1 - x0)}
                y={laneTop(d.node) + 3}
                height={LANE_H - 6}
                fill="#6b7591"
                fillOpacity={0.45}
              >
                <title>{`${d.node} down`}</title>
              </rect>
            );
          })}
          <g transform={`translate(${MARGIN.left - startMs * k},0)`} shapeRendering="optimizeSpeed">
            {arrows.map((r) => {
              if (!laneIndex.has(r.from) || !laneIndex.has(r.to)) return null;
              const y0 = laneY(r.from);
              const y1 = laneY(r.to);
              let endUs = r.endUs;
              let fraction = 1;
              if (r.status === 'flying') {
                endUs = Math.min(tick.now, r.deliverUs);
                fraction = r.deliverUs > r.sentUs ? (endUs - r.sentUs) / (r.deliverUs - r.sentUs) : 1;
              } else if (r.status === 'dropped') fraction = r.position;
              const sameOp = hoveredOp !== null && carries(r, hoveredOp);
              // The client messages of the operations a selected anomaly names stand out too.
              const pinnedOp = !sameOp && pinnedOps.some((op) => carries(r, op));
              return (
                <Arrow
                  key={r.id}
                  id={r.id}
                  kind={r.kind}
                  status={r.status}
                  x0={(r.sentUs / 1000) * k}
                  x1={(endUs / 1000) * k}
                  y0={y0}
                  ye={y0 + (y1 - y0) * fraction}
                  colour={colours[r.kind] ?? FALLBACK}
                  width={hovered?.id === r.id || sameOp || pinnedOp ? 3 : r.kind === 'heartbeat' ? 1 : 1.6}
                  dim={
                    (hovered !== null || hoveredOp !== null || pinnedOps.length > 0) &&
                    hovered?.id !== r.id &&
                    !sameOp &&
                    !pinnedOp
                  }
                  op={sameOp ? hoveredOp?.id : undefined}
                  pinned={pinnedOp}
                  title={`${r.kind} #${r.id} ${r.from} → ${r.to}, sent ${(r.sentUs / 1000).toFixed(3)} ms, ${
                    r.status === 'flying' ? 'in flight' : `${r.status} ${(r.endUs / 1000).toFixed(3)} ms`
                  }`}
                  onEnter={enterArrow}
                  onLeave={leaveArrow}
                />
              );
            })}
          </g>
        </g>
        <g data-testid="spacetime-axis">
          <line
            x1={MARGIN.left}
            x2={WIDTH - MARGIN.right}
            y1={height - MARGIN.bottom}
            y2={height - MARGIN.bottom}
            stroke="#5b6485"
          />
          {ticks.map((t) => (
            <g key={t}>
              <line
                x1={x(t)}
                x2={x(t)}
                y1={height - MARGIN.bottom}
                y2={height - MARGIN.bottom + 4}
                stroke="#5b6485"
              />
              <text x={x(t)} y={height - MARGIN.bottom + 15} fill="#9aa3bd" fontSize={10} textAnchor="middle">
                {t}
              </text>
            </g>
          ))}
          <text x={WIDTH - MARGIN.right} y={height - 3} fill="#9aa3bd" fontSize={10} textAnchor="end">
            simulated time (ms)
          </text>
        </g>
        {nowMs >= startMs && nowMs <= endMs && (
          <line
            data-testid="spacetime-cursor"
            x1={x(nowMs)}
            x2={x(nowMs)}
            y1={MARGIN.top}
            y2={height - MARGIN.bottom}
            stroke="#ffffff"
            strokeWidth={1.5}
          />
        )}
      </svg>
      <HistoryTimeline
        x={x}
        startMs={startMs}
        endMs={endMs}
        nowMs={nowMs}
        width={WIDTH}
        left={MARGIN.left}
        right={MARGIN.right}
        history={history}
      />
      <p className="spacetime-hover" aria-live="polite" data-testid="spacetime-hover">
        {hovered
          ? `${hovered.kind} #${hovered.id}: ${hovered.from} → ${hovered.to}, sent at ${(hovered.sentUs / 1000).toFixed(3)} ms, ${
              hovered.status === 'flying'
                ? 'in flight'
                : `${hovered.status} at ${(hovered.endUs / 1000).toFixed(3)} ms`
            }${hoveredOp ? ` (operation ${opName(hoveredOp)}: ${hoveredOp.f} ${hoveredOp.key})` : ''}`
          : hoveredOp
            ? `operation ${opName(hoveredOp)}: ${hoveredOp.client} ${hoveredOp.f} ${hoveredOp.key}, ${(hoveredOp.invokeUs / 1000).toFixed(1)} ms – ${
                hoveredOp.completeUs === null ? 'open' : `${(hoveredOp.completeUs / 1000).toFixed(1)} ms`
              }, ${hoveredOp.status}${hoveredOp.node ? ` on ${hoveredOp.node}` : ''}; its messages are drawn bold`
            : 'Hover an arrow, an operation or a history row to link the views, a lane to select its node; scroll the wheel over the diagram to zoom.'}
      </p>
      <ul className="spacetime-legend" aria-label="Space-time legend">
        {MESSAGE_KINDS.map(({ kind, label }) => (
          <li key={kind}>
            <span className="spacetime-swatch" style={{ background: colours[kind as MessageKind] }} />
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
    </section>
  );
}
