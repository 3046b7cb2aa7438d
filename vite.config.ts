import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, runnerImport } from 'vite';
import { firstLookInline, linkedFile, takePageFiles } from './src/app/firstPaint/firstLook.ts';

/**
 * The page's Content Security Policy: scripts, workers, styles, images and connections only from the app's own
 * origin, no plugins, no <base> or form targets elsewhere. The workers are files of the build (never blob: URLs)
 * and the app draws no data: images, so neither is allowed. Inline styles are, because d3 and motion set style
 * attributes; inline scripts and eval are not (zod runs jitless: see src/sim/scenarios/schema.ts), but for the one
 * script the built page carries inline, public/first-look.js, allowed by its hash (`inlineFirstLook` adds it).
 * tests/e2e/csp.spec.ts checks that nothing the app does violates it.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/**
 * Puts the policy in the built page as a meta tag, first in <head> so it covers every script and stylesheet
 * after it. Only in the build: the development server injects inline scripts (React Fast Refresh's preamble)
 * and talks to its HMR websocket, which this policy would block.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'replication-lab:content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend',
      },
    ],
  };
}

/**
 * In the simulation worker's bundle only, the engine's imports of the three models and of the scenario schema,
 * and the worker core's import of the history exporters, resolve to src/worker/onDemand/, which fetch them as
 * chunks of their own when first needed (a scenario's model when it loads; the schema, for a user's action,
 * after the first snapshot; the exporters on the first export), so a first visit loads one model, no zod and
 * no exporter. The modules there export the same functions, and the inbox (src/worker/inbox.ts) loads the code
 * before the host can call them. Every other bundle, Node and the tests use the engine's own imports.
 */
const ON_DEMAND: Readonly<Record<string, { readonly source: string; readonly to: string }>> = {
  '/src/sim/engine/simulation.ts': { source: '../models/index.ts', to: 'src/worker/onDemand/models.ts' },
  '/src/sim/engine/recording.ts': { source: '../scenarios/schema.ts', to: 'src/worker/onDemand/schema.ts' },
  '/src/worker/core.ts': { source: './exportText.ts', to: 'src/worker/onDemand/exportText.ts' },
};

/**
 * Chunks of the simulation worker that other chunks fetched on demand import, but which the worker always asks for
 * beside them: the schema's (inbox.ts `decode` loads it with the readers).
 */
const SIM_WORKER_BESIDE = ['/src/sim/scenarios/schema.ts'];

function simWorkerOnDemand(): Plugin {
  let simWorker = false;
  return {
    name: 'replication-lab:sim-worker-on-demand',
    enforce: 'pre',
    options(options) {
      // The simulation worker, and its variant for a share link (share.worker.ts: the same, with some of the
      // code fetched on demand in its own file).
      simWorker = /(sim|share)\.worker\.ts/.test(JSON.stringify(options.input ?? ''));
    },
    resolveId(source, importer) {
      if (!simWorker || !importer) return null;
      const rule = Object.entries(ON_DEMAND).find(([from]) => importer.split('?')[0]?.endsWith(from))?.[1];
      if (rule?.source !== source) return null;
      return fileURLToPath(new URL(rule.to, import.meta.url));
    },
    // A worker has no module preloading: a chunk that a chunk imports statically is asked for only once that one
    // has arrived, one more round trip to the server before the code can run. So the worker's own chunk imports
    // none, and a chunk fetched on demand imports only the worker's own, or one the worker asks for beside it
    // (SIM_WORKER_BESIDE); the build fails on any other (onDemand/otherModels.ts, readers.ts: how to avoid one).
    generateBundle(_options, bundle) {
      if (!simWorker) return;
      const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
      const entries = new Set(chunks.filter((c) => c.isEntry).map((c) => c.fileName));
      const beside = new Set(
        chunks
          .filter((c) => c.moduleIds.some((id) => SIM_WORKER_BESIDE.some((m) => id.endsWith(m))))
          .map((c) => c.fileName),
      );
      const serial = chunks.flatMap((c) =>
        c.imports
          .filter((to) => (c.isEntry ? true : !entries.has(to) && !beside.has(to)))
          .map((to) => `${c.fileName} imports ${to}`),
      );
      if (serial.length > 0)
        this.error(`the simulation worker fetches chunks one after another (${serial.join('; ')})`);
    },
  };
}

