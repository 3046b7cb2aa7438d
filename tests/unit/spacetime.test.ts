import { describe, expect, it } from 'vitest';
import { observe, RING_SIZE, recording } from '../../src/app/spacetime/recorder.ts';
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
