/**
 * What the graph marks where an anomaly happens, computed from a real run's snapshot and the oracle's answer
 * (the same data the worker streams): the stale read at its client with both values, lost writes on the node
 * that dropped them, and where the leaderless ring is cut by a partition.
 */
import { describe, expect, it } from 'vitest';
import { staleNoteOf } from '../../src/app/graph/ClientAnomaly.tsx';
import { lostByNode } from '../../src/app/graph/LostWritesLayer.tsx';
import { ringCuts } from '../../src/app/models/leaderless/RingPartition.tsx';
import { initialOracle, withAnswer } from '../../src/app/oracle/oracleState.ts';
import type { LabState } from '../../src/app/store.ts';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { Oracle } from '../../src/sim/oracle/oracle.ts';
import { getPreset } from '../../src/sim/scenarios/presets/index.ts';

function runTo(id: string, untilUs: number) {
  const preset = getPreset(id);
  if (!preset) throw new Error(`no preset ${id}`);
  const sim = new Simulation(preset.scenario);
  const oracle = new Oracle(sim);
  sim.runUntil(untilUs);
  const result = oracle.update();
  // The oracle's answer as the worker posts it (host.ts postOracle) and the page's slice keeps it.
  const state = withAnswer(
    initialOracle,
    {
      type: 'checked',
      epoch: 1,
      requestId: 0,
      nowUs: sim.nowUs,
      anomalies: result.anomalies,
      gapAt: null,
      leftOut: 0,
      total: result.anomalies.length,
      anomalousOps: 0,
      otherAnomalies: 0,
      counts: {},
      flagged: result.anomalies.flatMap((a) =>
        a.ops[0] === undefined ? [] : [{ op: a.ops[0], kind: a.kind }],
      ),
      linearizability: result.linearizability,
      verdictText: '',
    },
    false,
  );
  return { sim, oracle: state };
}

describe('anomalies on the graph', () => {
  it("marks bob's stale sloppy-quorum read with the value read and the acknowledged one", () => {
    const { sim, oracle } = runTo('sloppy-quorum-stale', 850_000);
    const state = { snapshot: sim.snapshot(), oracle } as unknown as LabState;
    expect(staleNoteOf(state, 'bob')).toEqual({
      read: 'v1',
      acked: 'v2',
      sentence: 'read r3 on kv3 at 800.0 ms returned "v1", but write w2 ("v2") was acknowledged at 464.0 ms',
      opId: 3,
    });
    expect(staleNoteOf(state, 'alice')).toBeNull();
  });

  it('puts each lost write on the node that lost it, only from the moment it was lost', () => {
    const { sim } = runTo('split-brain', 2_000_000);
    const lost = sim.snapshot().lostWrites;
    expect(lost.length).toBeGreaterThan(0);
    const by = lostByNode(lost, 2_000_000);
    expect(by.flatMap(([, writes]) => writes)).toHaveLength(lost.length);
    for (const [node, writes] of by) for (const w of writes) expect(w.lostOn).toBe(node);
    const first = Math.min(...lost.map((w) => w.lostAtUs));
    expect(lostByNode(lost, first - 1)).toEqual([]);
  });

  it('cuts the ring where it passes from one partition side to another', () => {
    expect(ringCuts(['a', 'b', 'c', 'd', 'e'], [0, 0, 0, 0, 0])).toEqual([]);
    expect(ringCuts(['a', 'b', 'c', 'd', 'e'], [1, 1, 1, 2, 2]).map((c) => c.between)).toEqual([
      ['c', 'd'],
      ['e', 'a'],
    ]);
    // Interleaved sides: a cut at every change of side.
    expect(ringCuts(['a', 'b', 'c', 'd'], [1, 2, 1, 2])).toHaveLength(4);
    // Two nodes on two sides: one cut, not the same one twice.
    expect(ringCuts(['a', 'b'], [1, 2])).toHaveLength(1);
  });
});
