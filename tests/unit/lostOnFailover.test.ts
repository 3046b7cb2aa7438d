/**
 * Leader-follower lost writes are lost when a leader that lacks them takes office (orphaned: cluster.ts
 * `orphanOnTakeover`), not only when the old leader rejoins and truncates them; each is counted once, keeps the
 * moment and the nodes of its loss, and is withdrawn if a leader holding it takes office again. A follower whose
 * log holds entries the leader lacks is shown diverged, never "in sync"; the lost-write pill and the story's
 * caption name the same first write.
 */
import { describe, expect, it } from 'vitest';
import { lostByNode } from '../../src/app/graph/LostWritesLayer.tsx';
import { describeLostWrite } from '../../src/app/LostWrites.tsx';
import { leaderFollowerBodyText } from '../../src/app/models/leader-follower/bodyText.ts';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { Oracle } from '../../src/sim/oracle/oracle.ts';
import { getPreset } from '../../src/sim/scenarios/presets/index.ts';
import type { Scenario, TimelineEntry } from '../../src/sim/scenarios/schema.ts';
import type { LostWrite, NodeView } from '../../src/sim/types.ts';

function preset(id: string): Scenario {
  const p = getPreset(id);
  if (!p) throw new Error(`no preset ${id}`);
  return p.scenario;
}

function run(scenario: Scenario, untilUs: number): Simulation {
  const sim = new Simulation(scenario);
  sim.runUntil(untilUs);
  return sim;
}

const brief = (l: LostWrite) => [l.opId, l.key, l.lostAtUs, l.lostOn];

/** async-failover-lost-writes without db1's restart: db1 stays down holding orders 1-3. */
const noRestart: Scenario = {
  ...preset('async-failover-lost-writes'),
  timeline: preset('async-failover-lost-writes').timeline.filter((t) => t.action.type !== 'restart'),
};

describe('lost writes at a failover (leader-follower)', () => {
  it("an orphaned write's reason is the same whenever it is asked: split-brain's w2, from its acknowledgement to the end", () => {
    // The worker first asks at a moment that follows the playback speed; the story's caption keeps that wording.
    // Worded from the present, it read "held only by db1 and db2" once db1 had replicated it to db2.
    const reasons = new Set<string>();
    for (const untilUs of [605_600, 700_000, 1_000_000, 1_199_000, 1_500_000, 3_000_000]) {
      const w2 = run(preset('split-brain'), untilUs)
        .lostWrites()
        .find((l) => l.opId === 2);
      if (!w2) throw new Error(`w2 not lost at ${untilUs}`);
      reasons.add(w2.reason);
    }
    expect([...reasons]).toEqual([
      'orphaned: db1, deposed leader of term 1, appended it after db5 took office as leader of term 2, while only db1 held it: lost unless db1 leads again and keeps it',
    ]);
  });

  it('the orders db3 took office without are lost then, though db1 never comes back', () => {
    const before = run(noRestart, 366_000);
    expect(before.lostWrites()).toEqual([]);
    const sim = run(noRestart, 1_500_000);
    expect(sim.lostWrites().map(brief)).toEqual([
      [1, 'order_1', 366_828, 'db1'],
      [2, 'order_2', 366_828, 'db1'],
      [3, 'order_3', 366_828, 'db1'],
    ]);
    expect(sim.lostWrites()[0]?.reason).toBe(
      'orphaned: db3 took office as leader of term 2 without it, while only db1 held it: lost unless db1 leads again and keeps it',
    );
    const oracle = new Oracle(sim);
    oracle.update();
    expect(oracle.counts()['lost-write']).toBe(3);
  });

  it('with the restart, the same loss is dated at the failover and counted once when db1 discards them', () => {
    const sim = run(preset('async-failover-lost-writes'), 2_000_000);
    const lost = sim.lostWrites();
    expect(lost.map(brief)).toEqual([
      [1, 'order_1', 366_828, 'db1'],
      [2, 'order_2', 366_828, 'db1'],
      [3, 'order_3', 366_828, 'db1'],
    ]);
    // db1 rejoined at 900 ms and truncated them: no node holds them any more.
    expect(
      lost.every((l) =>
        l.reason.endsWith('while only db1 held it: lost unless db1 leads again and keeps it'),
      ),
    ).toBe(true);
    expect(sim.lostWriteCount()).toBe(3);
  });

  it('split brain: what db1 acknowledged after db5 took office is lost from then, the same five writes', () => {
    const sim = run(preset('split-brain'), 2_000_000);
    const lost = sim.lostWrites();
    expect(lost.map((l) => l.value)).toEqual(['alice-1', 'alice-2', 'alice-3', 'alice-4', 'alice-5']);
    for (const l of lost) {
      expect(l.lostOn).toBe('db1');
      // Orphaned as db1 appended it, before the heal at 1200 ms (and before its acknowledgement).
      expect(l.lostAtUs).toBeLessThan(1_200_000);
      expect(l.lostAtUs).toBeLessThanOrEqual(l.ackedAtUs);
      expect(l.reason).toBe(
        'orphaned: db1, deposed leader of term 1, appended it after db5 took office as leader of term 2, while only db1 held it: lost unless db1 leads again and keeps it',
      );
    }
  });

  it('synchronous, semi-synchronous and majority-elected twins lose nothing', () => {
    for (const id of [
      'split-brain-fixed',
      'semisync-failover-no-loss',
      'bank-ledger-sync',
      'key-reuse-fixed',
    ])
      expect([id, run(preset(id), 10_000_000).lostWriteCount()]).toEqual([id, 0]);
  });

  it('an orphaned write is withdrawn when a leader holding it takes office again', () => {
    // Manual failover: db1 is cut off holding three unshipped orders; the operator promotes db2 (term 2), then
    // brings db1 back in a newer term (3) and heals: db1's log, the orders with it, is the truth again.
    const base = preset('async-failover-lost-writes');
    const at = (ms: number, action: TimelineEntry['action']): TimelineEntry => ({ atUs: ms * 1000, action });
    const scenario: Scenario = {
      ...base,
      leaderFollower: { ...base.leaderFollower, failover: 'manual' } as Scenario['leaderFollower'],
      timeline: [
        ...base.timeline.filter((t) => t.action.type === 'write'),
        at(100, { type: 'partition', groups: [['db1'], ['db2', 'db3']] } as TimelineEntry['action']),
        at(200, { type: 'promote', node: 'db2' }),
        at(300, { type: 'demote', node: 'db1' }),
        at(310, { type: 'promote', node: 'db1' }),
        at(320, { type: 'demote', node: 'db1' }),
        at(330, { type: 'promote', node: 'db1' }),
        at(400, { type: 'heal' }),
      ],
    };
    const orphaned = run(scenario, 250_000).lostWrites();
    expect(orphaned.map((l) => [l.key, l.lostAtUs, l.lostOn])).toEqual([
      ['order_1', 200_000, 'db1'],
      ['order_2', 200_000, 'db1'],
      ['order_3', 200_000, 'db1'],
    ]);
    expect(orphaned[0]?.reason).toBe(
      'orphaned: db2 took office as leader of term 2 without it, while only db1 held it: lost unless db1 leads again and keeps it',
    );
    expect(run(scenario, 1_000_000).lostWrites()).toEqual([]);
  });
});

