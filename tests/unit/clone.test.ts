/**
 * Checkpoints: a copy of a running simulation (with its oracle and metrics) continues exactly as the original,
 * event for event, and the copy shares nothing mutable with it.
 */
import { describe, expect, it } from 'vitest';
import { MetricsCollector } from '../../src/sim/analysis/metrics.ts';
import { cloneState, UncloneableStateError } from '../../src/sim/engine/clone.ts';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { Oracle } from '../../src/sim/oracle/oracle.ts';
import { getPreset, PRESETS } from '../../src/sim/scenarios/presets/index.ts';

function preset(id: string) {
  const p = getPreset(id);
  if (!p) throw new Error(`no preset ${id}`);
  return p.scenario;
}

/**
 * The presets up to 25 nodes. The presets at scale (100 and 1,000 nodes) take seconds a run each, several times
 * over on a loaded machine, and what this file checks is the engine's, the same at any size: they have their own
 * tests in scale.test.ts, which also resume one of them from a copy.
 */
const STORY_PRESETS = PRESETS.filter((p) => p.scenario.nodes.length <= 25);

describe('cloneState', () => {
  it('keeps shared references shared, cycles, prototypes, Maps, Sets and typed arrays', () => {
    class Box {
      readonly n: number;
      constructor(n: number) {
        this.n = n;
      }
      twice() {
        return this.n * 2;
      }
    }
    const shared = { v: 1 };
    const root = {
      a: shared,
      b: shared,
      box: new Box(4),
      map: new Map([['k', shared]]),
      set: new Set([shared]),
      bytes: new Float64Array([1.5, 2.5]),
      self: null as unknown,
    };
    root.self = root;
    const copy = cloneState(root);
    expect(copy).not.toBe(root);
    expect(copy.a).toBe(copy.b);
    expect(copy.a).not.toBe(shared);
    expect(copy.map.get('k')).toBe(copy.a);
    expect([...copy.set][0]).toBe(copy.a);
    expect(copy.self).toBe(copy);
    expect(copy.box.twice()).toBe(8);
    expect([...copy.bytes]).toEqual([1.5, 2.5]);
    copy.bytes[0] = 9;
    expect(root.bytes[0]).toBe(1.5);
  });

  it('refuses state that holds a closure, naming where', () => {
    expect(() => cloneState({ ok: 1, handler: () => 1 })).toThrow(UncloneableStateError);
    expect(() => cloneState({ handler: () => 1 })).toThrow(/function at handler/);
  });

  it('a copied run continues exactly as the original, for every preset up to 25 nodes', () => {
    for (const p of STORY_PRESETS) {
      const original = new Simulation(p.scenario);
      const oracle = new Oracle(original);
      const metrics = new MetricsCollector(original);
      const until = Math.round((p.scenario.durationMs * 1000) / 2);
      original.runUntil(until);
      oracle.update();
      const copy = cloneState({ sim: original, oracle, metrics });
      const end = p.scenario.durationMs * 1000;
      original.runUntil(end);
      copy.sim.runUntil(end);
      expect(copy.sim.traceHash(), p.id).toBe(original.traceHash());
      expect(copy.oracle.update(), p.id).toEqual(oracle.update());
      expect(copy.metrics.report(), p.id).toEqual(metrics.report());
    }
  });

  it('the copy shares nothing the run changes: running the copy leaves the original where it was', () => {
    const original = new Simulation(preset('split-brain'));
    original.runUntil(500_000);
    const hash = original.traceHash();
    const history = original.clients.history.length;
    const copy = cloneState(original);
    copy.runUntil(2_000_000);
    expect(original.traceHash()).toBe(hash);
    expect(original.clients.history.length).toBe(history);
    expect(original.nowUs).toBe(500_000);
  });
});
