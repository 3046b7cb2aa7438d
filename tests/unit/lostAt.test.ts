/**
 * When a write is reported lost. An acknowledged write counts as lost once the cluster no longer holds it (under
 * multi-leader and leaderless last-write-wins: no replica holds it; under leader-follower: the current leader
 * does not), so the time a lost write gives (`lostAtUs`, which a story's caption states and stops at) must be
 * the instant that happened: stepping a preset event by event, the count of lost writes rises exactly at the
 * later of each lost write's `lostAtUs` and its acknowledgement (a write can be discarded before its client
 * hears the ack). Multi-leader and leaderless used to give the first replica that discarded it, while others
 * still held it.
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { PRESETS } from '../../src/sim/scenarios/presets/index.ts';

const LOSING = PRESETS.filter((p) => p.shows.includes('lost-write'));

describe('a lost write is lost when its last copy goes', () => {
  it('the presets that lose writes cover every model', () => {
    expect(LOSING.map((p) => p.id).sort()).toEqual(
      expect.arrayContaining([
        'async-failover-lost-writes',
        'lww-concurrent-writes',
        'lww-drops-writes',
        'split-brain',
      ]),
    );
  });

  for (const preset of LOSING)
    it(`${preset.id}: the count of lost writes rises when each says it was lost`, () => {
      const sim = new Simulation(preset.scenario);
      const endUs = (preset.scenario.durationMs ?? 2000) * 1000;
      const rises: number[] = [];
      let count = 0;
      while (sim.nextEventUs() !== null && (sim.nextEventUs() as number) <= endUs) {
        sim.step();
        const now = sim.lostWriteCount();
        for (; count < now; count++) rises.push(sim.nowUs);
      }
      const reported = sim
        .lostWrites()
        .map((l) => Math.max(l.lostAtUs, l.ackedAtUs))
        .sort((a, b) => a - b);
      expect(rises.length).toBeGreaterThan(0);
      expect(reported).toEqual(rises);
    });
});
