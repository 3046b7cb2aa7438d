import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import {
  pStaleClosedForm,
  runStaleness,
  type StalenessParams,
  type StalenessResult,
} from '../../src/sim/analysis/pbs.ts';
import {
  PBS_PROFILE_NAMES,
  PBS_PROFILES,
  type PbsProfileName,
  PROFILE_LATENCY,
  sampleLatencyMs,
} from '../../src/sim/engine/latency.ts';
import { Rng } from '../../src/sim/engine/rng.ts';

const T = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];
const run = (p: Partial<StalenessParams> & { profile: PbsProfileName }): StalenessResult =>
  runStaleness({ n: 3, r: 1, w: 1, tMs: T, trials: 20_000, seed: 1, ...p });
const pAt = (res: StalenessResult, t: number): number => {
  const point = res.points.find((x) => x.t === t);
  if (!point) throw new Error(`no point at t=${t}`);
  return point.pConsistent;
};

/**
 * A literal, allocation-happy re-implementation of the WARS trial loop on the same random streams (one fork each
 * for W, A, R, S and the WAN local replicas, in that order): it sorts with Array.sort and checks the paper's
 * condition W_i <= commit + t + R_i directly for every t, instead of the library's per-trial threshold.
 */
function reference(p: StalenessParams): { pConsistent: number[]; writeMs: number[]; readMs: number[] } {
  const lat = PBS_PROFILES[p.profile];
  const root = new Rng(p.seed);
  const [rw, ra, rr, rs, rl] = [root.fork(), root.fork(), root.fork(), root.fork(), root.fork()];
  const hits = p.tMs.map(() => 0);
  const writeMs: number[] = [];
  const readMs: number[] = [];
  for (let trial = 0; trial < p.trials; trial++) {
    const lw = lat.remoteExtraMs > 0 ? rl.int(0, p.n - 1) : -1;
    const lr = lat.remoteExtraMs > 0 ? rl.int(0, p.n - 1) : -1;
    const reps = Array.from({ length: p.n }, (_, i) => {
      const we = lat.remoteExtraMs > 0 && i !== lw ? lat.remoteExtraMs : 0;
      const re = lat.remoteExtraMs > 0 && i !== lr ? lat.remoteExtraMs : 0;
      const W = sampleLatencyMs(lat.w, rw) + we;
      const A = sampleLatencyMs(lat.a, ra) + we;
      const R = sampleLatencyMs(lat.r, rr) + re;
      const S = sampleLatencyMs(lat.s, rs) + re;
      return { W, A, R, S };
    });
    const commit = reps.map((x) => x.W + x.A).sort((a, b) => a - b)[p.w - 1] as number;
    const readers = [...reps].sort((a, b) => a.R + a.S - (b.R + b.S)).slice(0, p.r);
    p.tMs.forEach((t, j) => {
      if (readers.some((x) => x.W <= commit + t + x.R)) hits[j] = (hits[j] as number) + 1;
    });
    writeMs.push(commit);
    const last = readers[p.r - 1];
    if (last) readMs.push(last.R + last.S);
  }
  return { pConsistent: hits.map((h) => h / p.trials), writeMs, readMs };
}

const nearestRank = (values: number[], q: number): number =>
  [...values].sort((a, b) => a - b)[Math.max(1, Math.ceil(q * values.length)) - 1] as number;

describe('PBS latency profiles', () => {
  it('match the SCENARIOS.md table', () => {
    const ssd = PROFILE_LATENCY['lnkd-ssd'];
    expect(PBS_PROFILES['lnkd-ssd']).toEqual({ w: ssd, a: ssd, r: ssd, s: ssd, remoteExtraMs: 0 });
    expect(PBS_PROFILES['lnkd-disk'].w).toEqual({
      dist: 'mixture',
      components: [
        { weight: 0.38, latency: { dist: 'pareto', xmMs: 1.05, alpha: 1.51 } },
        { weight: 0.62, latency: { dist: 'exponential', meanMs: 1 / 0.183 } },
      ],
    });
    expect([PBS_PROFILES['lnkd-disk'].a, PBS_PROFILES['lnkd-disk'].r, PBS_PROFILES['lnkd-disk'].s]).toEqual([
      ssd,
      ssd,
      ssd,
    ]);
    const ymmrArs = {
      dist: 'mixture',
      components: [
        { weight: 0.982, latency: { dist: 'pareto', xmMs: 1.5, alpha: 3.8 } },
        { weight: 0.018, latency: { dist: 'exponential', meanMs: 1 / 0.0217 } },
      ],
    };
    expect(PBS_PROFILES.ymmr).toEqual({
      w: PROFILE_LATENCY.ymmr,
      a: ymmrArs,
      r: ymmrArs,
      s: ymmrArs,
      remoteExtraMs: 0,
    });
    expect(PBS_PROFILES.wan).toEqual({ ...PBS_PROFILES['lnkd-disk'], remoteExtraMs: 75 });
  });
});

