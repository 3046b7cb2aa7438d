/**
 * Every in-flight message as a dot on its link, drawn on one <canvas>. The dot's place is a pure function of
 * simulated time, (now - sentAt) / (deliverAt - sentAt), so pause, speed changes and seeking need no animation
 * state at all.
 *
 * This is the one layer that changes every frame, with up to a thousand dots in a large cluster. As SVG
 * circles, the browser restyled and re-laid-out each of them every frame (about 33 ms a frame at 25 nodes); on a
 * canvas a frame is a few hundred arcs filled in one path per colour. The canvas bypasses React: it subscribes
 * to the store (zustand's "transient updates") and redraws when a snapshot is applied, which the store does once
 * per animation frame.
 *
 * The canvas is hidden from assistive technology: the node cards carry the state, the dots only illustrate it.
 * Tests and the frame benchmark read two attributes instead of counting elements: `data-in-flight` (dots
 * drawn) and `data-positions` (JSON of a sample of dots, `[{id, kind, x, y}]` in CSS pixels of the canvas,
 * refreshed at most every POSITIONS_REFRESH_MS).
 */
import { useEffect, useRef } from 'react';
import type { MessageKind, MessageView } from '../../sim/types.ts';
import { MESSAGE_KINDS } from '../kinds.ts';
import { type LabState, labStore } from '../store.ts';
import { createLinkCache, progress } from './geometry.ts';
import type { Layout } from './layout.ts';

interface Props {
  readonly layout: Layout;
  readonly clients: readonly string[];
}

const DOT_RADIUS = 5.5;
const HEARTBEAT_RADIUS = 3.5;
/** Dots of messages unrelated to the focused or hovered node. */
const DIMMED_ALPHA = 0.18;
const FALLBACK_COLOUR = '#c8cee0';
const DOOMED_COLOUR = '#ff5468';
const POSITIONS_REFRESH_MS = 200;
const POSITIONS_SAMPLE = 100;
/** How close (CSS pixels) the pointer must be to a dot for its tooltip. */
const HOVER_RADIUS_PX = 9;

const KIND_INDEX = new Map<MessageKind, number>(MESSAGE_KINDS.map((k, i) => [k.kind, i]));
const FALLBACK_KIND = MESSAGE_KINDS.length;

/** Where the dots of the last frame were: reused arrays, so a frame allocates nothing per dot. */
interface DrawnDots {
  count: number;
  x: Float64Array;
  y: Float64Array;
  kind: Uint8Array;
  flags: Uint8Array;
  messages: MessageView[];
}

const FLAG_HEARTBEAT = 1;
const FLAG_DOOMED = 2;
const FLAG_DIMMED = 4;

function grow(dots: DrawnDots, size: number): void {
  if (dots.x.length >= size) return;
  const capacity = Math.max(size, dots.x.length * 2, 256);
  const x = new Float64Array(capacity);
  x.set(dots.x);
  const y = new Float64Array(capacity);
  y.set(dots.y);
  const kind = new Uint8Array(capacity);
  kind.set(dots.kind);
  const flags = new Uint8Array(capacity);
  flags.set(dots.flags);
  Object.assign(dots, { x, y, kind, flags });
}

/** The message colours, read once from the stylesheet (`--kind-*`), so canvas and legend agree. */
function kindColours(element: Element): string[] {
  const style = getComputedStyle(element);
  const colours = MESSAGE_KINDS.map(
    ({ kind }) => style.getPropertyValue(`--kind-${kind}`).trim() || FALLBACK_COLOUR,
  );
  colours.push(FALLBACK_COLOUR);
  return colours;
}

