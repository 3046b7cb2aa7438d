/**
 * Starts the first paint (paint.ts) from the entry, before React and the page have arrived: its code is fetched
 * at once (a small chunk beside the graph's layout, preloaded by the built page), and every snapshot the store
 * shows until React takes over is drawn into the page's root: a preset's run, or a shared run's (a `#s=` link,
 * which the worker reads: its intro is the scenario's own name and description, as React's). `painted` resolves
 * once the first graph is on the screen (the frame that drew it has passed), at once when the painter will not
 * draw this run (a link to no run, a phone's screen), when a snapshot comes that it cannot draw exactly, or after PAINT_WAIT_MS
 * whatever happened; the entry mounts React then, so React's work never delays the first graph. `handOver`
 * stops the painter: React's first commit replaces the painted page with its own, the same graph in the same
 * box. `shown` resolves with the first snapshot (or with `painted`, whichever is first): the entry fetches React's
 * page then, once the worker has fetched what the first snapshot needed, so the two never compete. A painted page
 * the painter can no longer draw exactly is taken down (nothing rather than a wrong picture).
 *
 * The root may already hold the default preset's first graph, prerendered into the HTML at build time
 * (prerender.ts): the painter takes it over as its own painted page when the page shows it (public/first-look.js
 * marked <html>) and the run is that preset's, and updates it in place; otherwise it is removed at once. For a
 * shared run, the root may hold (or be given, while the painter has drawn nothing) the run's first frame drawn by
 * the simulation worker (src/worker/firstFrame.ts), which public/first-look.js places: the painter draws over it
 * as over its own painted page.
 */
import { runOfFragment } from '../../codec/fragment.ts';
import { MODELS } from '../../sim/scenarios/constants.ts';
import { getPreset } from '../../sim/scenarios/presets/catalog.ts';
import type { ViewSnapshot } from '../../worker/protocol.ts';
import { labStore } from '../store.ts';
import { FIRST_FRAME, FIRST_LOOK_FRAME, PRERENDERED, SHOW_MARK } from './marks.ts';
import type { FrameIntro } from './paint.ts';

type Painter = typeof import('./paint.ts');

const NARROW = '(max-width: 600px)';
/** How long React waits for the first paint at most (a worker that never answers must not hold the page). */
export const PAINT_WAIT_MS = 3000;

export interface FirstPaint {
  /** The worker's first snapshot is here (or the painter will not draw): time to fetch React's page. */
  readonly shown: Promise<void>;
  readonly painted: Promise<void>;
  readonly handOver: () => void;
}

/**
 * What the painter may draw now (else null): on a screen wider than a phone's, the store's run, a preset's (by its
 * id) or, once the worker has read it, a shared run's scenario (by its own name and description).
 */
function paintedIntro(): FrameIntro | null {
  if (matchMedia(NARROW).matches) return null;
  const { source, scenario } = labStore.getState();
  if (source.kind === 'preset') return getPreset(source.id) ? source.id : null;
  return scenario ? { name: scenario.name, description: scenario.description ?? '' } : null;
}

/** Whether the page opened with a link to a shared run (`#s=`): its run is known once the worker has read it. */
function opensSharedRun(): boolean {
  const run = runOfFragment(location.hash);
  return run.kind === 'other' && !matchMedia(NARROW).matches;
}

/**
 * The preset whose prerendered first graph the root holds, when it is `presetId`'s and the page shows it; any
 * other prerendered graph is removed from the root at once, so it can never show. Null when none is kept.
 */
export function adoptPrerendered(root: HTMLElement, presetId: string | null): string | null {
  const prerendered = root.querySelector(`[${PRERENDERED}]`);
  if (!prerendered) return null;
  const shown = document.documentElement.dataset[SHOW_MARK.attribute] === SHOW_MARK.value;
  if (shown && presetId !== null && prerendered.getAttribute(PRERENDERED) === presetId) return presetId;
  root.replaceChildren();
  return null;
}

/**
 * The shared run's first frame the simulation worker drew (src/worker/firstFrame.ts), which public/first-look.js
 * put into the root before the entry ran, or hands over with window.__firstFrame when it comes later: `take` is
 * called with its markup (once, if it comes). Nothing outside a page whose first-look script asked for one.
 */
function takeFirstFrame(take: (html: string) => void): void {
  const scope = globalThis as Record<string, unknown>;
  const taker = scope[FIRST_LOOK_FRAME];
  delete scope[FIRST_LOOK_FRAME];
  if (typeof taker === 'function') taker(take);
}

