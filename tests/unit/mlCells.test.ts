/**
 * Multi-leader cells take a change's vector whole when the change follows the version they hold (last-write-wins):
 * the vector is then shared with the change, so nothing may write to it again.
 */
function lwwCluster(): MlCluster {
  const scenario = {
    nodes: ['a', 'b'],
    multiLeader: { leaders: ['a', 'b'], ownership: 'any', topology: 'all-to-all', resolution: 'lww' },
  } as unknown as Scenario;
  const ctx = { nowUs: 0, reportConflict: () => {}, noteConflict: () => true } as unknown as ModelContext;
  return new MlCluster(scenario, ctx);
}

/** A change of key 'k' with a frozen vector (writing to it throws), as a test makes one. */
function change(
  origin: string,
  originIx: number,
  seq: number,
  vv: number[],
  ts: number,
  opId: number,
): Change {
  const frozen = Object.freeze(vv);
  const value = `${origin}${seq}`;
  return { origin, originIx, seq, key: 'k', op: value, value, vv: frozen, ts, deps: [], opId };
}

/**
 * Multi-leader nodes find a key's cell by the key's index (`MlNode.cellAt`) when they apply a change, beside the
 * Map by key everything else reads: the two must hold the same cells, through disk losses (both emptied) and the
 * state transfers that refill them.
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import type { ModelContext } from '../../src/sim/models/model.ts';
import { MlCluster } from '../../src/sim/models/multi-leader/cluster.ts';
import type { Change } from '../../src/sim/models/multi-leader/messages.ts';
import { applyToCell } from '../../src/sim/models/multi-leader/resolution.ts';
import { stateOf } from '../../src/sim/models/multi-leader/state.ts';
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

  it('takes the vector of a change that follows whole, and copies it before any later rise (last-write-wins)', () => {
    const c = lwwCluster();
    const n = c.nodes.get('a');
    const first = change('a', 0, 1, [1], 10, 1);
    applyToCell(c, n, first);
    const cell = n.cells.get('k');
    expect(cell?.vv).toBe(first.vv);
    expect(cell?.vvShared).toBe(true);
    // A change that follows it: taken whole too.
    const second = change('a', 0, 2, [2], 20, 2);
    applyToCell(c, n, second);
    expect(cell?.vv).toBe(second.vv);
    // A concurrent one (b's, not having seen a's): merged into a copy; the shared vectors stay as they were.
    const concurrent = change('b', 1, 1, [0, 1], 15, 3);
    applyToCell(c, n, concurrent);
    expect(cell?.vvShared).toBe(false);
    expect(cell?.vv).toEqual([2, 1]);
    expect(second.vv).toEqual([2]);
    expect(concurrent.vv).toEqual([0, 1]);
    // The cell keeps a's later version (timestamp 20 over 15); its own vector rises in place from now on.
    expect(cell?.versions[0]).toBe(second);
    const own = cell?.vv;
    applyToCell(c, n, change('a', 0, 3, [3, 1], 30, 4));
    expect(cell?.vv).toBe(own);
    expect(cell?.vv).toEqual([3, 1]);
  });

  it('changes its one version in place (last-write-wins), and a state transfer keeps the versions it was sent with', () => {
    const c = lwwCluster();
    const n = c.nodes.get('a');
    const first = change('a', 0, 1, [1], 10, 1);
    applyToCell(c, n, first);
    const cell = n.cells.get('k');
    const list = cell?.versions;
    expect(list).toEqual([first]);
    const sent = stateOf(n);
    const second = change('a', 0, 2, [2], 20, 2);
    applyToCell(c, n, second);
    // The same list, its version replaced: the change is the version the cell keeps.
    expect(cell?.versions).toBe(list);
    expect(cell?.versions).toEqual([second]);
    // An older timestamp loses: the list stays as it is.
    applyToCell(c, n, change('b', 1, 1, [0, 1], 15, 3));
    expect(cell?.versions).toEqual([second]);
    // The state sent before still holds the first version.
    expect(sent.cells[0]?.versions).toEqual([first]);
  });
});
