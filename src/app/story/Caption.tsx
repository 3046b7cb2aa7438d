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
import type { AnomalyKind } from '../../sim/oracle/oracle.ts';
import type { Layout } from '../graph/layout.ts';
import { useLab } from '../hooks.ts';
import { continueStory } from './story.ts';
import './story.css';

/** The base SVG's box inside the graph, in CSS pixels. */
interface Frame {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

const msFormat = new Intl.NumberFormat('en-US', { minimumFractionDigits: 3, maximumFractionDigits: 3 });
const ms = (us: number) => `${msFormat.format(us / 1000)} ms`;

/** What one anomaly of each kind is called in a caption's title. */
const ANOMALY_TITLES: Readonly<Record<AnomalyKind, string>> = {
  'stale-read': 'a stale read',
  'read-your-writes': 'a client misses its own write',
  'monotonic-reads': 'a read goes back in time',
  'monotonic-writes': 'writes applied out of order',
  'writes-follow-reads': 'a write before what it followed',
  'consistent-prefix': 'an answer before its question',
  'lost-write': 'an acknowledged write is lost',
  divergence: 'replicas diverge',
  conflict: 'a write conflict',
  'read-of-failed-write': 'a failed write is read',
  'non-linearizable-read': 'a non-linearizable read',
  'duplicate-id': 'an id handed out twice',
  'not-linearizable': 'not linearizable',
};

export function momentTitle(moment: Moment): string {
  switch (moment.kind) {
    case 'anomaly':
      return `Anomaly: ${moment.anomalyKind ? ANOMALY_TITLES[moment.anomalyKind] : 'found'}`;
    case 'fault':
      return 'A fault starts';
    case 'heal':
      return 'A fault heals';
    case 'election':
      return 'A new leader';
  }
}

export function Caption({ layout }: { layout: Layout }) {
  const stopped = useLab((s) => s.stoppedAt);
  const layer = useRef<HTMLDivElement>(null);
  const frame = useFrame(layer);
  const moment = stopped?.[0] ?? null;
  const nodes = moment ? [...new Set(stopped?.flatMap((m) => m.nodes) ?? [])] : [];
  const { x, y, width, height } = layout.viewBox;
  const place = frame && moment ? placement(frame, layout, nodes) : null;
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
                className="moment-ring"
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
        <CaptionBox moments={stopped} nodes={nodes} style={place ?? { left: 8, top: 8 }} />
      )}
    </div>
  );
}

function CaptionBox({
  moments,
  nodes,
  style,
}: {
  moments: readonly Moment[];
  nodes: readonly string[];
  style: CSSProperties;
}) {
  const [moment, ...alongside] = moments;
  if (!moment) return null;
  return (
    <section
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

/** Caption width in CSS pixels (the stylesheet's), and the gap kept from the nodes and the edges. */
const BOX_WIDTH = 340;
const GAP = 12;

/**
 * Where the box goes: beside the involved nodes' cards, above or below them, whichever side has more room,
 * centred on them and kept inside the graph.
 */
function placement(frame: Frame, layout: Layout, nodes: readonly string[]): CSSProperties {
  const { x, y, width, height } = layout.viewBox;
  const scale = Math.min(frame.width / width, frame.height / height);
  const ox = frame.left + (frame.width - width * scale) / 2;
  const oy = frame.top + (frame.height - height * scale) / 2;
  const points = nodes.flatMap((id) => {
    const p = layout.positions.get(id);
    return p ? [p] : [];
  });
  const boxWidth = Math.min(BOX_WIDTH, frame.width - 2 * GAP);
  if (points.length === 0) return { left: frame.left + (frame.width - boxWidth) / 2, top: frame.top + GAP };
  const half = { w: (layout.card.width / 2) * scale, h: (layout.card.height / 2) * scale };
  const xs = points.map((p) => ox + (p.x - x) * scale);
  const ys = points.map((p) => oy + (p.y - y) * scale);
  const top = Math.min(...ys) - half.h;
  const bottom = Math.max(...ys) + half.h;
  const centre = (Math.min(...xs) + Math.max(...xs)) / 2;
  const left = Math.min(
    Math.max(frame.left + GAP, centre - boxWidth / 2),
    frame.left + frame.width - boxWidth - GAP,
  );
  const below = frame.top + frame.height - bottom >= top - frame.top;
  return below
    ? { left, top: bottom + GAP, width: boxWidth }
    : { left, top: top - GAP, width: boxWidth, transform: 'translateY(-100%)' };
}