/**
 * The page's entry (src/main.tsx) starts the simulation worker and the first paint (src/app/firstPaint/paint.ts, a
 * chunk of its own with the graph's layout), which draws the first graph from the worker's first snapshot; React
 * and the page (src/app/mount.tsx) are imported once it is on the screen. Listed as module preloads in the built
 * page (which the first-look script then asks for: `inlineFirstLook`), the painter's chunk and its static imports are fetched beside the entry rather than after it has run, so
 * the painter, the worker and the first scenario travel at once (the entry's own static imports Vite lists
 * already). So is the page's leader-follower code (src/app/models/leader-follower/, with its imports), which the
 * entry asks for with the first run and the client waits for before it shows the run's first snapshot. React's page chunk is not preloaded: its 100 kB gzip would compete with the worker and the first
 * scenario for the browser's connections (Vite's loader fetches its imports in parallel when it is asked for).
 * Its stylesheets are preloaded, not applied, since Vite's loader applies them with the chunk.
 */
const PAGE_CHUNK = 'src/app/mount.tsx';
const FIRST_PAINT_CHUNK = 'src/app/firstPaint/paint.ts';
const FIRST_MODEL_UI = 'src/app/models/leader-follower/index.tsx';

function preloadPage(): Plugin {
  return {
    name: 'replication-lab:preload-page',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const chunks = Object.values(ctx.bundle ?? {}).filter((c) => c.type === 'chunk');
        const chunkOf = (id: string) => {
          const chunk = chunks.find((c) => c.facadeModuleId?.endsWith(id));
          if (!chunk) throw new Error(`the build has no chunk for ${id}`);
          return chunk;
        };
        const painter = chunkOf(FIRST_PAINT_CHUNK);
        const page = chunkOf(PAGE_CHUNK);
        // A chunk shared by several modules (no facade): found by the module it holds.
        const modelUi = chunks.find((c) => c.moduleIds.some((id) => id.endsWith(FIRST_MODEL_UI)));
        if (!modelUi) throw new Error(`the build has no chunk for ${FIRST_MODEL_UI}`);
        const listed = new Set([...(ctx.chunk?.imports ?? []), ctx.chunk?.fileName]);
        const wanted = [painter.fileName, ...painter.imports, modelUi.fileName, ...modelUi.imports];
        const files = [...new Set(wanted)].filter((file) => !listed.has(file));
        const styles = [...(page.viteMetadata?.importedCss ?? [])];
        return [
          ...files.map((file) => ({ rel: 'modulepreload', crossorigin: true, href: `./${file}` })),
          // The page chunk's own stylesheet: fetched now, applied when the chunk is (no render blocked before).
          ...styles.map((file) => ({ rel: 'preload', as: 'style', crossorigin: true, href: `./${file}` })),
        ].map((attrs) => ({ tag: 'link', attrs, injectTo: 'head' as const }));
      },
    },
  };
}

/**
 * The default preset's first graph, drawn into the page's root at build time (src/app/firstPaint/prerender.ts: the
 * preset's first snapshot, packed in Node as the worker's host posts it, drawn by the first paint's functions), so a
 * first visit draws it with the HTML, before any of the app's code. public/first-look.js (a blocking script in
 * <head>, inline in the built page) and stage.css show it only when the page will open that preset at time 0 on a wide screen. The module is loaded by
 * Vite's module runner (the build) or the development server's (which reloads it when the sources change), not
 * imported here: the config stays small, and every `vite` command loads it as fast as before.
 */
