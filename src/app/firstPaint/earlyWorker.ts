/**
 * The simulation worker, started before the page's entry has arrived. In the built page this module is a script
 * of its own (vite.config.ts `earlyWorker`: a tiny chunk with no imports, run as soon as it is fetched), so the
 * worker's code travels beside the entry's instead of after it has run; the entry's client
 * (app/worker/browserWorker.ts) takes this worker over with `takeEarlyWorker` and sends it the first run; meanwhile
 * the worker has been told the address (`prefetch`), so it fetches the code of the preset that run will be. Until
 * then the worker's replies and failures are kept, in order, and handed over with it (a message with no listener
 * would be lost). Elsewhere (the development server, which runs the entry alone) this module is first evaluated
 * by the entry itself, which makes it the same as starting the worker there. Only in a page: in Node (the unit
 * tests) nothing starts.
 */
import type { ToSimWorker } from '../../worker/protocol.ts';

/** A started worker and what it said or how it failed before anyone listened. */
export interface EarlyWorker {
  readonly worker: Worker;
  readonly early: readonly Event[];
}

let started: EarlyWorker | null = null;

/** A new simulation worker: a module Worker on src/worker/sim.worker.ts. */
export function newSimWorker(): Worker {
  return new Worker(new URL('../../worker/sim.worker.ts', import.meta.url), { type: 'module' });
}

function start(): EarlyWorker {
  const worker = newSimWorker();
  // The run the address names: the worker fetches its code while the entry is still arriving.
  const prefetch: ToSimWorker = { type: 'prefetch', hash: location.hash };
  worker.postMessage(prefetch);
  const early: Event[] = [];
  const keep = (event: Event) => {
    early.push(event);
    // As browserWorker does: the failure is the page's to report, not an uncaught error in the console.
    if (event.type === 'error') event.preventDefault();
  };
  worker.onmessage = keep;
  worker.onerror = keep;
  worker.onmessageerror = keep;
  return { worker, early };
}

/** The worker started when the page opened, once (null afterwards: a restarted worker is a new one). */
export function takeEarlyWorker(): EarlyWorker | null {
  const taken = started;
  started = null;
  if (taken) {
    taken.worker.onmessage = null;
    taken.worker.onerror = null;
    taken.worker.onmessageerror = null;
  }
  return taken;
}

if (typeof document !== 'undefined' && typeof Worker !== 'undefined') started = start();
