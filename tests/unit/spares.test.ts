/**
 * Events done with (engine/spares.ts): an event handed back carries the next one of its kind, every field
 * rewritten; at most MAX_SPARE of a kind are kept, each kind apart. In a run, a message object
 * the model was handed carries a later message once its event has run (the pinned trace hashes are unchanged),
 * and a snapshot labels it by the later message's body.
 */
import { describe, expect, it } from 'vitest';
import { cloneState } from '../../src/sim/engine/clone.ts';
import type { NodeLife } from '../../src/sim/engine/members.ts';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { labelOf } from '../../src/sim/engine/snapshot.ts';
import { MAX_SPARE, SpareEvents, SpareList } from '../../src/sim/engine/spares.ts';
import type { ReplicationModel } from '../../src/sim/models/model.ts';
import { defaultScenario } from '../../src/sim/scenarios/presets/index.ts';
import type { Message } from '../../src/sim/types.ts';

const bodyA = { type: 'append', kind: 'replicate' } as const;
const bodyB = { type: 'appendReply', kind: 'ack' } as const;

describe('SpareEvents', () => {
  it('writes the next message into one handed back, every field, and makes one when none is kept', () => {
    const spares = new SpareEvents();
    const first = spares.message(1, 'n1', 'n2', 10, 20, bodyA, null, 0, 1, 7, 'replicate');
    expect(first).toEqual({
      t: 'deliver',
      time: 0,
      order: 0,
      id: 1,
      from: 'n1',
      to: 'n2',
      sentAt: 10,
      deliverAt: 20,
      body: bodyA,
      doomed: null,
      fromEp: 0,
      toEp: 1,
      typeCode: 7,
      kind: 'replicate',
    });
    spares.releaseMessage(first);
    // A spare holds no body of its own: the one it carried is let go of, for a stand-in all spares share.
    expect(first.body).toEqual({ type: 'spent', kind: 'heartbeat' });
    const second = spares.message(2, 'n3', 'n1', 30, 45, bodyB, 'loss', 2, 0, 9, 'ack');
    expect(second).toBe(first);
    expect({ ...second, time: 0, order: 0 }).toEqual({
      t: 'drop',
      time: 0,
      order: 0,
      id: 2,
      from: 'n3',
      to: 'n1',
      sentAt: 30,
      deliverAt: 45,
      body: bodyB,
      doomed: 'loss',
      fromEp: 2,
      toEp: 0,
      typeCode: 9,
      kind: 'ack',
    });
    // None kept now: the next is a new object.
    expect(spares.message(3, 'n1', 'n2', 0, 1, bodyA, null, 0, 1, 7, 'replicate')).not.toBe(first);
  });

  it('keeps timers, timeouts and arrivals by kind, each carrying its own fields', () => {
    const spares = new SpareEvents();
    const life: NodeLife = { incarnation: 3, ep: 2 };
    const timer = spares.timer('n2', life, { type: 'election' }, 11);
    expect(timer).toMatchObject({ t: 'timer', node: 'n2', life, incarnation: 3, typeCode: 11 });
    const timeout = spares.timeout(5, 1);
    const arrival = spares.arrival(4);
    spares.releaseTimer(timer);
    expect(timer.body).toEqual({ type: 'spent' });
    spares.releaseTimeout(timeout);
    spares.releaseArrival(arrival);
    life.incarnation = 4;
    expect(spares.timeout(6, 2)).toBe(timeout);
    expect(timeout).toMatchObject({ t: 'clientTimeout', opId: 6, attempt: 2 });
    expect(spares.arrival(9)).toBe(arrival);
    expect(arrival).toMatchObject({ t: 'workload', generation: 9 });
    expect(spares.timer('n1', life, { type: 'heartbeat' }, 12)).toBe(timer);
    expect(timer).toMatchObject({ t: 'timer', node: 'n1', incarnation: 4, body: { type: 'heartbeat' } });
    // Each kind's own: a timer handed back does not carry a timeout.
    spares.releaseTimer(timer);
    expect(spares.timeout(7, 1)).not.toBe(timer);
  });

  it('keeps at most MAX_SPARE of a kind', () => {
    const spares = new SpareEvents();
    const made = Array.from({ length: MAX_SPARE + 5 }, (_, i) => spares.timeout(i, 1));
    for (const ev of made) spares.releaseTimeout(ev);
    const again = new Set(Array.from({ length: MAX_SPARE + 5 }, (_, i) => spares.timeout(i, 2)));
    expect([...again].filter((ev) => made.includes(ev))).toHaveLength(MAX_SPARE);
  });

  it('in a run, a message handed to the model carries a later one once its event has run', () => {
    const sim = new Simulation(defaultScenario());
    const model = sim.model as ReplicationModel;
    const onMessage = model.onMessage.bind(model);
    const seen: { msg: Message; id: number; from: string }[] = [];
    model.onMessage = (node, msg) => {
      if (seen.length < 50) seen.push({ msg, id: msg.id, from: msg.from });
      onMessage(node, msg);
    };
    sim.runUntil(2_000_000);
    expect(seen).toHaveLength(50);
    // The objects were used again: some carry another message's id now.
    expect(seen.some((s) => s.msg.id !== s.id)).toBe(true);
    expect(new Set(seen.map((s) => s.msg)).size).toBeLessThan(50);
  });

  it("labels a message object that carries a later message by that message's body", () => {
    const spares = new SpareEvents();
    const said: string[] = [];
    const model = {
      describe: (body: { type: string }) => {
        said.push(body.type);
        return `label of ${body.type}`;
      },
    } as unknown as ReplicationModel;
    const first = spares.message(1, 'n1', 'n2', 0, 5, bodyA, null, 0, 1, 7, 'replicate');
    expect(labelOf(first, model)).toBe('label of append');
    spares.releaseMessage(first);
    const second = spares.message(2, 'n2', 'n1', 5, 9, bodyB, null, 1, 0, 9, 'ack');
    expect(second).toBe(first);
    expect(labelOf(second, model)).toBe('label of appendReply');
    // Worked out once per body: another message with the first body asks the model no more.
    expect(labelOf(spares.message(3, 'n1', 'n3', 9, 12, bodyA, null, 0, 2, 7, 'replicate'), model)).toBe(
      'label of append',
    );
    expect(said).toEqual(['append', 'appendReply']);
  });

  it('names the message that broke an invariant by its own body, though the object is handed back once run', () => {
    const sim = new Simulation(defaultScenario(), { checkInvariants: true });
    const model = sim.model as ReplicationModel;
    const onMessage = model.onMessage.bind(model);
    let broken = false;
    model.onMessage = (node, msg) => {
      onMessage(node, msg);
      if (msg.body.type === 'append') broken = true;
    };
    model.invariantViolation = () => (broken ? 'broken on purpose' : null);
    expect(() => sim.runUntil(5_000_000)).toThrow(
      /by the deliver of message \d+ \(append bank_leader -> bank_follower\d\): broken on purpose$/,
    );
  });
});

