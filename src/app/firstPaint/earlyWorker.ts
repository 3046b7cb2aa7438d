/**
 * The simulation worker, started before the page's entry has run. In the built page the inline first-look script
 * (public/first-look.js) starts it: at once when no prerendered graph shows (its file is then asked for ahead of
 * the page's scripts), else after the frame that draws that graph; it names it with the address's fragment (`sim
 * <fragment>`: the worker fetches the code of the run the address names as it starts, src/worker/prefetch.ts) and
 * leaves `window.__simWorker`, a function that starts it if it has not yet and returns it with what it said or how
 * it failed meanwhile, called here once. Elsewhere (the development server, whose first-look script starts none)
 * this module starts it when the entry first evaluates it, and tells it the address with a `prefetch` message.
 * The entry's client (app/worker/browserWorker.ts) takes this worker over with `takeEarlyWorker` and sends it the
 * first run; until then the worker's replies and failures are kept, in order, and handed over with it (a message
 * with no listener would be lost). Only in a page: in Node (the unit tests) nothing starts.
 */
import { runOfFragment } from '../../codec/fragment.ts';
import type { ToSimWorker } from '../../worker/protocol.ts';

/** A started worker and what it said or how it failed before anyone listened. */
export interface EarlyWorker {
  readonly worker: Worker;
  readonly early: readonly Event[];
}

/** Where public/first-look.js leaves the function that starts its worker. */
export const FIRST_LOOK_WORKER = '__simWorker';

let started: EarlyWorker | null = null;

/** A new simulation worker: a module Worker on src/worker/sim.worker.ts. */
export function newSimWorker(): Worker {
  return new Worker(new URL('../../worker/sim.worker.ts', import.meta.url), { type: 'module' });
}

/**
 * The same worker with the code a share link needs before its first snapshot (and the first frame's painter) in
 * its own file (src/worker/share.worker.ts): the built page's first-look script starts it for a share link on a
 * wide screen; here, for a share link where that script starts none (the development server).
 */
export function newShareWorker(): Worker {
  return new Worker(new URL('../../worker/share.worker.ts', import.meta.url), { type: 'module' });
}

/** The worker public/first-look.js started (now, if it had not yet), or null when it starts none. */
function fromFirstLook(): EarlyWorker | null {
  const scope = globalThis as Record<string, unknown>;
  const take = scope[FIRST_LOOK_WORKER];
  delete scope[FIRST_LOOK_WORKER];
  if (typeof take !== 'function') return null;
  const left = take() as Partial<EarlyWorker> | null;
  if (!left || !(left.worker instanceof Worker) || !Array.isArray(left.early)) return null;
  return { worker: left.worker, early: left.early };
}

function start(): EarlyWorker {
  const worker = runOfFragment(location.hash).kind === 'other' ? newShareWorker() : newSimWorker();
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

if (typeof document !== 'undefined' && typeof Worker !== 'undefined') started = fromFirstLook() ?? start();
