/**
 * The simulation worker as public/first-look.js starts it for a page opened with a share link (`#s=`) on a wide
 * screen: the same worker (sim.worker.ts), with the code that link needs before its first frame in its own file
 * rather than in chunks fetched once it runs: the readers of untrusted text with the schema (onDemand/readers.ts,
 * which the read-ahead of the link needs first) and the first frame's painter (firstFrame.ts); their dynamic
 * imports elsewhere in the worker find them here. A worker has no module preloading: fetched as chunks, they were
 * asked for only once the worker ran, one more round trip to a server busy with the page's own scripts, which
 * gated the first frame. The other models stay a chunk (onDemand/otherModels.ts, fetched as the worker starts,
 * the link's model being known only once read): in this file they make the bundler split the engine's shared code
 * into a chunk of its own, which the worker would fetch before it could run at all (vite.config.ts refuses that).
 * A worker the page starts again later is the plain one.
 */
import './sim.worker.ts';
import './onDemand/readers.ts';
import './firstFrame.ts';
