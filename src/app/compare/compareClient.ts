/**
 * Runs comparisons in their own worker (src/worker/compare.worker.ts), created on first use, so the live
 * simulation never waits for one. Only the newest request is answered: progress and results of an older run
 * still in flight when the user starts another are dropped on arrival.
 */
import type { CompareResult, Variant } from '../../sim/compare.ts';
import type { Scenario } from '../../sim/scenario.ts';
import type { FromCompare } from '../../worker/compare.ts';

export interface CompareProgress {
  readonly done: number;
  readonly total: number;
  readonly label: string;
}

interface Waiting {
  readonly resolve: (r: CompareResult) => void;
  readonly reject: (e: Error) => void;
  readonly onProgress: (p: CompareProgress) => void;
}

let worker: Worker | null = null;
let latestId = 0;
const waiting = new Map<number, Waiting>();

function ensureWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(new URL('../../worker/compare.worker.ts', import.meta.url), { type: 'module' });
  w.onmessage = (event: MessageEvent<FromCompare>) => {
    const reply = event.data;
    const pending = waiting.get(reply.id);
    if (!pending) return;
    if (reply.id !== latestId) {
      if (reply.type !== 'progress') waiting.delete(reply.id);
      return;
    }
    switch (reply.type) {
      case 'progress':
        pending.onProgress({ done: reply.done, total: reply.total, label: reply.label });
        return;
      case 'result':
        waiting.delete(reply.id);
        pending.resolve(reply.result);
        return;
      case 'error':
        waiting.delete(reply.id);
        pending.reject(new Error(reply.message));
        return;
      default: {
        const unknown: never = reply;
        throw new Error(`unknown reply ${JSON.stringify(unknown)}`);
      }
    }
  };
  w.onerror = (event) => {
    event.preventDefault();
    for (const p of waiting.values()) p.reject(new Error(event.message || 'the compare worker failed'));
    waiting.clear();
  };
  worker = w;
  return w;
}

export function runCompareInWorker(
  base: Scenario,
  variants: readonly Variant[],
  untilUs: number,
  onProgress: (p: CompareProgress) => void,
): Promise<CompareResult> {
  const id = ++latestId;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject, onProgress });
    ensureWorker().postMessage({ type: 'run', id, base, variants, untilUs });
  });
}
