/** Which nodes get a lane in the space-time diagram of a large cluster. */
import { describe, expect, it } from 'vitest';
import { LANES_WHOLE, laneNodes } from '../../src/app/spacetime/lanes.ts';

const ring = Array.from({ length: 1000 }, (_, i) => `kv${i + 1}`);
const window = { startMs: 100, endMs: 200, nowMs: 200 };

describe('the space-time diagram of a large cluster', () => {
  it('draws every lane of a small cluster, and of a large one when all are asked for', () => {
    const small = ring.slice(0, LANES_WHOLE);
    expect(laneNodes(small, [], [], window, null, false)).toEqual({ nodes: small, filtered: false });
    expect(laneNodes(ring, [], [], window, null, true)).toEqual({ nodes: ring, filtered: false });
  });

  it('draws the lanes of nodes with arrows, crashes in the window or the selection, in the cluster’s order', () => {
    const arrows = [
      { from: 'c1', to: 'kv500' },
      { from: 'kv500', to: 'kv3' },
      { from: 'kv3', to: 'kv999' },
    ];
    const downs = [
      { node: 'kv7', startUs: 150_000, endUs: null }, // still down: in the window
      { node: 'kv8', startUs: 20_000, endUs: 90_000 }, // back up before the window
      { node: 'kv9', startUs: 20_000, endUs: 100_000 }, // back up as the window starts
      { node: 'kv10', startUs: 250_000, endUs: null }, // after the window
    ];
    expect(laneNodes(ring, arrows, downs, window, 'kv42', false)).toEqual({
      nodes: ['kv3', 'kv7', 'kv9', 'kv42', 'kv500', 'kv999'],
      filtered: true,
    });
    expect(laneNodes(ring, [], [], window, null, false)).toEqual({ nodes: [], filtered: true });
  });

  it('says nothing was left out when every node of a large cluster has a lane', () => {
    const nodes = ring.slice(0, 20);
    const arrows = nodes.map((n) => ({ from: 'c1', to: n }));
    expect(laneNodes(nodes, arrows, [], window, null, false)).toEqual({ nodes, filtered: false });
  });
});
