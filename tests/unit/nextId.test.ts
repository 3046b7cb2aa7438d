/**
 * Auto-increment writes in every model (shared/nextId.ts): the node that takes the write hands out the next
 * number as it sees the key. One leader orders them; two leaders, or two leaderless coordinators, that have not
 * seen each other's writes hand out the same id, and the checker reports the duplicate.
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { nextId } from '../../src/sim/models/shared/nextId.ts';
import { checkRun } from '../../src/sim/oracle/oracle.ts';
import { getPreset } from '../../src/sim/scenarios/presets/index.ts';
import type { Scenario, TimelineEntry } from '../../src/sim/scenarios/schema.ts';

const generate = (ms: number, client: string, node?: string): TimelineEntry => ({
  atUs: ms * 1000,
  action: {
    type: 'write',
    client,
    key: 'order_id',
    value: '',
    autoIncrement: true,
    ...(node ? { node } : {}),
  },
});

function run(presetId: string, timeline: TimelineEntry[]) {
  const preset = getPreset(presetId);
  if (!preset) throw new Error(`no preset ${presetId}`);
  const scenario: Scenario = { ...preset.scenario, timeline, durationMs: 1500 };
  const sim = new Simulation(scenario);
  sim.runUntil(1_500_000);
  const writes = sim.clients.history.filter((op) => op.autoIncrement);
  const duplicates = checkRun(sim).anomalies.filter((a) => a.kind === 'duplicate-id');
  return { values: writes.map((op) => [op.client, op.status, op.value]), duplicates };
}

describe('nextId', () => {
  it('is the highest number held plus one; no value or a value that is no number counts as 0', () => {
    expect(nextId([])).toBe('1');
    expect(nextId([undefined])).toBe('1');
    expect(nextId(['7'])).toBe('8');
    expect(nextId(['3', '12', 'milk', null])).toBe('13');
  });
});

describe('auto-increment ids', () => {
  it('multi-leader: two leaders writing at once hand out the same id; written after they synced, the next', () => {
    const { values, duplicates } = run('write-conflict-diverge', [
      generate(10, 'us_shop'),
      generate(11, 'eu_shop'),
      generate(1000, 'us_shop'),
    ]);
    expect(values).toEqual([
      ['us_shop', 'ok', '1'],
      ['eu_shop', 'ok', '1'],
      ['us_shop', 'ok', '2'],
    ]);
    expect(duplicates).toHaveLength(1);
    expect(duplicates[0]?.explanation).toMatch(/was handed id 1 at [\d.]+ ms, already given to/);
  });

  it('leaderless: two coordinators hand out the same id; one that has the first write does not', () => {
    const { values, duplicates } = run('lww-concurrent-writes', [
      generate(10, 'alice'),
      generate(11, 'bob'),
      generate(1000, 'alice'),
    ]);
    expect(values.map(([client, status]) => [client, status])).toEqual([
      ['alice', 'ok'],
      ['bob', 'ok'],
      ['alice', 'ok'],
    ]);
    expect(values[0]?.[2]).toBe('1');
    expect(values[1]?.[2]).toBe('1');
    expect(Number(values[2]?.[2])).toBeGreaterThan(1);
    expect(duplicates).toHaveLength(1);
  });

  it('leader-follower: one leader orders every id', () => {
    const { values, duplicates } = run('bank-ledger-sync', [
      generate(10, 'teller'),
      generate(11, 'teller'),
      generate(12, 'teller'),
    ]);
    expect(values.map(([, , v]) => v)).toEqual(['1', '2', '3']);
    expect(duplicates).toEqual([]);
  });
});