/** The canvas's frame when it holds the worker's first frame (its intro is the run's, not yet known here). */
const WORKERS_FRAME = '(the worker’s first frame)';

/**
 * Draws a snapshot into the root, laying the graph out again only when its input changed; false (and the root
 * emptied, if it was painted) when the painter cannot draw it exactly. `adopted`: the preset whose frame the root
 * already holds (the prerendered one), if any. `early` puts the worker's first frame of a shared run in the root
 * while the canvas has drawn nothing (the painter draws over it, or takes it down, as its own).
 */
export function createCanvas(root: HTMLElement, adopted: string | null) {
  let frame: string | null = adopted ?? (root.querySelector(`[${FIRST_FRAME}]`) ? WORKERS_FRAME : null);
  let layoutKey = '';
  let layout: ReturnType<Painter['computeLayout']> | null = null;
  let drawn = false;
  const early = (html: string): void => {
    if (drawn || frame !== null || root.firstElementChild) return;
    root.innerHTML = html;
    frame = WORKERS_FRAME;
  };
  const paint = (painter: Painter, snapshot: ViewSnapshot): boolean => {
    drawn = true;
    const intro = paintedIntro();
    if (intro === null || !painter.paintable(snapshot, intro, false)) {
      if (frame !== null) root.replaceChildren();
      frame = null;
      return false;
    }
    const frameKey = typeof intro === 'string' ? intro : JSON.stringify(intro);
    if (frame !== frameKey) {
      root.innerHTML = painter.frameHtml(intro, snapshot);
      frame = frameKey;
    }
    const input = painter.topologyOf(snapshot, labStore.getState().scenario);
    const key = JSON.stringify(input);
    if (key !== layoutKey || !layout) {
      layout = painter.computeLayout(input);
      layoutKey = key;
    }
    painter.drawGraph(root, snapshot, layout, input);
    return true;
  };
  return { paint, early };
}

/** The first paint's two promises (`FirstPaint`), with what settles them: `show` one, `done` both. */
function firstPaintPromises() {
  let painted_: () => void = () => {};
  let show: () => void = () => {};
  const painted = new Promise<void>((resolve) => {
    painted_ = resolve;
  });
  const shown = new Promise<void>((resolve) => {
    show = resolve;
  });
  const done = () => {
    show();
    painted_();
  };
  return { shown, painted, show, done };
}

export function startFirstPaint(root: HTMLElement): FirstPaint {
  const { shown, painted, show: shown_, done } = firstPaintPromises();
  const timer = setTimeout(done, PAINT_WAIT_MS);
  const intro = paintedIntro();
  const presetId = typeof intro === 'string' ? intro : null;
  const adopted = adoptPrerendered(root, presetId);
  // A preset's run, or a shared run the worker is reading: anything else (a link to no run, a phone) goes to React.
  if (intro === null && !opensSharedRun()) {
    clearTimeout(timer);
    done();
    return { shown, painted, handOver: () => {} };
  }
  const canvas = createCanvas(root, adopted);
  let painter: Painter | null = null;
  let handedOver = false;
  // A shared run's first frame the worker drew, if it comes while nothing is drawn.
  if (presetId === null)
    takeFirstFrame((html) => {
      if (!handedOver) canvas.early(html);
    });
  let drawn: unknown = null;
  // Each model's own painter, fetched once its run's model is known (a preset's at once, a shared run's once read).
  const models = new Map<string, boolean>();
  const want = (module: Painter, model: string) => {
    if (models.has(model)) return;
    models.set(model, false);
    // Without the painter the page still comes, with React.
    module.painterReady(model).then(() => {
      models.set(model, true);
      draw();
    }, done);
  };
  const draw = () => {
    const { snapshot, scenario } = labStore.getState();
    if (handedOver || !painter) return;
    if (scenario) want(painter, scenario.model);
    if (!snapshot || snapshot === drawn || !models.get(snapshot.view.model)) return;
    drawn = snapshot;
    shown_();
    if (canvas.paint(painter, snapshot)) requestAnimationFrame(() => setTimeout(done, 0));
    else done();
  };
  const unsubscribe = labStore.subscribe(draw);
  import('./paint.ts').then((module) => {
    painter = module;
    // A shared run's model is known once the worker has read it: every model's painter is fetched meanwhile.
    for (const model of presetId === null ? MODELS : [getPreset(presetId)?.model ?? 'leader-follower'])
      want(module, model);
    draw();
  }, done);
  return {
    shown,
    painted,
    handOver: () => {
      handedOver = true;
      clearTimeout(timer);
      unsubscribe();
    },
  };
}
