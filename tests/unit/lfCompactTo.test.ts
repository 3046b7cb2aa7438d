/**
 * compactTo (models/leader-follower/log.ts) sets each key's latest write once per compaction, walking back from the
 * last entry compacted: the snapshot must be exactly the one a walk forward over every entry gives (each key's
 * latest write, the keys in the order of their first write, the epochs' runs, the latest configuration), and the
 * log must keep exactly the entries after the point.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/sim/engine/rng.ts';
import {
  compactTo,
  emptySnapshot,
  type LfSnapshot,
  type LogHolder,
} from '../../src/sim/models/leader-follower/log.ts';
import type { LogEntry } from '../../src/sim/models/leader-follower/messages.ts';

/** The snapshot a walk forward over `entries` makes from `snap`: every write set in turn. */
function forward(snap: LfSnapshot, entries: readonly LogEntry[]): LfSnapshot {
  const out: LfSnapshot = { ...snap, data: new Map(snap.data), epochs: [...snap.epochs] };
  for (const e of entries) {
    if (e.op !== 0) out.data.set(e.key, { value: e.value, index: e.index, op: e.op });
    if (e.config) out.config = { index: e.index, nodes: e.config };
    const last = out.epochs[out.epochs.length - 1];
    if (!last || last.term !== e.term || last.leader !== e.leader)
      out.epochs.push({ from: e.index, term: e.term, leader: e.leader });
  }
  const last = entries[entries.length - 1] as LogEntry;
  return { ...out, index: last.index, term: last.term, leader: last.leader };
}

/** A log of `length` entries: writes to a few keys, some no-ops, a configuration now and then, terms rising. */
function randomLog(rng: Rng, length: number): LogEntry[] {
  const keys = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
  let term = 1;
  return Array.from({ length }, (_, i): LogEntry => {
    if (rng.chance(0.03)) term++;
    const noop = rng.chance(0.1);
    const entry: LogEntry = {
      index: i + 1,
      term,
      leader: `n${term % 3}`,
      key: noop ? '' : (rng.pick(keys) as string),
      value: noop ? '' : `v${i + 1}`,
      op: noop ? 0 : i + 1,
    };
    return rng.chance(0.02) ? { ...entry, config: [`n${i % 4}`, 'n9'] } : entry;
  });
}

describe('compactTo', () => {
  it('makes the snapshot of a walk forward, compaction after compaction, keys in the order first written', () => {
    for (const seed of [1, 2, 3, 4]) {
      const rng = new Rng(seed);
      const log = randomLog(rng, 2_000);
      const holder: LogHolder = { log: [...log], snap: emptySnapshot() };
      let expected = emptySnapshot();
      let point = 0;
      while (point < log.length) {
        const upTo = Math.min(log.length, point + rng.int(1, 300));
        compactTo(holder, upTo);
        expected = forward(expected, log.slice(point, upTo));
        point = upTo;
        expect([...holder.snap.data]).toEqual([...expected.data]);
        expect(holder.snap).toEqual(expected);
        expect(holder.log).toEqual(log.slice(point));
      }
    }
  });

  it('makes the same snapshot when told how many keys the log writes, stopping its walk back early', () => {
    for (const seed of [5, 6, 7]) {
      const rng = new Rng(seed);
      const log = randomLog(rng, 2_000);
      const bounded: LogHolder = { log: [...log], snap: emptySnapshot() };
      const plain: LogHolder = { log: [...log], snap: emptySnapshot() };
      let point = 0;
      while (point < log.length) {
        const upTo = Math.min(log.length, point + rng.int(1, 300));
        // As a node passes it: the keys of every write up to the point (its state machine's), at least those compacted.
        const keys = new Set(log.slice(0, upTo).flatMap((e) => (e.op === 0 ? [] : [e.key]))).size;
        compactTo(bounded, upTo, keys);
        compactTo(plain, upTo);
        point = upTo;
        expect(bounded.snap).toEqual(plain.snap);
        expect([...bounded.snap.data]).toEqual([...plain.snap.data]);
        expect(bounded.log).toEqual(plain.log);
      }
    }
  });

  it('keeps a key first written early in a compaction before one first written later but rewritten last', () => {
    const e = (index: number, key: string): LogEntry => {
      return { index, term: 1, leader: 'n1', key, value: `v${index}`, op: index };
    };
    const holder: LogHolder = { log: [e(1, 'x'), e(2, 'y'), e(3, 'x'), e(4, 'y')], snap: emptySnapshot() };
    compactTo(holder, 4);
    expect([...holder.snap.data]).toEqual([
      ['x', { value: 'v3', index: 3, op: 3 }],
      ['y', { value: 'v4', index: 4, op: 4 }],
    ]);
    expect(holder.log).toEqual([]);
  });
});
