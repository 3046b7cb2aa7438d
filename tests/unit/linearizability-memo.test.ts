/**
 * The linearizability search memoises (linearized set, register state) pairs. It buckets them by a 53-bit key
 * folded from a Zobrist hash of the set, and 53 bits are few: any 54 operations have a subset whose hashes
 * cancel. These tests build such a subset on purpose, by Gaussian elimination over the hash lanes, and place it
 * where the search must pass through both colliding sets on the only valid path. Judging on the key alone
 * pruned that path and called a linearizable history "not linearizable"; the memo now compares sets exactly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkKey,
  memoBucketKey,
  type RegisterOp,
  setHashLanes,
} from '../../src/sim/oracle/linearizability.ts';

/** The hash lanes of an index as one 53-bit vector over GF(2): all of lane 1, the low 21 bits of lane 2. */
function laneVector(index: number): bigint {
  const [a, b] = setHashLanes(index);
  return (BigInt(a >>> 0) << 21n) | BigInt((b >>> 0) & 0x1fffff);
}

/**
 * The first indices from `from` on whose lane vectors XOR to zero: Gaussian elimination, carrying for each
 * basis vector the set of indices it combines. Such a set leaves the folded key unchanged when added to any set.
 */
function cancellingIndices(from: number): number[] {
  const basis = new Map<number, { vector: bigint; members: bigint }>();
  for (let index = from; index < from + 64; index++) {
    let vector = laneVector(index);
    let members = 1n << BigInt(index);
    for (let bit = 52; bit >= 0 && vector !== 0n; bit--) {
      if (((vector >> BigInt(bit)) & 1n) === 0n) continue;
      const pivot = basis.get(bit);
      if (!pivot) {
        basis.set(bit, { vector, members });
        break;
      }
      vector ^= pivot.vector;
      members ^= pivot.members;
    }
    if (vector === 0n) {
      const out: number[] = [];
      for (let i = 0; i <= index; i++) if ((members >> BigInt(i)) & 1n) out.push(i);
      return out;
    }
  }
  throw new Error('53-bit vectors: 54 of them are always dependent');
}

/** The folded memo key of a set of indices with a given interned state id. */
function keyOf(indices: readonly number[], stateId: number): number {
  let a = 0;
  let b = 0;
  for (const i of indices) {
    const [x, y] = setHashLanes(i);
    a ^= x;
    b ^= y;
  }
  return memoBucketKey(stateId, a, b);
}

/**
 * A sequential history whose operations sit at array positions `0..n-1` (their index in the search): first a
 * write of "x" (index 0), then reads of "x" at every index outside `cancelling`, then the cancelling indices in
 * turn as writes of fresh values and reads of them, the last one writing "x" back. The register holds "x" both
 * before and after the cancelling run, so the search meets two different sets, one inside the other, with the
 * same state and the same folded key.
 */
function collidingHistory(cancelling: readonly number[]): RegisterOp[] {
  const n = Math.max(...cancelling) + 1;
  const inRun = new Set(cancelling);
  const order = [
    0,
    ...Array.from({ length: n }, (_, i) => i).filter((i) => i > 0 && !inRun.has(i)),
    ...cancelling,
  ];
  const ops: RegisterOp[] = new Array(n);
  order.forEach((index, position) => {
    const run = position - (n - cancelling.length);
    let f: 'read' | 'write' = 'read';
    let value = 'x';
    if (run === cancelling.length - 1) f = 'write';
    else if (run >= 0 && run % 2 === 0) [f, value] = ['write', `v${run}`];
    else if (run >= 0) value = `v${run - 1}`;
    else if (index === 0) f = 'write';
    ops[index] = {
      id: index + 1,
      key: 'k',
      f,
      value,
      invokeUs: position * 10,
      completeUs: position * 10 + 5,
    };
  });
  return ops;
}

/** True when the operations in time order form a legal register run (a witness: the history is sequential). */
function legalInTimeOrder(ops: readonly RegisterOp[]): boolean {
  let state: string | null = null;
  for (const op of [...ops].sort((p, q) => p.invokeUs - q.invokeUs)) {
    if (op.f === 'write') state = op.value;
    else if (op.value !== state) return false;
  }
  return true;
}

