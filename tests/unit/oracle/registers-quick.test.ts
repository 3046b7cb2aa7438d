/**
 * A live key check's usual case read off the key's own fields (registers.ts `quickCheck`: the cut's index and the
 * value it holds kept beside the key, not read from the cut wherever it lies) against the same check through
 * `checkSegments` (the quick path switched off): random live histories of a few keys, checked as they complete,
 * with budgets that do and do not run out, give the same verdicts, cuts and steps at every update.
 */
import { describe, expect, it } from 'vitest';
import { Records } from '../../../src/sim/oracle/records.ts';
import { Registers } from '../../../src/sim/oracle/registers.ts';
import type { Operation } from '../../../src/sim/types.ts';
import { op } from '../../support/history.ts';

/** A small deterministic generator (a linear congruential one): the same histories at every run. */
function generator(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

interface Planned {
  readonly op: Operation;
  readonly endMs: number | null;
  readonly status: Operation['status'];
  readonly value: string | null;
}

/**
 * Operations on a few keys, invoked in order: mostly one after another per key (reads of the latest write), at
 * times overlapping, a read of an older value or of nothing, a failed or indeterminate write, one left pending.
 */
function history(seed: number, count: number): Planned[] {
  const random = generator(seed);
  const latest = new Map<string, string | null>();
  const out: Planned[] = [];
  let t = 1;
  for (let id = 1; id <= count; id++) {
    t += 1 + Math.floor(random() * 6);
    const key = `k${Math.floor(random() * 3)}`;
    const write = random() < 0.5;
    const length = 1 + Math.floor(random() * (random() < 0.15 ? 30 : 4));
    const roll = random();
    const status: Operation['status'] =
      roll < 0.04 ? 'pending' : write && roll < 0.08 ? 'fail' : write && roll < 0.11 ? 'info' : 'ok';
    const current = latest.get(key) ?? null;
    // A read returns the latest write, at times an older one or nothing (wrong once the key was written).
    const wrong = random();
    const value = write ? `v${id}` : wrong < 0.05 ? `v${Math.max(1, id - 5)}` : wrong < 0.08 ? null : current;
    if (write && status === 'ok') latest.set(key, value);
    const o = op(id, `c${id % 4}`, write ? 'write' : 'read', key, write ? value : null, t, null);
    out.push({ op: o, endMs: status === 'pending' ? null : t + length, status, value });
  }
  return out;
}

/** Runs a history live through a Registers, checking after every `stepMs`: each update's verdict and key states. */
function live(plan: readonly Planned[], quick: boolean, maxSteps: number, stepMs: number): unknown[] {
  const registers = new Registers(new Records());
  if (!quick) (registers as unknown as { quickCheck: () => boolean }).quickCheck = () => false;
  const records = (registers as unknown as { records: Records }).records;
  const ops = plan.map((p) => ({ ...p, op: { ...p.op } }));
  const seen: unknown[] = [];
  let invoked = 0;
  const done = new Set<number>();
  const lastMs = Math.max(...ops.map((p) => p.endMs ?? p.op.invokeUs / 1000)) + stepMs;
  for (let now = stepMs; now <= lastMs; now += stepMs) {
    while (invoked < ops.length && (ops[invoked] as Planned).op.invokeUs <= now * 1000) {
      registers.invoked((ops[invoked] as Planned).op);
      invoked++;
    }
    for (let i = 0; i < invoked; i++) {
      const p = ops[i] as Planned;
      if (done.has(i) || p.endMs === null || p.endMs > now) continue;
      done.add(i);
      const o = p.op as { status: Operation['status']; completeUs: number | null; value: string | null };
      o.status = p.status;
      o.completeUs = p.status === 'ok' ? p.endMs * 1000 : null;
      if (p.op.f === 'read') o.value = p.value;
      registers.completed(p.op);
    }
    const verdict = registers.check({ maxSteps }, now * 1000);
    const states = ['k0', 'k1', 'k2'].map((k) => {
      const s = records.key(k).register;
      return s && { cut: s.cut, verdict: s.verdict, dirty: s.dirty, ops: s.ops.length, base: s.base };
    });
    seen.push({ now, verdict, states });
  }
  return seen;
}

describe("Registers: a key check's usual case off the key's own fields", () => {
  it('gives the verdicts, cuts and steps the check through checkSegments gives, update by update', () => {
    let quickHistories = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const plan = history(seed, 60 + (seed % 5) * 40);
      for (const [maxSteps, stepMs] of [
        [50_000, 7],
        [40, 5],
        [9, 13],
      ] as const) {
        const withQuick = live(plan, true, maxSteps, stepMs);
        expect(withQuick).toEqual(live(plan, false, maxSteps, stepMs));
        quickHistories++;
      }
    }
    expect(quickHistories).toBe(180);
  });

  it('takes the quick path in the usual case (a few operations one after another since the cut)', () => {
    const registers = new Registers(new Records());
    let quick = 0;
    const inner = registers as unknown as {
      quickCheck: (...a: unknown[]) => boolean;
    };
    const original = inner.quickCheck.bind(registers);
    inner.quickCheck = (...a: unknown[]) => {
      const taken = original(...a);
      if (taken) quick++;
      return taken;
    };
    const w = op(1, 'a', 'write', 'k', 'x', 0, 1);
    const r = op(2, 'b', 'read', 'k', 'x', 2, 3);
    registers.invoked(w);
    registers.completed(w);
    expect(registers.check({ maxSteps: 100 }, 5_000)).toEqual({ result: 'linearizable' });
    registers.invoked(r);
    registers.completed(r);
    expect(registers.check({ maxSteps: 100 }, 5_000)).toEqual({ result: 'linearizable' });
    expect(quick).toBe(2);
  });
});
