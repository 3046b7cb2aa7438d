/**
 * Probabilistically Bounded Staleness: the WARS Monte Carlo model of Bailis et al. (VLDB 2012), as described in
 * shared/SCENARIOS.md. Pure and deterministic: every draw comes from an `Rng` seeded by `seed`.
 *
 * One trial: for each of the N replicas draw W_i (write delay to the replica), A_i (its acknowledgement back),
 * R_i (read request) and S_i (read response). The write commits at `commit`, the W-th smallest W_i + A_i (the
 * write latency). A read starts t ms after commit, is sent to all N replicas and takes the first R responses
 * ordered by R_i + S_i (the R-th smallest is the read latency). It is consistent if any of those R replicas had
 * received the write when the read request reached it: W_i <= commit + t + R_i.
 *
 * Each trial is drawn once and evaluated at every t: it is consistent exactly when t >= tau, where tau is the
 * smallest W_i - commit - R_i over the R responders, so P(consistent | t) is non-decreasing in t by construction.
 */
import { detPow } from '../engine/detmath.ts';
import {
  PBS_PROFILE_NAMES,
  PBS_PROFILES,
  type PbsProfileName,
  sampleLatencyMs,
  type WarsLatencies,
} from '../engine/latency.ts';
import { Rng } from '../engine/rng.ts';

export const PBS_LIMITS = { maxReplicas: 20, maxTrials: 10_000_000, maxTPoints: 1000, maxK: 1000 } as const;

/**
 * 'all': the write keeps propagating to every replica (W_i is its arrival time), the PBS model.
 * 'quorum-only': only the W replicas whose acknowledgements committed the write ever receive it (the others
 * behave as if W_i were infinite). That is the setting of the closed form: with independent, identically
 * distributed delays the write quorum and the read's responders are independent uniformly random sets, so
 * P(consistent) = 1 - C(N-W,R)/C(N,R) at every t. Used to check the Monte Carlo against the closed form.
 */
export type WritePropagation = 'all' | 'quorum-only';

export interface StalenessParams {
  n: number;
  r: number;
  w: number;
  profile: PbsProfileName;
  /** Read start times after commit, in ms (each >= 0); reported in the given order. */
  tMs: readonly number[];
  trials: number;
  /** Integer in [0, 2^32 - 1]. */
  seed: number;
  /** For kStaleness: the read may return any of the last k versions (default 1). */
  k?: number | undefined;
  /** Default 'all'. */
  propagation?: WritePropagation | undefined;
}

export interface LatencyPercentiles {
  p50: number;
  p99: number;
  p999: number;
}

export interface StalenessResult {
  /** Monte Carlo P(consistent read) for a read started t ms after commit, in the order of `tMs`. */
  points: { t: number; pConsistent: number }[];
  /**
   * The closed-form k-staleness probability of issue 5 (“1 - C(N-W,R)/C(N,R)”), generalised to k versions as in
   * the PBS paper: 1 - pStaleClosedForm^k, the probability that a read with no propagation beyond the write
   * quorum returns one of the last k versions. For k = 1 (the default) it equals `pConsistentClosedForm`.
   * Note: C(N-W,R)/C(N,R) itself is the probability of a *stale* read (the quorums do not intersect); the issue's
   * expression is its complement, a probability of consistency, and that is what this field holds.
   */
  kStaleness: number;
  /** C(N-W,R)/C(N,R): the read's R replicas miss all W replicas of the write quorum. */
  pStaleClosedForm: number;
  /** 1 - pStaleClosedForm. */
  pConsistentClosedForm: number;
  /** Percentiles (nearest rank) of the read latency, the R-th smallest R_i + S_i, in ms. */
  readLatencyMs: LatencyPercentiles;
  /** Percentiles (nearest rank) of the write latency, the W-th smallest W_i + A_i, in ms. */
  writeLatencyMs: LatencyPercentiles;
  /** The inputs, with defaults filled in. */
  params: {
    n: number;
    r: number;
    w: number;
    k: number;
    profile: PbsProfileName;
    trials: number;
    seed: number;
    propagation: WritePropagation;
  };
}

/** Invalid input to `runStaleness`; the message names the problem. */
export class StalenessInputError extends RangeError {}

/** C(N-W,R)/C(N,R): the probability that a uniformly random R-subset misses a uniformly random W-subset. */
export function pStaleClosedForm(n: number, r: number, w: number): number {
  if (r > n - w) return 0;
  let p = 1;
  for (let i = 0; i < r; i++) p *= (n - w - i) / (n - i);
  return p;
}

