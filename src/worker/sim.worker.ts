/**
 * The Worker entry: wires the worker's message port to a SimHost. Everything else lives in host.ts, which
 * runs without Worker globals so it can be tested in Node.
 */
/// <reference lib="webworker" />
import { createSimCore } from './core.ts';
import { SimHost } from './host.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

const host = new SimHost({
  post: (message: FromWorker) => self.postMessage(message),
  createSim: createSimCore,
  now: () => performance.now(),
  schedule: (fn, delayMs) => {
    const handle = setTimeout(fn, delayMs);
    return () => clearTimeout(handle);
  },
});

self.onmessage = (event: MessageEvent<ToWorker>) => host.handle(event.data);
