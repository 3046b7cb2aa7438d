/**
 * Runs staleness experiments in their own worker, created on first use. Only the newest request's answer is
 * delivered: an older run still in flight when the user starts another is dropped on arrival.
 */
import type { StalenessParams, StalenessResult } from '../../sim/pbs.ts';
import type { FromStaleness } from '../../worker/staleness.ts';

let worker: Worker | null = null;
let latestId = 0;
const waiting = new Map<number, { resolve: (r: StalenessResult) => void; reject: (e: Error) => void }>();

function ensureWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(new URL('../../worker/staleness.worker.ts', import.meta.url), { type: 'module' });
  w.onmessage = (event: MessageEvent<FromStaleness>) => {
    const reply = event.data;
    const pending = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (!pending || reply.id !== latestId) return;
    switch (reply.type) {
      case 'result':
        pending.resolve(reply.result);
        return;
      case 'error':
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
    for (const p of waiting.values()) p.reject(new Error(event.message || 'the staleness worker failed'));
    waiting.clear();
  };
  worker = w;
  return w;
}

export function runStalenessInWorker(params: StalenessParams): Promise<StalenessResult> {
  const id = ++latestId;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    ensureWorker().postMessage({ type: 'run', id, params });
  });
}
