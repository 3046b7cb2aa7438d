/**
 * Two nodes that each believe they lead (src/sim/analysis/leaders.ts): split brain only when each can still
 * acknowledge writes; under majority failover the older one is a deposed leader that cannot commit, and the
 * story says so (src/sim/analysis/moments.ts), as the page's banner does by the same rule.
 */
import { describe, expect, it } from 'vitest';
import { leaderRulesOf, twoLeadersKind } from '../../src/sim/analysis/leaders.ts';
import { findMoments } from '../../src/sim/analysis/moments.ts';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { PRESETS } from '../../src/sim/scenarios/presets/index.ts';

function preset(id: string) {
  const p = PRESETS.find((x) => x.id === id);
  if (!p) throw new Error(`no preset ${id}`);
  return p;
}

/** A preset's cluster at time 0, as the model shows it. */
const viewOf = (id: string) => new Simulation(preset(id).scenario).model.view();

function electionSentences(id: string): string[] {
  const p = preset(id);
  return findMoments(p.scenario, p.shows ?? [], p.scenario.durationMs * 1000)
    .filter((m) => m.kind === 'election')
    .map((m) => m.sentence);
}

describe('twoLeadersKind', () => {
  it('naive and manual failover: a leader commits without a majority, so two leaders are split brain', () => {
    expect(twoLeadersKind([{ term: 2 }, { term: 1 }], 'naive')).toBe('split');
    expect(twoLeadersKind([{ term: 2 }, { term: 1 }], 'manual')).toBe('split');
  });

  it('majority failover: the older term cannot commit (stale), unless two leaders share a term', () => {
    expect(twoLeadersKind([{ term: 2 }, { term: 1 }], 'majority')).toBe('stale');
    expect(twoLeadersKind([{ term: 3 }, { term: 2 }, { term: 1 }], 'majority')).toBe('stale');
    // An unsafe membership change can give each of two leaders of one term a majority of its own.
    expect(twoLeadersKind([{ term: 2 }, { term: 2 }], 'majority')).toBe('split');
  });

  it("reads a cluster's rules from its view (failover manual, reads local by default)", () => {
    expect(leaderRulesOf(viewOf('split-brain'))).toEqual({ failover: 'naive', reads: 'local' });
    expect(leaderRulesOf(viewOf('split-brain-fixed'))).toEqual({
      failover: 'majority',
      reads: 'local',
    });
    expect(leaderRulesOf(viewOf('stale-leader-reads-fixed'))).toEqual({
      failover: 'majority',
      reads: 'read-index',
    });
    expect(leaderRulesOf(viewOf('read-repair'))).toBeNull();
  });
});

describe('the election moment says what two leaders are', () => {
  it('split-brain (naive): split brain, as before', () => {
    expect(electionSentences('split-brain')).toEqual([
      'db5 became the leader in term 2 by 444.0 ms, while db1 (term 1) still believes it leads: two leaders accept writes (split brain).',
    ]);
  });

  it('split-brain-fixed (majority): a stale leader that cannot commit, no claim of split brain', () => {
    const [sentence] = electionSentences('split-brain-fixed');
    expect(sentence).toBe(
      'db5 became the leader in term 2 by 486.0 ms, while db1 (term 1) has not heard of term 2 and still believes it leads: ' +
        'a stale leader, not split brain. A write commits only on a majority, and the majority follows db5, so writes ' +
        'sent to it wait and then fail or end unknown, never acknowledged; it still answers reads from its own state, ' +
        'which can be stale.',
    );
    expect(sentence).not.toMatch(/accept writes/);
  });

  it('stale-leader-reads: the deposed leader serves stale reads; with read-index its reads fail', () => {
    expect(electionSentences('stale-leader-reads')[0]).toMatch(
      /db1 \(term 1\) has not heard of term 2 .*it still answers reads from its own state, which can be stale\.$/,
    );
    expect(electionSentences('stale-leader-reads-fixed')[0]).toMatch(
      /db1 \(term 1\) has not heard of term 3 .*its reads wait to confirm the leadership with a majority, and fail\.$/,
    );
  });

  it('the run bears the stale leader out: under majority failover nothing acknowledged is lost', () => {
    const p = preset('split-brain-fixed');
    const sim = new Simulation(p.scenario);
    sim.runUntil(p.scenario.durationMs * 1000);
    expect(sim.lostWrites()).toEqual([]);
  });
});
