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