describe('closed form', () => {
  it('C(N-W,R)/C(N,R) for known cases', () => {
    expect(pStaleClosedForm(3, 1, 1)).toBeCloseTo(2 / 3, 12);
    expect(pStaleClosedForm(5, 2, 2)).toBeCloseTo(3 / 10, 12);
    expect(pStaleClosedForm(10, 3, 2)).toBeCloseTo(56 / 120, 12);
    expect(pStaleClosedForm(20, 1, 1)).toBeCloseTo(19 / 20, 12);
    expect(pStaleClosedForm(3, 2, 2)).toBe(0);
    expect(pStaleClosedForm(1, 1, 1)).toBe(0);
  });

  it('reports kStaleness as the issue names it (1 - C(N-W,R)/C(N,R) for k = 1) and both named parts', () => {
    const res = run({ n: 5, r: 2, w: 2, profile: 'lnkd-ssd', trials: 10 });
    expect(res.pStaleClosedForm).toBeCloseTo(0.3, 12);
    expect(res.pConsistentClosedForm).toBeCloseTo(0.7, 12);
    expect(res.kStaleness).toBeCloseTo(0.7, 12);
    expect(run({ n: 5, r: 2, w: 2, k: 3, profile: 'lnkd-ssd', trials: 10 }).kStaleness).toBeCloseTo(
      1 - 0.3 ** 3,
      12,
    );
  });
});

describe('runStaleness: Monte Carlo against the closed form', () => {
  // With propagation 'quorum-only' the write exists only on the W replicas that acknowledged it; delays are iid,
  // so that quorum and the read's first R responders are independent uniformly random sets and the chance that
  // they miss each other is exactly C(N-W,R)/C(N,R), at every t. Estimate within 4 standard errors.
  const cases: [number, number, number, PbsProfileName][] = [
    [3, 1, 1, 'lnkd-disk'],
    [3, 1, 1, 'wan'],
    [5, 1, 2, 'ymmr'],
    [5, 2, 2, 'lnkd-ssd'],
    [10, 3, 2, 'lnkd-disk'],
    [20, 1, 1, 'wan'],
  ];
  it.each(cases)('N=%i R=%i W=%i %s', (n, r, w, profile) => {
    const trials = 40_000;
    const res = runStaleness({
      n,
      r,
      w,
      profile,
      tMs: [0, 10, 1000],
      trials,
      seed: 7,
      propagation: 'quorum-only',
    });
    const p = 1 - pStaleClosedForm(n, r, w);
    const se = Math.sqrt((p * (1 - p)) / trials);
    for (const point of res.points) expect(Math.abs(point.pConsistent - p)).toBeLessThanOrEqual(4 * se);
    // t plays no part when the write never spreads beyond its quorum.
    expect(new Set(res.points.map((x) => x.pConsistent)).size).toBe(1);
  });

  it('full propagation is never less consistent than quorum-only, trial for trial (same draws)', () => {
    for (const profile of PBS_PROFILE_NAMES) {
      const all = run({ profile, n: 5, r: 1, w: 2 });
      const quorum = run({ profile, n: 5, r: 1, w: 2, propagation: 'quorum-only' });
      all.points.forEach((point, j) => {
        expect(point.pConsistent).toBeGreaterThanOrEqual(quorum.points[j]?.pConsistent ?? 2);
      });
      expect(pAt(all, 0)).toBeGreaterThan(pAt(quorum, 0));
    }
  });

  it('with R + W > N every read is consistent at every t', () => {
    const strict: [number, number, number][] = [
      [3, 2, 2],
      [3, 1, 3],
      [3, 3, 1],
      [5, 3, 3],
      [5, 1, 5],
      [20, 10, 11],
    ];
    for (const profile of PBS_PROFILE_NAMES)
      for (const [n, r, w] of strict) {
        const res = run({ n, r, w, profile, trials: 5000 });
        expect(res.points.every((x) => x.pConsistent === 1)).toBe(true);
        expect(res.kStaleness).toBe(1);
      }
  });

  it('long after commit every read is consistent', () => {
    for (const profile of PBS_PROFILE_NAMES) {
      const res = run({ profile, tMs: [10_000, 1e7], trials: 100_000 });
      expect(pAt(res, 10_000)).toBeGreaterThanOrEqual(0.9999);
      expect(pAt(res, 1e7)).toBe(1);
    }
  });
});

