/**
 * Divergence means replicas that still disagree once the system has had its chance to converge (Jepsen's
 * convergence check, DDIA 5): judged only when healed and settled (src/sim/engine/settle.ts, Simulation.quiescent),
 * never at the instant of a heal or a restart while the model's repair (heartbeats and log repair, anti-entropy,
 * hinted handoff, reads that repair) has yet to run; and named on the key's replicas only.
 */
import { describe, expect, it } from 'vitest';
import { nodeDelayMs, settleWindows } from '../../src/sim/engine/settle.ts';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { Divergence, type GroundTruthSource } from '../../src/sim/oracle/ground-truth.ts';
import { Oracle } from '../../src/sim/oracle/oracle.ts';
import { PRESETS } from '../../src/sim/scenarios/presets/index.ts';

function preset(id: string) {
  const p = PRESETS.find((x) => x.id === id);
  if (!p) throw new Error(`no preset ${id}`);
  return p;
}

/** The divergence anomalies the oracle stands by, looked at every 25 ms up to `untilMs` (the story's checks). */
function divergenceTimeline(id: string, untilMs = preset(id).scenario.durationMs) {
  const sim = new Simulation(preset(id).scenario);
  const oracle = new Oracle(sim);
  const seen: { atMs: number; keys: string[]; explanations: string[] }[] = [];
  for (let t = 25; t <= untilMs; t += 25) {
    sim.runUntil(t * 1000);
    oracle.advance();
    const div = oracle.update({ maxSteps: 50_000 }).anomalies.filter((a) => a.kind === 'divergence');
    if (div.length > 0)
      seen.push({
        atMs: t,
        keys: div.map((a) => a.explanation.split(' ')[4] ?? ''),
        explanations: div.map((a) => a.explanation),
      });
  }
  return seen;
}

describe('the settle window (settle.ts)', () => {
  it('counts a message delay as half again its mean, the slowest node link of the scenario', () => {
    const s = preset('causality-violation').scenario;
    // The slow US-APAC link: 600 ms mean.
    expect(nodeDelayMs(s)).toBe(900);
  });

  it("is each model's repair period plus the delays until its repair is sent", () => {
    const lf = preset('split-brain').scenario;
    const w = settleWindows(lf);
    const election = 2 * (lf.leaderFollower?.electionTimeoutMs ?? 300);
    expect(w.repairUs).toBeGreaterThanOrEqual(election * 1000);
    expect(w.busyUs).toBeGreaterThanOrEqual((lf.leaderFollower?.heartbeatMs ?? 0) * 1000);
    expect(w.readsRepair).toBe(false);

    const ae = preset('anti-entropy').scenario;
    const aw = settleWindows(ae);
    // One digest exchange with each of the other replicas in turn, every 250 ms.
    expect(aw.repairUs).toBe((250 * (ae.nodes.length - 1) + nodeDelayMs(ae)) * 1000);
    expect(aw.busyUs).toBe(0);
    expect(aw.readsRepair).toBe(true);

    const ml = preset('write-conflict-diverge').scenario;
    expect(settleWindows(ml).repairUs).toBe((1.5 * 250 + nodeDelayMs(ml)) * 1000);
  });
});

describe('no divergence at the instant of a heal or restart', () => {
  it('split-brain: the logs repaired after the heal are not divergent (the CLI repro at 1200 and 1250 ms)', () => {
    for (const until of [1200, 1250]) {
      const sim = new Simulation(preset('split-brain').scenario);
      sim.runUntil(until * 1000);
      expect(sim.quiescent(), `${until} ms`).toBe(false);
      const oracle = new Oracle(sim);
      oracle.advance();
      expect(oracle.update().anomalies.filter((a) => a.kind === 'divergence')).toEqual([]);
    }
  });

  it.each([
    'split-brain',
    'split-brain-fixed',
    'async-failover-lost-writes',
    'semisync-failover-no-loss',
    'stale-leader-reads',
    'stale-leader-reads-fixed',
    'membership-one-at-a-time',
    'membership-two-at-once',
    'failed-write-unknown',
    'failed-write-visible',
    'anti-entropy',
    'sloppy-quorum-stale',
    'key-reuse-after-failover',
  ])('%s: replicas that converge are never reported divergent', (id) => {
    expect(divergenceTimeline(id)).toEqual([]);
  });

  it('a run is settled again once the repair window has passed without traffic', () => {
    const sim = new Simulation(preset('split-brain').scenario);
    sim.runUntil(3000 * 1000);
    expect(sim.quiescent()).toBe(true);
    expect(sim.divergentKeys()).toEqual([]);
  });
});

