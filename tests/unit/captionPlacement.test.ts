import { describe, expect, it } from 'vitest';
import type { Layout } from '../../src/app/graph/layout.ts';
import {
  namedText,
  overlap,
  placement,
  type Rect,
  regionLeadersKey,
  talkedAbout,
  withRegionLeaders,
} from '../../src/app/story/placement.ts';

/** A 900x400 graph drawn at scale 1 (its frame is its view box), cards 140x60. */
function layout(positions: Record<string, [number, number]>): Layout {
  return {
    positions: new Map(Object.entries(positions).map(([id, [x, y]]) => [id, { x, y }])),
    viewBox: { x: 0, y: 0, width: 900, height: 400 },
    card: { width: 140, height: 60, rows: 2 },
  } as unknown as Layout;
}
const frame: Rect = { left: 0, top: 0, width: 900, height: 400 };
const box = (p: { left: number; top: number; width?: number }, h: number): Rect => ({
  left: p.left,
  top: p.top,
  width: p.width ?? 340,
  height: h,
});
const card = (x: number, y: number, reach = 0): Rect => ({
  left: x - 70 - reach,
  top: y - 30 - reach,
  width: 140 + 2 * reach,
  height: 60 + 2 * reach,
});

describe('the key-moment caption is placed clear of what the moment shows', () => {
  const nodes = {
    kv1: [450, 110],
    kv2: [640, 200],
    kv3: [560, 330],
    kv4: [340, 330],
    kv5: [260, 200],
  } as const;
  const positions = Object.fromEntries(
    Object.entries(nodes).map(([k, v]) => [k, [...v] as [number, number]]),
  );

  it("covers none of the moment's marks, nor the involved node and its ring", () => {
    // A client's stale chip to the top right, where the nearest free place used to be.
    const chip: Rect = { left: 486, top: 10, width: 96, height: 11 };
    const l = layout(positions);
    const p = placement({
      frame,
      layout: l,
      involved: ['kv3'],
      about: new Set(['kv3']),
      marks: [chip],
      boxHeight: 112,
    });
    const r = box(p, 112);
    expect(overlap(r, chip)).toBe(0);
    expect(overlap(r, card(560, 330, 16))).toBe(0);
    expect(r.left).toBeGreaterThanOrEqual(12);
    expect(r.top + r.height).toBeLessThanOrEqual(400 - 12);
  });

  it('leaves the nodes its sentence names uncovered too', () => {
    const l = layout({ db1: [160, 140], db2: [300, 250], db3: [420, 330], db4: [680, 270], db5: [500, 90] });
    const sentence =
      'write w2 was acknowledged by db1 and lost on db1: db1 discarded it when it followed db5';
    const about = talkedAbout(['db1'], [sentence], l.positions.keys());
    expect([...about].sort()).toEqual(['db1', 'db5']);
    const lostPill: Rect = { left: 90, top: 90, width: 120, height: 16 };
    const p = placement({ frame, layout: l, involved: ['db1'], about, marks: [lostPill], boxHeight: 144 });
    const r = box(p, 144);
    expect(overlap(r, card(160, 140, 16))).toBe(0);
    expect(overlap(r, card(500, 90, 16))).toBe(0);
    expect(overlap(r, lostPill)).toBe(0);
  });

  it('matches node ids as whole words only', () => {
    const about = talkedAbout([], ['node a1 read from a10'], ['a1', 'a10', 'a']);
    expect([...about].sort()).toEqual(['a1', 'a10']);
    expect([...talkedAbout([], ['us_follower kept it'], ['us_leader', 'us_follower'])]).toEqual([
      'us_follower',
    ]);
  });

  it('a moment about two regions (a cut link) rings their leaders and keeps clear of them on a graph full of cards', () => {
    // Four regions side by side, each a column of cards from top to bottom (the leader first): no free place.
    const positions: Record<string, [number, number]> = {};
    const views: { id: string; role: string; region?: string }[] = [{ id: 'client_1', role: 'client' }];
    for (const [i, region] of ['US', 'EU', 'APAC', 'SA'].entries())
      for (let row = 0; row < 6; row++) {
        const id = `${region.toLowerCase()}_${row}`;
        positions[id] = [i * 225 + 112, 40 + row * 64];
        views.push({ id, role: row === 0 ? 'leader' : 'follower', region });
      }
    const key = regionLeadersKey(views);
    expect(key).toBe('US\tus_0\nEU\teu_0\nAPAC\tapac_0\nSA\tsa_0');
    const nodes = withRegionLeaders(['US', 'APAC'], key);
    expect(nodes).toEqual(['us_0', 'apac_0']);
    // Node ids pass through; a region without a leader stays its name.
    expect(withRegionLeaders(['eu_3', 'MARS'], key)).toEqual(['eu_3', 'MARS']);
    expect(withRegionLeaders(['US'], '')).toEqual(['US']);
    // The caption's footer calls regions regions (it said "Nodes: US, APAC"), and nodes nodes.
    expect(namedText(['US', 'APAC'], key)).toBe('Regions: US, APAC');
    expect(namedText(['us_0'], key)).toBe('Node: us_0');
    expect(namedText(['eu_3', 'US'], key)).toBe('Nodes: eu_3, US');
    expect(namedText(['db3', 'db1'], '')).toBe('Nodes: db3, db1');
    const l = layout(positions);
    const sentence = 'The link between US and APAC was cut at 1000.0 ms.';
    const about = talkedAbout(nodes, [sentence], l.positions.keys());
    const p = placement({ frame, layout: l, involved: nodes, about, marks: [], boxHeight: 110 });
    const r = box(p, 110);
    expect(overlap(r, card(112, 40, 16))).toBe(0);
    expect(overlap(r, card(562, 40, 16))).toBe(0);
  });
});
