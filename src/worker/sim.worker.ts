/**
 * The Worker entry: wires the worker's message port to a SimHost. Everything else lives in host.ts, which
 * runs without Worker globals so it can be tested in Node.
 */
/// <reference lib="webworker" />
import { createSimCore } from './core.ts';
import { SimHost } from './host.ts';
import { transferables } from './pack.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

const host = new SimHost({
  // A snapshot's packed message columns are handed over, not copied.
  post: (message: FromWorker) => self.postMessage(message, transferables(message)),
  createSim: createSimCore,
  now: () => performance.now(),
  schedule: (fn, delayMs) => {
    const handle = setTimeout(fn, delayMs);
    return () => clearTimeout(handle);
  },
});

self.onmessage = (event: MessageEvent<ToWorker>) => host.handle(event.data);
