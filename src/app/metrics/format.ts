/** Number formats of the metrics panel. Pure functions, no React. */

const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const twoDigits = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 2 });

/** An axis tick in milliseconds: "0", "250", "1,500", "0.5". */
export function formatAxisMs(us: number): string {
  const ms = us / 1000;
  return Math.abs(ms) >= 10 || ms === 0 ? int.format(ms) : oneDecimal.format(ms);
}

/** "8.2 ms", or "–" when there is nothing to measure. */
export function formatLatency(us: number | null): string {
  return us === null ? '–' : `${oneDecimal.format(us / 1000)} ms`;
}

/**
 * A share as a percentage with one decimal, never rounded to a misleading 100% or 0%: "99.5%", ">99.9%", "100%",
 * "–" when undefined.
 */
export function formatPercent(share: number | null): string {
  if (share === null) return '–';
  if (share === 1) return '100%';
  if (share === 0) return '0%';
  if (share > 0.999) return '>99.9%';
  if (share < 0.001) return '<0.1%';
  return `${oneDecimal.format(share * 100)}%`;
}

/** Decimal units (1 kB = 1,000 B), as network traffic is usually counted: "812 B", "3.4 kB", "1.2 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${int.format(bytes)} B`;
  if (bytes < 1_000_000) return `${oneDecimal.format(bytes / 1000)} kB`;
  if (bytes < 1_000_000_000) return `${oneDecimal.format(bytes / 1_000_000)} MB`;
  return `${oneDecimal.format(bytes / 1_000_000_000)} GB`;
}

export function formatCount(n: number): string {
  return int.format(n);
}

/** A short count for an axis: "0", "40", "1.2k", "35k". */
export function formatAxisCount(n: number): string {
  if (n < 1000) return int.format(n);
  if (n < 1_000_000) return `${twoDigits.format(n / 1000)}k`;
  return `${twoDigits.format(n / 1_000_000)}M`;
}

/** A short byte count for an axis: "0", "800", "12k", "1.5M" (bytes). */
export const formatAxisBytes = formatAxisCount;
