/**
 * public/first-look.js as the built page carries it inline (vite.config.ts `inlineFirstLook`): without its
 * opening comment, with the presets whose first graph the build drew into a file of its own, and their files, in
 * its LINKED map, the simulation worker's file in SIM_WORKER (the script starts the worker), and the Content
 * Security Policy source that allows it (its sha256 hash: the policy allows no other
 * inline script). Node only (the build and the tests), string work only: the config imports it directly.
 */
import { createHash } from 'node:crypto';

/** The line of public/first-look.js the build fills in. */
export const LINKED_PLACEHOLDER = 'const LINKED = {};';
/** The line of public/first-look.js naming the simulation worker's file, which the build fills in. */
export const SIM_WORKER_PLACEHOLDER = "const SIM_WORKER = '';";
/** The line naming the file of the simulation worker it starts for a share link (src/worker/share.worker.ts). */
export const SHARE_WORKER_PLACEHOLDER = "const SHARE_WORKER = '';";

/**
 * The file a linked preset's prerendered graph is written to, relative to the page: named by its content's hash
 * as well as the preset's id, so the page (which lists the names) and the graphs always come from the same build,
 * whatever a cache in between keeps.
 */
export function linkedFile(dir: string, id: string, html: string): string {
  return `${dir}/${id}-${createHash('sha256').update(html).digest('hex').slice(0, 8)}.html`;
}

/**
 * The script as inlined, `linked` naming each linked preset's file and `simWorker` the simulation worker's (none:
 * the script starts no worker), and the policy source that allows it.
 */
export function firstLookInline(
  source: string,
  linked: Readonly<Record<string, string>>,
  simWorker = '',
  shareWorker = '',
): { code: string; source: string } {
  if (!source.includes(LINKED_PLACEHOLDER)) throw new Error(`first-look.js has no ${LINKED_PLACEHOLDER}`);
  if (!source.includes(SIM_WORKER_PLACEHOLDER))
    throw new Error(`first-look.js has no ${SIM_WORKER_PLACEHOLDER}`);
  if (simWorker !== '' && !/^assets\/sim\.worker-[\w-]+\.js$/.test(simWorker))
    throw new Error(`first-look.js: "${simWorker}" is not the simulation worker’s file`);
  if (shareWorker !== '' && !/^assets\/share\.worker-[\w-]+\.js$/.test(shareWorker))
    throw new Error(`first-look.js: "${shareWorker}" is not the share link worker’s file`);
  for (const [id, file] of Object.entries(linked)) {
    if (!/^[a-z0-9-]+$/.test(id)) throw new Error(`first-look.js: "${id}" is not an id its links can name`);
    if (!/^[a-z0-9-]+\/[a-z0-9-]+\.html$/.test(file))
      throw new Error(`first-look.js: "${file}" is not a graph’s file`);
  }
  const code = source
    .replace(/^\/\*[\s\S]*?\*\/\s*/, '')
    .replace(LINKED_PLACEHOLDER, () => `const LINKED = ${JSON.stringify(linked)};`)
    .replace(SIM_WORKER_PLACEHOLDER, () => `const SIM_WORKER = ${JSON.stringify(simWorker)};`)
    .replace(SHARE_WORKER_PLACEHOLDER, () => `const SHARE_WORKER = ${JSON.stringify(shareWorker)};`);
  if (/<\/script/i.test(code)) throw new Error('first-look.js cannot be inlined (</script)');
  return { code, source: `'sha256-${createHash('sha256').update(code).digest('base64')}'` };
}
