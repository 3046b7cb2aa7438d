/**
 * Leaderless view helpers: which key's preference list the graph highlights (the store's `selectedKey`, in its
 * ui slice, so the shared store stays the one store), node colours and probability formatting.
 */

import { useLab } from '../../hooks.ts';
import type { LabState } from '../../store.ts';
import { leaderlessShown } from './state.ts';

export { nodeColour } from './colours.ts';

import './leaderless.css';

export { selectKey } from '../../store.ts';

export function useSelectedKey(): string | null {
  return useLab((s) => s.selectedKey);
}

/** A probability for display: more digits near 1, where the differences that matter are small. */
export function formatP(p: number): string {
  if (p >= 1) return '1';
  if (p > 0.9999) return p.toFixed(6);
  return p.toFixed(4);
}

/**
 * The key the graph highlights: the user's choice, else the key of the latest manual operation (a preset's story
 * is about the key its timeline writes), else the first key placed. Stable under generated traffic.
 */
export function highlightedKey(state: LabState, selected: string | null): string | null {
  const view = leaderlessShown(state);
  if (!view) return null;
  const keys = view.placement.map((p) => p.key);
  if (selected && keys.includes(selected)) return selected;
  const history = state.snapshot?.history ?? [];
  for (let i = history.length - 1; i >= 0; i--) {
    const op = history[i];
    if (op?.manual && keys.includes(op.key)) return op.key;
  }
  return keys[0] ?? null;
}
