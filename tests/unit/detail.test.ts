/**
 * Snapshots of large clusters (issue 12.3): every node's summary, and the keys only of the nodes the page shows
 * in full; small clusters keep every node's keys. The in-flight cap still holds.
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { getPreset } from '../../src/sim/scenarios/presets/index.ts';
import type { Scenario } from '../../src/sim/scenarios/schema.ts';
import { FULL_DETAIL_NODES } from '../../src/worker/pack.ts';
import { MAX_MESSAGES_IN_SNAPSHOT } from '../../src/worker/protocol.ts';
import { setupHost as setup } from '../support/hostHarness.ts';

function preset(id: string): Scenario {
  const scenario = getPreset(id)?.scenario;
  if (!scenario) throw new Error(`no preset ${id}`);
  return scenario;
}

describe('snapshots of large clusters', () => {
  it('carry every node, with keys only for the nodes the page shows in full', () => {
    const { host, lastSnapshot } = setup();
    host.handle({
      type: 'load',
      epoch: 1,
      scenario: preset('scale-leaderless-100'),
      seekToUs: 2_000_000,
      play: false,
    });
    const withoutDetail = lastSnapshot();
    expect(withoutDetail.nodes).toHaveLength(100);
    expect(withoutDetail.nodes.every((n) => n.data.length === 0)).toBe(true);
    const holding = withoutDetail.nodes.filter((n) => (n.dataOmitted ?? 0) > 0);
    expect(holding.length).toBeGreaterThan(50);
    const shown = holding[0]?.id ?? '';
    // Paused, asking for a node's detail posts a snapshot with its keys at once.
    host.handle({ type: 'detail', nodes: [shown] });
    const detailed = lastSnapshot();
    expect(detailed.nowUs).toBe(withoutDetail.nowUs);
    const node = detailed.nodes.find((n) => n.id === shown);
    expect(node?.data.length).toBe(holding[0]?.dataOmitted);
    expect(node?.dataOmitted).toBeUndefined();
    expect(detailed.nodes.filter((n) => n.data.length > 0).map((n) => n.id)).toEqual([shown]);
  });

  it(`keep every node's keys on clusters of up to ${FULL_DETAIL_NODES} nodes`, () => {
    const { host, lastSnapshot } = setup();
    host.handle({
      type: 'load',
      epoch: 1,
      scenario: preset('bank-ledger-async'),
      seekToUs: 1_000_000,
      play: false,
    });
    const snapshot = lastSnapshot();
    expect(snapshot.nodes.every((n) => n.dataOmitted === undefined && n.data.length > 0)).toBe(true);
  });

  it('ship a 1,000-node ring under load with its messages in flight, within the cap', () => {
    const { host, lastSnapshot } = setup();
    host.handle({
      type: 'load',
      epoch: 1,
      scenario: preset('bench-1000-nodes'),
      seekToUs: 500_000,
      play: false,
    });
    const snapshot = lastSnapshot();
    expect(snapshot.nodes).toHaveLength(1000);
    const direct = new Simulation(preset('bench-1000-nodes'));
    direct.runUntil(500_000);
    const inFlight = direct.snapshot().messages.length;
    // The preset puts about 10,000 in flight from 0.2 s on (N = 10, 5,000 operations a second, 95 ms links).
    expect(inFlight).toBe(10290);
    expect(snapshot.messages.count).toBe(Math.min(inFlight, MAX_MESSAGES_IN_SNAPSHOT));
    expect(snapshot.nodes.every((n) => n.data.length === 0)).toBe(true);
  });
});
