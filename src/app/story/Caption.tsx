/**
 * The caption of a key moment, on the graph: while story mode has stopped playback at a moment, a box near the
 * nodes involved says what happened (an anomaly in the oracle's own sentence), names those nodes and rings them
 * on the graph, and offers Continue. The sentence is also announced politely to screen readers.
 *
 * The box is placed in CSS pixels from the graph's own layout: the base SVG scales its viewBox to fit
 * (`preserveAspectRatio="xMidYMid meet"`), so a node at (x, y) of the viewBox is drawn at the same scale and
 * offset here. What the moment drew on the graph (a client's anomaly chip, a lost-write label, a quorum badge) is
 * measured from the page, and the box covers none of it, nor the nodes it talks about (placement.ts).
 */
import { type CSSProperties, useId, useLayoutEffect, useRef, useState } from 'react';
import type { Moment } from '../../sim/analysis/moments.ts';
import type { Layout } from '../graph/layout.ts';
import { useLab } from '../hooks.ts';
import { momentTitle } from './momentTitle.ts';
import {
  BOX_HEIGHT,
  GAP,
  namedText,
  type Place,
  placement,
  type Rect,
  regionLeadersKey,
  talkedAbout,
  withRegionLeaders,
} from './placement.ts';
import { useRingsAboveSheet } from './sheetReveal.ts';
import { continueStory } from './story.ts';
import './story.css';

/** The base SVG's box inside the graph, in CSS pixels. */
type Frame = Rect;

/** What a moment draws on the graph, which the caption must leave in view; and the clients. */
const MARKS =
  '[data-testid="client-anomaly"], [data-testid="node-lost-write"], [data-testid="quorum-badge"], [data-testid="hints"]';
const CLIENTS = '.client';
/** Labels over a card's edge that the ring must not cross either (a leaderless key's replica and fallback pills). */
const LABELS = '[data-testid="home-replica"] > g, [data-testid="fallback-replica"] > g';

const msFormat = new Intl.NumberFormat('en-US', { minimumFractionDigits: 3, maximumFractionDigits: 3 });
const ms = (us: number) => `${msFormat.format(us / 1000)} ms`;

