/**
 * The first graph drawn at build time (vite.config.ts `prerenderFirstGraph`, in Node): the snapshot the simulation
 * worker's host posts first for the default preset's run is taken (the run at simulated time 0, posted by `load`
 * before any tick: worker/firstRun.ts packs it from the run's Simulation as worker/core.ts makes it, and
 * tests/unit/firstFrame.test.ts holds it equal to the host's), and the first paint's own functions (paint.ts:
 * `frameHtml`, `topologyOf`, `computeLayout`, `graphSvg`) draw it into the page's root. So a first visit to the page without a link draws exactly what the first paint would draw from the
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
import { type FirstRun, firstRunOf } from '../../worker/firstRun.ts';
import type { ViewSnapshot } from '../../worker/protocol.ts';
import { compactStyle, framedGraphHtml } from './framed.ts';
import { PRERENDERED } from './marks.ts';
import { paintable, registerPainter } from './paint.ts';
import { leaderlessPainter } from './paintLeaderless.ts';
import { multiLeaderPainter } from './paintMultiLeader.ts';

// The build draws every model's presets: their painters at once (the page fetches one, for its run's model).
registerPainter('multi-leader', multiLeaderPainter);
registerPainter('leaderless', leaderlessPainter);

/** The empty root of index.html, which the prerendered graph fills. */
const EMPTY_ROOT = '<div id="root"></div>';

/**
 * The snapshot the simulation worker posts first for a preset's run, as the page asks for it (`loadPreset`, played
 * at once): what `load` posts (worker/firstRun.ts).
 */
export function firstSnapshot(presetId: string): ViewSnapshot {
  return firstRun(presetId).snapshot;
}

/**
 * The run's first snapshot with the scenario the worker posts before it (`load`'s `scenario` reply, which the
 * page's store holds when the snapshot comes: the multi-leader graph places clients by it).
 */
export function firstRun(presetId: string): FirstRun {
  const scenario = getPreset(presetId)?.scenario;
  if (!scenario) throw new Error(`prerender: there is no preset called "${presetId}"`);
  return firstRunOf(scenario);
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
  const css = compactStyle(readFileSync(new URL(file, import.meta.url), 'utf8'));
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
  const html = framedGraphHtml(presetId, snapshot, scenario, {
    attributes: `${PRERENDERED}="${presetId}" hidden`,
    css: modelStyle(snapshot.view.model),
  });
  if (html === null) throw new Error(`prerender: the first snapshot of "${presetId}" was not drawn`);
  return html;
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
