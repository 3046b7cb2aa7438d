import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { Coordinating, type Coordination, type LlCluster } from '../../src/sim/models/leaderless/cluster.ts';
import { contextOf, readAnswer } from '../../src/sim/models/leaderless/readAnswer.ts';
import { getPreset } from '../../src/sim/scenarios/presets/index.ts';

/** A request with only its id filled in: the table reads nothing else. */
const request = (reqId: number) => ({ reqId }) as unknown as Coordination;

describe("a leaderless node's table of the requests it coordinates", () => {
  it('finds requests by id, keeps them in the order they began, and forgets them one by one', () => {
    const t = new Coordinating();
    const [a, b, c] = [request(1), request(2), request(3)];
    t.add(a);
    t.add(b);
    t.add(c);
    expect(t.size).toBe(3);
    expect(t.get(2)).toBe(b);
    expect(t.get(4)).toBeUndefined();
    expect(t.delete(2)).toBe(true);
    expect(t.delete(2)).toBe(false);
    expect([...t.values()]).toEqual([a, c]);
    expect(t.get(3)).toBe(c);
    t.add(request(4));
    expect([...t.values()].map((q) => q.reqId)).toEqual([1, 3, 4]);
    t.clear();
    expect(t.size).toBe(0);
    expect(t.get(1)).toBeUndefined();
  });

  it('iterates as a Map keyed by request id would, whatever the order of the deletions', () => {
    const t = new Coordinating();
    const m = new Map<number, Coordination>();
    let next = 1;
    // A deterministic mix of requests beginning and ending.
    for (let step = 0; step < 200; step++) {
      if (step % 3 !== 2) {
        const q = request(next++);
        t.add(q);
        m.set(q.reqId, q);
      } else {
        const victim = ((step * 7) % next) + 1;
        expect(t.delete(victim)).toBe(m.delete(victim));
      }
      expect([...t.values()]).toEqual([...m.values()]);
      expect(t.size).toBe(m.size);
    }
  });
});

describe("a read's context", () => {
  it('is the context of its versions, shared with the last read of the key from the very same versions', () => {
    const preset = getPreset('scale-leaderless-100');
    if (!preset) throw new Error('no scale-leaderless-100 preset');
    const sim = new Simulation(preset.scenario);
    sim.runUntil(3_000_000);
    // biome-ignore lint/suspicious/noExplicitAny: the model's private cluster, read for the test
    const c = (sim as any).model.c as LlCluster;
    let shared = 0;
    let several = 0;
    for (const n of c.nodes.values())
      for (const [key, versions] of n.store) {
        const fresh = contextOf(c, versions);
        const first = readAnswer(c, key, versions).context;
        // The same entries in the same order as working it out anew.
        expect(Object.entries(first)).toEqual(Object.entries(fresh));
        // A copy of the list (the same version objects): the same context object.
        const again = readAnswer(c, key, [...versions]).context;
        if (versions.length > 1) {
          several++;
          expect(again).toBe(first);
          shared++;
          // Another list (one version fewer): worked out anew, and right.
          const fewer = versions.slice(1);
          expect(Object.entries(readAnswer(c, key, fewer).context)).toEqual(
            Object.entries(contextOf(c, fewer)),
          );
        } else expect(Object.entries(again)).toEqual(Object.entries(fresh));
      }
    expect(several).toBeGreaterThan(0);
    expect(shared).toBe(several);
  });
});
