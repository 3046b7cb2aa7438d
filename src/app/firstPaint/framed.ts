/**
 * The first paint's frame with its graph drawn in, as one piece of markup, away from the page: the build's
 * prerendered graphs (prerender.ts) and a shared run's first frame, drawn by the simulation worker before the
 * page's entry has arrived (src/worker/firstFrame.ts), are made here, by the first paint's own functions
 * (paint.ts), so they are what the first paint would draw from the same snapshot and what React then draws.
 * No DOM: the caller puts the markup in the page.
 */
import type { Scenario } from '../../sim/scenarios/schema.ts';
import type { ViewSnapshot } from '../../worker/protocol.ts';
import { computeLayout, type FrameIntro, frameHtml, graphSvg, paintable, topologyOf } from './paint.ts';

/** The frame's opening, which `attributes` are added to. */
const OPEN = '<div class="app first-paint"';
const EMPTY_GRAPH = '<div class="graph"></div>';

/**
 * The frame of `intro` with the graph of `snapshot` (and the run's `scenario`, which the multi-leader graph places
 * clients by), `attributes` (markup, already escaped) on its outer element and `css` (the model's own stylesheet,
 * where the page's does not cover it) in a <style> before its header; null when the first paint would not draw
 * this snapshot exactly on a wide screen (`paintable`), or it has a candidate up (whose ring pulses or not by the
 * reader's motion preference, which markup made away from the page cannot know).
 */
export function framedGraphHtml(
  intro: FrameIntro,
  snapshot: ViewSnapshot,
  scenario: Scenario | null,
  { attributes = '', css = '' }: { readonly attributes?: string; readonly css?: string } = {},
): string | null {
  if (!paintable(snapshot, intro, false)) return null;
  if (snapshot.nodes.some((n) => n.role === 'candidate' && n.up)) return null;
  const input = topologyOf(snapshot, scenario);
  const graph = graphSvg(snapshot, computeLayout(input), input.leader);
  const frame = frameHtml(intro, snapshot);
  if (!frame.startsWith(OPEN) || !frame.includes(EMPTY_GRAPH))
    throw new Error('the first paint’s frame is not the one expected');
  if (/<\/style/i.test(css)) throw new Error('a stylesheet with </style cannot go in the frame');
  const style = css ? `<style>${css}</style>` : '';
  // Replaced by functions: a `$` in the markup is text, not a replacement pattern.
  return frame
    .replace(OPEN, () => (attributes ? `${OPEN} ${attributes}` : OPEN))
    .replace('<header', () => `${style}<header`)
    .replace(EMPTY_GRAPH, () => `<div class="graph">${graph}</div>`);
}

/** A stylesheet for a frame's <style>: its comments and indentation left out. */
export function compactStyle(css: string): string {
  return css
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\n\s*/g, '\n')
    .trim();
}
