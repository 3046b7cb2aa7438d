/**
 * Number formatting and the slider scales the controls share. Pure functions, no React.
 */
import type { Latency } from '../sim/scenarios/schema.ts';

const msFormat = new Intl.NumberFormat('en-US', { minimumFractionDigits: 3, maximumFractionDigits: 3 });
const intFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const shortMs = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** "t = 1,234.567 ms" */
export function formatSimTime(nowUs: number): string {
  return `t = ${msFormat.format(nowUs / 1000)} ms`;
}

/** Milliseconds with at most one decimal: "12.5". */
export function formatMs(us: number | null): string {
  return us === null ? '-' : shortMs.format(us / 1000);
}

export function formatInt(value: number): string {
  return intFormat.format(value);
}

/** "25 ms/s (0.025x)" */
export function formatSpeed(simMsPerSec: number): string {
  const factor = simMsPerSec / 1000;
  const digits = factor >= 1 ? 1 : factor >= 0.01 ? 3 : 4;
  const x = Number(factor.toFixed(digits)).toString();
  return `${intFormat.format(simMsPerSec)} ms/s (${x}x)`;
}

/**
 * A logarithmic slider: position 0..steps maps to min..max geometrically, so slow motion and fast forward
 * both get fine control.
 */
export interface LogScale {
  toValue(position: number): number;
  toPosition(value: number): number;
  readonly steps: number;
}

export function logScale(min: number, max: number, steps = 100): LogScale {
  const lo = Math.log(min);
  const span = Math.log(max) - lo;
  return {
    steps,
    toValue: (position) => roundNice(Math.exp(lo + (span * clamp(position, 0, steps)) / steps)),
    toPosition: (value) => Math.round((steps * (Math.log(clamp(value, min, max)) - lo)) / span),
  };
}

/** Keeps two or three significant digits so slider values read as round numbers. */
function roundNice(value: number): number {
  if (value >= 100) return Math.round(value);
  if (value >= 10) return Math.round(value * 10) / 10;
  return Math.round(value * 100) / 100;
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

export const SPEED_SCALE = logScale(1, 10_000);
export const LATENCY_SCALE = logScale(1, 2000);
export const RATE_SCALE = logScale(1, 2000);
export const ELECTION_TIMEOUT_SCALE = logScale(50, 2000);

export const LATENCY_DISTS = ['constant', 'uniform', 'exponential', 'normal', 'pareto'] as const;
export type LatencyDist = (typeof LATENCY_DISTS)[number];

/** A latency spec of the given family whose mean is `meanMs`. */
export function latencyWithMean(dist: LatencyDist, meanMs: number): Latency {
  switch (dist) {
    case 'constant':
      return { dist, ms: meanMs };
    case 'uniform':
      return { dist, minMs: meanMs * 0.5, maxMs: meanMs * 1.5 };
    case 'exponential':
      return { dist, meanMs };
    case 'normal':
      return { dist, meanMs, sdMs: meanMs / 4 };
    case 'pareto':
      // Mean of Pareto(xm, alpha) is alpha * xm / (alpha - 1): with alpha 3 that is 1.5 xm.
      return { dist, xmMs: (meanMs * 2) / 3, alpha: 3 };
    default: {
      const never: never = dist;
      return never;
    }
  }
}

/** Approximate mean of a latency spec in ms; profiles use their documented typical one-way delay. */
export function latencyMeanMs(latency: Latency): number {
  switch (latency.dist) {
    case 'constant':
      return latency.ms;
    case 'uniform':
      return (latency.minMs + latency.maxMs) / 2;
    case 'exponential':
      return latency.meanMs + (latency.minMs ?? 0);
    case 'normal':
      return latency.meanMs;
    case 'pareto':
      return latency.alpha > 1 ? (latency.alpha * latency.xmMs) / (latency.alpha - 1) : latency.xmMs * 10;
    case 'mixture': {
      const total = latency.components.reduce((sum, c) => sum + c.weight, 0) || 1;
      return latency.components.reduce((sum, c) => sum + (c.weight / total) * latencyMeanMs(c.latency), 0);
    }
    case 'profile':
      return PROFILE_MEAN_MS[latency.name];
    default: {
      const never: never = latency;
      return never;
    }
  }
}

/** Rough means of the PBS profiles (VLDB 2012), only to place the latency slider. */
const PROFILE_MEAN_MS: Record<Extract<Latency, { dist: 'profile' }>['name'], number> = {
  lan: 0.5,
  'lnkd-ssd': 0.3,
  'lnkd-disk': 4.2,
  ymmr: 4.5,
};
