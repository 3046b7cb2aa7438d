/**
 * Starts the first paint (paint.ts) from the entry, before React and the page have arrived: its code is fetched
 * at once (a small chunk beside the graph's layout, preloaded by the built page), and every snapshot the store
 * shows until React takes over is drawn into the page's root. `painted` resolves once the first graph is on the
 * screen (the frame that drew it has passed), at once when the painter will not draw this run (not a preset's
 * run, a phone's screen), when a snapshot comes that it cannot draw exactly, or after PAINT_WAIT_MS
 * whatever happened; the entry mounts React then, so React's work never delays the first graph. `handOver`
 * stops the painter: React's first commit replaces the painted page with its own, the same graph in the same
 * box. `shown` resolves with the first snapshot (or with `painted`, whichever is first): the entry fetches React's
 * page then, once the worker has fetched what the first snapshot needed, so the two never compete. A painted page
 * the painter can no longer draw exactly is taken down (nothing rather than a wrong picture).
 *
 * The root may already hold the default preset's first graph, prerendered into the HTML at build time
 * (prerender.ts): the painter takes it over as its own painted page when the page shows it (public/first-look.js
 * marked <html>) and the run is that preset's, and updates it in place; otherwise it is removed at once.
 */
import { getPreset } from '../../sim/scenarios/presets/catalog.ts';
import type { ViewSnapshot } from '../../worker/protocol.ts';
import { labStore } from '../store.ts';
import { PRERENDERED, SHOW_MARK } from './marks.ts';

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

/** A preset's run (of any model) on a screen wider than a phone's: what the painter may draw (else null). */
function paintedPreset(): string | null {
  const { source } = labStore.getState();
  if (source.kind !== 'preset' || matchMedia(NARROW).matches) return null;
  return getPreset(source.id) ? source.id : null;
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
 * Draws a snapshot into the root, laying the graph out again only when its input changed; false (and the root
 * emptied, if it was painted) when the painter cannot draw it exactly. `frame`: the preset whose frame the root
 * already holds (the prerendered one), if any.
 */
function createCanvas(root: HTMLElement, adopted: string | null) {
  let frame: string | null = adopted;
  let layoutKey = '';
  let layout: ReturnType<Painter['computeLayout']> | null = null;
  return (painter: Painter, snapshot: ViewSnapshot): boolean => {
    const presetId = paintedPreset();
    if (presetId === null || !painter.paintable(snapshot, presetId, false)) {
      if (frame !== null) root.replaceChildren();
      frame = null;
      return false;
    }
    if (frame !== presetId) {
      root.innerHTML = painter.frameHtml(presetId);
      frame = presetId;
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
}

export function startFirstPaint(root: HTMLElement): FirstPaint {
  let painted_: () => void = () => {};
  let shown_: () => void = () => {};
  const painted = new Promise<void>((resolve) => {
    painted_ = resolve;
  });
  const shown = new Promise<void>((resolve) => {
    shown_ = resolve;
  });
  const done = () => {
    shown_();
    painted_();
  };
  const timer = setTimeout(done, PAINT_WAIT_MS);
  const presetId = paintedPreset();
  const adopted = adoptPrerendered(root, presetId);
  if (presetId === null) {
    clearTimeout(timer);
    done();
    return { shown, painted, handOver: () => {} };
  }
  const paint = createCanvas(root, adopted);
  let painter: Painter | null = null;
  let handedOver = false;
  let drawn: unknown = null;
  const draw = () => {
    const { snapshot } = labStore.getState();
    if (handedOver || !painter || !snapshot || snapshot === drawn) return;
    drawn = snapshot;
    shown_();
    if (paint(painter, snapshot)) requestAnimationFrame(() => setTimeout(done, 0));
    else done();
  };
  const unsubscribe = labStore.subscribe(draw);
  // With the run's model's own painter, if it has one (a chunk fetched only for that model's runs).
  import('./paint.ts')
    .then((module) => module.painterReady(getPreset(presetId)?.model).then(() => module))
    .then(
      (module) => {
        painter = module;
        draw();
      },
      // Without the painter the page still comes, with React.
      done,
    );
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