export function Caption({ layout }: { layout: Layout }) {
  const stopped = useLab((s) => s.stoppedAt);
  const layer = useRef<HTMLDivElement>(null);
  const frame = useFrame(layer);
  const [boxHeight, setBoxHeight] = useState(BOX_HEIGHT);
  const moment = stopped?.[0] ?? null;
  const named = moment ? [...new Set(stopped?.flatMap((m) => m.nodes) ?? [])] : [];
  // Read only while stopped: a value (a string), so the snapshots that follow do not render the caption again.
  const leaders = useLab((s) => (s.stoppedAt ? regionLeadersKey(s.snapshot?.nodes) : ''));
  const nodes = withRegionLeaders(named, leaders);
  const seen = useMarks(layer, frame, stopped);
  useRingsAboveSheet(layer, stopped, layout);
  const maskId = `moment-mask-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const cutouts = frame ? [...seen.marks, ...seen.labels].map((r) => toView(r, frame, layout)) : [];
  const place =
    frame && moment && stopped
      ? placement({
          frame,
          layout,
          involved: nodes,
          about: talkedAbout(
            nodes,
            stopped.map((m) => m.sentence),
            layout.positions.keys(),
          ),
          marks: seen.marks,
          clients: seen.clients,
          boxHeight,
        })
      : null;
  return (
    <div className="story-layer" ref={layer}>
      {/* Always mounted, so a new sentence is announced (a live region that appears with its text is not). */}
      <p className="visually-hidden" aria-live="polite" data-testid="story-announcement">
        {moment ? `${momentTitle(moment)} at ${ms(moment.atUs)}. ${moment.sentence}` : ''}
      </p>
      {moment && (
        <MomentRings layout={layout} nodes={nodes} kind={moment.kind} cutouts={cutouts} maskId={maskId} />
      )}
      {moment && stopped && (
        <CaptionBox
          moments={stopped}
          named={named.length > 0 ? namedText(named, leaders) : ''}
          style={placeStyle(place ?? { left: GAP, top: GAP })}
          onHeight={setBoxHeight}
        />
      )}
    </div>
  );
}

/** A solid ring round each involved node, passing behind the moment's marks (`cutouts`, in view units). */
function MomentRings({
  layout,
  nodes,
  kind,
  cutouts,
  maskId,
}: {
  layout: Layout;
  nodes: readonly string[];
  kind: Moment['kind'];
  cutouts: readonly Rect[];
  maskId: string;
}) {
  const { x, y, width, height } = layout.viewBox;
  return (
    <svg
      className="graph-svg graph-overlay story-rings"
      viewBox={`${x} ${y} ${width} ${height}`}
      preserveAspectRatio="xMidYMid meet"
      aria-hidden="true"
    >
      {/* The rings pass behind the moment's marks (a lost-write pill, a chip): cut out where each lies. */}
      <defs>
        <mask
          id={maskId}
          maskUnits="userSpaceOnUse"
          x={x - width}
          y={y - height}
          width={width * 3}
          height={height * 3}
        >
          <rect x={x - width} y={y - height} width={width * 3} height={height * 3} fill="white" />
          {cutouts.map((r) => (
            <rect
              key={`${r.left},${r.top},${r.width}`}
              x={r.left - 2}
              y={r.top - 2}
              width={r.width + 4}
              height={r.height + 4}
              rx={4}
              fill="black"
            />
          ))}
        </mask>
      </defs>
      <g mask={`url(#${maskId})`}>
        {nodes.map((id) => {
          const p = layout.positions.get(id);
          if (!p) return null;
          const { width: w, height: h } = layout.card;
          return (
            <rect
              key={id}
              className={`moment-ring moment-ring-${kind}`}
              data-testid="moment-ring"
              data-node-id={id}
              data-moment="true"
              x={p.x - w / 2 - 9}
              y={p.y - h / 2 - 9}
              width={w + 18}
              height={h + 18}
              rx={16}
            />
          );
        })}
      </g>
    </svg>
  );
}

/**
 * The placement as custom properties the stylesheet reads, so a narrow screen's rule (a sheet at the bottom of
 * the screen, story.css) can set the box's own position without fighting an inline style.
 */
function placeStyle(place: Place): CSSProperties {
  return {
    '--caption-left': `${place.left}px`,
    '--caption-top': `${place.top}px`,
    '--caption-width': place.width === undefined ? 'auto' : `${place.width}px`,
  } as CSSProperties;
}

