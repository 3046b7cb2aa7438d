/**
 * The clients' pending operations by id (workload/pendingTable.ts): what a Map would answer, over a sliding run of
 * consecutive ids with stragglers, and when ids a whole ring apart are pending together (the ring widens).
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/sim/engine/rng.ts';
import { PendingTable } from '../../src/sim/workload/pendingTable.ts';

interface Rec {
  readonly op: { readonly id: number };
  readonly n: number;
}

const rec = (id: number, n = 0): Rec => ({ op: { id }, n });

describe('PendingTable', () => {
  it('answers as a Map does, over consecutive ids that complete out of order, some long after', () => {
    const rng = new Rng(7);
    const table = new PendingTable<Rec>();
    const map = new Map<number, Rec>();
    let next = 1;
    for (let step = 0; step < 20_000; step++) {
      if (rng.chance(0.5)) {
        const r = rec(next++);
        table.set(r.op.id, r);
        map.set(r.op.id, r);
      } else if (map.size > 0) {
        // Mostly one of the latest, now and then the oldest (a straggler held back by its timeouts).
        const ids = [...map.keys()];
        const id = rng.chance(0.1)
          ? (ids[0] as number)
          : (ids[rng.int(Math.max(0, ids.length - 8), ids.length - 1)] as number);
        table.delete(id);
        map.delete(id);
      }
      const probe = rng.int(Math.max(1, next - 300), next + 2);
      expect(table.get(probe)).toBe(map.get(probe));
      expect(table.size).toBe(map.size);
    }
  });

  it('holds ids a whole ring apart at once, and a record filed again replaces the first', () => {
    const table = new PendingTable<Rec>();
    const ids = [1, 65, 129, 1_025, 4_097];
    for (const id of ids) table.set(id, rec(id));
    expect(ids.map((id) => table.get(id)?.op.id)).toEqual(ids);
    expect(table.get(2)).toBeUndefined();
    expect(table.get(8_193)).toBeUndefined();
    const again = rec(65, 1);
    table.set(65, again);
    expect(table.size).toBe(5);
    expect(table.get(65)).toBe(again);
    table.delete(129);
    table.delete(129);
    table.delete(3);
    expect(table.size).toBe(4);
    expect(table.get(129)).toBeUndefined();
    expect(table.get(1_025)?.op.id).toBe(1_025);
  });
});