describe('a diverged follower is not in sync', () => {
  const card = { width: 204, height: 96, rows: 2 };
  it('split brain at 1,299.964 ms: db2 holds db1’s entries #2-#6, which db5’s log lacks', () => {
    const sim = run(preset('split-brain'), 1_299_964);
    const db2 = sim.snapshot().nodes.find((n) => n.id === 'db2') as NodeView;
    expect(db2).toMatchObject({ role: 'follower', logLength: 6, lag: 0, diverged: 5 });
    const text = leaderFollowerBodyText(db2, card);
    expect(text?.lag).toBe('diverged 5');
    expect(text?.behind).toBe(true);
    // A wider card has room for the words.
    expect(leaderFollowerBodyText(db2, { ...card, width: 320 })?.lag).toBe('diverged: 5 to discard');
    const db3 = sim.snapshot().nodes.find((n) => n.id === 'db3') as NodeView;
    expect(db3.model === 'leader-follower' && db3.diverged).toBeFalsy();
    expect(leaderFollowerBodyText(db3, card)?.lag).toBe('in sync');
    // Once db2 follows db5 it is in sync again.
    sim.runUntil(1_400_000);
    const after = sim.snapshot().nodes.find((n) => n.id === 'db2') as NodeView;
    expect(leaderFollowerBodyText(after, card)?.lag).toBe('in sync');
  });

  it('a small card says it shorter, never "in sync"', () => {
    const sim = run(preset('split-brain'), 1_299_964);
    const db2 = sim.snapshot().nodes.find((n) => n.id === 'db2') as NodeView;
    for (const width of [204, 150, 118, 90, 60]) {
      const lag = leaderFollowerBodyText(db2, { width, height: 50, rows: 0 })?.lag;
      expect(lag).toMatch(/^(diverged|≠)/);
    }
  });
});

describe('the lost-write pill names the first write lost, as the caption does', () => {
  it('async failover: "order_1 +2 more" on db1', () => {
    const sim = run(preset('async-failover-lost-writes'), 400_000);
    const [[node, writes] = ['', []]] = lostByNode(sim.lostWrites(), 400_000);
    expect(node).toBe('db1');
    expect(writes.map((w) => w.key)).toEqual(['order_1', 'order_2', 'order_3']);
  });
});

describe('the History list words each lost write in the order things happened', () => {
  it('a deposed leader’s write, orphaned as it was appended, is lost before it was acknowledged', () => {
    const first = run(preset('split-brain'), 2_000_000).lostWrites()[0];
    if (!first) throw new Error('split-brain lost no write');
    expect(first.lostAtUs).toBeLessThan(first.ackedAtUs);
    expect(describeLostWrite(first)).toBe(
      'w2 cart = alice-1 acknowledged by db1 (term 1, #2) at 605.6 ms — lost before it was acknowledged, at 602.8 ms: ' +
        first.reason,
    );
  });

  it('a write lost at a failover after its acknowledgement is lost at that moment', () => {
    const first = run(preset('async-failover-lost-writes'), 1_000_000).lostWrites()[0];
    if (!first) throw new Error('async-failover-lost-writes lost no write');
    expect(describeLostWrite(first)).toBe(
      `w1 order_1 = paid acknowledged by db1 (term 1, #1) at 15 ms — lost at 366.8 ms: ${first.reason}`,
    );
  });
});
