/**
 * The first graph drawn at build time (vite.config.ts `prerenderFirstGraph`, in Node): the default preset's run is
 * loaded into the simulation worker's own host (worker/host.ts with worker/core.ts, as sim.worker.ts drives them),
 * the snapshot it posts first is taken (the run at simulated time 0, posted by `load` before any tick), and the
 * first paint's own functions (paint.ts: `frameHtml`, `topologyOf`, `computeLayout`, `graphSvg`) draw it into the
 * page's root. So a first visit to the page without a link draws exactly what the first paint would draw from the
 * worker's first snapshot, with the HTML itself, before any of the app's code has run (only public/first-look.js);
 * start.ts takes it over (`adoptPrerendered`) and React's first commit replaces it as it replaces the first paint.
 *
 * The markup is shown only when the page will open the default preset at time 0 on a screen wider than a phone's:
 * public/first-look.js (a blocking classic script in <head>, before the body is parsed) marks <html> with
 * `data-prerender="show"` when the address has no fragment and the screen is wide; the frame comes `hidden`, and
 * only under that mark does stage.css show it (no script, no stylesheet yet, a link, a phone: nothing rather than
 * a wrong picture).
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_PRESET_ID, PRESET_CATALOG } from '../../sim/scenarios/presets/catalog.ts';
import { getPreset } from '../../sim/scenarios/presets/index.ts';
import type { Scenario } from '../../sim/scenarios/schema.ts';
import { createSimCore } from '../../worker/core.ts';
import { SimHost } from '../../worker/host.ts';
import type { FromWorker, ViewSnapshot } from '../../worker/protocol.ts';
import { PRERENDERED } from './marks.ts';
import { computeLayout, frameHtml, graphSvg, paintable, registerPainter, topologyOf } from './paint.ts';
import { leaderlessPainter } from './paintLeaderless.ts';
import { multiLeaderPainter } from './paintMultiLeader.ts';

// The build draws every model's presets: their painters at once (the page fetches one, for its run's model).
registerPainter('multi-leader', multiLeaderPainter);
registerPainter('leaderless', leaderlessPainter);

/** The empty root of index.html, which the prerendered graph fills. */
const EMPTY_ROOT = '<div id="root"></div>';

/**
 * The snapshot the simulation worker posts first for a preset's run, as the page asks for it (`loadPreset`, played
 * at once): its host is given the scenario and never ticks, so what it posts is what `load` posts.
 */
export function firstSnapshot(presetId: string): ViewSnapshot {
  return firstRun(presetId).snapshot;
}

/**
 * The run's first snapshot with the scenario the worker posts before it (`load`'s `scenario` reply, which the
 * page's store holds when the snapshot comes: the multi-leader graph places clients by it).
 */
export function firstRun(presetId: string): { readonly snapshot: ViewSnapshot; readonly scenario: Scenario } {
  const scenario = getPreset(presetId)?.scenario;
  if (!scenario) throw new Error(`prerender: there is no preset called "${presetId}"`);
  const posts: FromWorker[] = [];
  const host = new SimHost({
    post: (message) => posts.push(message),
    createSim: createSimCore,
    now: () => 0,
    schedule: () => () => {},
  });
  host.handle({ type: 'load', epoch: 1, scenario, seekToUs: null, play: true });
  const first = posts.find((m) => m.type === 'snapshot');
  if (first?.type !== 'snapshot') throw new Error(`prerender: the run of "${presetId}" posted no snapshot`);
  const posted = posts.find((m) => m.type === 'scenario');
  if (posted?.type !== 'scenario') throw new Error(`prerender: the run of "${presetId}" posted no scenario`);
  return { snapshot: first.snapshot, scenario: posted.scenario };
}

/**
 * The stylesheets a model's graph needs beyond the entry's (which the built page carries inline): its page
 * record's, which the page loads with the model's chunk. A prerendered graph of that model carries it inline
 * (the graph shows before any chunk has come); React's page, which replaces it, has the chunk's own by then.
 */
