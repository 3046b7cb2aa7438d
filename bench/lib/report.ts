/**
 * How a benchmark reports: one line per figure, `BENCH {json}`, which bench/run.ts collects into the README's
 * performance table. Every figure stands beside a reference measured in the same run (a bare loop, a raw
 * canvas page, a plain run), because these machines are shared and a bare number moves 3-7x within an hour.
 */
export interface Figure {
  /** Stable id, e.g. "core.leader-follower". */
  readonly id: string;
  /** What was measured, in words. */
  readonly what: string;
  /** The figure as it should read, e.g. "1.26 M events/s". */
  readonly figure: string;
  /** The same-run reference, e.g. "3.58 M events/s for a bare event-queue loop". */
  readonly reference: string;
  /** The figure against its reference, e.g. "35.2%" (or "1.8x"), when the comparison is a ratio. */
  readonly ratio?: string;
  /** The target, in words, e.g. "at least 25% of the bare loop". */
  readonly target: string;
  /** Whether the target was met in this run; null for a figure that has no target (it informs). */
  readonly pass: boolean | null;
}

/** Prints the figure for bench/run.ts and a readable line for a person running the bench alone. */
export function report(figure: Figure): void {
  console.log(`BENCH ${JSON.stringify(figure)}`);
  console.log(
    `  ${figure.id}: ${figure.figure} (reference: ${figure.reference}${figure.ratio ? `; ${figure.ratio}` : ''}) target ${figure.target}: ${figure.pass === null ? 'no target' : figure.pass ? 'PASS' : 'MISS'}`,
  );
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

/** The p-th percentile (nearest rank) of the values. */
export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return 0;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? 0;
}

/** "1.26 M", "35.8 k", "912": a rate or a count in words. */
export function compact(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)} k`;
  return n.toLocaleString('en-US', { maximumFractionDigits: n < 10 ? 2 : 0 });
}
