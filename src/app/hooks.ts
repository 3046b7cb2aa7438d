/**
 * Narrow subscriptions to the store. A snapshot arrives every frame as a fresh structured clone, so selecting
 * an object from it would re-render on every frame; `useLabStable` keeps the previous result while it is
 * structurally equal, which makes a component re-render only when what it shows changes.
 */
import {
  type RefObject,
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import { useStore } from 'zustand';
import { type LabState, labStore } from './store.ts';

export function useLab<T>(selector: (state: LabState) => T): T {
  return useStore(labStore, selector);
}

/**
 * Text that changes every frame (a clock), written straight into the element by a store subscription: no render
 * at all. `text` must be a stable function (declared at module level); the element must have no React children.
 */
export function useLiveText<E extends HTMLElement>(text: (state: LabState) => string): RefObject<E | null> {
  const ref = useRef<E>(null);
  useLayoutEffect(() => {
    let shown: string | null = null;
    const write = (state: LabState) => {
      const next = text(state);
      if (next === shown || !ref.current) return;
      setText(ref.current, next);
      shown = next;
    };
    write(labStore.getState());
    return labStore.subscribe(write);
  }, [text]);
  return ref;
}

/**
 * Sets an element's text by changing its one text node in place (a character-data change: no node removed and
 * inserted, so no style work for a new node), or with `textContent` when it has none.
 */
export function setText(element: Element, text: string): void {
  const node = element.firstChild;
  if (node && node === element.lastChild && node.nodeType === Node.TEXT_NODE) (node as Text).data = text;
  else element.textContent = text;
}

export function useLabStable<T>(selector: (state: LabState) => T): T {
  const previous = useRef<{ value: T } | null>(null);
  return useStore(labStore, (state) => {
    const next = selector(state);
    const last = previous.current;
    if (last && deepEqual(last.value, next)) return last.value;
    previous.current = { value: next };
    return next;
  });
}

/**
 * Components throttled to the same interval share one subscription and one timer: with a card per node, a
 * timer each would mean hundreds of timers a second.
 */
interface ThrottleGroup {
  readonly listeners: Set<() => void>;
  lastMs: number;
  timer: ReturnType<typeof setTimeout> | undefined;
  unsubscribe: (() => void) | null;
}

const throttleGroups = new Map<number, ThrottleGroup>();

function joinThrottleGroup(intervalMs: number, listener: () => void): () => void {
  let group = throttleGroups.get(intervalMs);
  if (!group) {
    group = { listeners: new Set(), lastMs: Number.NEGATIVE_INFINITY, timer: undefined, unsubscribe: null };
    throttleGroups.set(intervalMs, group);
  }
  const g = group;
  const fire = () => {
    g.timer = undefined;
    g.lastMs = performance.now();
    for (const l of g.listeners) l();
  };
  // A change that comes once the interval has passed refreshes at once, in the same task (a snapshot's frame):
  // the views it refreshes render with the rest of that snapshot, in one frame rather than a second one later.
  // Sooner, a timer refreshes after the rest of the interval (the latest state then).
  if (g.listeners.size === 0)
    g.unsubscribe = labStore.subscribe(() => {
      const wait = g.lastMs + intervalMs - performance.now();
      if (wait <= 0) {
        clearTimeout(g.timer);
        fire();
      } else if (g.timer === undefined) g.timer = setTimeout(fire, wait);
    });
  g.listeners.add(listener);
  return () => {
    g.listeners.delete(listener);
    if (g.listeners.size > 0) return;
    g.unsubscribe?.();
    g.unsubscribe = null;
    clearTimeout(g.timer);
    g.timer = undefined;
  };
}

/**
 * Like useLabStable, but re-renders at most once per `intervalMs`: for tables and counters that change every
 * frame under heavy traffic, where nobody can read faster than a few updates a second anyway. The selector reads
 * the store only, never a prop that changes: a refresh can run in the store's update, before the component has
 * re-rendered with its new props, and a paused run would keep what the old ones gave (NodeCard's title).
 */
export function useLabThrottled<T>(selector: (state: LabState) => T, intervalMs: number, active = true): T {
  const shown = useRef<{ value: T } | null>(null);
  if (shown.current === null) shown.current = { value: selector(labStore.getState()) };
  const latestSelector = useRef(selector);
  latestSelector.current = selector;
  // Inactive (scrolled out of view), the value holds still: nothing re-renders for a view nobody sees. An
  // external store's update renders in the microtask after the task that made it (a state setter's would wait
  // for a later task, and so a later frame).
  const subscribe = useCallback(
    (changed: () => void) => {
      if (!active) return () => {};
      const update = () => {
        const next = latestSelector.current(labStore.getState());
        if (shown.current && deepEqual(shown.current.value, next)) return;
        shown.current = { value: next };
        changed();
      };
      update();
      return joinThrottleGroup(intervalMs, update);
    },
    [intervalMs, active],
  );
  return useSyncExternalStore(subscribe, () => (shown.current as { value: T }).value);
}

/**
 * Whether an element is on screen (or within `marginPx` of it; a negative margin asks for that many pixels of it
 * on screen, so a panel whose top edge peeks in at the bottom of the window does not count). Views that redraw a
 * few times a second pass it to `useLabThrottled` so that below the fold they cost nothing; it starts true, so
 * the first render is whole.
 */
export function useInView(ref: RefObject<Element | null>, marginPx = 200): boolean {
  const [visible, setVisible] = useState(true);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => setVisible(entries.some((e) => e.isIntersecting)),
      {
        rootMargin: `${marginPx}px`,
      },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, marginPx]);
  return visible;
}

/**
 * A control's value while the worker has not yet confirmed a change the user made: what the user chose shows at
 * once, until the confirmed value (from the snapshot) changes, or `holdMs` passes without it changing (the change
 * was refused or made no difference). Pass `confirmed` from a stable selection (useLabStable or a primitive).
 */
export function usePending<T>(confirmed: T, holdMs = 1000): [T, (value: T) => void] {
  const [pending, setPending] = useState<{ readonly value: T } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new confirmed value is the trigger, not a read.
  useEffect(() => {
    clearTimeout(timer.current);
    setPending(null);
  }, [confirmed]);
  useEffect(() => () => clearTimeout(timer.current), []);
  const set = (value: T) => {
    setPending({ value });
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setPending(null), holdMs);
  };
  return [pending ? pending.value : confirmed, set];
}

/** Structural equality for plain data (what snapshots are made of). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka)
    if (!deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}
