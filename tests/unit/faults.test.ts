/** How the partition slider names its sides and turns a position into an action. */
import { describe, expect, it } from 'vitest';
import {
  describeSides,
  partitionAction,
  partitionPosition,
  prefixSplit,
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
