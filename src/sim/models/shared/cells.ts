/** A replica's data as the views show it: one cell per key, in key order. */
import type { KeyValueView } from '../../types.ts';

/** Compares two keys by code unit, the order every view lists keys in. */
export function byKey(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A replica's data, or with `withData` false only how many keys it holds (`dataOmitted`, absent when none):
 * what a snapshot of a large cluster carries for the nodes the page does not show in full.
 */
export function dataOf<T>(
  store: ReadonlyMap<string, T>,
  withData: boolean,
  cells: () => KeyValueView[],
): { readonly data: KeyValueView[]; readonly dataOmitted?: number } {
  if (withData) return { data: cells() };
  return store.size === 0 ? { data: [] } : { data: [], dataOmitted: store.size };
}

/** The cells of a store, in key order. */
export function cellsInKeyOrder<T>(
  store: ReadonlyMap<string, T>,
  cell: (key: string, value: T) => KeyValueView,
): KeyValueView[] {
  return [...store.keys()].sort(byKey).map((key) => cell(key, store.get(key) as T));
}

/**
 * Keys whose displayed value differs between the given replicas (a key a replica lacks counts as the value
 * "∅"): the divergence every model is judged by.
 */
export function divergentKeysOf(replicas: readonly (readonly KeyValueView[])[]): string[] {
  const keys = new Set<string>();
  for (const cells of replicas) for (const c of cells) keys.add(c.key);
  const out: string[] = [];
  for (const key of [...keys].sort(byKey)) {
    let first: string | undefined;
    for (const cells of replicas) {
      const value = cells.find((c) => c.key === key)?.value ?? '∅';
      if (first === undefined) first = value;
      else if (value !== first) {
        out.push(key);
        break;
      }
    }
  }
  return out;
}
