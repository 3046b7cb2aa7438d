/**
 * Merged data types are not registers (src/sim/oracle/oracle.ts `mergedPrefixes`): the linearizability check of
 * registers leaves a multi-leader run's CRDT keys (an add-wins set's "add mug", a counter's "+1") out, and judges
 * every other key as before.
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { checkRun, isMergedKey, mergedPrefixes } from '../../src/sim/oracle/oracle.ts';
import { getPreset } from '../../src/sim/scenarios/presets/index.ts';
import type { Scenario } from '../../src/sim/scenarios/schema.ts';

function run(scenario: Scenario) {
  const sim = new Simulation(scenario);
  sim.runUntil(scenario.durationMs * 1000);
  return checkRun(sim);
}

function preset(id: string): Scenario {
  const scenario = getPreset(id)?.scenario;
  if (!scenario) throw new Error(`no preset ${id}`);
  return scenario;
}

describe('keys of merged data types', () => {
  it('are a multi-leader run’s CRDT prefixes, and nothing in another model', () => {
    const crdt = preset('crdt-cart-keeps-all');
    const merged = mergedPrefixes(crdt);
    expect(merged).toEqual(['cart_', 'likes_']);
    expect(isMergedKey(merged, 'cart_1')).toBe(true);
    expect(isMergedKey(merged, 'likes_9')).toBe(true);
    expect(isMergedKey(merged, 'profile')).toBe(false);
    expect(mergedPrefixes({ ...crdt, model: 'leaderless' })).toEqual([]);
    expect(mergedPrefixes(preset('lww-drops-writes'))).toEqual([]);
  });

  it('leave the add-wins set and the counter out of the register check: the fixed cart is linearizable', () => {
    const result = run(preset('crdt-cart-keeps-all'));
    expect(result.linearizability.result).toBe('linearizable');
    expect(result.counts).toMatchObject({ 'not-linearizable': 0 });
  });

  it('leave out only the keys their prefixes name: a register key beside them is judged as before', () => {
    // Clock skew makes last-write-wins keep the draft over the causally later final text: not linearizable.
    const skew = preset('lww-clock-skew');
    const write = skew.timeline.find((a) => a.action.type === 'write')?.action;
    const key = write && 'key' in write ? write.key : '';
    expect(key).toBe('article');
    expect(run(skew).linearizability.result).toBe('not-linearizable');
    const ml = skew.multiLeader;
    if (!ml) throw new Error('lww-clock-skew has no multi-leader settings');
    const withCrdt = (prefix: string): Scenario => ({
      ...skew,
      multiLeader: { ...ml, crdt: [{ prefix, type: 'counter' }] },
    });
    expect(run(withCrdt('likes_')).linearizability.result).toBe('not-linearizable');
    expect(run(withCrdt(key)).linearizability.result).toBe('linearizable');
  });
});
