/**
 * The clients' operations driven by hand (workload/clients.ts) through a fake host: a completed operation's
 * pending record carries the next operation (its attempts, redirects and refusals start afresh), and a
 * workload arrival records the same operation as `issue` would.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/sim/engine/rng.ts';
import type { ClientReply, ClientRequest } from '../../src/sim/models/model.ts';
import { defaultScenario } from '../../src/sim/scenarios/presets/index.ts';
import type { Message, NodeId } from '../../src/sim/types.ts';
import { type ClientHost, Clients } from '../../src/sim/workload/clients.ts';

function host() {
  const sent: { from: NodeId; to: NodeId; body: ClientRequest }[] = [];
  const timeouts: { opId: number; attempt: number }[] = [];
  const h: ClientHost & { nowUs: number } = {
    nowUs: 0,
    nodes: ['n1', 'n2', 'n3'],
    send: (from, to, body) => sent.push({ from, to, body }),
    scheduleTimeout: (opId, attempt) => timeouts.push({ opId, attempt }),
  };
  return { h, sent, timeouts };
}

function reply(from: NodeId, body: Omit<ClientReply, 'type' | 'kind'>): Message<ClientReply> {
  return {
    id: 0,
    from,
    to: 'c1',
    sentAt: 0,
    deliverAt: 0,
    body: { type: 'clientReply', kind: 'response', ...body },
  };
}

const scenario = {
  ...defaultScenario(),
  nodes: ['n1', 'n2', 'n3'],
  clients: [{ id: 'c1', home: 'n1' }],
  clientTimeoutMs: 100,
  workload: { ...defaultScenario().workload, kind: 'register' as const, readFraction: 0 },
};

describe('Clients', () => {
  it("starts each operation's attempts, redirects and refusals afresh, whatever the one before met", () => {
    const { h, sent, timeouts } = host();
    const clients = new Clients(scenario, h, new Rng(1));
    const first = clients.issue({
      client: 'c1',
      f: 'write',
      key: 'k',
      value: 'a',
      target: 'leader',
      manual: true,
    });
    expect(sent.at(-1)).toMatchObject({
      from: 'c1',
      to: 'n1',
      body: { type: 'clientWrite', reqId: 1, value: 'a' },
    });
    // n1 refuses: the write tries n2, which refuses too, then n3, which fails it.
    clients.onReply(reply('n1', { reqId: 1, ok: false, refused: true, error: 'n1 is down' }));
    clients.onReply(reply('n2', { reqId: 1, ok: false, refused: true, error: 'n2 is down' }));
    clients.onReply(reply('n3', { reqId: 1, ok: false, error: 'no leader' }));
    expect(first).toMatchObject({ status: 'fail', node: 'n3', error: 'n1 is down; no other leader known' });
    expect(timeouts).toEqual([
      { opId: 1, attempt: 1 },
      { opId: 1, attempt: 2 },
      { opId: 1, attempt: 3 },
    ]);
    expect(clients.pendingCount()).toBe(0);

    h.nowUs = 5_000;
    const second = clients.issue({
      client: 'c1',
      f: 'write',
      key: 'k',
      value: 'b',
      target: 'leader',
      manual: true,
    });
    expect(sent.at(-1)).toMatchObject({ to: 'n3', body: { reqId: 2, value: 'b' } });
    expect(timeouts.at(-1)).toEqual({ opId: 2, attempt: 1 });
    // The first operation's late timeout changes nothing; the second fails plainly, with no refusal of before.
    clients.onTimeout(1, 3);
    expect(clients.pendingCount()).toBe(1);
    clients.onReply(reply('n3', { reqId: 2, ok: false, error: 'no leader' }));
    expect(second).toMatchObject({ status: 'fail', error: 'no leader', completeUs: 5_000 });

    const third = clients.issue({
      client: 'c1',
      f: 'read',
      key: 'k',
      value: null,
      target: 'n2',
      manual: false,
    });
    clients.onTimeout(3, 1);
    expect(third).toMatchObject({ status: 'fail', error: 'timed out after 100 ms waiting for n2' });
    expect(clients.counts).toEqual({ ok: 0, fail: 3, info: 0, writesOk: 0, readsOk: 0 });
  });

  it('records a workload arrival as the operation issue records', () => {
    const { h, sent } = host();
    const clients = new Clients(scenario, h, new Rng(1));
    h.nowUs = 7;
    clients.generate(scenario);
    const [op] = clients.history;
    expect(op).toEqual({
      id: 1,
      client: 'c1',
      f: 'write',
      key: op?.key,
      value: 'v1',
      invokeUs: 7,
      completeUs: null,
      invokeSeq: 0,
      completeSeq: null,
      status: 'pending',
      node: 'n1',
      version: 0,
      manual: false,
    });
    expect(scenario.workload.keys).toContain(op?.key);
    expect(sent).toEqual([
      {
        from: 'c1',
        to: 'n1',
        body: { type: 'clientWrite', kind: 'request', reqId: 1, key: op?.key, value: 'v1' },
      },
    ]);
  });
});
