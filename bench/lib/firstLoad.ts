/**
 * The JavaScript a first visit loads before the first graph is drawn, read from a production build: the page's
 * entry chunk and every chunk it imports statically (from Vite's manifest, `build.manifest: true`), the chunks
 * the entry fetches and waits for before the first graph is drawn (`PAGE_AWAITED`: the first paint,
 * src/app/firstPaint/, which draws it from the worker's first snapshot before React and the page, src/app/mount.tsx,
 * have arrived, src/main.tsx imports both after starting the worker; and the page's leader-follower code, without
 * which the client shows no snapshot of the run) with their static imports, the
 * simulation worker with every chunk it imports statically (workers are not in the manifest: their files are
 * the entry's `assets`, and their imports are read from the code), and the chunks the worker fetches on demand
 * and waits for before it can run the first scenario (`AWAITED`: the file declaring the default preset and its
 * model), found by the modules their source maps name. The page's other dynamic imports (the tabs, the dialogs,
 * the animation features, the stories, the encoder) are left out: nothing waits for them to draw the graph.
 * Sizes are raw bytes and gzip at zlib's default level (what a server compressing on the fly sends), in bytes;
 * kB below are 1,000 bytes, as Vite prints them.
 *
 *   npx tsx scripts/first-load-size.ts   (after `npx vite build`)
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseAst } from 'vite';

export interface LoadedChunk {
  /** The file under dist/, e.g. `assets/index-AbC123.js`. */
  readonly file: string;
  /**
   * Why it loads: `page` (the entry and its static imports), `sim worker` (the worker and its static imports)
   * or `sim worker, on demand` (fetched by the worker for the first scenario, with their static imports).
   */
  readonly part: 'page' | 'sim worker' | 'sim worker, on demand';
  readonly bytes: number;
  readonly gzip: number;
}

export interface FirstLoad {
  readonly chunks: readonly LoadedChunk[];
  readonly bytes: number;
  readonly gzip: number;
}

interface ManifestChunk {
  readonly file: string;
  readonly isEntry?: boolean;
  readonly imports?: readonly string[];
  readonly dynamicImports?: readonly string[];
  readonly assets?: readonly string[];
}

/** The simulation worker's file among a chunk's assets. */
const SIM_WORKER = /(^|\/)sim\.worker-[\w-]+\.js$/;

/**
 * What the page's entry fetches and waits for before the graph can be drawn: the first paint (src/main.tsx starts
 * it; React and the page come after, and replace it). The first paint draws a first visit's graph (the default
 * preset, a leader-follower run, on a screen wider than a phone's); other first graphs (a shared link, another
 * model, a phone) wait for React as before.
 */
export const PAGE_AWAITED: readonly string[] = [
  'src/app/firstPaint/paint.ts',
  // The page's leader-follower code (its record, graph parts): the client holds the run's replies, the first
  // snapshot among them, until it is here (src/app/models/loadUi.ts, withModelUi). A chunk shared by several
  // modules, so the manifest knows it by its file's name: found by its source map.
  'src/app/models/leader-follower/index.tsx',
];

/**
 * What the simulation worker needs before it runs a first visit's scenario (the default preset, bank-ledger-async,
 * a leader-follower scenario): the preset file that declares it (bank.ts, by src/worker/onDemand/presets.ts) and
 * its model (src/worker/onDemand/models.ts). Both are part of the worker's own chunk now (counted with it); a
 * module here that is a chunk the worker fetches on demand is counted as such, with its static imports.
 */
export const AWAITED: readonly string[] = [
  'src/sim/scenarios/presets/bank.ts',
  'src/sim/models/leader-follower/model.ts',
];

