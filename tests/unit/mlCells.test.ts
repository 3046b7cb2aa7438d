/**
 * Multi-leader nodes find a key's cell by the key's index (`MlNode.cellAt`) when they apply a change, beside the
 * Map by key everything else reads: the two must hold the same cells, through disk losses (both emptied) and the
 * state transfers that refill them.
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import type { MlCluster } from '../../src/sim/models/multi-leader/cluster.ts';
import { getPreset } from '../../src/sim/scenarios/presets/index.ts';
import type { Scenario } from '../../src/sim/scenarios/schema.ts';

function sameCells(sim: Simulation): number {
  const c = (sim.model as unknown as { c: MlCluster }).c;
  let cells = 0;
  for (const n of c.nodes.values()) {
    for (const [key, cell] of n.cells) {
      expect(n.cellAt[c.keyIndex(key)]).toBe(cell);
      cells++;
    }
    expect(n.cellAt.filter((x) => x !== undefined)).toHaveLength(n.cells.size);
  }
  return cells;
}

describe('multi-leader cells by key index', () => {
  it('holds the same cells as the map, through disk losses and state transfers', () => {
    const base = getPreset('scale-multi-leader-regions')?.scenario as Scenario;
    const scenario: Scenario = {
      ...base,
      timeline: [
        ...base.timeline,
        { atUs: 1_500_000, action: { type: 'crash', node: 'eu_3', durable: false } },
        { atUs: 1_800_000, action: { type: 'crash', node: 'apac_leader', durable: false } },
        { atUs: 2_200_000, action: { type: 'restart', node: 'eu_3' } },
        { atUs: 2_400_000, action: { type: 'restart', node: 'apac_leader' } },
      ],
    };
    const sim = new Simulation(scenario);
    sim.runUntil(1_900_000);
    const c = (sim.model as unknown as { c: MlCluster }).c;
    // Both lost their disks: no cells by key nor by index.
    expect(c.nodes.get('eu_3').cells.size).toBe(0);
    expect(c.nodes.get('eu_3').cellAt).toEqual([]);
    sameCells(sim);
    sim.runUntil(6_000_000);
    expect(sameCells(sim)).toBeGreaterThan(0);
    // Caught up again (by changes and state transfers): every key back on the nodes that lost them.
    expect(c.nodes.get('eu_3').cells.size).toBe(c.nodes.get('eu_leader').cells.size);
    expect(c.nodes.get('apac_leader').cells.size).toBe(c.nodes.get('us_leader').cells.size);
  });
});