const PRERENDER = fileURLToPath(new URL('src/app/firstPaint/prerender.ts', import.meta.url));
type Prerender = typeof import('./src/app/firstPaint/prerender.ts');

/**
 * Also, in the build, the first graph of every preset a `#preset=<id>` link opens that the first paint draws
 * (prerender.ts `prerenderLinks`), each a file of its own, first-graph/<id>-<hash>.html, which public/first-look.js
 * fetches for such a link; `linked` receives each id's file (the map first-look.js is given: `inlineFirstLook`).
 */
function prerenderFirstGraph(linked: (files: Readonly<Record<string, string>>) => void): Plugin {
  let files = new Map<string, string>();
  return {
    name: 'replication-lab:prerender-first-graph',
    transformIndexHtml: {
      order: 'pre',
      async handler(html, ctx) {
        const prerender = ctx.server
          ? ((await ctx.server.ssrLoadModule(PRERENDER)) as Prerender)
          : (await runnerImport<Prerender>(PRERENDER)).module;
        if (!ctx.server) {
          const links = [...prerender.prerenderLinks()].map(([id, graph]) => ({
            id,
            graph,
            file: linkedFile(prerender.LINKED_DIR, id, graph),
          }));
          files = new Map(links.map((l) => [l.file, l.graph]));
          linked(Object.fromEntries(links.map((l) => [l.id, l.file])));
        }
        return prerender.prerenderIndex(html);
      },
    },
    generateBundle() {
      for (const [fileName, source] of files) this.emitFile({ type: 'asset', fileName, source });
    },
  };
}

/**
 * The entry's stylesheet, inlined into the built page where public/first-look.js is loaded (after it): the graph
 * prerendered into the HTML is drawn once the HTML, that script and this stylesheet are here, and as a separate
 * file the stylesheet waited for a connection behind the scripts the page loads at once. The policy allows inline
 * styles. A stylesheet that names another file (`url(`) is refused: from the page rather
 * than from assets/, its relative address would change.
 */
const FIRST_LOOK_TAG = '<script src="./first-look.js"></script>';

function inlineEntryStyles(): Plugin {
  return {
    name: 'replication-lab:inline-entry-styles',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const files = [...(ctx.chunk?.viteMetadata?.importedCss ?? [])];
        if (files.length === 0) throw new Error('the entry has no stylesheet to inline');
        if (!html.includes(FIRST_LOOK_TAG)) throw new Error(`the built page has no ${FIRST_LOOK_TAG}`);
        let page = html;
        const styles = files.map((file) => {
          const asset = ctx.bundle?.[file];
          if (asset?.type !== 'asset') throw new Error(`the build has no stylesheet ${file}`);
          const css = String(asset.source);
          if (/url\(|<\/style/i.test(css)) throw new Error(`${file} cannot be inlined (url( or </style)`);
          const link = `<link rel="stylesheet" crossorigin href="./${file}">`;
          if (!page.includes(link)) throw new Error(`the built page does not link ${file}`);
          page = page.replace(link, '');
          return `<style>${css}</style>`;
        });
        return page.replace(FIRST_LOOK_TAG, () => `${FIRST_LOOK_TAG}\n    ${styles.join('')}`);
      },
    },
  };
}

/**
 * public/first-look.js, inlined where the page loads it, with the linked presets' files (prerenderFirstGraph) in its
 * LINKED map, the simulation worker's file in SIM_WORKER (the script starts the worker: src/app/firstPaint/
 * earlyWorker.ts hands it to the entry) and the page's own scripts in PAGE (taken out of the HTML: the entry's module
 * script and the module and stylesheet preloads, which the script asks for, at once or, for a share link whose first
 * frame the worker draws, once that frame is in the page, so they do not compete with the worker), and allowed by its hash in the Content Security Policy's script-src (which allows no other inline
 * script): as a file it was a request that held the parser, and so the prerendered graph, until it had come back
 * (on a loaded machine 30 to 90 ms after the page: the server answers the scripts the page asks for at once too).
 */
