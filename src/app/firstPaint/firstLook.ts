/**
 * public/first-look.js as the built page carries it inline (vite.config.ts `inlineFirstLook`): without its
 * opening comment, with the presets whose first graph the build drew into a file of its own, and their files, in
 * its LINKED map, the simulation worker's file in SIM_WORKER (the script starts the worker), and the Content
 * Security Policy source that allows it (its sha256 hash: the policy allows no other
 * inline script); and the page's own scripts in its PAGE (`takePageFiles`: the script asks for them). Node only (the build and the tests), string work only: the config imports it directly.
 */
import { createHash } from 'node:crypto';

/** The line of public/first-look.js the build fills in. */
export const LINKED_PLACEHOLDER = 'const LINKED = {};';
/** The line of public/first-look.js naming the simulation worker's file, which the build fills in. */
export const SIM_WORKER_PLACEHOLDER = "const SIM_WORKER = '';";
/** The line naming the file of the simulation worker it starts for a share link (src/worker/share.worker.ts). */
export const SHARE_WORKER_PLACEHOLDER = "const SHARE_WORKER = '';";

/** The line of public/first-look.js naming the page's own scripts (`PageFiles`), which the build fills in. */
export const PAGE_PLACEHOLDER = 'const PAGE = null;';

/**
 * The page's own scripts, which the built page asks for from the first-look script rather than from its HTML (so
 * that, for a share link whose first frame the worker draws, they wait for that frame): its entry (the HTML's module
 * script), the modules the HTML preloaded and the stylesheets it preloaded, each a file under assets/.
 */
export interface PageFiles {
  readonly entry: string;
  readonly modules: readonly string[];
  readonly styles: readonly string[];
  /**
   * The models' own painters (src/app/firstPaint/paintMultiLeader.ts, paintLeaderless.ts), which the entry fetches
   * for a share link whose model it does not know yet: preloaded with the rest for such a link only, since the
   * worker, ready by then, answers the entry's first run at once, and the painter draws none of its snapshots over
   * the worker's frame before its model's painter has come.
   */
  readonly painters?: readonly string[];
}

const MODULE_TAG = /<script type="module" crossorigin src="\.\/(assets\/[\w.-]+\.js)"><\/script>\s*/g;
const MODULE_PRELOAD_TAG = /<link rel="modulepreload" crossorigin href="\.\/(assets\/[\w.-]+\.js)">\s*/g;
const STYLE_PRELOAD_TAG = /<link rel="preload" as="style" crossorigin href="\.\/(assets\/[\w.-]+\.css)">\s*/g;

/**
 * The built page less its own scripts' tags (its one module script, its module and stylesheet preloads), and those
 * files, which the first-look script asks for instead (`firstLookInline`'s `page`).
 */
export function takePageFiles(html: string): { html: string; page: PageFiles } {
  const entries = [...html.matchAll(MODULE_TAG)].map((m) => m[1] as string);
  if (entries.length !== 1) throw new Error(`the built page has ${entries.length} module scripts, not one`);
  const modules = [...html.matchAll(MODULE_PRELOAD_TAG)].map((m) => m[1] as string);
  const styles = [...html.matchAll(STYLE_PRELOAD_TAG)].map((m) => m[1] as string);
  const rest = html.replace(MODULE_TAG, '').replace(MODULE_PRELOAD_TAG, '').replace(STYLE_PRELOAD_TAG, '');
  if (/<script type="module"|rel="modulepreload"|rel="preload"/.test(rest))
    throw new Error(
      'the built page asks for a script or a stylesheet in a way the first-look script does not know',
    );
  return { html: rest, page: { entry: entries[0] as string, modules, styles } };
}

/**
 * The file a linked preset's prerendered graph is written to, relative to the page: named by its content's hash
 * as well as the preset's id, so the page (which lists the names) and the graphs always come from the same build,
 * whatever a cache in between keeps.
 */
export function linkedFile(dir: string, id: string, html: string): string {
  return `${dir}/${id}-${createHash('sha256').update(html).digest('hex').slice(0, 8)}.html`;
}

/**
 * The script as inlined, `linked` naming each linked preset's file, `simWorker` the simulation worker's (none:
 * the script starts no worker) and `page` the page's own scripts (none: the HTML asks for them), and the policy
 * source that allows it.
 */
export function firstLookInline(
  source: string,
  linked: Readonly<Record<string, string>>,
  simWorker = '',
  shareWorker = '',
  page: PageFiles | null = null,
): { code: string; source: string } {
  if (!source.includes(LINKED_PLACEHOLDER)) throw new Error(`first-look.js has no ${LINKED_PLACEHOLDER}`);
  if (!source.includes(SIM_WORKER_PLACEHOLDER))
    throw new Error(`first-look.js has no ${SIM_WORKER_PLACEHOLDER}`);
  if (simWorker !== '' && !/^assets\/sim\.worker-[\w-]+\.js$/.test(simWorker))
    throw new Error(`first-look.js: "${simWorker}" is not the simulation worker’s file`);
  if (shareWorker !== '' && !/^assets\/share\.worker-[\w-]+\.js$/.test(shareWorker))
    throw new Error(`first-look.js: "${shareWorker}" is not the share link worker’s file`);
  if (!source.includes(PAGE_PLACEHOLDER)) throw new Error(`first-look.js has no ${PAGE_PLACEHOLDER}`);
  if (page) {
    for (const file of [page.entry, ...page.modules, ...(page.painters ?? [])])
      if (!/^assets\/[\w.-]+\.js$/.test(file))
        throw new Error(`first-look.js: "${file}" is not a script of the page`);
    for (const file of page.styles)
      if (!/^assets\/[\w.-]+\.css$/.test(file))
        throw new Error(`first-look.js: "${file}" is not a stylesheet`);
  }
  for (const [id, file] of Object.entries(linked)) {
    if (!/^[a-z0-9-]+$/.test(id)) throw new Error(`first-look.js: "${id}" is not an id its links can name`);
    if (!/^[a-z0-9-]+\/[a-z0-9-]+\.html$/.test(file))
      throw new Error(`first-look.js: "${file}" is not a graph’s file`);
  }
  const code = source
    .replace(/^\/\*[\s\S]*?\*\/\s*/, '')
    .replace(LINKED_PLACEHOLDER, () => `const LINKED = ${JSON.stringify(linked)};`)
    .replace(SIM_WORKER_PLACEHOLDER, () => `const SIM_WORKER = ${JSON.stringify(simWorker)};`)
    .replace(SHARE_WORKER_PLACEHOLDER, () => `const SHARE_WORKER = ${JSON.stringify(shareWorker)};`)
    .replace(PAGE_PLACEHOLDER, () => `const PAGE = ${JSON.stringify(page)};`);
  if (/<\/script/i.test(code)) throw new Error('first-look.js cannot be inlined (</script)');
  return { code, source: `'sha256-${createHash('sha256').update(code).digest('base64')}'` };
}
