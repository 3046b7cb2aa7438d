/**
 * Which node's menu is open on the graph (at most one), and how it was opened. A new run closes it: the node it
 * was about belongs to the previous one.
 */
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import { labStore } from '../store.ts';

export interface NodeMenuState {
  readonly node: string | null;
  readonly epoch: number;
}

export const nodeMenuStore = createStore<NodeMenuState>()(() => ({ node: null, epoch: 0 }));

export function useNodeMenu<T>(selector: (state: NodeMenuState) => T): T {
  return useStore(nodeMenuStore, selector);
}

export function openNodeMenu(node: string): void {
  nodeMenuStore.setState({ node, epoch: labStore.getState().epoch });
}

/** Closes the menu; with `refocus`, the keyboard goes back to the node it belonged to. */
export function closeNodeMenu(refocus = false): void {
  const { node } = nodeMenuStore.getState();
  if (node === null) return;
  nodeMenuStore.setState({ node: null });
  if (refocus) nodeButton(node)?.focus();
}

/** The node's group on the graph: its card and everything drawn on it. */
export function nodeGroup(node: string): SVGElement | null {
  return document.querySelector<SVGElement>(`[data-testid="node"][data-node-id="${CSS.escape(node)}"]`);
}

/** The node's card, the element that takes focus (a button for assistive technology). */
export function nodeButton(node: string): SVGElement | null {
  return nodeGroup(node)?.querySelector<SVGElement>('.node-card') ?? null;
}
