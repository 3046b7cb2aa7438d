/**
 * The caption of a key moment, on the graph: while story mode has stopped playback at a moment, a box near the
 * nodes involved says what happened (an anomaly in the oracle's own sentence), names those nodes and rings them
 * on the graph, and offers Continue. The sentence is also announced politely to screen readers.
 *
 * The box is placed in CSS pixels from the graph's own layout: the base SVG scales its viewBox to fit
 * (`preserveAspectRatio="xMidYMid meet"`), so a node at (x, y) of the viewBox is drawn at the same scale and
 * offset here.
 */
import { type CSSProperties, useLayoutEffect, useRef, useState } from 'react';
import type { Moment } from '../../sim/analysis/moments.ts';
import type { Layout } from '../graph/layout.ts';
import { useLab } from '../hooks.ts';
import { momentTitle } from './momentTitle.ts';
import { continueStory } from './story.ts';
import './story.css';

/** Where the caption box goes inside the graph, in CSS pixels (no width: its own). */
interface Place {
  readonly left: number;
  readonly top: number;
  readonly width?: number;
}

/** The base SVG's box inside the graph, in CSS pixels. */
interface Frame {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

const msFormat = new Intl.NumberFormat('en-US', { minimumFractionDigits: 3, maximumFractionDigits: 3 });
const ms = (us: number) => `${msFormat.format(us / 1000)} ms`;

export function Caption({ layout }: { layout: Layout }) {
  const stopped = useLab((s) => s.stoppedAt);
  const layer = useRef<HTMLDivElement>(null);
  const frame = useFrame(layer);
  const [boxHeight, setBoxHeight] = useState(BOX_HEIGHT);
  const moment = stopped?.[0] ?? null;
  const nodes = moment ? [...new Set(stopped?.flatMap((m) => m.nodes) ?? [])] : [];
  const { x, y, width, height } = layout.viewBox;
  const place = frame && moment ? placement(frame, layout, nodes, boxHeight) : null;
  return (
    <div className="story-layer" ref={layer}>
      {/* Always mounted, so a new sentence is announced (a live region that appears with its text is not). */}
      <p className="visually-hidden" aria-live="polite" data-testid="story-announcement">
        {moment ? `${momentTitle(moment)} at ${ms(moment.atUs)}. ${moment.sentence}` : ''}
      </p>
      {moment && (
        <svg
          className="graph-svg graph-overlay story-rings"
          viewBox={`${x} ${y} ${width} ${height}`}
          preserveAspectRatio="xMidYMid meet"
          aria-hidden="true"
        >
          {nodes.map((id) => {
            const p = layout.positions.get(id);
            if (!p) return null;
            const { width: w, height: h } = layout.card;
            return (
              <rect
                key={id}
                className={`moment-ring moment-ring-${moment.kind}`}
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
        </svg>
      )}
      {moment && stopped && (
        <CaptionBox
          moments={stopped}
          nodes={nodes}
          style={placeStyle(place ?? { left: GAP, top: GAP })}
          onHeight={setBoxHeight}
        />
      )}
    </div>
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
  nodes,
  style,
  onHeight,
}: {
  moments: readonly Moment[];
  nodes: readonly string[];
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
        {nodes.length > 0 && (
          <span className="story-nodes" data-testid="story-nodes">
            {nodes.length === 1 ? 'Node' : 'Nodes'}: {nodes.join(', ')}
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

/** Caption width in CSS pixels, a first guess at its height, and the gap kept from the nodes and the edges. */
const BOX_WIDTH = 340;
const BOX_HEIGHT = 140;
const GAP = 12;

interface Rect {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

const overlap = (a: Rect, b: Rect) =>
  Math.max(0, Math.min(a.left + a.width, b.left + b.width) - Math.max(a.left, b.left)) *
  Math.max(0, Math.min(a.top + a.height, b.top + b.height) - Math.max(a.top, b.top));

/**
 * Where the box goes: near the involved nodes (below, above, right or left of them, or in a corner of the
 * graph), wherever it covers the least of the cards, the involved ones above all, kept inside the graph.
 */
function placement(frame: Frame, layout: Layout, nodes: readonly string[], boxHeight: number): Place {
  const { x, y, width, height } = layout.viewBox;
  const scale = Math.min(frame.width / width, frame.height / height);
  const ox = frame.left + (frame.width - width * scale) / 2;
  const oy = frame.top + (frame.height - height * scale) / 2;
  const cardW = layout.card.width * scale;
  const cardH = layout.card.height * scale;
  const cardOf = (p: { x: number; y: number }): Rect => ({
    left: ox + (p.x - x) * scale - cardW / 2,
    top: oy + (p.y - y) * scale - cardH / 2,
    width: cardW,
    height: cardH,
  });
  const involved = new Set(nodes);
  const cards = [...layout.positions].map(([id, p]) => ({ rect: cardOf(p), involved: involved.has(id) }));
  const mine = cards.filter((c) => c.involved).map((c) => c.rect);
  const w = Math.min(BOX_WIDTH, frame.width - 2 * GAP);
  const h = boxHeight;
  const inside = (left: number, top: number): Rect => ({
    left: Math.min(Math.max(frame.left + GAP, left), frame.left + frame.width - w - GAP),
    top: Math.min(Math.max(frame.top + GAP, top), frame.top + frame.height - h - GAP),
    width: w,
    height: h,
  });
  const around =
    mine.length > 0 ? bounds(mine) : { left: frame.left, top: frame.top, width: frame.width, height: 0 };
  const cx = around.left + around.width / 2 - w / 2;
  const cy = around.top + around.height / 2 - h / 2;
  const candidates = [
    inside(cx, around.top + around.height + GAP),
    inside(cx, around.top - GAP - h),
    inside(around.left + around.width + GAP, cy),
    inside(around.left - GAP - w, cy),
    inside(frame.left, frame.top),
    inside(frame.left + frame.width, frame.top),
    inside(frame.left, frame.top + frame.height),
    inside(frame.left + frame.width, frame.top + frame.height),
  ];
  // Covering an involved card costs most; then any card; then distance from the nodes breaks ties.
  const cost = (r: Rect) =>
    cards.reduce((sum, c) => sum + overlap(r, c.rect) * (c.involved ? 20 : 4), 0) +
    Math.hypot(
      r.left + w / 2 - (around.left + around.width / 2),
      r.top + h / 2 - (around.top + around.height / 2),
    );
  let best = candidates[0] as Rect;
  for (const c of candidates) if (cost(c) < cost(best)) best = c;
  return { left: best.left, top: best.top, width: w };
}

function bounds(rects: readonly Rect[]): Rect {
  const left = Math.min(...rects.map((r) => r.left));
  const top = Math.min(...rects.map((r) => r.top));
  const right = Math.max(...rects.map((r) => r.left + r.width));
  const bottom = Math.max(...rects.map((r) => r.top + r.height));
  return { left, top, width: right - left, height: bottom - top };
}