export function MessageCanvas({ layout, clients }: Props) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const tipRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const canvas = canvasRef.current;
    const tip = tipRef.current;
    // `desynchronized` lets the canvas reach the compositor without going through the page's commit: with a
    // software compositor (headless Chromium, machines without a GPU) a synchronised canvas of this size costs
    // about 8 ms a frame in commit and layer updates alone. Browsers that cannot honour the hint ignore it.
    const context = canvas?.getContext('2d', { desynchronized: true });
    if (!canvas || !tip || !context) return;
    const ctx = context;
    const links = createLinkCache(layout, new Set(clients));
    const colours = kindColours(canvas);
    const dots: DrawnDots = {
      count: 0,
      x: new Float64Array(0),
      y: new Float64Array(0),
      kind: new Uint8Array(0),
      flags: new Uint8Array(0),
      messages: [],
    };

    // viewBox -> CSS pixels, as the SVG's preserveAspectRatio="xMidYMid meet" maps it.
    let cssWidth = 0;
    let cssHeight = 0;
    let dpr = 1;
    let scale = 1;
    let offsetX = 0;
    let offsetY = 0;
    const measure = () => {
      const rect = canvas.getBoundingClientRect();
      cssWidth = rect.width;
      cssHeight = rect.height;
      dpr = window.devicePixelRatio || 1;
      const width = Math.max(1, Math.round(cssWidth * dpr));
      const height = Math.max(1, Math.round(cssHeight * dpr));
      if (canvas.width !== width) canvas.width = width;
      if (canvas.height !== height) canvas.height = height;
      const vb = layout.viewBox;
      scale = Math.min(cssWidth / vb.width, cssHeight / vb.height) || 1;
      offsetX = (cssWidth - vb.width * scale) / 2 - vb.x * scale;
      offsetY = (cssHeight - vb.height * scale) / 2 - vb.y * scale;
    };

    let inFlightShown = -1;
    let positionsWrittenMs = Number.NEGATIVE_INFINITY;
    let positionsTimer: ReturnType<typeof setTimeout> | undefined;

    const writePositions = () => {
      positionsTimer = undefined;
      positionsWrittenMs = performance.now();
      const sample: { id: number; kind: string; x: number; y: number }[] = [];
      for (let i = 0; i < dots.count && sample.length < POSITIONS_SAMPLE; i++) {
        const m = dots.messages[i] as MessageView;
        sample.push({ id: m.id, kind: m.kind, x: round1(dots.x[i] ?? 0), y: round1(dots.y[i] ?? 0) });
      }
      canvas.dataset.positions = JSON.stringify(sample);
    };

    /** Test hooks: the count at once (cheap), the positions a few times a second with a trailing update. */
    const publish = () => {
      if (dots.count !== inFlightShown) {
        inFlightShown = dots.count;
        canvas.dataset.inFlight = String(dots.count);
      }
      if (positionsTimer !== undefined) return;
      const wait = positionsWrittenMs + POSITIONS_REFRESH_MS - performance.now();
      if (wait <= 0) writePositions();
      else positionsTimer = setTimeout(writePositions, wait);
    };

    /** Places every dot (in CSS pixels) from the snapshot; draws nothing yet. */
    const place = (state: LabState) => {
      dots.count = 0;
      dots.messages.length = 0;
      const snapshot = state.snapshot;
      if (!snapshot) return;
      const selected = state.selectedNode;
      const messages = snapshot.messages;
      grow(dots, messages.length);
      for (const m of messages) {
        if (!state.showHeartbeats && m.kind === 'heartbeat') continue;
        const link = links.get(m.from, m.to);
        if (!link) continue;
        const f = progress(snapshot.nowUs, m.sentAt, m.deliverAt);
        const i = dots.count++;
        dots.x[i] = offsetX + (link.x1 + link.dx * f) * scale;
        dots.y[i] = offsetY + (link.y1 + link.dy * f) * scale;
        dots.kind[i] = KIND_INDEX.get(m.kind) ?? FALLBACK_KIND;
        dots.flags[i] =
          (m.kind === 'heartbeat' ? FLAG_HEARTBEAT : 0) |
          (m.doomed ? FLAG_DOOMED : 0) |
          (selected !== null && m.from !== selected && m.to !== selected ? FLAG_DIMMED : 0);
        dots.messages.push(m);
      }
    };

    /** One path per colour and opacity: a few fills a frame, however many dots. */
    const paint = () => {
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      if (dots.count === 0) return;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      const normal = DOT_RADIUS * scale;
      const small = HEARTBEAT_RADIUS * scale;
      for (const dimmed of [true, false]) {
        ctx.globalAlpha = dimmed ? DIMMED_ALPHA : 1;
        for (let k = 0; k < colours.length; k++) {
          ctx.beginPath();
          let any = false;
          for (let i = 0; i < dots.count; i++) {
            const flags = dots.flags[i] ?? 0;
            if (dots.kind[i] !== k || ((flags & FLAG_DIMMED) !== 0) !== dimmed) continue;
            const x = dots.x[i] ?? 0;
            const y = dots.y[i] ?? 0;
            const r = flags & FLAG_HEARTBEAT ? small : normal;
            ctx.moveTo(x + r, y);
            ctx.arc(x, y, r, 0, 2 * Math.PI);
            any = true;
          }
          if (any) {
            ctx.fillStyle = colours[k] ?? FALLBACK_COLOUR;
            ctx.fill();
          }
        }
        // Messages the network has already decided to drop get a red rim.
        ctx.beginPath();
        let doomed = false;
        for (let i = 0; i < dots.count; i++) {
          const flags = dots.flags[i] ?? 0;
          if (!(flags & FLAG_DOOMED) || ((flags & FLAG_DIMMED) !== 0) !== dimmed) continue;
          const x = dots.x[i] ?? 0;
          const y = dots.y[i] ?? 0;
          const r = flags & FLAG_HEARTBEAT ? small : normal;
          ctx.moveTo(x + r, y);
          ctx.arc(x, y, r, 0, 2 * Math.PI);
          doomed = true;
        }
        if (doomed) {
          ctx.strokeStyle = DOOMED_COLOUR;
          ctx.lineWidth = 1.5 * scale;
          ctx.stroke();
        }
      }
      ctx.globalAlpha = 1;
    };

    const draw = () => {
      place(labStore.getState());
      paint();
      publish();
      updateTip();
    };

    // Snapshots are applied inside the store's animation-frame callback: draw in the same frame. Anything
    // else (selection, the heartbeat toggle, a resize) asks for the next frame.
    let frame = 0;
    const requestDraw = () => {
      if (frame !== 0) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        draw();
      });
    };

    // A tooltip for the dot under the pointer, found among the dots of the last frame.
    let pointer: { x: number; y: number } | null = null;
    const updateTip = () => {
      let best = -1;
      if (pointer) {
        let bestDistance = HOVER_RADIUS_PX * HOVER_RADIUS_PX;
        for (let i = 0; i < dots.count; i++) {
          const dx = (dots.x[i] ?? 0) - pointer.x;
          const dy = (dots.y[i] ?? 0) - pointer.y;
          const d = dx * dx + dy * dy;
          if (d <= bestDistance) {
            bestDistance = d;
            best = i;
          }
        }
      }
      const m = best >= 0 ? dots.messages[best] : undefined;
      if (!m) {
        if (!tip.hidden) tip.hidden = true;
        return;
      }
      // Text only: labels come from the simulation, never parsed as markup.
      const text = `${m.label} (${m.kind}, ${m.from} → ${m.to})${m.doomed ? ': will be dropped' : ''}`;
      if (tip.textContent !== text) tip.textContent = text;
      tip.style.transform = `translate(${round1(dots.x[best] ?? 0)}px, ${round1((dots.y[best] ?? 0) - 10)}px) translate(-50%, -100%)`;
      tip.hidden = false;
    };
    // The canvas lets the pointer through to the cards below; the graph as a whole reports where it is.
    const host = canvas.closest('.graph');
    const onPointerMove = (event: Event) => {
      if (!(event instanceof PointerEvent)) return;
      const rect = canvas.getBoundingClientRect();
      pointer = { x: event.clientX - rect.left, y: event.clientY - rect.top };
      updateTip();
    };
    const onPointerLeave = () => {
      pointer = null;
      updateTip();
    };
    host?.addEventListener('pointermove', onPointerMove);
    host?.addEventListener('pointerleave', onPointerLeave);

    const resize = new ResizeObserver(() => {
      measure();
      requestDraw();
    });
    resize.observe(canvas);
    measure();
    draw();
    const unsubscribe = labStore.subscribe((state, previous) => {
      if (state.snapshot !== previous.snapshot) {
        if (frame !== 0) {
          cancelAnimationFrame(frame);
          frame = 0;
        }
        draw();
      } else if (
        state.selectedNode !== previous.selectedNode ||
        state.showHeartbeats !== previous.showHeartbeats
      ) {
        requestDraw();
      }
    });
    return () => {
      unsubscribe();
      resize.disconnect();
      host?.removeEventListener('pointermove', onPointerMove);
      host?.removeEventListener('pointerleave', onPointerLeave);
      cancelAnimationFrame(frame);
      clearTimeout(positionsTimer);
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      tip.hidden = true;
    };
  }, [layout, clients]);

  return (
    <div className="graph-canvas-layer" aria-hidden="true">
      <canvas ref={canvasRef} className="graph-canvas" data-testid="message-canvas" data-in-flight="0" />
      <div ref={tipRef} className="message-tip" hidden />
    </div>
  );
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
