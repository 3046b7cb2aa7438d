/**
 * The simulation worker as the page runs it (simClient.ts's `CreateWorker`): a module Worker whose replies are
 * read here, timed, so the client can tell the worker what a snapshot cost the page (`rendered`'s `costMs`), and
 * made whole again (worker/slim.ts).
 */
import { type WireReply, widener } from '../../worker/slim.ts';
import { newSimWorker, takeEarlyWorker } from '../firstPaint/earlyWorker.ts';
import type { CreateWorker } from './simClient.ts';

/**
 * The real worker: a module Worker on src/worker/sim.worker.ts; the first is the one the page started as it
 * opened (firstPaint/earlyWorker.ts), with what it said meanwhile, in order.
 */
export const browserWorker: CreateWorker = (events) => {
  const taken = takeEarlyWorker();
  const worker = taken?.worker ?? newSimWorker();
  // Snapshots arrive without their unchanged parts (worker/slim.ts): each is made whole from the previous one.
  const widen = widener();
  worker.onmessage = (event: MessageEvent<WireReply>) => {
    const started = performance.now();
    const reply = widen(event.data); // read (deserialized) here, on first access
    events.message(reply, performance.now() - started);
  };
  worker.onerror = (event) => {
    event.preventDefault();
    events.failed(event.message || 'unknown error');
  };
  worker.onmessageerror = () => events.failed('a reply could not be read');
  // After the client has this worker (its replies count only then), before any later reply (those are tasks).
  const early = taken?.early ?? [];
  if (early.length > 0)
    queueMicrotask(() => {
      for (const event of early) {
        if (event.type === 'message') worker.onmessage?.(event as MessageEvent);
        else if (event.type === 'error') worker.onerror?.(event as ErrorEvent);
        else worker.onmessageerror?.(event as MessageEvent);
      }
    });
  return { post: (message) => worker.postMessage(message), terminate: () => worker.terminate() };
};
