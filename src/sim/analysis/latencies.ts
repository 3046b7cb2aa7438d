/**
 * Latencies as the metrics keep them: every value while there are few (percentiles exact, nearest-rank), then as
 * counts in log-linear bins (HdrHistogram's idea): values under 256 µs exactly, larger ones in 128 bins per
 * power of two, so a bin spans less than 1/128 of its values. Past `exactLimit` values, a percentile is the
 * lower bound of the bin holding the nearest-rank value: at most 0.8% under it, never over. The memory is then
 * the number of bins in use (a few hundred), whatever the run's length.
 */

/** Values under this are binned exactly; above, each power of two splits into SUB_BINS bins. */
const EXACT_BELOW = 256;
const SUB_BINS = 128;

/** The bin of a latency (whole microseconds, >= 0): monotone in the value. */
export function binOf(value: number): number {
  let v = Math.floor(value);
  if (v < EXACT_BELOW) return v;
  let halvings = 0;
  while (v >= EXACT_BELOW) {
    v = Math.floor(v / 2);
    halvings++;
  }
  // v is now in [SUB_BINS, EXACT_BELOW): the top bits of the value.
  return halvings * SUB_BINS + v;
}

/** The smallest value a bin holds. */
export function binFloor(bin: number): number {
  if (bin < EXACT_BELOW) return bin;
  const halvings = Math.floor(bin / SUB_BINS) - 1;
  const top = bin - halvings * SUB_BINS;
  let floor = top;
  for (let i = 0; i < halvings; i++) floor *= 2;
  return floor;
}

export class Latencies {
  /** The values, while exact (null once binned); sorted when `sorted`. */
  private values: number[] | null = [];
  private sorted = true;
  /** Counts per bin, once there were more than `exactLimit` values. */
  private bins: Map<number, number> | null = null;
  count = 0;
  readonly exactLimit: number;

  constructor(exactLimit: number) {
    this.exactLimit = exactLimit;
  }

  /** Whether every value is kept (percentiles exact). */
  get exact(): boolean {
    return this.bins === null;
  }

  add(value: number): void {
    this.count++;
    const values = this.values;
    if (values === null) {
      this.addBin(binOf(value), 1);
      return;
    }
    // A frozen list (a checkpoint shares it) is copied before it changes.
    const list = Object.isFrozen(values) ? [...values] : values;
    if (this.sorted && list.length > 0 && value < (list[list.length - 1] as number)) this.sorted = false;
    list.push(value);
    this.values = list;
    if (list.length > this.exactLimit) this.toBins();
  }

  /** Adds every value of `other`. */
  absorb(other: Latencies): void {
    if (other.bins) {
      if (!this.bins) this.toBins();
      for (const [bin, n] of other.bins) this.addBin(bin, n);
      this.count += other.count;
      return;
    }
    for (const v of other.values ?? []) this.add(v);
  }

  /** Freezes the list of values (a checkpoint then shares it); the next `add` copies it. */
  freeze(): void {
    this.sortNow();
    if (this.values) Object.freeze(this.values);
  }

  /** The nearest-rank percentile (`p` in 1..100), exact while `exact`; null when empty. */
  percentile(p: number): number | null {
    if (this.count === 0) return null;
    const rank = Math.max(1, Math.ceil((this.count * p) / 100));
    if (this.values) {
      this.sortNow();
      return this.values[rank - 1] ?? null;
    }
    const bins = [...(this.bins as Map<number, number>).entries()].sort((a, b) => a[0] - b[0]);
    let seen = 0;
    for (const [bin, n] of bins) {
      seen += n;
      if (seen >= rank) return binFloor(bin);
    }
    return null;
  }

  private sortNow(): void {
    if (this.sorted || !this.values) return;
    this.values = [...this.values].sort((a, b) => a - b);
    this.sorted = true;
  }

  private toBins(): void {
    this.bins = new Map();
    for (const v of this.values ?? []) this.addBin(binOf(v), 1);
    this.values = null;
  }

  private addBin(bin: number, n: number): void {
    const bins = this.bins as Map<number, number>;
    bins.set(bin, (bins.get(bin) ?? 0) + n);
  }
}
