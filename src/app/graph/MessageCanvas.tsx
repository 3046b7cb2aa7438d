/**
 * Every in-flight message as a dot on its link, drawn on one <canvas>. The dot's place is a pure function of
 * simulated time, (now - sentAt) / (deliverAt - sentAt), so pause, speed changes and seeking need no animation
 * state at all; with the system's reduced motion on, the dots step along their links instead of gliding.
 *
 * This is the one layer that changes every frame, with up to a thousand dots in a large cluster. As SVG
 * circles, the browser restyled and re-laid-out each of them every frame (about 33 ms a frame at 25 nodes); on a
 * canvas a frame is a few hundred arcs filled in one path per colour. The canvas bypasses React: it subscribes
 * to the store (zustand's "transient updates") and redraws when a snapshot is applied, which the store does once
 * per animation frame. The painting itself is messagePainter.ts (and dots.ts).
 *
 * The canvas is hidden from assistive technology: the node cards carry the state, the dots only illustrate it.
 * Tests and the frame benchmark read `data-in-flight`, `data-positions` and `data-motion` on it.
 */
import { useEffect, useRef, useState } from 'react';
import { MESSAGE_KIND_ORDER } from '../../worker/protocol.ts';
import { onReducedMotionChange, prefersReducedMotion, useTheme } from '../page/theme.ts';
import { labStore } from '../store.ts';
import { FALLBACK_COLOUR } from './dots.ts';
import type { Layout } from './layout.ts';
import { MessagePainter } from './messagePainter.ts';
import { PlayClock } from './playClock.ts';

interface Props {
  readonly layout: Layout;
  readonly clients: readonly string[];
}

/** The message colours by wire kind code, read from the theme (`--kind-*`), so canvas and legend agree. */
function kindColours(element: Element): string[] {
  const style = getComputedStyle(element);
  return MESSAGE_KIND_ORDER.map((kind) => style.getPropertyValue(`--kind-${kind}`).trim() || FALLBACK_COLOUR);
}

/**
 * The colours, read once per theme: reading a computed style forces the page's style to be worked out there and
 * then, and the painter is made again whenever the layout changes (a new leader, a card grown by a key).
 */
let coloursOf: { readonly theme: string; readonly colours: string[]; readonly doomed: string } | null = null;

function themeColours(canvas: HTMLCanvasElement, theme: string) {
  if (coloursOf?.theme !== theme) {
    const doomed = getComputedStyle(canvas).getPropertyValue('--danger').trim() || FALLBACK_COLOUR;
    coloursOf = { theme, colours: kindColours(canvas), doomed };
  }
  return coloursOf;
}

export function MessageCanvas({ layout, clients }: Props) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const tipRef = useRef<HTMLDivElement>(null);
  const theme = useTheme();
  const stepped = useReducedMotion();

  useEffect(() => {
    const canvas = canvasRef.current;
    const tip = tipRef.current;
    // `desynchronized` lets the canvas reach the compositor without going through the page's commit: with a
    // software compositor (headless Chromium, machines without a GPU) a synchronised canvas of this size costs
    // about 8 ms a frame in commit and layer updates alone. Browsers that cannot honour the hint ignore it.
    const ctx = canvas?.getContext('2d', { desynchronized: true });
    if (!canvas || !tip || !ctx) return;
    const { colours, doomed } = themeColours(canvas, theme);
    const painter = new MessagePainter(ctx, tip, { layout, clients, colours, doomed, stepped });
    return wire(painter, canvas, !stepped);
  }, [layout, clients, theme, stepped]);

  return (
    <div className="graph-canvas-layer" aria-hidden="true">
      <canvas ref={canvasRef} className="graph-canvas" data-testid="message-canvas" data-in-flight="0" />
      <div ref={tipRef} className="message-tip" hidden />
    </div>
  );
}

/**
 * Draws on every applied snapshot, in the store's animation-frame callback (the same frame); while the run plays
 * (and motion is not reduced) it also draws every frame between snapshots, at the time `PlayClock` says the run
 * has reached, so the dots glide however few snapshots the worker can afford. Anything else (selection, the
 * heartbeat toggle, a resize) asks for the next frame. Returns the clean-up.
 */
function wire(painter: MessagePainter, canvas: HTMLCanvasElement, glides: boolean): () => void {
  let frame = 0;
  let gliding = 0;
  const clock = new PlayClock();
  const moving = () => glides && labStore.getState().playing;
  // What the last drawing cost: between snapshots a frame is drawn only once 3x that has passed since the last,
  // so thousands of dots on a busy machine take at most about a quarter of the main thread.
  let drawnAt = Number.NEGATIVE_INFINITY;
  let drawMs = 0;
  const drawNow = () => {
    const started = performance.now();
    painter.draw(moving() ? clock.at(started) : undefined);
    drawnAt = started;
    drawMs = performance.now() - started;
  };
  const requestDraw = () => {
    if (frame !== 0) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      drawNow();
    });
  };
  const glide = () => {
    gliding = requestAnimationFrame(() => {
      gliding = 0;
      if (!moving()) return;
      if (performance.now() - drawnAt >= 3 * drawMs) drawNow();
      glide();
    });
  };
  const stopPointing = trackPointer(painter, canvas);
  const resize = new ResizeObserver(() => {
    painter.measure();
    cancelAnimationFrame(frame);
    frame = 0;
    drawNow(); // in this frame, after its layout: the new size never shows an empty canvas
  });
  // Its first report (after this frame's layout) measures the canvas and draws: measuring here, in the commit of
  // a new layout, would force the page's layout at once.
  resize.observe(canvas);
  const unsubscribe = labStore.subscribe((state, previous) => {
    if (state.snapshot !== previous.snapshot) {
      if (state.playing && state.snapshot)
        clock.applied(state.snapshot.nowUs, performance.now(), state.speed);
      else clock.stopped();
      cancelAnimationFrame(frame);
      frame = 0;
      // Gliding, the next frame draws it (once a frame, not twice); else it is drawn now.
      if (gliding !== 0 && moving()) return;
      drawNow();
      if (moving()) glide();
    } else if (
      state.selectedNode !== previous.selectedNode ||
      state.showHeartbeats !== previous.showHeartbeats
    )
      requestDraw();
  });
  return () => {
    unsubscribe();
    resize.disconnect();
    stopPointing();
    cancelAnimationFrame(frame);
    cancelAnimationFrame(gliding);
    painter.dispose();
  };
}

/**
 * The canvas lets the pointer through to the cards below; the graph as a whole reports where it is, for the
 * tooltip of the dot under it. Returns the clean-up.
 */
function trackPointer(painter: MessagePainter, canvas: HTMLCanvasElement): () => void {
  const host = canvas.closest('.graph');
  const onPointerMove = (event: Event) => {
    if (!(event instanceof PointerEvent)) return;
    const rect = canvas.getBoundingClientRect();
    painter.point({ x: event.clientX - rect.left, y: event.clientY - rect.top });
  };
  const onPointerLeave = () => painter.point(null);
  host?.addEventListener('pointermove', onPointerMove);
  host?.addEventListener('pointerleave', onPointerLeave);
  return () => {
    host?.removeEventListener('pointermove', onPointerMove);
    host?.removeEventListener('pointerleave', onPointerLeave);
  };
}

/** The system's reduced-motion preference, kept up to date. */
function useReducedMotion(): boolean {
  const [reduced, setReduced] = useState(prefersReducedMotion);
  useEffect(() => onReducedMotionChange(() => setReduced(prefersReducedMotion())), []);
  return reduced;
}