const FIRST_LOOK = fileURLToPath(new URL('public/first-look.js', import.meta.url));
const SIM_WORKER_FILE = /^assets\/sim\.worker-[\w-]+\.js$/;
/** The simulation worker as the script starts it for a share link (src/worker/share.worker.ts). */
const SHARE_WORKER_FILE = /^assets\/share\.worker-[\w-]+\.js$/;
/** The models' own painters, which the page fetches for a share link (PageFiles `painters`). */
const FIRST_PAINTERS = ['src/app/firstPaint/paintMultiLeader.ts', 'src/app/firstPaint/paintLeaderless.ts'];

function inlineFirstLook(): {
  plugin: Plugin;
  linked: (files: Readonly<Record<string, string>>) => void;
} {
  let linkedFiles: Readonly<Record<string, string>> = {};
  const plugin: Plugin = {
    name: 'replication-lab:inline-first-look',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        // The simulation worker's file, which the script starts (an asset of the bundle: Vite builds workers apart).
        const workers = Object.keys(ctx.bundle ?? {}).filter((file) => SIM_WORKER_FILE.test(file));
        if (workers.length !== 1)
          throw new Error(`the build has ${workers.length} simulation worker files (${workers.join(', ')})`);
        const shareWorkers = Object.keys(ctx.bundle ?? {}).filter((file) => SHARE_WORKER_FILE.test(file));
        if (shareWorkers.length !== 1)
          throw new Error(
            `the build has ${shareWorkers.length} share link worker files (${shareWorkers.join(', ')})`,
          );
        // The page's own scripts are asked for by the script (at once, or after a share link's first frame), with
        // the models' own painters for a share link.
        const taken = takePageFiles(html);
        const painters = FIRST_PAINTERS.map((id) => {
          const chunk = Object.values(ctx.bundle ?? {}).find(
            (c) => c.type === 'chunk' && c.facadeModuleId?.endsWith(id),
          );
          if (!chunk) throw new Error(`the build has no chunk for ${id}`);
          return chunk.fileName;
        });
        const inline = firstLookInline(
          readFileSync(FIRST_LOOK, 'utf8'),
          linkedFiles,
          workers[0],
          shareWorkers[0],
          { ...taken.page, painters },
        );
        if (!taken.html.includes(FIRST_LOOK_TAG)) throw new Error(`the built page has no ${FIRST_LOOK_TAG}`);
        const policy = /(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")/;
        const scriptSrc = 'script-src &#39;self&#39;;';
        if (!policy.exec(taken.html)?.[2]?.includes(scriptSrc))
          throw new Error(`the built page's policy has no ${scriptSrc}`);
        const allowed = `script-src &#39;self&#39; ${inline.source.replaceAll("'", '&#39;')};`;
        return taken.html
          .replace(policy, (_all, open: string, content: string, close: string) =>
            [open, content.replace(scriptSrc, () => allowed), close].join(''),
          )
          .replace(FIRST_LOOK_TAG, () => `<script>${inline.code}</script>`);
      },
    },
  };
  return { plugin, linked: (files) => (linkedFiles = files) };
}

const firstLook = inlineFirstLook();

export default defineConfig({
  // Relative URLs for every built file: the build runs from any static host and any sub-path (an embed in a
  // course page), and offline once loaded.
  base: './',
  plugins: [
    react(),
    prerenderFirstGraph(firstLook.linked),
    contentSecurityPolicy(),
    preloadPage(),
    inlineEntryStyles(),
    firstLook.plugin,
  ],
  // The simulation worker imports modules, so it is emitted as an ES module worker. Each worker bundle gets its
  // own plugin instances (a function), so only the simulation worker's loads models and schema on demand.
  worker: { format: 'es', plugins: () => [simWorkerOnDemand()] },
  build: {
    target: 'es2022',
    sourcemap: true,
    manifest: true,
  },
  preview: { port: 4173, strictPort: true },
  server: { port: 5173 },
});