describe('runStaleness: the model', () => {
  it('matches a literal re-implementation of the WARS trial loop', () => {
    for (const profile of PBS_PROFILE_NAMES)
      for (const [n, r, w] of [
        [3, 1, 1],
        [5, 2, 1],
        [4, 2, 2],
      ] as const) {
        const params: StalenessParams = {
          n,
          r,
          w,
          profile,
          tMs: [0, 0.5, 3, 40, 120],
          trials: 3000,
          seed: 11,
        };
        const got = runStaleness(params);
        const want = reference(params);
        expect(got.points.map((x) => x.pConsistent)).toEqual(want.pConsistent);
        for (const q of [0.5, 0.99, 0.999] as const) {
          const key = q === 0.5 ? 'p50' : q === 0.99 ? 'p99' : 'p999';
          expect(got.writeLatencyMs[key]).toBeCloseTo(nearestRank(want.writeMs, q), 3);
          expect(got.readLatencyMs[key]).toBeCloseTo(nearestRank(want.readMs, q), 3);
        }
      }
  });

  it('is deterministic: the same seed gives the same result, another seed a different one', () => {
    for (const profile of PBS_PROFILE_NAMES) {
      const a = run({ profile, seed: 42 });
      expect(run({ profile, seed: 42 })).toEqual(a);
      const b = run({ profile, seed: 43 });
      expect(b.points).not.toEqual(a.points);
      expect(b.writeLatencyMs).not.toEqual(a.writeLatencyMs);
    }
  });

  it('is non-decreasing in t, and reports the points in the order given', () => {
    for (const profile of PBS_PROFILE_NAMES)
      for (const [n, r, w] of [
        [3, 1, 1],
        [5, 2, 2],
        [7, 1, 3],
      ] as const) {
        const res = run({ profile, n, r, w });
        for (let j = 1; j < res.points.length; j++)
          expect(res.points[j]?.pConsistent).toBeGreaterThanOrEqual(res.points[j - 1]?.pConsistent ?? 2);
        const reversed = run({ profile, n, r, w, tMs: [...T].reverse() });
        expect(reversed.points).toEqual([...res.points].reverse());
      }
  });

  it('reproduces the published t-visibility shape for N=3, R=W=1', () => {
    // PBS paper (Bailis et al., VLDB 2012), N=3, R=W=1, t=0: LNKD-SSD 97.4%, LNKD-DISK 43.9%, YMMR 89.3%,
    // WAN 33.6%. Seed 1, 100,000 trials here give 97.40%, 43.78%, 88.82% and 33.16%.
    const ssd = run({ profile: 'lnkd-ssd', trials: 100_000 });
    expect(pAt(ssd, 0)).toBeGreaterThan(0.965);
    expect(pAt(ssd, 0)).toBeLessThan(0.985);
    expect(pAt(ssd, 5)).toBeGreaterThan(0.9999);

    const disk = run({ profile: 'lnkd-disk', trials: 100_000 });
    expect(pAt(disk, 0)).toBeGreaterThan(0.41);
    expect(pAt(disk, 0)).toBeLessThan(0.47);
    expect(pAt(disk, 10)).toBeGreaterThan(0.9);
    expect(pAt(disk, 10)).toBeLessThan(0.95);
    expect(pAt(disk, 100)).toBeGreaterThan(0.999);

    const ymmr = run({ profile: 'ymmr', trials: 100_000 });
    expect(pAt(ymmr, 0)).toBeGreaterThan(0.87);
    expect(pAt(ymmr, 0)).toBeLessThan(0.91);
    expect(pAt(ymmr, 100)).toBeLessThan(0.97); // YMMR's long exponential tail: slow to converge
    expect(pAt(ymmr, 1000)).toBeGreaterThan(0.995);

    // WAN: the first responder is almost always the read's local replica, which at commit holds the write only if
    // it is also the write's local one (1/3): nothing changes until the 75 ms of the remote write delay pass.
    const wan = run({ profile: 'wan', trials: 100_000 });
    expect(pAt(wan, 0)).toBeGreaterThan(0.32);
    expect(pAt(wan, 0)).toBeLessThan(0.35);
    expect(pAt(wan, 50) - pAt(wan, 0)).toBeLessThan(0.01);
    expect(pAt(wan, 100)).toBeGreaterThan(0.99);
  });

  it('adds the WAN delay to all but one local replica for writes and for reads', () => {
    const p50 = (r: number, w: number) => {
      const res = run({ profile: 'wan', n: 3, r, w, trials: 5000 });
      return { read: res.readLatencyMs.p50, write: res.writeLatencyMs.p50 };
    };
    expect(p50(1, 1).write).toBeLessThan(75);
    expect(p50(1, 1).read).toBeLessThan(75);
    expect(p50(1, 2).write).toBeGreaterThan(150); // a remote replica: 75 ms on W and on A
    expect(p50(2, 1).read).toBeGreaterThan(150);
  });

  const bad: [Partial<StalenessParams>, RegExp][] = [
    [{ n: 0 }, /n must be an integer from 1 to 20, got 0/],
    [{ n: 21 }, /n must be an integer from 1 to 20/],
    [{ n: 2.5 }, /n must be an integer/],
    [{ r: 4 }, /r must be an integer from 1 to n \(3\), got 4/],
    [{ w: 0 }, /w must be an integer from 1 to n \(3\), got 0/],
    [{ profile: 'lan' as PbsProfileName }, /unknown profile "lan"; known: lnkd-ssd, lnkd-disk, ymmr, wan/],
    [{ trials: 0 }, /trials must be an integer from 1 to 10000000/],
    [{ trials: 1e7 + 1 }, /trials must be/],
    [{ tMs: [] }, /t must list 1 to 1000 times/],
    [{ tMs: [0, -1] }, /every t must be a finite number of ms >= 0, got -1/],
    [{ tMs: [Number.NaN] }, /every t must be/],
    [{ tMs: [Number.POSITIVE_INFINITY] }, /every t must be/],
    [{ seed: -1 }, /seed must be an integer from 0 to 4294967295/],
    [{ seed: 1.5 }, /seed must be/],
    [{ k: 0 }, /k must be an integer from 1 to 1000/],
  ];
  it.each(bad)('rejects %j', (params, message) => {
    expect(() => run({ profile: 'lnkd-ssd', ...params })).toThrow(message);
  });
});

