/**
 * The Find-a-failure worker's client (src/worker/search.worker.ts, protocol in src/worker/searchProtocol.ts).
 * The search runs there, so the live simulation and the page never wait for it. One search at a time: starting
 * another replaces it, and `stop` asks the worker to answer with what it has so far. The worker is created on
 * first use; one that fails rejects the search and is replaced on the next start.
 */
import type { SearchResult } from '../../sim/analysis/search.ts';
import type { FromSearch, SearchRequest, SearchStatus, ToSearch } from '../../worker/searchProtocol.ts';

export interface SearchAnswer {
  readonly result: SearchResult;
  readonly stopped: boolean;
  readonly runsPerSec: number;
}

export interface RunningSearch {
  readonly done: Promise<SearchAnswer>;
  readonly stop: () => void;
}

let worker: Worker | null = null;
let latest = 0;
let waiting: {
  id: number;
  resolve: (a: SearchAnswer) => void;
  reject: (e: Error) => void;
  progress: (s: SearchStatus) => void;
} | null = null;

function settle(reply: FromSearch): void {
  if (!waiting || reply.id !== waiting.id) return;
  const job = waiting;
  switch (reply.type) {
    case 'progress': {
      const { type: _type, id: _id, ...status } = reply;
      job.progress(status);
      return;
    }
    case 'result':
      waiting = null;
      job.resolve({ result: reply.result, stopped: reply.stopped, runsPerSec: reply.runsPerSec });
      return;
    case 'error':
      waiting = null;
      job.reject(new Error(reply.message));
      return;
    default: {
      const unknown: never = reply;
      throw new Error(`unknown search reply ${JSON.stringify(unknown)}`);
    }
  }
}

function ensureWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(new URL('../../worker/search.worker.ts', import.meta.url), { type: 'module' });
  w.onmessage = (event: MessageEvent<FromSearch>) => settle(event.data);
  w.onerror = (event) => {
    event.preventDefault();
    waiting?.reject(new Error(event.message || 'the search worker failed'));
    waiting = null;
    w.terminate();
    if (worker === w) worker = null;
  };
  worker = w;
  return w;
}

function send(message: ToSearch): void {
  ensureWorker().postMessage(message);
}

export function startSearch(
  request: SearchRequest,
  onProgress: (status: SearchStatus) => void,
): RunningSearch {
  const id = ++latest;
  waiting?.reject(new Error('replaced by a new search'));
  const done = new Promise<SearchAnswer>((resolve, reject) => {
    waiting = { id, resolve, reject, progress: onProgress };
  });
  send({ type: 'start', id, ...request });
  return { done, stop: () => send({ type: 'stop', id }) };
}
