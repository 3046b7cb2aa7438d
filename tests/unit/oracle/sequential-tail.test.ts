/**
 * A live check's tail judged in place (sequential.ts, sequentialTail) answers as the search over its register
 * operations does (segments.ts, checkFrom): whenever it accepts, the search finds the tail linearizable and spends
 * exactly the same steps; when it declines, it spends none and the search decides.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Config, checkFrom, registerOps } from '../../../src/sim/oracle/segments.ts';
import { sequentialTail } from '../../../src/sim/oracle/sequential.ts';
import type { Operation } from '../../../src/sim/types.ts';

function operation(
  id: number,
  f: 'read' | 'write',
  value: string | null,
  invokeUs: number,
  completeUs: number | null,
  status: Operation['status'],
): Operation {
  return {
    id,
    client: 'c',
    f,
    key: 'k',
    value,
    invokeUs,
    completeUs,
    invokeSeq: 2 * id,
    completeSeq: completeUs === null ? null : 2 * id + 1,
    status,
    node: null,
    version: 0,
    manual: false,
  };
}

/** Mostly operations that follow one another (gap >= 1), sometimes overlapping, pending, failed or stale. */
const step = fc.record({
  f: fc.constantFrom<'read' | 'write'>('read', 'write', 'write'),
  value: fc.constantFrom('a', 'b', 'c', null),
  gap: fc.integer({ min: -3, max: 4 }),
  length: fc.integer({ min: 0, max: 5 }),
  status: fc.constantFrom<Operation['status']>('ok', 'ok', 'ok', 'ok', 'pending', 'info', 'fail'),
});

function history(steps: readonly (typeof step extends fc.Arbitrary<infer T> ? T : never)[]): Operation[] {
  let t = 0;
  return steps.map((s, i) => {
    const invokeUs = Math.max(0, t + s.gap);
    const end = invokeUs + s.length;
    t = Math.max(t, end);
    return operation(i + 1, s.f, s.value, invokeUs, s.status === 'ok' ? end : null, s.status);
  });
}

describe('a tail judged in place', () => {
  it('accepts only what the search accepts, for the same steps', () => {
    let accepted = 0;
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 8 }),
        fc.integer({ min: 0, max: 8 }),
        fc.constantFrom('a', 'b', null),
        fc.integer({ min: 0, max: 12 }),
        (steps, fromAt, value, left) => {
          const raw = history(steps);
          const from = Math.min(fromAt, raw.length);
          const states: Config[] = [{ value, pending: [] }];
          const fast = { left };
          const ok = sequentialTail(raw, from, states, fast);
          if (!ok) {
            expect(fast.left).toBe(left);
            return;
          }
          accepted++;
          const slow = { left };
          expect(checkFrom('k', registerOps(raw, from), states, slow)).toEqual({ result: 'linearizable' });
          expect(fast.left).toBe(slow.left);
        },
      ),
      { numRuns: 3_000, seed: 12 },
    );
    // The property says something: a good share of the tails take the fast path.
    expect(accepted).toBeGreaterThan(500);
  });

  it('declines a configuration with operations to take effect, and answers an empty tail for no steps', () => {
    const w = { id: 9, key: 'k', f: 'write' as const, value: 'z', invokeUs: 0, completeUs: null };
    const raw = [operation(1, 'write', 'a', 5, 6, 'ok')];
    const budget = { left: 10 };
    expect(sequentialTail(raw, 0, [{ value: null, pending: [w] }], budget)).toBe(false);
    expect(sequentialTail(raw, 1, [{ value: null, pending: [] }], budget)).toBe(true);
    expect(budget.left).toBe(10);
    expect(sequentialTail(raw, 0, [{ value: null, pending: [] }], budget)).toBe(true);
    expect(budget.left).toBe(9);
  });
});