describe('real divergence is still reported', () => {
  it('write-conflict-diverge: two leaders keep different titles for ever', () => {
    const seen = divergenceTimeline('write-conflict-diverge');
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.at(-1)?.keys).toEqual(['doc_title']);
  });

  it('causality-violation: APAC ends with the insert', () => {
    const seen = divergenceTimeline('causality-violation');
    expect(seen.at(-1)?.keys).toEqual(['row_7']);
  });

  it('read-repair: only the key never read (judged after the read the timeline plans)', () => {
    const seen = divergenceTimeline('read-repair');
    expect(seen.length).toBeGreaterThan(0);
    for (const s of seen) expect(s.keys).toEqual(['k2']);
    // carol's read of k1 is planned at 400 ms: nothing is judged before it.
    expect(seen[0]?.atMs).toBeGreaterThan(400);
  });

  it("strict-quorum-rejects: the failed write kv2 keeps, named on profile's replicas only", () => {
    const seen = divergenceTimeline('strict-quorum-rejects');
    const last = seen.at(-1);
    expect(last?.keys).toEqual(['profile']);
    expect(last?.explanations[0]).toMatch(/: kv2 has "v2", kv3 has "v1", kv4 has "v1"$/);
    expect(last?.explanations[0]).not.toMatch(/kv1|kv5/);
  });
});

describe('Divergence names the key’s replicas', () => {
  it('lists only the up replicas the source names for the key', () => {
    const source: GroundTruthSource = {
      nowUs: 700_000,
      nodes: ['kv1', 'kv2', 'kv3', 'kv4'],
      conflicts: () => [],
      divergentKeys: () => ['profile'],
      replicasOf: () => ['kv2', 'kv3', 'kv4'],
      network: { isUp: (n) => n !== 'kv4' },
      quiescent: () => true,
      lostWrites: () => [],
      nodeViews: () => [
        { id: 'kv1', up: true, data: [] },
        { id: 'kv2', up: true, data: [{ key: 'profile', value: 'v2' }] },
        { id: 'kv3', up: true, data: [{ key: 'profile', value: 'v1' }] },
        { id: 'kv4', up: false, data: [] },
      ],
    };
    const [a] = new Divergence().update(source);
    expect(a?.explanation).toBe(
      'replicas still disagree on profile with no fault in force and nothing left in flight (since 700.0 ms): kv2 has "v2", kv3 has "v1"',
    );
    expect(a?.nodes).toEqual(['kv2', 'kv3']);
  });
});

describe('a divergence is dated from when the quiet began, not from when the checker looked', () => {
  /** The first divergence the oracle reports, looking every `stepUs` (the worker looks between batches). */
  function firstDivergence(id: string, stepUs: number) {
    const sim = new Simulation(preset(id).scenario);
    const oracle = new Oracle(sim);
    const endUs = preset(id).scenario.durationMs * 1000;
    for (let at = stepUs; at < endUs + stepUs; at += stepUs) {
      const t = Math.min(at, endUs); // The last look at the run's end.
      sim.runUntil(t);
      oracle.advance();
      const div = oracle.update({ maxSteps: 50_000 }).anomalies.find((a) => a.kind === 'divergence');
      if (div)
        return { lookedUs: t, atUs: div.atUs, quiet: sim.quietSinceUs(), explanation: div.explanation };
    }
    return null;
  }

  it.each(['write-conflict-diverge', 'causality-violation', 'read-repair', 'strict-quorum-rejects'])(
    '%s: the same date whether the checker looks every 1, 7, 25 or 61 ms',
    (id) => {
      const found = [1_000, 7_000, 25_000, 61_000].map((step) => firstDivergence(id, step));
      const first = found[0];
      if (!first) throw new Error(`${id} reports no divergence`);
      for (const f of found) {
        expect(f?.atUs).toBe(first.atUs);
        expect(f?.explanation).toBe(first.explanation);
        // Found at or after the quiet began, dated from its beginning.
        expect(f?.atUs).toBeLessThanOrEqual(f?.lookedUs ?? 0);
      }
      // Looking every millisecond finds it within a millisecond of the date it gives.
      expect(first.lookedUs - first.atUs).toBeLessThan(1_000);
    },
  );

  it('quietSinceUs is the first instant of the quiet: quiescent there, not a microsecond before', () => {
    const f = firstDivergence('write-conflict-diverge', 1_000);
    if (!f) throw new Error('no divergence');
    const sim = new Simulation(preset('write-conflict-diverge').scenario);
    sim.runUntil(f.atUs - 1);
    expect(sim.quiescent()).toBe(false);
    sim.runUntil(f.atUs);
    expect(sim.quiescent()).toBe(true);
    expect(sim.quietSinceUs()).toBe(f.atUs);
  });
});
