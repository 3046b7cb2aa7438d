/**
 * The Worker entry: wires the worker's message port to a SimHost, and beats: `alive` at least once a second,
 * whatever the host is doing, so the page can tell a worker that died (terminated, out of memory) from one that
 * is only quiet. Everything else lives in host.ts and inbox.ts, which run without Worker globals so they can be
 * tested in Node.
 */
/// <reference lib="webworker" />
import { createSimCore } from './core.ts';
import { firstFrameSender } from './framePort.ts';
import { SimHost } from './host.ts';
import { createInbox } from './inbox.ts';
import { loadModel } from './onDemand/models.ts';
import { transferables } from './pack.ts';
import { fragmentOfWorkerName, frameWantedByName } from './prefetch.ts';
import { type FromWorker, HEARTBEAT_MS, type ToSimWorker } from './protocol.ts';
import { slimmer } from './slim.ts';

declare const self: DedicatedWorkerGlobalScope;

// A snapshot travels without the parts equal to the previous one's (slim.ts); the page puts them back.
const slim = slimmer();
const post = (message: FromWorker) => self.postMessage(slim(message), transferables(message));

const host = new SimHost({
  // A snapshot's packed message columns are handed over, not copied.
  post,
  createSim: createSimCore,
  now: () => performance.now(),
  schedule: (fn, delayMs) => {
    const handle = setTimeout(fn, delayMs);
    return () => clearTimeout(handle);
  },
  // About 30 snapshots a second at most, 10 while only the clock moves: the page's dots glide between them,
  // and every snapshot costs the page a render.
  snapshotGapMs: 33,
  idleSnapshotGapMs: 100,
});

// A shared run's first frame (firstFrame.ts, a chunk of its own, in share.worker.ts's file), drawn for the page's
// first-look script when the name it gave the worker asks for it, as soon as the link is read, and posted on its own
// (framePort.ts): the script's listener takes it before the page's client sees any message.
let painter: Promise<typeof import('./firstFrame.ts')> | null = null;
const loadPainter = () => {
  painter ??= import('./firstFrame.ts');
  return painter;
};
const frames = firstFrameSender(
  (decoded) =>
    Promise.all([loadPainter(), loadModel(decoded.scenario.model)]).then(([m]) => m.firstFrameOf(decoded)),
  (message) => self.postMessage(message),
);

// Presets and untrusted text are read here, with code loaded when first needed (inbox.ts); the rest goes on.
const inbox = createInbox((message) => host.handle(message), post, undefined, frames.reading);
self.onmessage = (event: MessageEvent<ToSimWorker>) => inbox(event.data);
// Started by the page's first-look script, the worker is named with the address's fragment: it fetches the code of
// the run that names at once, as a `prefetch` would, without waiting for a message from the page (whose thread
// may be busy running its scripts: a message sent before this script ran is handed over only when it is free).
const fragment = fragmentOfWorkerName(self.name);
if (fragment !== null) inbox({ type: 'prefetch', hash: fragment });
if (frameWantedByName(self.name)) frames.send();
setInterval(() => post({ type: 'alive' }), HEARTBEAT_MS);
post({ type: 'alive' });
