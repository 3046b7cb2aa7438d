/**
 * The simulation worker as the page runs it (simClient.ts's `CreateWorker`): a module Worker whose replies are
 * read here, timed, so the client can tell the worker what a snapshot cost the page (`rendered`'s `costMs`), and
 * made whole again (worker/slim.ts).
 */
import { type WireReply, widener } from '../../worker/slim.ts';
import type { CreateWorker } from './simClient.ts';

/** The real worker: a module Worker on src/worker/sim.worker.ts. */
export const browserWorker: CreateWorker = (events) => {
  const worker = new Worker(new URL('../../worker/sim.worker.ts', import.meta.url), { type: 'module' });
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
  return { post: (message) => worker.postMessage(message), terminate: () => worker.terminate() };
};
