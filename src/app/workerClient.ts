/** Creates the simulation worker and connects it to the store. */
import type { FromWorker } from '../worker/protocol.ts';
import { connect, notify, receive } from './store.ts';

export function startWorker(): Worker {
  const worker = new Worker(new URL('../worker/sim.worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (event: MessageEvent<FromWorker>) => receive(event.data);
  worker.onerror = (event) => {
    event.preventDefault();
    notify({
      tone: 'error',
      title: 'The simulation worker failed',
      message: event.message || 'unknown error',
    });
  };
  connect(worker);
  return worker;
}