export function firstLoad(
  dist: string,
  awaited: readonly string[] = AWAITED,
  pageAwaited: readonly string[] = PAGE_AWAITED,
): FirstLoad {
  const manifestPath = join(dist, '.vite', 'manifest.json');
  if (!existsSync(manifestPath))
    throw new Error(
      `${manifestPath} is missing: run \`npx vite build\` first (vite.config.ts sets build.manifest)`,
    );
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, ManifestChunk>;
  const entryKey = Object.keys(manifest).find((k) => manifest[k]?.isEntry && k.endsWith('index.html'));
  if (!entryKey) throw new Error('the manifest has no entry for index.html');
  const pageFiles: string[] = [];
  const workerFiles = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || seen.has(key)) return;
    seen.add(key);
    pageFiles.push(chunk.file);
    for (const asset of chunk.assets ?? []) if (SIM_WORKER.test(asset)) workerFiles.add(asset);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit(entryKey);
  const entryImports = manifest[entryKey]?.dynamicImports ?? [];
  for (const module of pageAwaited) {
    const key = entryImports.includes(module)
      ? module
      : entryImports.find((k) => manifest[k] && holds(dist, manifest[k].file, module));
    if (!key) throw new Error(`the page's entry does not import ${module} (is the build current?)`);
    visit(key);
  }
  if (workerFiles.size !== 1)
    throw new Error(`expected one simulation worker among the page's assets, found ${workerFiles.size}`);
  const workerClosure = staticClosure(dist, [...workerFiles][0] as string);
  const onDemand: string[] = [];
  const candidates = workerClosure.flatMap((file) => dynamicImports(dist, file));
  for (const module of awaited) {
    // Part of the worker's own chunks (the default preset's file and model are): nothing more to fetch.
    if (workerClosure.some((file) => holds(dist, file, module))) continue;
    for (const file of staticClosure(dist, chunkOf(dist, module, candidates)))
      if (!workerClosure.includes(file) && !onDemand.includes(file)) onDemand.push(file);
  }
  const chunks = [
    ...pageFiles.map((file) => measure(dist, file, 'page' as const)),
    ...workerClosure.map((file) => measure(dist, file, 'sim worker' as const)),
    ...onDemand.map((file) => measure(dist, file, 'sim worker, on demand' as const)),
  ];
  return {
    chunks,
    bytes: chunks.reduce((sum, c) => sum + c.bytes, 0),
    gzip: chunks.reduce((sum, c) => sum + c.gzip, 0),
  };
}

/** A file and every file it imports statically, transitively (paths relative to dist/). */
export function staticClosure(dist: string, file: string): string[] {
  const out: string[] = [];
  const pending = [file];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (out.includes(next)) continue;
    out.push(next);
    const code = readFileSync(join(dist, next), 'utf8');
    for (const specifier of staticImports(code))
      if (specifier.startsWith('.')) pending.push(posix.normalize(posix.join(dirname(next), specifier)));
  }
  return out;
}

/** Whether a chunk's source map names the module `source` (a path from the repository's root). */
function holds(dist: string, chunk: string, source: string): boolean {
  const mapPath = join(dist, `${chunk}.map`);
  if (!existsSync(mapPath)) return false;
  const map = JSON.parse(readFileSync(mapPath, 'utf8')) as { sources?: string[] };
  return map.sources?.some((s) => s.endsWith(`/${source}`)) ?? false;
}

/** Among `chunks` (paths relative to dist/), the one whose source map names the module `source`. */
export function chunkOf(dist: string, source: string, chunks: readonly string[]): string {
  for (const chunk of chunks) if (holds(dist, chunk, source)) return chunk;
  throw new Error(
    `no chunk the worker imports on demand holds ${source} (is the build current, with source maps?)`,
  );
}

/** The chunks a chunk imports dynamically (`import("./x.js")` with a literal path), relative to dist/. */
export function dynamicImports(dist: string, file: string): string[] {
  const code = readFileSync(join(dist, file), 'utf8');
  return [...code.matchAll(/import\(\s*[`'"](\.{1,2}\/[^`'"]+)[`'"]\s*\)/g)].map((m) =>
    posix.normalize(posix.join(dirname(file), m[1] as string)),
  );
}

/** The specifiers of a module's static imports and re-exports (never its dynamic `import()`s). */
export function staticImports(code: string): string[] {
  const specifiers: string[] = [];
  for (const node of parseAst(code).body) {
    if (
      (node.type === 'ImportDeclaration' ||
        node.type === 'ExportNamedDeclaration' ||
        node.type === 'ExportAllDeclaration') &&
      node.source &&
      typeof node.source.value === 'string'
    )
      specifiers.push(node.source.value);
  }
  return specifiers;
}

function measure(dist: string, file: string, part: LoadedChunk['part']): LoadedChunk {
  const content = readFileSync(join(dist, file));
  return { file, part, bytes: content.length, gzip: gzipSync(content).length };
}

/** "84.2 kB": bytes in Vite's kB (1,000 bytes). */
export function kB(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} kB`;
}
