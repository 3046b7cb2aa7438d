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
import { DOOM_ORDER, MESSAGE_KIND_ORDER, messageLabel, type PackedMessages } from '../../worker/protocol.ts';
import { type LabState, labStore } from '../store.ts';
import { createLinkCache, type Link, progress } from './geometry.ts';
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

const HEARTBEAT_CODE = MESSAGE_KIND_ORDER.indexOf('heartbeat');

/** Where the dots of the last frame were: reused arrays, so a frame allocates nothing per dot. */
interface DrawnDots {
  count: number;
  x: Float64Array;
  y: Float64Array;
  kind: Uint8Array;
  flags: Uint8Array;
  /** Index of each dot's message in `messages`. */
  source: Uint32Array;
  messages: PackedMessages | null;
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
  const source = new Uint32Array(capacity);
  source.set(dots.source);
  Object.assign(dots, { x, y, kind, flags, source });
}

/**
 * The message colours by wire kind code, read once from the stylesheet (`--kind-*`), so canvas and legend
 * agree.
 */
function kindColours(element: Element): string[] {
  const style = getComputedStyle(element);
  return MESSAGE_KIND_ORDER.map((kind) => style.getPropertyValue(`--kind-${kind}`).trim() || FALLBACK_COLOUR);
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
      source: new Uint32Array(0),
      messages: null,
    };
    // Links by endpoint indexes, valid while the snapshots' table of names stays the same (a whole run).
    let linkNames = '';
    const linkByPair = new Map<number, Link | null>();
    const linkOf = (m: PackedMessages, from: number, to: number): Link | null => {
      const key = from * 4096 + to;
      let link = linkByPair.get(key);
      if (link === undefined) {
        link = links.get(m.names[from] ?? '', m.names[to] ?? '');
        linkByPair.set(key, link);
      }
      return link;
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
      const m = dots.messages;
      for (let i = 0; m && i < dots.count && sample.length < POSITIONS_SAMPLE; i++) {
        const j = dots.source[i] ?? 0;
        sample.push({
          id: m.id[j] ?? 0,
          kind: MESSAGE_KIND_ORDER[m.kind[j] ?? 0] ?? 'request',
          x: round1(dots.x[i] ?? 0),
          y: round1(dots.y[i] ?? 0),
        });
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
      dots.messages = null;
      const snapshot = state.snapshot;
      if (!snapshot) return;
      const m = snapshot.messages;
      dots.messages = m;
      const names = m.names.join('\u0000');
      if (names !== linkNames) {
        linkNames = names;
        linkByPair.clear();
      }
      const selected = state.selectedNode === null ? -1 : m.names.indexOf(state.selectedNode);
      const now = snapshot.nowUs;
      grow(dots, m.count);
      for (let j = 0; j < m.count; j++) {
        const kind = m.kind[j] ?? 0;
        if (kind === HEARTBEAT_CODE && !state.showHeartbeats) continue;
        const from = m.from[j] ?? 0;
        const to = m.to[j] ?? 0;
        const link = linkOf(m, from, to);
        if (!link) continue;
        const f = progress(now, m.sentAt[j] ?? 0, m.deliverAt[j] ?? 0);
        const i = dots.count++;
        dots.x[i] = offsetX + (link.x1 + link.dx * f) * scale;
        dots.y[i] = offsetY + (link.y1 + link.dy * f) * scale;
        dots.kind[i] = kind;
        dots.source[i] = j;
        dots.flags[i] =
          (kind === HEARTBEAT_CODE ? FLAG_HEARTBEAT : 0) |
          (m.doomed[j] ? FLAG_DOOMED : 0) |
          (state.selectedNode !== null && from !== selected && to !== selected ? FLAG_DIMMED : 0);
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
      const m = dots.messages;
      if (best < 0 || !m) {
        if (!tip.hidden) tip.hidden = true;
        return;
      }
      const j = dots.source[best] ?? 0;
      const doomed = m.doomed[j] ? DOOM_ORDER[(m.doomed[j] ?? 1) - 1] : undefined;
      // Text only: labels come from the simulation, never parsed as markup.
      const text =
        `${messageLabel(m, j)} (${MESSAGE_KIND_ORDER[m.kind[j] ?? 0]}, ` +
        `${m.names[m.from[j] ?? 0]} → ${m.names[m.to[j] ?? 0]})${doomed ? `: will be dropped (${doomed})` : ''}`;
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
