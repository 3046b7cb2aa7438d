/**
 * Latency distributions, in milliseconds. The production profiles are the write-delay (W) fits of the PBS paper
 * (Bailis et al., VLDB 2012, table in shared/SCENARIOS.md); Exp(λ) there has rate λ per ms.
 */

import type { Latency } from '../scenarios/schema.ts';
import { detPow } from './detmath.ts';
import type { Rng } from './rng.ts';
import { unreachable } from './unreachable.ts';

export const PROFILE_LATENCY: Record<Extract<Latency, { dist: 'profile' }>['name'], Latency> = {
  lan: { dist: 'exponential', meanMs: 0.4, minMs: 0.1 },
  'lnkd-ssd': {
    dist: 'mixture',
    components: [
      { weight: 0.9122, latency: { dist: 'pareto', xmMs: 0.235, alpha: 10 } },
      { weight: 0.0878, latency: { dist: 'exponential', meanMs: 1 / 1.66 } },
    ],
  },
  'lnkd-disk': {
    dist: 'mixture',
    components: [
      { weight: 0.38, latency: { dist: 'pareto', xmMs: 1.05, alpha: 1.51 } },
      { weight: 0.62, latency: { dist: 'exponential', meanMs: 1 / 0.183 } },
    ],
  },
  ymmr: {
    dist: 'mixture',
    components: [
      { weight: 0.939, latency: { dist: 'pareto', xmMs: 3, alpha: 3.35 } },
      { weight: 0.061, latency: { dist: 'exponential', meanMs: 1 / 0.0028 } },
    ],
  },
};

/** The PBS WARS experiment's profiles (shared/SCENARIOS.md, "Realistic latency profiles"). */
export const PBS_PROFILE_NAMES = ['lnkd-ssd', 'lnkd-disk', 'ymmr', 'wan'] as const;
export type PbsProfileName = (typeof PBS_PROFILE_NAMES)[number];

/**
 * One WARS profile: W is the write's one-way delay to a replica, A the acknowledgement back, R the read request,
 * S the read response. `remoteExtraMs` is added to W and A of every replica but one random "local" replica per
 * trial, and to R and S of every replica but another, independently drawn, local one (the WAN profile; applied by
 * src/sim/pbs.ts).
 */
export interface WarsLatencies {
  w: Latency;
  a: Latency;
  r: Latency;
  s: Latency;
  remoteExtraMs: number;
}

/** YMMR's fit for A, R and S: 98.2% Pareto(1.5, 3.8) + 1.8% Exp(0.0217). */
const YMMR_ARS: Latency = {
  dist: 'mixture',
  components: [
    { weight: 0.982, latency: { dist: 'pareto', xmMs: 1.5, alpha: 3.8 } },
    { weight: 0.018, latency: { dist: 'exponential', meanMs: 1 / 0.0217 } },
  ],
};

const LNKD_SSD = PROFILE_LATENCY['lnkd-ssd'];

export const PBS_PROFILES: Record<PbsProfileName, WarsLatencies> = {
  'lnkd-ssd': { w: LNKD_SSD, a: LNKD_SSD, r: LNKD_SSD, s: LNKD_SSD, remoteExtraMs: 0 },
  'lnkd-disk': { w: PROFILE_LATENCY['lnkd-disk'], a: LNKD_SSD, r: LNKD_SSD, s: LNKD_SSD, remoteExtraMs: 0 },
  ymmr: { w: PROFILE_LATENCY.ymmr, a: YMMR_ARS, r: YMMR_ARS, s: YMMR_ARS, remoteExtraMs: 0 },
  wan: { w: PROFILE_LATENCY['lnkd-disk'], a: LNKD_SSD, r: LNKD_SSD, s: LNKD_SSD, remoteExtraMs: 75 },
};

/**
 * One draw, in ms, never negative. The transforms use detmath.ts, not Math.log and `**`, whose last bits the
 * standard leaves to each engine: the same seed gives the same delays, bit for bit, in every browser.
 *
 * The normal distribution is drawn here and every other shape in `sampleShapeMs`. The network's per-message step
 * calls `sampleLatencyUs`, which draws the normal shape in whole microseconds straight from the Rng's batch
 * (`normalDelayUs`, the same bits as this function rounded); this one serves the PBS analysis and mixtures.
 */
