/**
 * The simulation worker as public/first-look.js starts it for a page opened with a share link (`#s=`) on a wide
 * screen: the same worker (sim.worker.ts), with the code that link needs before its first frame in its own file
 * rather than in chunks fetched once it runs: the readers of untrusted text with the schema (onDemand/readers.ts,
 * which the read-ahead of the link needs first) and the first frame's painter (firstFrame.ts); their dynamic
 * imports elsewhere in the worker find them here. A worker has no module preloading: fetched as chunks, they were
 * asked for only once the worker ran, one more round trip to a server busy with the page's own scripts, which
 * gated the first frame. The other models (onDemand/otherModels.ts) are here too: the link's model is known only
 * once the link is read, and as a chunk fetched then they were one more round trip before the first frame (110 ms
 * on a loaded machine, traced: the request left once the link was read, behind the page's own scripts); here they
 * cost 44 kB raw, 14.8 kB gzip, in the one request the worker makes anyway.
 * A worker the page starts again later is the plain one.
 */
import './sim.worker.ts';
import './onDemand/readers.ts';
import './firstFrame.ts';
import './onDemand/otherModels.ts';