const MODEL_STYLES: Readonly<Record<string, string>> = {
  'multi-leader': '../models/multi-leader/multileader.css',
  leaderless: '../models/leaderless/leaderless.css',
};

/** The model's own stylesheet, comments and indentation left out, for a <style> of the prerendered frame. */
export function modelStyle(model: string): string {
  const file = MODEL_STYLES[model];
  if (!file) return '';
  const css = readFileSync(new URL(file, import.meta.url), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\n\s*/g, '\n')
    .trim();
  if (/url\(|<\/style/i.test(css)) throw new Error(`prerender: ${file} cannot be inlined (url( or </style)`);
  return css;
}

/**
 * The first paint's frame with its graph drawn from `snapshot` (and the run's `scenario`), marked as prerendered
 * for `presetId`, with the model's own stylesheet inline (modelStyle) where the entry's does not cover it.
 */
export function prerenderedHtml(
  presetId: string,
  snapshot: ViewSnapshot,
  scenario: Scenario | null = null,
): string {
  if (!paintable(snapshot, presetId, false))
    throw new Error(`prerender: the first paint cannot draw the first snapshot of "${presetId}"`);
  // A candidate's ring pulses or not by the reader's motion preference, which the build cannot know.
  if (snapshot.nodes.some((n) => n.role === 'candidate' && n.up))
    throw new Error(`prerender: the first snapshot of "${presetId}" has a candidate`);
  const input = topologyOf(snapshot, scenario);
  const graph = graphSvg(snapshot, computeLayout(input), input.leader);
  const frame = frameHtml(presetId, snapshot);
  const open = '<div class="app first-paint"';
  const emptyGraph = '<div class="graph"></div>';
  if (!frame.startsWith(open) || !frame.includes(emptyGraph))
    throw new Error('prerender: the first paint’s frame is not the one expected');
  const css = modelStyle(snapshot.view.model);
  const style = css ? `<style>${css}</style>` : '';
  // Replaced by functions: a `$` in the markup is text, not a replacement pattern.
  return frame
    .replace(open, () => `${open} ${PRERENDERED}="${presetId}" hidden`)
    .replace('<header', () => `${style}<header`)
    .replace(emptyGraph, () => `<div class="graph">${graph}</div>`);
}

/** index.html with the default preset's first graph in its root. */
export function prerenderIndex(html: string, presetId = DEFAULT_PRESET_ID): string {
  if (!html.includes(EMPTY_ROOT)) throw new Error(`prerender: index.html has no empty ${EMPTY_ROOT}`);
  const run = firstRun(presetId);
  const markup = prerenderedHtml(presetId, run.snapshot, run.scenario);
  return html.replace(EMPTY_ROOT, () => `<div id="root">${markup}</div>`);
}

/** The folder where the build puts the linked presets' prerendered first graphs, relative to the page. */
export const LINKED_DIR = 'first-graph';

/**
 * The first graphs of the presets a `#preset=<id>` link opens that the first paint can draw exactly (every model's
 * but the default preset, whose graph is in the HTML), each drawn as the default's is, by id: the build writes
 * each to `first-graph/<id>-<hash>.html`, which public/first-look.js fetches for such a link and puts into the
 * page's root (so the link's graph is drawn without waiting for the worker). A preset whose first snapshot the
 * painter would not draw (more nodes than it lays out, two sides, a sticky client, a candidate, a multi-leader run
 * without regions) has none: the live path draws it.
 */
export function prerenderLinks(): Map<string, string> {
  const links = new Map<string, string>();
  for (const { id } of PRESET_CATALOG) {
    if (id === DEFAULT_PRESET_ID) continue;
    const { snapshot, scenario } = firstRun(id);
    if (!paintable(snapshot, id, false) || snapshot.nodes.some((n) => n.role === 'candidate' && n.up))
      continue;
    links.set(id, prerenderedHtml(id, snapshot, scenario));
  }
  return links;
}
