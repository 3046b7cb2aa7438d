/** A node's state found by a number its caller keeps for it (`NodeTable.at`), as the engine's deliveries do. */
import { describe, expect, it } from 'vitest';
import { NodeTable } from '../../src/sim/models/shared/nodes.ts';

describe('NodeTable.at', () => {
  it('finds by slot what get finds by id, and checks the id', () => {
    const t = new NodeTable<{ name: string }>();
    const a = { name: 'a' };
    const b = { name: 'b' };
    t.set('a', a);
    t.set('__proto__', b);
    expect(t.at(3, '__proto__')).toBe(b);
    expect(t.at(3, '__proto__')).toBe(b);
    expect(t.at(0, 'a')).toBe(a);
    // Another id at a slot already used: looked up by id, and the slot now names it.
    expect(t.at(3, 'a')).toBe(a);
    expect(t.at(3, '__proto__')).toBe(b);
    expect(t.at(-1, 'a')).toBe(a);
    expect(() => t.at(5, 'ghost')).toThrow('unknown node ghost');
  });

  it('forgets its slots when a node leaves or joins', () => {
    const t = new NodeTable<{ v: number }>();
    t.set('a', { v: 1 });
    expect(t.at(0, 'a')).toEqual({ v: 1 });
    t.delete('a');
    expect(() => t.at(0, 'a')).toThrow('unknown node a');
    const again = { v: 2 };
    t.set('a', again);
    expect(t.at(0, 'a')).toBe(again);
    // A state replaced under a known id is what at gives from then on.
    const replaced = { v: 3 };
    t.set('a', replaced);
    expect(t.at(0, 'a')).toBe(replaced);
    expect(t.get('a')).toBe(replaced);
  });
});