function CaptionBox({
  moments,
  named,
  style,
  onHeight,
}: {
  moments: readonly Moment[];
  /** What the moment names, worded (`namedText`); empty: nothing. */
  named: string;
  style: CSSProperties;
  onHeight: (height: number) => void;
}) {
  const box = useRef<HTMLElement>(null);
  // The box's real height places it: a long sentence needs more room than the first guess.
  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    const observer = new ResizeObserver(() => onHeight(element.offsetHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, [onHeight]);
  const [moment, ...alongside] = moments;
  if (!moment) return null;
  return (
    <section
      ref={box}
      className={`story-caption story-${moment.kind}`}
      data-testid="story-caption"
      data-kind={moment.kind}
      data-at-us={moment.atUs}
      aria-label="Key moment"
      style={style}
    >
      <header>
        <strong>{momentTitle(moment)}</strong>
        <span className="story-time">at {ms(moment.atUs)}</span>
      </header>
      <p className="story-sentence" data-testid="story-sentence">
        {moment.sentence}
      </p>
      {alongside.map((m) => (
        <p key={m.cause} className="story-sentence story-alongside">
          <strong>{momentTitle(m)}:</strong> {m.sentence}
        </p>
      ))}
      <footer>
        {named !== '' && (
          <span className="story-nodes" data-testid="story-nodes">
            {named}
          </span>
        )}
        <button type="button" className="primary" onClick={continueStory} data-testid="story-continue">
          Continue
        </button>
      </footer>
    </section>
  );
}

/** The base SVG's box relative to the layer, kept up to date as the graph resizes. */
function useFrame(layer: React.RefObject<HTMLDivElement | null>): Frame | null {
  const [frame, setFrame] = useState<Frame | null>(null);
  useLayoutEffect(() => {
    const host = layer.current;
    const svg = host?.parentElement?.querySelector('.graph-base');
    if (!host || !svg) return;
    const measure = () => {
      const a = host.getBoundingClientRect();
      const b = svg.getBoundingClientRect();
      setFrame((old) => {
        const next = { left: b.left - a.left, top: b.top - a.top, width: b.width, height: b.height };
        const same =
          old &&
          old.left === next.left &&
          old.top === next.top &&
          old.width === next.width &&
          old.height === next.height;
        return same ? old : next;
      });
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(svg);
    observer.observe(host);
    return () => observer.disconnect();
  }, [layer]);
  return frame;
}

/** A rectangle in the layer's CSS pixels, in the graph's view units (the inverse of the SVG's fit). */
function toView(r: Rect, frame: Frame, layout: Layout): Rect {
  const { x, y, width, height } = layout.viewBox;
  const scale = Math.min(frame.width / width, frame.height / height);
  const ox = frame.left + (frame.width - width * scale) / 2;
  const oy = frame.top + (frame.height - height * scale) / 2;
  return {
    left: x + (r.left - ox) / scale,
    top: y + (r.top - oy) / scale,
    width: r.width / scale,
    height: r.height / scale,
  };
}

const NO_MARKS = { marks: [] as Rect[], clients: [] as Rect[], labels: [] as Rect[] };

/**
 * The moment's marks and the clients, measured relative to the layer while the moment shows, and again whenever
 * the graph under it changes (a mark the oracle's answer adds a moment later, a card settling): at most once a
 * frame. The run is stopped, so that is rare.
 */
function useMarks(
  layer: React.RefObject<HTMLDivElement | null>,
  frame: Frame | null,
  stopped: readonly Moment[] | null,
): { marks: Rect[]; clients: Rect[]; labels: Rect[] } {
  const [seen, setSeen] = useState(NO_MARKS);
  useLayoutEffect(() => {
    const host = layer.current;
    const graph = host?.parentElement;
    if (!host || !graph || !frame || !stopped) {
      setSeen(NO_MARKS);
      return;
    }
    const measure = (selector: string, origin: DOMRect): Rect[] =>
      [...graph.querySelectorAll(selector)]
        .filter((e) => !host.contains(e))
        .map((e) => {
          const r = e.getBoundingClientRect();
          return { left: r.left - origin.left, top: r.top - origin.top, width: r.width, height: r.height };
        })
        .filter((r) => r.width > 0 && r.height > 0);
    const update = () => {
      const origin = host.getBoundingClientRect();
      const next = {
        marks: measure(MARKS, origin),
        clients: measure(CLIENTS, origin),
        labels: measure(LABELS, origin),
      };
      setSeen((old) =>
        sameRects(old.marks, next.marks) &&
        sameRects(old.clients, next.clients) &&
        sameRects(old.labels, next.labels)
          ? old
          : next,
      );
    };
    update();
    let pending = 0;
    const observer = new MutationObserver((records) => {
      if (pending || records.every((r) => host.contains(r.target))) return;
      pending = requestAnimationFrame(() => {
        pending = 0;
        update();
      });
    });
    observer.observe(graph, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ['transform'],
    });
    return () => {
      observer.disconnect();
      cancelAnimationFrame(pending);
    };
  }, [layer, frame, stopped]);
  return seen;
}

function sameRects(a: readonly Rect[], b: readonly Rect[]): boolean {
  return (
    a.length === b.length &&
    a.every((r, i) => {
      const o = b[i];
      return (
        o !== undefined &&
        Math.round(r.left) === Math.round(o.left) &&
        Math.round(r.top) === Math.round(o.top) &&
        Math.round(r.width) === Math.round(o.width) &&
        Math.round(r.height) === Math.round(o.height)
      );
    })
  );
}