describe('linearizability memo', () => {
  it('compares the linearized set exactly when two sets fold to the same key', () => {
    const cancelling = cancellingIndices(1);
    const ops = collidingHistory(cancelling);
    // The adversarial history: every index below the largest cancelling one is an operation.
    expect(ops.length).toBe(Math.max(...cancelling) + 1);
    expect(cancelling.length).toBeGreaterThan(10);
    expect(legalInTimeOrder(ops)).toBe(true);
    // The sets before and after the cancelling run differ, yet fold to the same key for every state id.
    const before = ops.map((_, i) => i).filter((i) => !cancelling.includes(i));
    const after = ops.map((_, i) => i);
    for (const stateId of [0, 1, 2, 7])
      expect(keyOf(after, stateId), `state id ${stateId}`).toBe(keyOf(before, stateId));

    expect(checkKey('k', ops, { left: 1_000_000 })).toEqual({ result: 'linearizable' });
  });

  it('still finds the stale read in the same colliding history', () => {
    const ops = collidingHistory(cancellingIndices(1));
    const last = Math.max(...ops.map((o) => o.completeUs ?? 0));
    const stale: RegisterOp = {
      id: ops.length + 1,
      key: 'k',
      f: 'read',
      value: 'v0',
      invokeUs: last + 10,
      completeUs: last + 15,
    };
    expect(checkKey('k', [...ops, stale], { left: 1_000_000 })).toMatchObject({
      result: 'not-linearizable',
      key: 'k',
    });
  });

  it('agrees with a plain search memoised on exact sets, on histories of 33 to 120 operations (property)', () => {
    let linearizable = 0;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            write: fc.boolean(),
            start: fc.integer({ min: 0, max: 600 }),
            len: fc.integer({ min: 1, max: 25 }),
            at: fc.double({ min: 0, max: 1, noNaN: true }),
            info: fc.integer({ min: 0, max: 9 }),
          }),
          { minLength: 33, maxLength: 120 },
        ),
        fc.option(fc.nat(), { freq: 4 }),
        (raw, corrupt) => {
          const ops = registerRun(raw, corrupt);
          const verdict = checkKey('k', ops, { left: 5_000_000 });
          expect(verdict.result).not.toBe('unknown');
          const expected = referenceLinearizable(ops);
          if (expected) linearizable++;
          expect(verdict.result === 'linearizable').toBe(expected);
        },
      ),
      { numRuns: 300, seed: 20261213 },
    );
    // Both answers were exercised, and often.
    expect(linearizable).toBeGreaterThan(100);
    expect(linearizable).toBeLessThan(250);
  });
});

/**
 * A register history that is linearizable by construction: each operation takes effect at a point inside its
 * interval (an indeterminate write, one in five, at its point or, for half of them, never), and reads return what the register held
 * there. With `corrupt`, one read then returns another value, which usually breaks it.
 */
function registerRun(
  raw: readonly { write: boolean; start: number; len: number; at: number; info: number }[],
  corrupt: number | null,
): RegisterOp[] {
  const sorted = [...raw].sort((p, q) => p.start - q.start);
  const points = sorted.map((o, i) => ({ i, t: o.start + o.at * o.len })).sort((p, q) => p.t - q.t);
  const values = new Array<string | null>(sorted.length).fill(null);
  let state: string | null = null;
  for (const { i } of points) {
    const o = sorted[i] as (typeof sorted)[number];
    if (!o.write) values[i] = state;
    // An indeterminate write with an odd draw never took effect.
    else if (o.info !== 1) state = values[i] = `v${i % 5}`;
    else values[i] = `v${i % 5}`;
  }
  const reads = sorted.flatMap((o, i) => (o.write ? [] : [i]));
  if (corrupt !== null && reads.length > 0) {
    const i = reads[corrupt % reads.length] as number;
    const other = `v${corrupt % 5}`;
    values[i] = values[i] === other ? `v${(corrupt + 1) % 5}` : other;
  }
  return sorted.map((o, i) => ({
    id: i + 1,
    key: 'k',
    f: o.write ? 'write' : 'read',
    value: values[i] ?? null,
    invokeUs: o.start,
    completeUs: o.write && o.info <= 1 ? null : o.start + o.len,
  }));
}

/**
 * The definition, searched depth first with a memo keyed by the exact set (a bigint) and state: an operation may
 * go next when no operation still out finished before it began (touching intervals are concurrent); an
 * indeterminate write never has to go at all.
 */
function referenceLinearizable(ops: readonly RegisterOp[]): boolean {
  const end = (o: RegisterOp) => o.completeUs ?? Number.POSITIVE_INFINITY;
  const seen = new Set<string>();
  const search = (placed: bigint, state: string | null): boolean => {
    const memo = `${placed.toString(36)}|${state}`;
    if (seen.has(memo)) return false;
    seen.add(memo);
    const out = ops.filter((_, i) => ((placed >> BigInt(i)) & 1n) === 0n);
    if (out.every((o) => o.completeUs === null)) return true;
    const earliestEnd = Math.min(...out.map(end));
    return ops.some((op, i) => {
      if ((placed >> BigInt(i)) & 1n || op.invokeUs > earliestEnd) return false;
      if (op.f === 'read' && op.value !== state) return false;
      return search(placed | (1n << BigInt(i)), op.f === 'write' ? op.value : state);
    });
  };
  return search(0n, null);
}
