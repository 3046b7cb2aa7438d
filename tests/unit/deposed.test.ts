/**
 * A deposed leader is spelled as what it is: under majority failover the old leader cut off from the majority,
 * no longer the leader but not yet aware of it, reads "stale leader" wherever a role is spelled (the card's badge
 * and body, its tooltip, the replica panel, the compact views' labels). Split brain proper keeps "leader".
 */
import { describe, expect, it } from 'vitest';
import { deposedLeaders, roleWord } from '../../src/app/graph/deposed.ts';
import { roleBadge } from '../../src/app/graph/roleBadge.ts';
import { leaderFollowerBodyText } from '../../src/app/models/leader-follower/bodyText.ts';
import {
  describeLeaderFollowerNode,
  leaderFollowerSummary,
} from '../../src/app/models/leader-follower/NodeBody.tsx';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { PRESETS } from '../../src/sim/scenarios/presets/index.ts';
import type { Snapshot } from '../../src/sim/types.ts';

function snapshotAt(id: string, ms: number): Snapshot {
  const p = PRESETS.find((x) => x.id === id);
  if (!p) throw new Error(`no preset ${id}`);
  const sim = new Simulation(p.scenario);
  sim.runUntil(ms * 1000);
  return sim.snapshot();
}

const upLeaders = (s: Snapshot) => s.nodes.filter((n) => n.up && n.role === 'leader').map((n) => n.id);

describe('deposed leaders', () => {
  it('split-brain-fixed (majority) at 490 ms: db1 still believes it leads, and is a stale leader', () => {
    const s = snapshotAt('split-brain-fixed', 490);
    expect(upLeaders(s).sort()).toEqual(['db1', 'db5']);
    expect(deposedLeaders(s.nodes, s.view)).toEqual(['db1']);
    const db1 = s.nodes.find((n) => n.id === 'db1');
    const db5 = s.nodes.find((n) => n.id === 'db5');
    if (!db1 || !db5) throw new Error('no db1 or db5');
    // The card's badge, full and compact; the leader keeps its own.
    expect(roleBadge(db1.role, false, true).text).toBe('STALE LEADER');
    expect(roleBadge(db1.role, true, true).text).toBe('SL');
    expect(roleBadge(db5.role, false, false).text).toBe('LEADER');
    // The card's body, its tooltip and the replica panel.
    const card = { width: 200, height: 120, rows: 3 };
    expect(leaderFollowerBodyText(db1, card, true)?.lag).toBe('stale leader');
    expect(leaderFollowerBodyText(db5, card, false)?.lag).toBe('leader');
    expect(leaderFollowerBodyText(db1, { width: 60, height: 30, rows: 0 }, true)?.lag).toMatch(/^stale/);
    expect(describeLeaderFollowerNode(db1, true)[0]).toMatch(/^term 1, stale leader \(a newer term leads/);
    expect(leaderFollowerSummary(db1, true)).toMatch(/^stale leader · term 1/);
    expect(leaderFollowerSummary(db5, false)).toMatch(/^leader · term 2/);
  });

  it('split-brain (naive) with two leaders: split brain, both keep "leader"', () => {
    const s = snapshotAt('split-brain', 450);
    expect(upLeaders(s)).toHaveLength(2);
    expect(deposedLeaders(s.nodes, s.view)).toEqual([]);
  });

  it('one leader, or another model: nobody is deposed', () => {
    expect(
      deposedLeaders(snapshotAt('split-brain-fixed', 100).nodes, snapshotAt('split-brain-fixed', 100).view),
    ).toEqual([]);
    const ll = snapshotAt('partial-quorum-staleness', 100);
    expect(deposedLeaders(ll.nodes, ll.view)).toEqual([]);
    expect(deposedLeaders(undefined, undefined)).toEqual([]);
  });

  it('three leaders under majority failover: every one but the newest term is deposed', () => {
    const s = snapshotAt('split-brain-fixed', 490);
    const db1 = s.nodes.find((n) => n.id === 'db1');
    if (db1?.model !== 'leader-follower') throw new Error('no db1');
    const nodes = [
      ...s.nodes.filter((n) => n.id !== 'db1' && n.id !== 'db2'),
      { ...db1 },
      { ...db1, id: 'db2', term: 0 },
    ];
    expect([...deposedLeaders(nodes, s.view)].sort()).toEqual(['db1', 'db2']);
  });

  it('roleWord: only a deposed leader changes its word', () => {
    expect(roleWord('leader', true)).toBe('stale leader');
    expect(roleWord('leader', false)).toBe('leader');
    expect(roleWord('follower', true)).toBe('follower');
  });
});