function isInt(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x);
}

function validate(p: StalenessParams): void {
  const fail = (msg: string): never => {
    throw new StalenessInputError(msg);
  };
  const max = PBS_LIMITS.maxReplicas;
  if (!isInt(p.n) || p.n < 1 || p.n > max) fail(`n must be an integer from 1 to ${max}, got ${p.n}`);
  if (!isInt(p.r) || p.r < 1 || p.r > p.n) fail(`r must be an integer from 1 to n (${p.n}), got ${p.r}`);
  if (!isInt(p.w) || p.w < 1 || p.w > p.n) fail(`w must be an integer from 1 to n (${p.n}), got ${p.w}`);
  if (!(PBS_PROFILE_NAMES as readonly string[]).includes(p.profile))
    fail(`unknown profile "${p.profile}"; known: ${PBS_PROFILE_NAMES.join(', ')}`);
  if (!isInt(p.trials) || p.trials < 1 || p.trials > PBS_LIMITS.maxTrials)
    fail(`trials must be an integer from 1 to ${PBS_LIMITS.maxTrials}, got ${p.trials}`);
  if (!isInt(p.seed) || p.seed < 0 || p.seed > 0xffffffff)
    fail(`seed must be an integer from 0 to ${0xffffffff}, got ${p.seed}`);
  if (!Array.isArray(p.tMs) || p.tMs.length === 0 || p.tMs.length > PBS_LIMITS.maxTPoints)
    fail(`t must list 1 to ${PBS_LIMITS.maxTPoints} times`);
  for (const t of p.tMs)
    if (typeof t !== 'number' || !Number.isFinite(t) || t < 0)
      fail(`every t must be a finite number of ms >= 0, got ${t}`);
  if (p.k !== undefined && (!isInt(p.k) || p.k < 1 || p.k > PBS_LIMITS.maxK))
    fail(`k must be an integer from 1 to ${PBS_LIMITS.maxK}, got ${p.k}`);
  if (p.propagation !== undefined && p.propagation !== 'all' && p.propagation !== 'quorum-only')
    fail(`propagation must be "all" or "quorum-only", got "${p.propagation}"`);
}

/** Sorts `idx[0..n)` by `key[idx[i]]` ascending; stable (ties keep the lower replica index first). */
function sortIndices(idx: Int32Array, key: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) idx[i] = i;
  for (let i = 1; i < n; i++) {
    const v = idx[i] as number;
    const kv = key[v] as number;
    let j = i - 1;
    while (j >= 0 && (key[idx[j] as number] as number) > kv) {
      idx[j + 1] = idx[j] as number;
      j--;
    }
    idx[j + 1] = v;
  }
}

/** Nearest-rank percentile of ascending `sorted`: the ceil(q * length)-th smallest value. */
function percentile(sorted: Float32Array | Float64Array, q: number): number {
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1] as number;
}

/** Rounded to 0.1 µs: the stored Float32 values carry no more precision than that at these magnitudes. */
const roundMs = (ms: number): number => Math.round(ms * 1e4) / 1e4;

function percentiles(values: Float32Array | Float64Array): LatencyPercentiles {
  values.sort();
  return {
    p50: roundMs(percentile(values, 0.5)),
    p99: roundMs(percentile(values, 0.99)),
    p999: roundMs(percentile(values, 0.999)),
  };
}

/** One random stream per quantity (common random numbers), forked from the seed's root in this order. */
interface Streams {
  readonly w: Rng;
  readonly a: Rng;
  readonly r: Rng;
  readonly s: Rng;
  /** Which replica is local to the writer and to the reader, for profiles with a remote penalty. */
  readonly local: Rng;
}

/** A trial's draws per replica and their orders, reused from trial to trial (no allocation per trial). */
interface TrialBuffers {
  readonly wArr: Float64Array;
  readonly rArr: Float64Array;
  /** W_i + A_i: when replica i's acknowledgement reaches the writer. */
  readonly wa: Float64Array;
  /** R_i + S_i: when replica i's response reaches the reader. */
  readonly rs: Float64Array;
  readonly writeOrder: Int32Array;
  readonly readOrder: Int32Array;
  readonly inQuorum: Uint8Array;
}

function trialBuffers(n: number): TrialBuffers {
  return {
    wArr: new Float64Array(n),
    rArr: new Float64Array(n),
    wa: new Float64Array(n),
    rs: new Float64Array(n),
    writeOrder: new Int32Array(n),
    readOrder: new Int32Array(n),
    inQuorum: new Uint8Array(n),
  };
}

