/**
 * The record of discarded writes (src/sim/models/shared/discarded.ts), a ring with an open-addressing index, against
 * the plain Maps it replaced: the same answers to every question after any sequence of records and let-gos, past
 * the bound where the oldest are forgotten.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Discards, MAX_DISCARDED } from '../../src/sim/models/shared/discarded.ts';

/** The reference: the two Maps and the order queue, as the record was kept before. */
class MapDiscards<D> {
  readonly byOp = new Map<number, D>();
  readonly gone = new Map<number, { node: string; atUs: number }>();
  order: number[] = [];
  head = 0;

  letGo(opId: number, node: string, atUs: number): void {
    if (this.byOp.has(opId)) this.gone.set(opId, { node, atUs });
  }

  remember(opId: number, d: D): void {
    if (this.byOp.has(opId)) return;
    this.byOp.set(opId, d);
    this.order.push(opId);
    if (this.byOp.size <= MAX_DISCARDED) return;
    const forgotten = this.order[this.head++] as number;
    this.byOp.delete(forgotten);
    this.gone.delete(forgotten);
  }
}

type Step = { t: 'remember'; op: number } | { t: 'letGo'; op: number; node: string; atUs: number };

function same(a: Discards<string>, b: MapDiscards<string>, probe: readonly number[]): void {
  expect(a.size).toBe(b.byOp.size);
  expect([...a.ids()]).toEqual([...b.byOp.keys()]);
  for (const op of probe) {
    expect(a.has(op)).toBe(b.byOp.has(op));
    expect(a.get(op)).toBe(b.byOp.get(op));
    expect(a.lastGone(op)).toEqual(b.gone.get(op));
  }
}

function play(steps: readonly Step[], probeEvery: number, probe: (i: number) => readonly number[]): void {
  const a = new Discards<string>();
  const b = new MapDiscards<string>();
  steps.forEach((s, i) => {
    if (s.t === 'remember') {
      // Every other one as a caller that has just looked the write up would record it (rememberNew).
      if (i % 2 === 1 && !a.has(s.op)) a.rememberNew(s.op, `d${i}`);
      else a.remember(s.op, `d${i}`);
      b.remember(s.op, `d${i}`);
    } else {
      // letGo answers whether the write is recorded, as has() does.
      expect(a.letGo(s.op, s.node, s.atUs)).toBe(b.byOp.has(s.op));
      b.letGo(s.op, s.node, s.atUs);
    }
    if (i % probeEvery === 0) same(a, b, probe(i));
  });
  same(a, b, probe(steps.length));
}

describe('discarded writes record', () => {
  it('answers as the Maps did for small records (first discard kept, let-gos only of recorded writes)', () => {
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.record({ t: fc.constant('remember' as const), op: fc.integer({ min: 0, max: 300 }) }),
      fc.record({
        t: fc.constant('letGo' as const),
        op: fc.integer({ min: 0, max: 300 }),
        node: fc.constantFrom('n1', 'n2', 'n3'),
        atUs: fc.integer({ min: 0, max: 1_000_000 }),
      }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 400 }), (steps) => {
        play(steps, 37, () => [0, 1, 2, 3, 150, 299, 300, 301, -1]);
      }),
    );
  });

  it('forgets the oldest beyond the bound, as the Maps did, through many wraps of the ring', () => {
    // A seeded walk: op ids mostly new and rising, some repeated or old, let-gos of recent and forgotten ones.
    let x = 12345;
    const next = (n: number) => {
      x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff;
      return x % n;
    };
    const steps: Step[] = [];
    let op = 0;
    for (let i = 0; i < 6 * MAX_DISCARDED; i++) {
      const r = next(10);
      if (r < 6) {
        op += 1 + next(3);
        steps.push({ t: 'remember', op });
      } else if (r < 7) steps.push({ t: 'remember', op: Math.max(0, op - next(3 * MAX_DISCARDED)) });
      else
        steps.push({
          t: 'letGo',
          op: Math.max(0, op - next(2 * MAX_DISCARDED)),
          node: `n${next(5)}`,
          atUs: i,
        });
    }
    play(steps, 4_999, (i) => [0, op, op - 1, op - MAX_DISCARDED, op - 2 * MAX_DISCARDED, i, 2 ** 40 + i]);
  });

  it('finds every record among ids that share a home slot, its runs wrapping past the end of the index', () => {
    // An id's home is the id itself, masked: ids a multiple of 32,768 apart (the index's size once the ring is
    // full) share one, and ids around 32,768 sit at its end and its start, so runs wrap. Fifty ids per home,
    // forgotten oldest first through the bound: backward-shift deletion across the wrap, against the Maps.
    const steps: Step[] = [];
    const idAt = (i: number) => (i % 50) * 32_768 + 32_700 + Math.floor(i / 50);
    for (let i = 0; i < MAX_DISCARDED + 3_000; i++) {
      steps.push({ t: 'remember', op: idAt(i) });
      if (i % 7 === 0) steps.push({ t: 'letGo', op: idAt(Math.max(0, i - 40)), node: 'n1', atUs: i });
    }
    play(steps, 997, (i) => [
      idAt(i),
      idAt(i + 1),
      idAt(Math.max(0, i - 3_000)),
      idAt(Math.max(0, i - 12_000)),
    ]);
  });
});

describe('lost-write reports kept with their records (no weak table)', () => {
  const report = (opId: number) =>
    Object.freeze({
      opId,
      client: 'c',
      key: 'k',
      value: 'v',
      ackedAtUs: 1,
      ackedBy: 'n1',
      term: 0,
      index: 0,
      lostAtUs: 2,
      lostOn: 'n2',
      reason: 'r',
    });

  it('keeps a report per record, and lets it go with the record when its place is reused', () => {
    const d = new Discards<string>();
    d.remember(1, 'first');
    expect(d.reportOf(1)).toBeUndefined();
    const r1 = report(1);
    d.keepReport(1, r1);
    expect(d.reportOf(1)).toBe(r1);
    // No record, no report kept.
    d.keepReport(2, report(2));
    expect(d.reportOf(2)).toBeUndefined();
    // Past the bound, op 1's place goes to a later write, which starts with no report.
    for (let id = 2; id <= MAX_DISCARDED + 1; id++) d.remember(id, `w${id}`);
    expect(d.has(1)).toBe(false);
    expect(d.reportOf(1)).toBeUndefined();
    expect(d.reportOf(MAX_DISCARDED + 1)).toBeUndefined();
    expect(d.reportOf(2)).toBeUndefined();
  });
});
