/**
 * The graph's level of detail (src/app/graph/lod.ts): which level a cluster gets, and where the compact levels
 * place its nodes, for each of the three shapes a model's layout has (a ring, regions, a leader over the rest).
 */
import { describe, expect, it } from 'vitest';
import type { Layout, Point } from '../../src/app/graph/layout.ts';
import { CHIP, DOT, detailFor, NodeIndex, nodeState, withDetail } from '../../src/app/graph/lod.ts';
import type { GraphTopology } from '../../src/app/models/types.ts';

const ids = (n: number, prefix = 'n') => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

function topology(nodes: string[], extra: Partial<Layout> = {}, leader: string | null = null): GraphTopology {
  const positions = new Map<string, Point>(nodes.map((id, i) => [id, { x: i, y: 0 }]));
  positions.set('c1', { x: 500, y: 50 });
  return {
    input: { nodes, clients: ['c1'], sides: nodes.map(() => 0), leader, dataRows: 0 },
    layout: {
      positions,
      viewBox: { x: 0, y: 0, width: 1000, height: 600 },
      divideTop: 0,
      card: { width: 118, height: 50, rows: 0 },
      divides: [],
      sides: [],
      ...extra,
    },
  };
}

/** How many pairs of nodes' boxes (the layout's card size) overlap. */
function overlaps(t: GraphTopology): number {
  const { width, height } = t.layout.card;
  const ps = t.input.nodes.map((id) => t.layout.positions.get(id) as Point);
  let count = 0;
  for (let i = 0; i < ps.length; i++)
    for (let j = i + 1; j < ps.length; j++) {
      const a = ps[i] as Point;
      const b = ps[j] as Point;
      if (Math.abs(a.x - b.x) < width && Math.abs(a.y - b.y) < height) count++;
    }
  return count;
}

function inside(t: GraphTopology): boolean {
  const { x, y, width, height } = t.layout.viewBox;
  return [...t.layout.positions.values()].every(
    (p) => p.x >= x && p.x <= x + width && p.y >= y && p.y <= y + height,
  );
}

describe('level of detail', () => {
  it('cards up to 30 nodes, chips up to 150, dots beyond', () => {
    expect([1, 30, 31, 150, 151, 1000].map(detailFor)).toEqual([
      'cards',
      'cards',
      'chips',
      'chips',
      'dots',
      'dots',
    ]);
  });

  it('leaves a topology of cards as the model laid it out', () => {
    const t = topology(ids(25));
    expect(withDetail(t)).toBe(t);
  });

  it('puts the leader on top of a grid of 100 chips that do not overlap, inside the view', () => {
    const t = withDetail(topology(ids(101), {}, 'n1'));
    expect(t.layout.card).toBe(CHIP);
    const leader = t.layout.positions.get('n1') as Point;
    const others = ids(101)
      .slice(1)
      .map((id) => t.layout.positions.get(id) as Point);
    expect(others.every((p) => p.y > leader.y)).toBe(true);
    expect(overlaps(t)).toBe(0);
    expect(t.layout.positions.get('c1')).toEqual({ x: 500, y: 50 });
    expect(inside(t)).toBe(true);
  });

  it('keeps a ring a ring: 100 chips and 1,000 dots on concentric ellipses around the hash ring, none on another', () => {
    const chips = withDetail(topology(ids(100), { centre: { x: 500, y: 300, radius: 90 } }));
    expect(chips.layout.card).toBe(CHIP);
    expect(overlaps(chips)).toBe(0);
    expect(inside(chips)).toBe(true);
    const t = withDetail(topology(ids(1000), { centre: { x: 500, y: 300, radius: 90 } }));
    expect(t.layout.card).toBe(DOT);
    expect(t.layout.centre).toBeDefined();
    const c = t.layout.centre as { x: number; y: number; radius: number };
    const distances = ids(1000).map((id) => {
      const p = t.layout.positions.get(id) as Point;
      return Math.hypot(p.x - c.x, p.y - c.y);
    });
    expect(Math.min(...distances)).toBeGreaterThan(c.radius + 50);
    expect(overlaps(t)).toBe(0);
    expect(inside(t)).toBe(true);
  });

  it('keeps regions as columns, each node in the column its region had', () => {
    const nodes = [...ids(25, 'us'), ...ids(25, 'eu')];
    const positions = new Map<string, Point>(
      nodes.map((id) => [id, { x: id.startsWith('us') ? 200 : 700, y: 0 }]),
    );
    const base = topology(nodes, {
      positions,
      regions: [
        { id: 'EU', x: 520, y: 100, width: 400, height: 300, nodeCount: 25 },
        { id: 'US', x: 20, y: 100, width: 400, height: 300, nodeCount: 25 },
      ],
    });
    const t = withDetail(base);
    const [us, eu] = t.layout.regions ?? [];
    expect([us?.id, eu?.id, us?.nodeCount, eu?.nodeCount]).toEqual(['US', 'EU', 25, 25]);
    for (const id of nodes) {
      const p = t.layout.positions.get(id) as Point;
      const box = id.startsWith('us') ? us : eu;
      expect(p.x > (box?.x ?? 0) && p.x < (box?.x ?? 0) + (box?.width ?? 0), id).toBe(true);
    }
    expect(overlaps(t)).toBe(0);
  });

  it('finds the nearest node within a radius, and none beyond it', () => {
    const positions = new Map<string, Point>([
      ['a', { x: 10, y: 10 }],
      ['b', { x: 30, y: 10 }],
      ['c', { x: 200, y: 200 }],
    ]);
    const index = new NodeIndex(positions, ['a', 'b', 'c']);
    expect(index.nearest(12, 11, 8)).toBe('a');
    expect(index.nearest(27, 10, 8)).toBe('b');
    expect(index.nearest(100, 100, 8)).toBeNull();
    expect(index.nearest(190, 200, 12)).toBe('c');
  });

  it('colours by state: down first, then the role', () => {
    expect(nodeState({ up: false, role: 'leader' })).toBe('down');
    expect(nodeState({ up: true, role: 'candidate' })).toBe('candidate');
    expect(nodeState({ up: true, role: 'replica' })).toBe('replica');
    expect(nodeState({ up: true, role: 'follower' })).toBe('follower');
  });
});
