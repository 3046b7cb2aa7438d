/** How the partition slider names its sides and turns a position into an action. */
import { describe, expect, it } from 'vitest';
import {
  describeSides,
  partitionAction,
  partitionPosition,
  prefixSplit,
  SWITCHES_LISTED,
  switchesShown,
} from '../../src/app/controls/faults.ts';

describe('the partition slider', () => {
  it('names the real sides of a partition, whichever nodes they hold', () => {
    expect(
      describeSides([
        ['kv1', 'kv2', 'kv5'],
        ['kv3', 'kv4'],
      ]),
    ).toBe('kv1, kv2, kv5 | kv3, kv4');
    expect(describeSides([])).toBe('none');
    expect(describeSides([['a', 'b', 'c'], []])).toBe('none');
  });

  it('shortens a side of many nodes to its first two, its last and its size', () => {
    const ring = Array.from({ length: 1000 }, (_, i) => `kv${i + 1}`);
    expect(describeSides(prefixSplit(ring, 3))).toBe('kv1, kv2, kv3 | kv4, kv5, …, kv1000 (997 nodes)');
    expect(describeSides(prefixSplit(ring, 994))).toBe(
      'kv1, kv2, …, kv994 (994 nodes) | kv995, kv996, kv997, kv998, kv999, kv1000',
    );
    expect(describeSides([ring.slice(0, 6), ring.slice(6, 13)])).toBe(
      'kv1, kv2, kv3, kv4, kv5, kv6 | kv7, kv8, …, kv13 (7 nodes)',
    );
  });

  it('cuts the first k nodes off, and 0 or all of them heals', () => {
    const nodes = ['a', 'b', 'c', 'd'];
    expect(prefixSplit(nodes, 1)).toEqual([['a'], ['b', 'c', 'd']]);
    expect(partitionAction(nodes, 2)).toEqual({
      type: 'partition',
      groups: [
        ['a', 'b'],
        ['c', 'd'],
      ],
    });
    expect(partitionAction(nodes, 0)).toEqual({ type: 'heal' });
    expect(partitionAction(nodes, 4)).toEqual({ type: 'heal' });
    expect(
      partitionPosition([
        ['kv1', 'kv2', 'kv5'],
        ['kv3', 'kv4'],
      ]),
    ).toBe(3);
    expect(partitionPosition([])).toBe(0);
  });
});

describe('the node switches of a large cluster', () => {
  const ring = Array.from({ length: 100 }, (_, i) => ({ id: `kv${i + 1}`, up: i !== 56 && i !== 98 }));
  const ids = (nodes: readonly { id: string }[]) => nodes.map((n) => n.id);

  it('lists the crashed nodes first, then the rest in order, at most the limit', () => {
    const { shown, matching } = switchesShown(ring, '');
    expect(matching).toBe(100);
    expect(shown).toHaveLength(SWITCHES_LISTED);
    expect(ids(shown).slice(0, 4)).toEqual(['kv57', 'kv99', 'kv1', 'kv2']);
  });

  it('finds nodes by any part of their name, in any case, the exact name first', () => {
    const found = switchesShown(ring, ' KV9 ');
    expect(found.matching).toBe(11);
    expect(ids(found.shown)).toEqual([
      'kv9',
      'kv99',
      'kv90',
      'kv91',
      'kv92',
      'kv93',
      'kv94',
      'kv95',
      'kv96',
      'kv97',
      'kv98',
    ]);
    expect(ids(switchesShown(ring, '57').shown)).toEqual(['kv57']);
    expect(switchesShown(ring, 'nothing-like-this')).toEqual({ shown: [], matching: 0 });
  });

  it('honours a smaller limit and keeps the count of every match', () => {
    const found = switchesShown(ring, '1', 5);
    expect(found.matching).toBe(20);
    expect(ids(found.shown)).toEqual(['kv1', 'kv10', 'kv11', 'kv12', 'kv13']);
  });
});
