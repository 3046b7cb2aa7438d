import { describe, expect, it } from 'vitest';
import { absorbLog, observe, RING_SIZE, recording } from '../../src/app/spacetime/recorder.ts';
import { MESSAGE_LOG_SIZE, MessageLog } from '../../src/sim/engine/messageLog.ts';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { getPreset } from '../../src/sim/scenarios/presets/index.ts';
import type { DropView } from '../../src/sim/types.ts';
import { kindCode, type ViewSnapshot } from '../../src/worker/protocol.ts';

interface Msg {
  id: number;
  from: number;
  to: number;
  sentAt: number;
  deliverAt: number;
  doomed?: number;
}

const NAMES = ['n1', 'n2', 'c1'];

function snap(
  nowUs: number,
  messages: Msg[],
  options: { drops?: DropView[]; down?: string[]; partition?: string[][] } = {},
): ViewSnapshot {
  const n = messages.length;
  return {
    nowUs,
    nodes: ['n1', 'n2'].map((id) => ({ id, up: !(options.down ?? []).includes(id) })),
    clients: [{ id: 'c1' }],
    drops: options.drops ?? [],
    network: { partition: options.partition ?? [] },
    messages: {
      count: n,
      id: Float64Array.from(messages.map((m) => m.id)),
      sentAt: Float64Array.from(messages.map((m) => m.sentAt)),
      deliverAt: Float64Array.from(messages.map((m) => m.deliverAt)),
      from: Uint16Array.from(messages.map((m) => m.from)),
      to: Uint16Array.from(messages.map((m) => m.to)),
      kind: Uint8Array.from(messages.map(() => kindCode('replicate'))),
      doomed: Uint8Array.from(messages.map((m) => m.doomed ?? 0)),
      names: NAMES,
      labels: '',
      labelEnd: new Uint32Array(n),
    },
  } as unknown as ViewSnapshot;
}

describe('space-time recorder', () => {
  it('records a message seen in flight and then gone as delivered at its deliverAt', () => {
    observe(snap(0, [{ id: 1, from: 0, to: 1, sentAt: 0, deliverAt: 500 }]), 1);
    expect(recording.flying.size).toBe(1);
    observe(snap(600, []), 1);
    expect(recording.flying.size).toBe(0);
    expect(recording.done).toMatchObject([{ id: 1, from: 'n1', to: 'n2', status: 'delivered', endUs: 500 }]);
  });

  it('records a message in the drops as dropped where it died', () => {
    observe(snap(0, [{ id: 2, from: 0, to: 1, sentAt: 0, deliverAt: 500 }]), 2);
    expect(recording.done).toEqual([]);
    const drop = { id: 2, from: 'n1', to: 'n2', at: 250, position: 0.5, reason: 'loss', kind: 'replicate' };
    observe(snap(300, [], { drops: [drop as DropView] }), 2);
    expect(recording.done).toMatchObject([{ id: 2, status: 'dropped', endUs: 250, position: 0.5 }]);
  });

  it('records crash and partition intervals, and resets on a new epoch or a clock going back', () => {
    observe(snap(0, []), 3);
    observe(snap(100, [], { down: ['n2'], partition: [['n1'], ['n2']] }), 3);
    observe(snap(200, [], { down: ['n2'], partition: [['n1'], ['n2']] }), 3);
    observe(snap(300, []), 3);
    expect(recording.downs).toEqual([{ node: 'n2', startUs: 100, endUs: 300 }]);
    expect(recording.partitions).toEqual([{ groups: [['n1'], ['n2']], startUs: 100, endUs: 300 }]);
    observe(snap(50, []), 3);
    expect(recording.downs).toEqual([]);
    expect(recording.partitions).toEqual([]);
  });

  it('keeps at most RING_SIZE completed messages', () => {
    for (let i = 0; i < RING_SIZE + 10; i++) {
      observe(snap(i * 10, [{ id: i, from: 0, to: 2, sentAt: i * 10, deliverAt: i * 10 + 5 }]), 4);
    }
    observe(snap((RING_SIZE + 10) * 10, []), 4);
    expect(recording.done.length).toBe(RING_SIZE);
    expect(recording.done.at(-1)?.id).toBe(RING_SIZE + 9);
  });
});

