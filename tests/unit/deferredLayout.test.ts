/**
 * The memoised topologies the graph's deferred layout uses (src/app/graph/deferredLayout.ts): built once per key,
 * the same boxes as computeLayout (which the first paint draws with), the oldest dropped past 32; a layout in
 * steps is the same layout, and a deferred one is spread over tasks of about SLICE_MS each.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildInSlices, cachedTopology, SLICE_MS } from '../../src/app/graph/deferredLayout.ts';
import {
  computeLayout,
  layoutInSteps,
  runSteps,
  SETTLE_TICKS,
  type TopologyInput,
} from '../../src/app/graph/layout.ts';
import type { GraphTopology } from '../../src/app/models/types.ts';

const base: TopologyInput = {
  nodes: ['n1', 'n2', 'n3'],
  clients: ['c1', 'c2'],
  sides: [0, 0, 0],
  leader: 'n1',
  dataRows: 2,
};

function counted(input: TopologyInput) {
  const calls = { n: 0 };
  const build = () => {
    calls.n++;
    return { input, layout: computeLayout(input) };
  };
  return { calls, build };
}

describe('cachedTopology', () => {
  it('builds once per key and gives back the very same topology, with computeLayout’s boxes', () => {
    const input = { ...base, leader: 'n2' };
    const { calls, build } = counted(input);
    const first = cachedTopology('test leader n2', build);
    expect(cachedTopology('test leader n2', build)).toBe(first);
    expect(calls.n).toBe(1);
    expect(first.layout).toEqual(computeLayout({ ...input, nodes: [...input.nodes] }));
  });

  it('builds again for another key', () => {
    const { calls, build } = counted({ ...base, dataRows: 3 });
    const a = cachedTopology('test rows 3', build);
    const b = cachedTopology('test rows 3 narrow', build);
    expect(calls.n).toBe(2);
    expect(b).not.toBe(a);
    expect(b).toEqual(a);
  });

  it('keeps at most 32 topologies: the oldest is built again', () => {
    const { calls, build } = counted({ ...base, leader: 'n3' });
    cachedTopology('test oldest', build);
    for (let i = 0; i < 32; i++) cachedTopology(`test filler ${i}`, build);
    expect(calls.n).toBe(33);
    cachedTopology(`test filler 31`, build);
    expect(calls.n).toBe(33);
    cachedTopology('test oldest', build);
    expect(calls.n).toBe(34);
  });
});

describe('layoutInSteps', () => {
  it('gives computeLayout’s layout whatever the size of its steps, with one step less than its slices', () => {
    const partitioned = { ...base, sides: [1, 2, 2], dataRows: 4 };
    for (const input of [base, partitioned])
      for (const ticks of [1, 7, 10, SETTLE_TICKS]) {
        const steps = layoutInSteps(input, ticks);
        let yields = 0;
        let next = steps.next();
        for (; !next.done; next = steps.next()) yields++;
        expect(yields).toBe(Math.ceil(SETTLE_TICKS / ticks) - 1);
        expect(next.value).toEqual(computeLayout(input));
      }
    expect(runSteps(layoutInSteps(base, 10))).toEqual(computeLayout(base));
  });
});

describe('buildInSlices', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A request whose steps each take 1 ms of a fake clock, counting them. */
  function request(key: string, stepsCount: number) {
    const topology: GraphTopology = { input: base, layout: computeLayout(base) };
    const ran = { steps: 0 };
    const clock = { ms: 0 };
    return {
      clock,
      ran,
      topology,
      request: {
        key,
        shape: 'test',
        build: () => topology,
        *steps(): Generator<void, GraphTopology, void> {
          for (let i = 0; i < stepsCount; i++) {
            ran.steps++;
            clock.ms += 1;
            yield;
          }
          return topology;
        },
      },
    };
  }

  it('runs the steps in tasks of about SLICE_MS each, then caches the topology and says so', () => {
    vi.useFakeTimers();
    const { clock, ran, topology, request: r } = request('test sliced', 10);
    const done = vi.fn();
    buildInSlices(r, done, () => clock.ms);
    expect(ran.steps).toBe(0);
    const perTask: number[] = [];
    while (vi.getTimerCount() > 0) {
      const before = ran.steps;
      vi.advanceTimersToNextTimer();
      perTask.push(ran.steps - before);
    }
    // SLICE_MS steps of 1 ms a task, the last one finishing the generator.
    expect(perTask).toEqual([SLICE_MS, SLICE_MS, 10 - 2 * SLICE_MS]);
    expect(done).toHaveBeenCalledTimes(1);
    expect(cachedTopology('test sliced', () => ({ input: base, layout: computeLayout(base) }))).toBe(
      topology,
    );
  });

  it('stops where it was when cancelled, and never says it is done', () => {
    vi.useFakeTimers();
    const { clock, ran, request: r } = request('test cancelled', 10);
    const done = vi.fn();
    const cancel = buildInSlices(r, done, () => clock.ms);
    vi.advanceTimersToNextTimer();
    cancel();
    vi.runAllTimers();
    expect(ran.steps).toBe(SLICE_MS);
    expect(done).not.toHaveBeenCalled();
  });

  it('builds at once in its one task when the request has no steps', () => {
    vi.useFakeTimers();
    const { topology, request: r } = request('test whole', 10);
    const done = vi.fn();
    buildInSlices({ key: r.key, shape: r.shape, build: r.build }, done);
    vi.runAllTimers();
    expect(done).toHaveBeenCalledTimes(1);
    expect(cachedTopology('test whole', () => ({ input: base, layout: computeLayout(base) }))).toBe(topology);
  });
});
