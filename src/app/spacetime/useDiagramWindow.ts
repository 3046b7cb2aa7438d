/**
 * The diagram's window on simulated time: how wide it is (a slider, or the mouse wheel over the diagram) and how
 * far back it looks (a slider). Selecting an anomaly anchors the window's end at the anomaly's time, widening
 * the window if the anomaly's operations need it, while the clock runs on; scrolling by hand lets go.
 */
import { type RefObject, useEffect, useRef, useState } from 'react';
import { useOracle } from '../oracle/oracle.ts';
import { labStore } from '../store.ts';

export const WINDOW_MIN_MS = 20;
export const WINDOW_MAX_MS = 5000;

/** Log slider 0..100 -> window width in ms. */
export function windowFromPosition(p: number): number {
  return Math.round(WINDOW_MIN_MS * (WINDOW_MAX_MS / WINDOW_MIN_MS) ** (p / 100));
}

export function positionFromWindow(ms: number): number {
  return (100 * Math.log(ms / WINDOW_MIN_MS)) / Math.log(WINDOW_MAX_MS / WINDOW_MIN_MS);
}

export interface DiagramWindow {
  readonly windowMs: number;
  /** How far before the clock the window ends. */
  readonly back: number;
  readonly maxBack: number;
  readonly startMs: number;
  readonly endMs: number;
  setWindowMs(ms: number): void;
  /** Scrolls back by hand (releasing an anomaly's anchor). */
  scrollBack(ms: number): void;
}

export function useDiagramWindow(nowMs: number, svg: RefObject<SVGSVGElement | null>): DiagramWindow {
  const [windowMs, setWindowMs] = useState(300);
  const windowRef = useRef(windowMs);
  windowRef.current = windowMs;
  const [backMs, setBackMs] = useState(0);
  // Set when an anomaly is selected: the window's end stays at that simulated time while the clock runs on.
  const [anchorMs, setAnchorMs] = useState<number | null>(null);

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

  // Wheel zoom, with a non-passive listener so the page does not scroll while zooming.
  useEffect(() => {
    const element = svg.current;
    if (!element) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const factor = event.deltaY > 0 ? 1.25 : 0.8;
      setWindowMs((w) => Math.min(WINDOW_MAX_MS, Math.max(WINDOW_MIN_MS, Math.round(w * factor))));
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [svg]);

  const maxBack = Math.max(0, nowMs - windowMs);
  const back = Math.min(anchorMs === null ? backMs : Math.max(0, nowMs - anchorMs), maxBack);
  const endMs = Math.max(nowMs - back, windowMs);
  return {
    windowMs,
    back,
    maxBack,
    startMs: endMs - windowMs,
    endMs,
    setWindowMs,
    scrollBack: (ms) => {
      setAnchorMs(null);
      setBackMs(ms);
    },
  };
}