describe('the worker message log and the recorder backfill', () => {
  it('logs every finished message of a run, delivered or dropped, with exact times, and reads them back by time', () => {
    const preset = getPreset('split-brain');
    if (!preset) throw new Error('no preset');
    const sim = new Simulation(preset.scenario);
    sim.runUntil(400_000);
    const all = sim.messageLog.since(-1);
    expect(all.length).toBe(
      Math.min(MESSAGE_LOG_SIZE, sim.counts().messagesDelivered + sim.counts().messagesDropped),
    );
    expect(all.filter((m) => m.dropped).length).toBe(Math.min(all.length, sim.counts().messagesDropped));
    expect(all.map((m) => m.endUs)).toEqual([...all.map((m) => m.endUs)].sort((a, b) => a - b));
    for (const m of all) {
      expect(m.endUs).toBeGreaterThanOrEqual(m.sentUs);
      if (m.dropped) {
        expect(m.position).toBeGreaterThanOrEqual(0);
        expect(m.position).toBeLessThanOrEqual(1);
      } else expect(m.position).toBe(1);
    }
    // Reading from a time gives exactly the later ones.
    const mid = all[Math.floor(all.length / 2)]?.endUs ?? 0;
    expect(sim.messageLog.since(mid)).toEqual(all.filter((m) => m.endUs > mid));
    // The preset's partition is an interval with its groups; the run is still partitioned at 400 ms or healed.
    expect(sim.messageLog.faults.map((f) => [f.fault, f.label, f.startUs])).toEqual(
      preset.scenario.timeline
        .filter((e) => e.action.type === 'partition' && e.atUs <= 400_000)
        .map((e) => ['partition', expect.stringMatching(/^partition \{/), e.atUs]),
    );
  });

  it('keeps the last MESSAGE_LOG_SIZE messages of a long run', () => {
    const preset = getPreset('bench-25-nodes');
    if (!preset) throw new Error('no preset');
    const sim = new Simulation(preset.scenario);
    sim.runUntil(300_000);
    const all = sim.messageLog.since(-1);
    expect(sim.counts().messagesDelivered + sim.counts().messagesDropped).toBeGreaterThan(MESSAGE_LOG_SIZE);
    expect(all.length).toBe(MESSAGE_LOG_SIZE);
  });

  it('records crashes, restarts and cut links as intervals', () => {
    const log = new MessageLog(['a', 'b']);
    log.nodeUp('a', false, 10);
    log.link('US', 'EU', true, 20);
    log.nodeUp('a', true, 30);
    log.link('EU', 'US', false, 40);
    expect(log.faults).toEqual([
      { id: 0, version: 3, fault: 'down', node: 'a', label: 'a down', startUs: 10, endUs: 30 },
      {
        id: 1,
        version: 4,
        fault: 'cut',
        groups: [['US'], ['EU']],
        label: 'cut US – EU',
        startUs: 20,
        endUs: 40,
      },
    ]);
    // A view that has seen change 2 gets the two intervals that changed since, as copies.
    expect(log.faultsChangedSince(2).map((f) => [f.id, f.endUs])).toEqual([
      [0, 30],
      [1, 40],
    ]);
    expect(log.faultsChangedSince(3).map((f) => f.id)).toEqual([1]);
    expect(log.faultVersion).toBe(4);
  });

  it('fills the diagram with what no snapshot showed, once per message, and takes the worker’s fault intervals', () => {
    // A snapshot at a late time (a shared link opened at t = 500 ms): message 9 is in flight.
    observe(snap(500, [{ id: 9, from: 0, to: 1, sentAt: 450, deliverAt: 550 }]), 5);
    expect(recording.done).toEqual([]);
    absorbLog({
      messages: [
        {
          id: 1,
          from: 'n1',
          to: 'n2',
          kind: 'replicate',
          sentUs: 10,
          endUs: 40,
          dropped: false,
          position: 1,
        },
        { id: 2, from: 'n2', to: 'n1', kind: 'ack', sentUs: 40, endUs: 60, dropped: true, position: 0.5 },
      ],
      faults: [
        { id: 0, version: 2, fault: 'down', node: 'n2', label: 'n2 down', startUs: 100, endUs: 200 },
        {
          id: 1,
          version: 3,
          fault: 'cut',
          groups: [['US'], ['EU']],
          label: 'cut US – EU',
          startUs: 300,
          endUs: null,
        },
      ],
    });
    expect(recording.done.map((r) => [r.id, r.status, r.endUs])).toEqual([
      [1, 'delivered', 40],
      [2, 'dropped', 60],
    ]);
    expect(recording.downs).toEqual([{ node: 'n2', startUs: 100, endUs: 200 }]);
    expect(recording.partitions).toEqual([
      { groups: [['US'], ['EU']], startUs: 300, endUs: null, cut: true },
    ]);
    // Message 9 lands; the snapshot diff records it, and the log's copy of it is not added twice.
    observe(snap(600, []), 5);
    absorbLog({
      messages: [
        {
          id: 9,
          from: 'n1',
          to: 'n2',
          kind: 'replicate',
          sentUs: 450,
          endUs: 550,
          dropped: false,
          position: 1,
        },
      ],
      faults: [
        {
          id: 1,
          version: 3,
          fault: 'cut',
          groups: [['US'], ['EU']],
          label: 'cut US – EU',
          startUs: 300,
          endUs: null,
        },
      ],
    });
    expect(recording.done.map((r) => r.id)).toEqual([1, 2, 9]);
    // A snapshot without a partition does not close the cut link (it is not a partition of the cluster).
    observe(snap(700, []), 5);
    expect(recording.partitions[0]?.endUs).toBeNull();
  });
});
