/**
 * The models that are not part of the simulation worker's own chunk, one chunk fetched when a scenario of either
 * is first loaded (onDemand/models.ts). One chunk, not one each: the two share code (src/sim/models/shared/lww.ts)
 * that neither the worker's chunk nor leader-follower uses, which would be a chunk of its own, imported by each
 * model's chunk and so asked for only once that one had arrived (a worker has no module preloading): one more
 * round trip to the server before the first snapshot of a multi-leader or leaderless run. vite.config.ts fails
 * the build on such a chunk. A first multi-leader run fetches the leaderless model too, about 6 kB gzip, in the
 * same request.
 */
export { Leaderless } from '../../sim/models/leaderless/model.ts';
export { MultiLeader } from '../../sim/models/multi-leader/model.ts';
