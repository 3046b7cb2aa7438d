/** The keys a run is about before it has touched any (scenarios/keys.ts), and where they show. */
import { describe, expect, it } from 'vitest';
import { defaultKey } from '../../src/app/controls/opDraft.ts';
import type { LabState } from '../../src/app/store.ts';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { storyKeys } from '../../src/sim/scenarios/keys.ts';
import { getPreset } from '../../src/sim/scenarios/presets/index.ts';
import type { Scenario } from '../../src/sim/scenarios/schema.ts';
import { quietCluster } from '../support/story.ts';

const write = (atUs: number, key: string) => ({
  atUs,
  action: { type: 'write' as const, client: 'c', key, value: 'v' },
});
const read = (atUs: number, key: string) => ({ atUs, action: { type: 'read' as const, client: 'c', key } });

describe('storyKeys', () => {
  it('is the timeline’s keys, in order of first appearance, when the workload never runs', () => {
    const s = quietCluster({ timeline: [read(1, 'b'), write(2, 'a'), write(3, 'b')] });
    expect(s.workload.enabled).toBe(false);
    expect(storyKeys(s)).toEqual(['b', 'a']);
  });

  it('puts the workload’s keys first when it runs, at the start or from a setWorkload action', () => {
    const on = quietCluster({ timeline: [write(1, 'a')] });
    const enabled: Scenario = { ...on, workload: { ...on.workload, enabled: true, keys: ['w1', 'a'] } };
    expect(storyKeys(enabled)).toEqual(['w1', 'a']);
    const later: Scenario = {
      ...enabled,
      workload: { ...enabled.workload, enabled: false },
      timeline: [write(1, 'a'), { atUs: 5, action: { type: 'setWorkload', enabled: true } }],
    };
    expect(storyKeys(later)).toEqual(['w1', 'a']);
  });

  it('is empty for a scenario that names no key and runs no workload', () => {
    expect(storyKeys(quietCluster())).toEqual([]);
  });
});

describe('where the run starts', () => {
  it('the leaderless ring places the story’s key from time 0, not the idle workload’s default', () => {
    const preset = getPreset('sloppy-quorum-stale');
    if (!preset) throw new Error('no preset');
    expect(preset.scenario.workload.enabled).toBe(false);
    const view = new Simulation(preset.scenario).snapshot().view;
    if (view.model !== 'leaderless') throw new Error('not leaderless');
    expect(view.placement.map((p) => p.key)).toEqual(['profile']);
  });

  it('the Data forms start on the key the story is about', () => {
    const at = (id: string) => defaultKey({ scenario: getPreset(id)?.scenario ?? null } as LabState);
    expect(at('sloppy-quorum-stale')).toBe('profile');
    expect(at('split-brain')).toBe('cart');
    expect(at('bank-ledger-async')).toBe(getPreset('bank-ledger-async')?.scenario.workload.keys[0]);
    expect(defaultKey({ scenario: null } as LabState)).toBe('account_123');
  });
});