describe('a copy of the run (checkpoint, fork) starts with no spares', () => {
  it('copies a SpareEvents and a SpareList as empty ones, and the copy runs on exactly as the original', () => {
    const sim = new Simulation(defaultScenario());
    sim.runUntil(3_000_000);
    const spares = (sim as unknown as { spares: SpareEvents }).spares;
    const kept = (s: SpareEvents) => (s as unknown as { messages: unknown[] }).messages.length;
    expect(kept(spares)).toBeGreaterThan(0);
    const copy = cloneState(sim);
    const copied = (copy as unknown as { spares: SpareEvents }).spares;
    expect(copied).toBeInstanceOf(SpareEvents);
    expect(copied).not.toBe(spares);
    expect(kept(copied)).toBe(0);
    const pendingSpares = (s: Simulation) =>
      (s.clients as unknown as { sparePending: SpareList<unknown> }).sparePending;
    expect(pendingSpares(sim).size).toBeGreaterThan(0);
    expect(pendingSpares(copy)).toBeInstanceOf(SpareList);
    expect(pendingSpares(copy).size).toBe(0);
    sim.runUntil(6_000_000);
    copy.runUntil(6_000_000);
    expect(copy.traceHash()).toBe(sim.traceHash());
    expect(copy.counts()).toEqual(sim.counts());
  });

  it('a SpareList keeps at most its bound and hands back the latest first', () => {
    const list = new SpareList<number>(2);
    expect(list.take()).toBeUndefined();
    list.give(1);
    list.give(2);
    list.give(3);
    expect(list.size).toBe(2);
    expect(list.take()).toBe(2);
    expect(list.take()).toBe(1);
    expect(list.take()).toBeUndefined();
  });
});
