/**
 * Where a message's ends are found (engine/traffic.ts): the last sender's and receiver's, the ends of the message
 * being answered, or a lookup by id, and always the right endpoint.
 */
import { describe, expect, it } from 'vitest';
import type { InFlight } from '../../src/sim/engine/events.ts';
import { SpareEvents } from '../../src/sim/engine/spares.ts';
import { Traffic, type TrafficParts } from '../../src/sim/engine/traffic.ts';

const IDS = ['leader', 'f1', 'f2', 'f3', 'c1'];

function traffic() {
  const looked: string[] = [];
  const sent: InFlight[] = [];
  const delivered: { to: string; from: string }[] = [];
  const network = {
    endpointOf: (id: string) => {
      looked.push(id);
      return IDS.indexOf(id);
    },
    nodeOfEndpoint: (e: number) => (e >= 0 && e < 4 ? e : -1),
    latencyUsAt: () => 10,
    dropAtSendAt: () => null,
    arrivalUsAt: (_f: number, _t: number, now: number, lat: number) => now + lat,
    duplicates: () => false,
    upAt: () => true,
    isCutAt: () => false,
  };
  const parts = {
    network,
    queue: { pushSoon: (_at: number, msg: InFlight) => sent.push({ ...msg }) },
    messageLog: { recordAt: () => {} },
    clients: { onReply: () => {} },
    model: {
      payloadBytes: () => 1,
      onMessage: (to: string, msg: InFlight) => delivered.push({ to, from: msg.from }),
    },
    spares: new SpareEvents(),
  } as unknown as TrafficParts;
  return { t: new Traffic(parts), looked, sent, delivered };
}

describe('Traffic: message ends', () => {
  it('answers a delivered message with the ends it carried', () => {
    const { t, looked, sent, delivered } = traffic();
    t.send(0, 'c1', 'f2', { type: 'clientWrite', kind: 'request' }, 'request');
    t.send(0, 'leader', 'f3', { type: 'change', kind: 'replicate' }, 'replicate');
    expect(looked).toEqual(['c1', 'f2', 'leader', 'f3']);
    t.deliver(sent[0] as InFlight, 5);
    expect(delivered).toEqual([{ to: 'f2', from: 'c1' }]);
    t.send(5, 'f2', 'c1', { type: 'clientReply', kind: 'response' }, 'response');
    expect(looked).toHaveLength(4);
    expect(sent[2]).toMatchObject({ from: 'f2', to: 'c1', fromEp: 2, toEp: 4 });
    // Ends that are neither the last ones nor the answered message's are looked up.
    t.send(5, 'f1', 'f3', { type: 'change', kind: 'replicate' }, 'replicate');
    expect(looked.slice(4)).toEqual(['f1', 'f3']);
    expect(sent[3]).toMatchObject({ fromEp: 1, toEp: 3 });
  });
});
