/**
 * The memoised topologies the graph's deferred layout uses (src/app/graph/deferredLayout.ts): built once per key,
 * the same boxes as computeLayout (which the first paint draws with), the oldest dropped past 32.
 */
import { describe, expect, it } from 'vitest';
import { cachedTopology } from '../../src/app/graph/deferredLayout.ts';
import { computeLayout, type TopologyInput } from '../../src/app/graph/layout.ts';

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
