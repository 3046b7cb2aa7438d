/**
 * The readers of untrusted text, one chunk fetched when the worker is first asked to read a share link or a file
 * (inbox.ts `decode`). One chunk, not one each: the two share the codec's migrations (src/codec/migrate.ts),
 * which would be a chunk of its own, imported by each reader's chunk and so asked for only once that one had
 * arrived (a worker has no module preloading): one more round trip before a share link's first run. vite.config.ts
 * fails the build on such a chunk.
 */
export { scenarioFromJson } from '../../codec/file.ts';
export { decodeShareHash } from '../../codec/url.ts';
