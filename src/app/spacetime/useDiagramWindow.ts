/**
 * The diagram's window on simulated time: how wide it is (a slider, or the mouse wheel over the diagram) and how
 * far back it looks (a slider). Selecting an anomaly anchors the window's end at the anomaly's time, widening
 * the window if the anomaly's operations need it, while the clock runs on; scrolling by hand lets go. The window
 * lives in a small store of its own, so it is the same when the Diagram tab is opened again; a new run resets it.
 */
import { type RefObject, useEffect } from 'react';
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import { useOracle } from '../oracle/oracle.ts';
import { labStore } from '../store.ts';

export const WINDOW_MIN_MS = 20;
export const WINDOW_MAX_MS = 5000;
const DEFAULT_WINDOW_MS = 300;

/** Log slider 0..100 -> window width in ms. */
export function windowFromPosition(p: number): number {
  return Math.round(WINDOW_MIN_MS * (WINDOW_MAX_MS / WINDOW_MIN_MS) ** (p / 100));
}

export function positionFromWindow(ms: number): number {
  return (100 * Math.log(ms / WINDOW_MIN_MS)) / Math.log(WINDOW_MAX_MS / WINDOW_MIN_MS);
}

interface WindowState {
  readonly windowMs: number;
  readonly backMs: number;
  /** Set when an anomaly is selected: the window's end stays at that simulated time while the clock runs on. */
  readonly anchorMs: number | null;
  /** The run the window belongs to. */
  readonly epoch: number;
}

const windowStore = createStore<WindowState>()(() => ({
  windowMs: DEFAULT_WINDOW_MS,
  backMs: 0,
  anchorMs: null,
  epoch: 0,
}));

labStore.subscribe((state) => {
  if (state.epoch !== windowStore.getState().epoch)
    windowStore.setState({ windowMs: DEFAULT_WINDOW_MS, backMs: 0, anchorMs: null, epoch: state.epoch });
});

function setWindowMs(ms: number): void {
  windowStore.setState({ windowMs: Math.min(WINDOW_MAX_MS, Math.max(WINDOW_MIN_MS, ms)) });
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

/** Selecting an anomaly brings its operations into view: widen the window if needed, scroll back to them. */
function useAnchorOnFocus(): void {
  const focus = useOracle((s) => s.focus);
  useEffect(() => {
    if (!focus) {
      windowStore.setState({ anchorMs: null });
      return;
    }
    const now = (labStore.getState().snapshot?.nowUs ?? 0) / 1000;
    const span = (focus.toUs - focus.fromUs) / 1000;
    const width = Math.min(WINDOW_MAX_MS, Math.max(windowStore.getState().windowMs, Math.ceil(span * 1.4)));
    const end = Math.min(now, focus.toUs / 1000 + width * 0.15);
    windowStore.setState({ windowMs: width, anchorMs: Math.max(end, width) });
  }, [focus]);
}

export function useDiagramWindow(nowMs: number, svg: RefObject<SVGSVGElement | null>): DiagramWindow {
  const { windowMs, backMs, anchorMs } = useStore(windowStore);
  useAnchorOnFocus();

  // Wheel zoom, with a non-passive listener so the page does not scroll while zooming.
  useEffect(() => {
    const element = svg.current;
    if (!element) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      setWindowMs(Math.round(windowStore.getState().windowMs * (event.deltaY > 0 ? 1.25 : 0.8)));
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
    scrollBack: (ms) => windowStore.setState({ anchorMs: null, backMs: ms }),
  };
}
