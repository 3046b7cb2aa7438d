/**
 * The live linearizability check (src/sim/oracle/registers.ts, cutting each key at points with no operation
 * in flight, carrying indeterminate writes as writes that may still take effect) against one
 * search over the whole history (linearizability.ts), on seeded histories of a register under steady load: busy
 * clients whose operations always overlap, writes that time out (indeterminate: they take effect later, or
 * never), failed writes, and reads made stale on purpose. The verdicts must be the same, never "unknown", and the
 * live check must keep a bounded number of operations however long the history.
 */
import { describe, expect, it } from 'vitest';
import { checkLinearizable } from '../../../src/sim/oracle/linearizability.ts';
import { Registers, registerOps } from '../../../src/sim/oracle/registers.ts';
import type { Operation } from '../../../src/sim/types.ts';

interface Shape {
  readonly ops: number;
  readonly clients: number;
  /** Chance that a write times out (indeterminate: it takes effect later, or never) or fails. */
  readonly info: number;
  readonly fail: number;
  /** The share of reads. */
  readonly reads: number;
}

function lcg(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return (x >>> 8) / 16_777_216;
  };
}

/**
 * A history of one register: each client runs one operation at a time; an operation takes effect at a point in
 * its interval (an indeterminate write: at a point up to twice its length past its end, or never).
 */
function history(seed: number, shape: Shape): Operation[] {
  const r = lcg(seed);
  const next = Array.from({ length: shape.clients }, () => Math.floor(r() * 3_000));
  const ops: Operation[] = [];
  const effects: { at: number; op: Operation }[] = [];
  for (let id = 1; id <= shape.ops; id++) {
    const c = next.indexOf(Math.min(...next));
    const invokeUs = next[c] as number;
    const length = 1_000 + Math.floor(r() * 19_000);
    const f = r() < shape.reads ? 'read' : 'write';
    const roll = r();
    const status =
      f === 'write' && roll < shape.info
        ? 'info'
        : f === 'write' && roll < shape.info + shape.fail
          ? 'fail'
          : 'ok';
    const op: Operation = {
      id,
      client: `c${c}`,
      f,
      key: 'k',
      value: f === 'write' ? `v${id}` : null,
      invokeUs,
      completeUs: invokeUs + length,
      invokeSeq: 0,
      completeSeq: 0,
      status,
      node: 'n1',
      version: 0,
      manual: false,
    };
    ops.push(op);
    const at = invokeUs + Math.floor(r() * length * (status === 'info' ? 3 : 1));
    if (status === 'ok' || (status === 'info' && r() < 0.5)) effects.push({ at, op });
    next[c] = invokeUs + length + Math.floor(r() * 2_000);
  }
  effects.sort((a, b) => a.at - b.at || a.op.id - b.op.id);
  let value: string | null = null;
  const written: string[] = [];
  for (const { op } of effects) {
    if (op.f === 'read') op.value = value;
    else {
      value = op.value;
      written.push(value as string);
    }
  }
  // Every other seed: one read, two thirds of the way in, returns an older value.
  const reads = ops.filter((o) => o.f === 'read' && o.status === 'ok');
  const stale = reads[Math.floor((reads.length * 2) / 3)];
  if (seed % 2 === 0 && stale && written.length > 3)
    stale.value = written[Math.floor(r() * (written.length / 2))] as string;
  return ops;
}

/** Feeds the history to the live check as the oracle would, every 10 simulated ms, and checks each time. */
function live(ops: readonly Operation[]): { result: string; kept: number; mostKept: number } {
  const registers = new Registers();
  const copies = ops.map((o) => ({ ...o, status: 'pending' as const, completeUs: null }) as Operation);
  const end = Math.max(...ops.map((o) => o.completeUs as number));
  let invoked = 0;
  const completed = new Set<number>();
  let verdict = { result: 'linearizable' } as { result: string };
  let mostKept = 0;
  for (let now = 10_000; now < end + 20_000; now += 10_000) {
    while (invoked < ops.length && (ops[invoked] as Operation).invokeUs <= now)
      registers.invoked(copies[invoked++] as Operation);
    for (let i = 0; i < invoked; i++) {
      const o = ops[i] as Operation;
      if (completed.has(i) || (o.completeUs as number) > now) continue;
      Object.assign(copies[i] as Operation, { status: o.status, completeUs: o.completeUs, value: o.value });
      registers.completed(copies[i] as Operation);
      completed.add(i);
    }
    verdict = registers.check({ maxSteps: 1_000_000 }, now);
    mostKept = Math.max(mostKept, registers.kept);
  }
  return { result: verdict.result, kept: registers.kept, mostKept };
}

const TALLY = { linearizable: 5, 'not-linearizable': 5 };
const INFO_WRITES = 36;

describe('the live linearizability check against the whole history', () => {
  const shapes: Record<string, Shape> = {
    'two clients, timeouts and failures': { ops: 200, clients: 2, info: 0.1, fail: 0.1, reads: 0.5 },
    'four busy clients, timeouts': { ops: 200, clients: 4, info: 0.05, fail: 0.05, reads: 0.5 },
    'four busy clients, mostly writes, timeouts': { ops: 250, clients: 4, info: 0.02, fail: 0, reads: 0.05 },
    // Operations that follow one another: segments settled in one pass (segments.ts, sequentialSettle).
    'one client, timeouts and failures': { ops: 200, clients: 1, info: 0.05, fail: 0.1, reads: 0.5 },
    'one client, no timeouts': { ops: 200, clients: 1, info: 0, fail: 0, reads: 0.5 },
    // Long stretches of writes alone after cuts with several possible values (dropFollowedWrites from each).
    'eight busy clients, a few reads': { ops: 300, clients: 8, info: 0, fail: 0, reads: 0.03 },
  };
  it.each(Object.entries(shapes))('%s: the same verdict on 10 seeded histories', (_, shape) => {
    const tally: Record<string, number> = {};
    for (let seed = 1; seed <= 10; seed++) {
      const ops = history(seed, shape);
      const whole = checkLinearizable(registerOps(ops), { maxSteps: 50_000_000 });
      expect(whole.result).not.toBe('unknown');
      expect(live(ops).result, `seed ${seed}`).toBe(whole.result);
      tally[whole.result] = (tally[whole.result] ?? 0) + 1;
    }
    // The odd seeds are linearizable, the even ones (a stale read each) are not.
    expect(tally).toEqual(TALLY);
  });

  it('a key under a steady load of writes, some of them timing out, keeps a bounded number of operations', () => {
    const ops = history(7, { ops: 4_000, clients: 4, info: 0.01, fail: 0.01, reads: 0 });
    const checked = live(ops);
    expect(checked.result).toBe('linearizable');
    expect(ops.filter((o) => o.status === 'info').length).toBe(INFO_WRITES);
    expect(checked.mostKept).toBeLessThan(2_000);
  });
});
