/** The Compare view's Worker entry: one comparison per request, with progress (see compare.ts). */
/// <reference lib="webworker" />
import { handleCompare, type ToCompare } from './compare.ts';

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = (event: MessageEvent<ToCompare>) =>
  handleCompare(event.data, (reply) => self.postMessage(reply));
