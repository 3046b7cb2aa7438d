/** The Find-a-failure worker's entry: one search at a time, in slices, stoppable (see search.ts). */
/// <reference lib="webworker" />
import { SearchWorker } from './search.ts';
import type { ToSearch } from './searchProtocol.ts';

declare const self: DedicatedWorkerGlobalScope;

const worker = new SearchWorker({
  post: (reply) => self.postMessage(reply),
  later: (run) => setTimeout(run, 0),
  now: () => performance.now(),
});

self.onmessage = (event: MessageEvent<ToSearch>) => worker.receive(event.data);