describe('CLI: staleness', () => {
  it('prints the documented JSON for the example command', () => {
    const args = '--n 3 --r 1 --w 1 --profile lnkd-disk --t 0,5,10 --trials 100000'.split(' ');
    const out = runCli(['staleness', ...args]);
    expect(out.code).toBe(0);
    expect(out.stderr).toBe('');
    const res = JSON.parse(out.stdout) as StalenessResult;
    expect(Object.keys(res).sort()).toEqual(
      [
        'kStaleness',
        'params',
        'pConsistentClosedForm',
        'pStaleClosedForm',
        'points',
        'readLatencyMs',
        'writeLatencyMs',
      ].sort(),
    );
    expect(res.points.map((x) => x.t)).toEqual([0, 5, 10]);
    for (const x of res.points) expect(x.pConsistent).toBeGreaterThan(0);
    expect(res.kStaleness).toBeCloseTo(1 / 3, 12);
    for (const lat of [res.readLatencyMs, res.writeLatencyMs]) {
      expect(lat.p50).toBeGreaterThan(0);
      expect(lat.p99).toBeGreaterThanOrEqual(lat.p50);
      expect(lat.p999).toBeGreaterThanOrEqual(lat.p99);
    }
    expect(res.params).toEqual({
      n: 3,
      r: 1,
      w: 1,
      k: 1,
      profile: 'lnkd-disk',
      trials: 100_000,
      seed: 1,
      propagation: 'all',
    });
    // Default seed 1: the same as the library's output, and the same on every run.
    const lib = runStaleness({
      n: 3,
      r: 1,
      w: 1,
      profile: 'lnkd-disk',
      tMs: [0, 5, 10],
      trials: 100_000,
      seed: 1,
    });
    expect(res).toEqual(JSON.parse(JSON.stringify(lib)));
    expect(runCli(['staleness', ...args, '--seed', '1']).stdout).toBe(out.stdout);
    expect(runCli(['staleness', ...args, '--seed', '2']).stdout).not.toBe(out.stdout);
  });

  it('accepts --compact, --k and --propagation, and uses the default t list', () => {
    const out = runCli(
      'staleness --n 5 --r 2 --w 2 --profile ymmr --trials 1000 --k 2 --propagation quorum-only --compact'.split(
        ' ',
      ),
    );
    expect(out.code).toBe(0);
    expect(out.stdout.trim().split('\n')).toHaveLength(1);
    const res = JSON.parse(out.stdout) as StalenessResult;
    expect(res.points.map((x) => x.t)).toEqual([0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]);
    expect(res.kStaleness).toBeCloseTo(1 - 0.09, 12);
    expect(res.params.propagation).toBe('quorum-only');
  });

  const base = ['--n', '3', '--r', '1', '--w', '1', '--profile', 'lnkd-disk', '--trials', '100'];
  const bad: [string[], RegExp][] = [
    [['--r', '1', '--w', '1', '--profile', 'lnkd-disk'], /staleness needs --n/],
    [['--n', '3', '--w', '1', '--profile', 'lnkd-disk'], /staleness needs --r/],
    [['--n', '3', '--r', '1', '--profile', 'lnkd-disk'], /staleness needs --w/],
    [['--n', '3', '--r', '1', '--w', '1'], /staleness needs --profile/],
    [
      ['--n', '3', '--r', '4', '--w', '1', '--profile', 'lnkd-disk'],
      /r must be an integer from 1 to n \(3\)/,
    ],
    [
      ['--n', 'three', '--r', '1', '--w', '1', '--profile', 'lnkd-disk'],
      /--n must be an integer from 1 to 20 \(decimal digits only\), got "three"/,
    ],
    [['--n', '3', '--r', '1', '--w', '1', '--profile', 'ssd'], /unknown profile "ssd"; known: lnkd-ssd/],
    [[...base, '--t', '0,,5'], /--t must be a comma-separated list of times in ms >= 0/],
    [[...base, '--t', '0,-5'], /--t must be a comma-separated list/],
    [[...base, '--t', 'soon'], /--t must be a comma-separated list/],
    [[...base, '--t', ''], /--t must be a comma-separated list/],
    [[...base, '--trials', '0'], /trials must be an integer from 1 to 10000000/],
    [[...base, '--seed=-3'], /seed must be an integer from 0 to 4294967295/],
    // A negative value names the option's rule, not node:util's "argument is ambiguous".
    [
      [...base, '--seed', '-3'],
      /--seed must be an integer from 0 to 4294967295 \(decimal digits only\), got "-3"/,
    ],
    [
      [...base, '--seed', '0x10'],
      /--seed must be an integer from 0 to 4294967295 \(decimal digits only\), got "0x10"/,
    ],
    [
      [...base, '--trials', '1e3'],
      /--trials must be an integer from 1 to 10000000 \(decimal digits only\), got "1e3"/,
    ],
    [[...base, '--k', ' 2'], /--k must be an integer from 1 to 1000 \(decimal digits only\), got " 2"/],
    [[...base, '--t', '0x10'], /--t must be a comma-separated list of times in ms >= 0 in decimal digits/],
    [[...base, '--propagation', 'some'], /--propagation must be "all" or "quorum-only"/],
    [[...base, '--bogus'], /Unknown option '--bogus'/],
    [[...base, 'extra'], /staleness takes no positional arguments, got "extra"/],
  ];
  it.each(bad)('staleness %j gives a usage message and exit code 2', (args, message) => {
    const r = runCli(['staleness', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('Usage:');
    expect(r.stderr).toContain('staleness --n <N>');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints the usage with --help', () => {
    const r = runCli(['staleness', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Staleness options:');
  });
});
