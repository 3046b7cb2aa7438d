/**
 * Nearest-rank percentiles, exact: of a sorted list, and of a growing multiset in O(log n) per value, with the
 * sorted-list helpers the metrics' buckets keep their latencies in.
 */

/** The nearest-rank percentile (`p` in 1..100) of ascending `sorted` values; null when empty. */
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  return sorted[rank(n, p) - 1] ?? null;
}

/** The 1-based nearest rank of percentile `p` among `n` values: ceil(p/100 * n), computed exactly. */
function rank(n: number, p: number): number {
  return Math.max(1, Math.ceil((n * p) / 100));
}

/**
 * The nearest-rank percentile (`p` in 1..100) of the values of several ascending lists taken together, which must
 * be whole numbers (latencies in microseconds are); null when they are all empty. A binary search over the value,
 * counting at each step the values at or under it: O(lists x log(length) x log(range)), and no list of its own,
 * so the metrics keep every latency once (in their buckets).
 */
export function percentileOfSorted(lists: readonly ArrayLike<number>[], p: number): number | null {
  let n = 0;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const list of lists) {
    if (list.length === 0) continue;
    n += list.length;
    lo = Math.min(lo, list[0] as number);
    hi = Math.max(hi, list[list.length - 1] as number);
  }
  if (n === 0) return null;
  const k = rank(n, p);
  // The smallest value with at least k values at or under it: the k-th smallest.
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (countAtMost(lists, mid) >= k) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function countAtMost(lists: readonly ArrayLike<number>[], x: number): number {
  let count = 0;
  for (const list of lists) {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid] as number) <= x) lo = mid + 1;
      else hi = mid;
    }
    count += lo;
  }
  return count;
}

/**
 * The exact nearest-rank percentile of a growing multiset in O(log n) per value: a max-heap holds the k
 * smallest values (k = the rank of the percentile), a min-heap the rest, and the answer is the max-heap's top.
 */
export class RankTracker {
  private readonly p: number;
  /** Negated values: a min-heap of negatives is a max-heap. */
  private readonly low = new MinHeap();
  private readonly high = new MinHeap();
  private n = 0;

  constructor(p: number) {
    this.p = p;
  }

  add(x: number): void {
    this.n++;
    if (this.low.size > 0 && x <= -this.low.peek()) this.low.push(-x);
    else this.high.push(x);
    const k = rank(this.n, this.p);
    while (this.low.size > k) this.high.push(-this.low.pop());
    while (this.low.size < k) this.low.push(-this.high.pop());
  }

  value(): number | null {
    return this.n > 0 ? -this.low.peek() : null;
  }
}

class MinHeap {
  private readonly a: number[] = [];

  get size(): number {
    return this.a.length;
  }

  peek(): number {
    return this.a[0] as number;
  }

  push(x: number): void {
    const a = this.a;
    let i = a.length;
    a.push(x);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = a[parent] as number;
      if (p <= x) break;
      a[i] = p;
      i = parent;
    }
    a[i] = x;
  }

  pop(): number {
    const a = this.a;
    const top = a[0] as number;
    const last = a.pop() as number;
    const n = a.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && (a[r] as number) < (a[l] as number) ? r : l;
        if ((a[c] as number) >= last) break;
        a[i] = a[c] as number;
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}

/** Inserts `x` into ascending `a`, after any equal values. */
export function insertSorted(a: number[], x: number): void {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((a[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  if (lo === a.length) a.push(x);
  else a.splice(lo, 0, x);
}

/** Two ascending lists as one (either list itself when the other is empty). */
export function mergeSorted(a: readonly number[], b: readonly number[]): number[] {
  if (b.length === 0) return a as number[];
  if (a.length === 0) return b as number[];
  const out = new Array<number>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length)
    out[k++] = ((a[i] as number) <= (b[j] as number) ? a[i++] : b[j++]) as number;
  while (i < a.length) out[k++] = a[i++] as number;
  while (j < b.length) out[k++] = b[j++] as number;
  return out;
}
