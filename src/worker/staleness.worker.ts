/** The staleness experiment's Worker entry: one pure run per request (see staleness.ts). */
/// <reference lib="webworker" />
import { handleStaleness, type ToStaleness } from './staleness.ts';

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = (event: MessageEvent<ToStaleness>) => self.postMessage(handleStaleness(event.data));
