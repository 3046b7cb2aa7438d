/**
 * Keyboard shortcuts for the frequent actions: Space plays or pauses, S or . steps, the arrows move the run's
 * time (the worker's seek, as the time scrubber does), and ? lists them all. A key typed into a field,
 * or pressed on a control that already gives it a meaning (Space on a button, arrows on a slider or a tab), is
 * left alone, as are keys with Ctrl, Alt or Meta held.
 */
import { createStore } from 'zustand/vanilla';
import { labStore } from '../store.ts';
import { seek, step, togglePlay } from '../worker/simClient.ts';

/** Simulated microseconds one arrow press moves, and with Shift held. */
export const SEEK_STEP_US = 10_000;
export const SEEK_BIG_STEP_US = 100_000;

export interface Shortcut {
  readonly keys: readonly string[];
  readonly does: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: ['Space'], does: 'Play or pause' },
  { keys: ['S', '.'], does: 'Step: run every event of the next instant' },
  { keys: ['←', '→'], does: 'Move the run’s time back or forward by 10 ms (with Shift, 100 ms)' },
  { keys: ['?'], does: 'Show this list' },
  { keys: ['Esc'], does: 'Close a menu, a popover or this list' },
];

/** Whether the shortcuts list is open. */
export const shortcutsStore = createStore<{ open: boolean }>()(() => ({ open: false }));

export function showShortcuts(open: boolean): void {
  shortcutsStore.setState({ open });
}

/** Elements where a key already means something: typing, or the control's own keyboard behaviour. */
const OWN_KEYS =
  'input, textarea, select, [contenteditable="true"], button, a[href], summary, [role="button"], ' +
  '[role="slider"], [role="tab"], [role="menuitem"], [role="listbox"], [role="option"], dialog';
const TYPING = 'input:not([type="range"]):not([type="checkbox"]), textarea, select, [contenteditable="true"]';

function within(target: EventTarget | null, selector: string): boolean {
  return target instanceof Element && target.closest(selector) !== null;
}

/** The action a key press asks for, or null when the page should leave it alone. */
export function shortcutFor(event: KeyboardEvent): (() => void) | null {
  if (event.ctrlKey || event.altKey || event.metaKey || event.defaultPrevented) return null;
  if (within(event.target, TYPING)) return null;
  const ownKeys = within(event.target, OWN_KEYS);
  const ready = labStore.getState().snapshot !== null;
  switch (event.key) {
    case '?':
      return () => showShortcuts(true);
    case ' ':
      return ownKeys || !ready ? null : togglePlay;
    case 's':
    case 'S':
    case '.':
      return ready ? step : null;
    case 'ArrowLeft':
    case 'ArrowRight': {
      if (ownKeys || !ready) return null;
      const size = event.shiftKey ? SEEK_BIG_STEP_US : SEEK_STEP_US;
      const delta = event.key === 'ArrowLeft' ? -size : size;
      return () => seekBy(delta);
    }
    default:
      return null;
  }
}

/**
 * Moves the run's time by `deltaUs` (negative goes back), clamped to the run so far: the worker replays from its
 * nearest checkpoint, as when the scrubber is dragged. From the thumb's target while a seek is under way, so
 * presses in quick succession add up.
 */
export function seekBy(deltaUs: number): void {
  const { snapshot, timeline } = labStore.getState();
  const from = timeline?.seeking?.toUs ?? snapshot?.nowUs ?? 0;
  const end = Math.max(timeline?.runEndUs ?? 0, snapshot?.nowUs ?? 0);
  seek(Math.round(Math.min(end, Math.max(0, from + deltaUs))));
}

/** Listens for the shortcuts on the whole page. Call once at start-up; returns the function that stops it. */
export function installShortcuts(): () => void {
  const onKeyDown = (event: KeyboardEvent) => {
    const action = shortcutFor(event);
    if (!action) return;
    event.preventDefault();
    action();
  };
  document.addEventListener('keydown', onKeyDown);
  return () => document.removeEventListener('keydown', onKeyDown);
}