export function sampleLatencyMs(lat: Latency, rng: Rng): number {
  // Truncated at zero: a message cannot arrive before it was sent.
  if (lat.dist === 'normal') return Math.max(0, lat.meanMs + rng.normal() * lat.sdMs);
  return sampleShapeMs(lat, rng);
}

/**
 * One draw as a message's delay in integer microseconds, at least 1 (nothing arrives the instant it leaves):
 * `sampleLatencyMs` rounded, the same operations in the same order. The normal shape is drawn by the generator
 * itself (Rng.normalDelayUs), so that no double crosses a call on a message's path: one that V8 does not inline
 * hands a double back as a new heap number.
 */
export function sampleLatencyUs(lat: Latency, rng: Rng): number {
  if (lat.dist === 'normal') return rng.normalDelayUs(lat);
  return Math.max(1, Math.round(sampleShapeMs(lat, rng) * 1000));
}

/** `sampleLatencyMs` for every shape but the normal one. */
function sampleShapeMs(lat: Latency, rng: Rng): number {
  switch (lat.dist) {
    case 'constant':
      return lat.ms;
    case 'uniform':
      return lat.minMs + rng.float() * (lat.maxMs - lat.minMs);
    case 'exponential':
      return (lat.minMs ?? 0) + rng.exponential(lat.meanMs);
    case 'normal':
      return Math.max(0, lat.meanMs + rng.normal() * lat.sdMs);
    case 'pareto':
      return lat.xmMs / detPow(1 - rng.float(), 1 / lat.alpha);
    case 'mixture': {
      const total = lat.components.reduce((s, c) => s + c.weight, 0);
      let u = rng.float() * total;
      for (const c of lat.components) {
        u -= c.weight;
        if (u < 0) return sampleLatencyMs(c.latency, rng);
      }
      const last = lat.components[lat.components.length - 1];
      return last ? sampleLatencyMs(last.latency, rng) : 0;
    }
    case 'profile':
      return sampleLatencyMs(PROFILE_LATENCY[lat.name], rng);
    default:
      return unreachable(lat);
  }
}

/** The distribution's mean in ms (Infinity for a Pareto with alpha <= 1). */
export function latencyMeanMs(lat: Latency): number {
  switch (lat.dist) {
    case 'constant':
      return lat.ms;
    case 'uniform':
      return (lat.minMs + lat.maxMs) / 2;
    case 'exponential':
      return (lat.minMs ?? 0) + lat.meanMs;
    case 'normal':
      return lat.meanMs;
    case 'pareto':
      return lat.alpha > 1 ? (lat.alpha * lat.xmMs) / (lat.alpha - 1) : Number.POSITIVE_INFINITY;
    case 'mixture': {
      const total = lat.components.reduce((s, c) => s + c.weight, 0);
      return lat.components.reduce((s, c) => s + (c.weight / total) * latencyMeanMs(c.latency), 0);
    }
    case 'profile':
      return latencyMeanMs(PROFILE_LATENCY[lat.name]);
    default:
      return unreachable(lat);
  }
}

export const LATENCY_SHAPES = ['constant', 'uniform', 'exponential', 'normal', 'pareto'] as const;
export type LatencyShape = (typeof LATENCY_SHAPES)[number];

/** A distribution of the given shape whose mean is `meanMs`: what the UI's latency slider produces. */
export function latencyWithMean(shape: LatencyShape, meanMs: number): Latency {
  const m = Math.max(0, meanMs);
  switch (shape) {
    case 'constant':
      return { dist: 'constant', ms: m };
    case 'uniform':
      return { dist: 'uniform', minMs: m / 2, maxMs: (m * 3) / 2 };
    case 'exponential':
      return { dist: 'exponential', meanMs: m };
    case 'normal':
      return { dist: 'normal', meanMs: m, sdMs: m / 4 };
    case 'pareto':
      return { dist: 'pareto', xmMs: Math.max(0.001, (m * 2) / 3), alpha: 3 };
    default:
      return unreachable(shape);
  }
}
