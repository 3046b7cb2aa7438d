/**
 * The k-th largest of a list of numbers, by selection instead of sorting: a leader of 100 followers works out
 * its commit index on every acknowledgement, and sorting the match indexes each time cost O(n log n) and an
 * allocation per call. Quickselect with a deterministic middle pivot reorders `values` in place (pass a scratch
 * array) and returns exactly what sorting in descending order and taking element k - 1 would.
 */
export function kthLargest(values: number[], k: number): number | undefined {
  if (k < 1 || k > values.length) return undefined;
  const target = k - 1;
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1] as number;
    let i = lo;
    let j = hi;
    // Hoare partition in descending order: larger values to the left of the pivot's place, smaller to the right.
    while (i <= j) {
      while ((values[i] as number) > pivot) i++;
      while ((values[j] as number) < pivot) j--;
      if (i <= j) {
        const t = values[i] as number;
        values[i] = values[j] as number;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return values[target];
  }
  return values[target];
}

/**
 * Sorts `items` in place as `items.sort(order)` would (both are stable, so the result is the same for any
 * consistent order), by insertion for the few items a key's siblings or a digest hold: Array.prototype.sort
 * allocates a work array on every call, and these sorts run on every version a replica stores. More than `few`
 * items go to the library sort.
 */
export function sortFew<T>(items: T[], order: (a: T, b: T) => number, few = 16): T[] {
  if (items.length > few) return items.sort(order);
  for (let i = 1; i < items.length; i++) {
    const item = items[i] as T;
    let j = i - 1;
    while (j >= 0 && order(items[j] as T, item) > 0) {
      items[j + 1] = items[j] as T;
      j--;
    }
    items[j + 1] = item;
  }
  return items;
}
