/**
 * Starts the first paint (paint.ts) from the entry, before React and the page have arrived: its code is fetched
 * at once (a small chunk beside the graph's layout, preloaded by the built page), and every snapshot the store
 * shows until React takes over is drawn into the page's root. `handOver` stops it: React's first commit then
 * replaces the painted page with its own, drawing the same graph in the same box. What the painter cannot draw
 * exactly (`paintable`) it leaves to React, and a painted page it can no longer draw exactly is taken down
 * (nothing rather than a wrong picture).
 */
import { labStore } from '../store.ts';

type Painter = typeof import('./paint.ts');

const NARROW = '(max-width: 600px)';

export function startFirstPaint(root: HTMLElement): () => void {
  let painter: Painter | null = null;
  let handedOver = false;
  let frame: string | null = null;
  let layoutKey = '';
  let layout: ReturnType<Painter['computeLayout']> | null = null;
  let drawn: unknown = null;
  const draw = () => {
    const { snapshot, source } = labStore.getState();
    if (handedOver || !painter || !snapshot || snapshot === drawn) return;
    drawn = snapshot;
    const presetId = source.kind === 'preset' ? source.id : null;
    if (presetId === null || !painter.paintable(snapshot, presetId, matchMedia(NARROW).matches)) {
      if (frame !== null) root.replaceChildren();
      frame = null;
      return;
    }
    if (frame !== presetId) {
      root.innerHTML = painter.frameHtml(presetId);
      frame = presetId;
    }
    const input = painter.topologyOf(snapshot);
    const key = JSON.stringify(input);
    if (key !== layoutKey || !layout) {
      layout = painter.computeLayout(input);
      layoutKey = key;
    }
    const graph = root.querySelector('.graph');
    if (graph) graph.innerHTML = painter.graphSvg(snapshot, layout, input.leader);
  };
  const unsubscribe = labStore.subscribe(draw);
  import('./paint.ts').then(
    (module) => {
      painter = module;
      draw();
    },
    // Without the painter the page still comes, with React.
    () => {},
  );
  return () => {
    handedOver = true;
    unsubscribe();
  };
}
