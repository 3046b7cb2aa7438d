/**
 * The bare event loop the benches time beside the simulation: the simulation's own binary heap
 * (src/sim/engine/queue.ts), each step popping one event and scheduling a fresh small object, as a simulator
 * allocates its events, with `pending` events queued.
 *
 * The queue is loaded here as a module of its own (its address with `?bare`), not the instance the simulation
 * uses. V8 keeps what it learns of a function's callers per function object: sharing one, the loop's event shape
 * joined the simulation's four at the heap's reads of `time` and `order`, five shapes, past the four V8 handles
 * before it falls back to its slow generic path, and the loop ran at about 40% of its own speed once the
 * simulation had run (multi-leader at 29.9% of that loop, at 13.0% of this one, in one run each on one tree). A
 * reference slowed down by the thing it is compared with flatters the ratio: this one is the loop alone.
 */
import type * as Queue from '../../src/sim/engine/queue.ts';

const url = new URL('../../src/sim/engine/queue.ts', import.meta.url);
url.search = '?bare';
const { EventQueue } = (await import(url.href)) as typeof Queue;

interface Ev {
  readonly n: number;
  time: number;
  order: number;
}

/** The process's CPU time in ms (user and system, every thread: the garbage collector's helpers count). */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Runs `events` steps of the bare loop with `pending` queued; returns the CPU ms they took. */
export function bareLoopMs(events: number, pending: number): number {
  const q = new EventQueue<Ev>();
  let x = 12345;
  for (let i = 0; i < pending; i++) q.push(i * 100, { n: i, time: 0, order: 0 });
  const start = cpuMs();
  for (let i = 0; i < events; i++) {
    const e = q.pop();
    if (!e) break;
    x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff;
    q.push(e.time + 1 + (x % 20_000), { n: e.n + 1, time: 0, order: 0 });
  }
  return cpuMs() - start;
}