/** Draws W_i, A_i, R_i and S_i for every replica (plus the remote penalty off the local replica, if any). */
function drawTrial(lat: WarsLatencies, n: number, streams: Streams, b: TrialBuffers): void {
  const extra = lat.remoteExtraMs;
  let localWrite = -1;
  let localRead = -1;
  if (extra > 0) {
    localWrite = streams.local.int(0, n - 1);
    localRead = streams.local.int(0, n - 1);
  }
  for (let i = 0; i < n; i++) {
    const wExtra = i === localWrite || extra === 0 ? 0 : extra;
    const rExtra = i === localRead || extra === 0 ? 0 : extra;
    const wi = sampleLatencyMs(lat.w, streams.w) + wExtra;
    const ai = sampleLatencyMs(lat.a, streams.a) + wExtra;
    const ri = sampleLatencyMs(lat.r, streams.r) + rExtra;
    const si = sampleLatencyMs(lat.s, streams.s) + rExtra;
    b.wArr[i] = wi;
    b.rArr[i] = ri;
    b.wa[i] = wi + ai;
    b.rs[i] = ri + si;
  }
}

/**
 * Settles a drawn trial: orders the acknowledgements (the W-th commits the write) and the responses (the first R
 * answer the read), and returns tau, the earliest read start after commit at which one of the R responders has
 * the write (only the write quorum's members count, under quorum-only).
 */
function settleTrial(n: number, r: number, w: number, quorumOnly: boolean, b: TrialBuffers): number {
  sortIndices(b.writeOrder, b.wa, n);
  const commit = b.wa[b.writeOrder[w - 1] as number] as number;
  if (quorumOnly) {
    b.inQuorum.fill(0);
    for (let j = 0; j < w; j++) b.inQuorum[b.writeOrder[j] as number] = 1;
  }
  sortIndices(b.readOrder, b.rs, n);
  let tau = Number.POSITIVE_INFINITY;
  for (let j = 0; j < r; j++) {
    const i = b.readOrder[j] as number;
    if (quorumOnly && b.inQuorum[i] === 0) continue;
    const need = (b.wArr[i] as number) - commit - (b.rArr[i] as number);
    if (need < tau) tau = need;
  }
  return tau;
}

/** Runs the WARS experiment; throws `StalenessInputError` on invalid input. */
export function runStaleness(params: StalenessParams): StalenessResult {
  validate(params);
  const { n, r, w, profile, tMs, trials, seed } = params;
  const k = params.k ?? 1;
  const propagation = params.propagation ?? 'all';
  const lat = PBS_PROFILES[profile];
  const quorumOnly = propagation === 'quorum-only';

  // One stream per quantity (common random numbers): the WAN profile sees the same base draws as LNKD-DISK,
  // and changing N, R or W for a given seed reuses the same stream of delays.
  const root = new Rng(seed);
  const streams: Streams = {
    w: root.fork(),
    a: root.fork(),
    r: root.fork(),
    s: root.fork(),
    local: root.fork(),
  };
  const buffers = trialBuffers(n);
  const ts = Float64Array.from(tMs);
  const nT = ts.length;
  const consistent = new Float64Array(nT);
  // Float32 halves the memory at 10^7 trials; its 7 significant digits are ample for percentiles in ms.
  const writeLat = new Float32Array(trials);
  const readLat = new Float32Array(trials);

  for (let trial = 0; trial < trials; trial++) {
    drawTrial(lat, n, streams, buffers);
    const tau = settleTrial(n, r, w, quorumOnly, buffers);
    for (let j = 0; j < nT; j++) if (tau <= (ts[j] as number)) consistent[j] = (consistent[j] as number) + 1;
    writeLat[trial] = buffers.wa[buffers.writeOrder[w - 1] as number] as number;
    readLat[trial] = buffers.rs[buffers.readOrder[r - 1] as number] as number;
  }

  const pStale = pStaleClosedForm(n, r, w);
  return {
    points: tMs.map((t, j) => ({ t, pConsistent: (consistent[j] as number) / trials })),
    // detPow, not `**`, whose last bits the standard leaves to each engine: the same report everywhere.
    kStaleness: 1 - detPow(pStale, k),
    pStaleClosedForm: pStale,
    pConsistentClosedForm: 1 - pStale,
    readLatencyMs: percentiles(readLat),
    writeLatencyMs: percentiles(writeLat),
    params: { n, r, w, k, profile, trials, seed, propagation },
  };
}
