/**
 * Font warm-up: the first time a page lays out text in a face it has not used yet (a family at a weight and
 * style, at a size), the browser asks the system for it, which can take several milliseconds, and more on a slow
 * CPU. A playing run shows faces the paused page had not: the node bodies' bold monospace values, the anomaly
 * strip's counts, a stale read's pill and badge. In a Chromium trace of the default scenario at 4x CPU slowdown,
 * the frame the first anomaly appeared in spent 17 ms of its layout in the font cache (Liberation Mono, DejaVu
 * Sans). Laying out a sample of each face once, hidden, while the page is idle after its first graph moves that
 * cost out of the frames that show the run.
 *
 * Nothing is shown: the samples sit in an invisible, size-contained box, a few sizes of one face per idle task
 * (a task of every size at once took over 100 ms at 4x on a loaded machine), and the box is removed once every
 * face has been laid out.
 */

/** The stacks the page's styles use (styles/theme.css `--font` and `--mono`). */
const FAMILIES = ['var(--font)', 'var(--mono)'] as const;
/** The weights the stylesheets set, upright; and the one italic they use. */
const WEIGHTS = [400, 500, 600, 700, 800] as const;
const ITALIC_WEIGHTS = [400] as const;
/**
 * The text sizes the stylesheets set, in px (0.78, 0.8, 0.85 and 0.9rem among them); text in the graph's SVG is
 * drawn at its view box's scale, which no list can hold.
 */
const SIZES = [
  8.5, 9, 9.5, 10, 10.5, 11, 11.5, 12, 12.48, 12.5, 12.8, 13, 13.5, 13.6, 14, 14.4, 15, 16,
] as const;
/** Sizes laid out per idle task: each new size of a face is a request to the system (about 1-2 ms at 4x CPU). */
const SIZES_PER_TASK = 6;
/** Latin letters and digits, and the typographic symbols the views write. */
export const SAMPLE_TEXT = 'Aa0 …–·’“”—−→←×°µ≤';

export interface Face {
  readonly family: string;
  readonly weight: number;
  readonly style: string;
}

/** One idle task's work: a face at a few sizes. */
export interface WarmupStep {
  readonly face: Face;
  readonly sizes: readonly number[];
}

/** Every face to warm. */
export function warmupFaces(): Face[] {
  const faces: Face[] = [];
  for (const family of FAMILIES) {
    for (const weight of WEIGHTS) faces.push({ family, weight, style: 'normal' });
    for (const weight of ITALIC_WEIGHTS) faces.push({ family, weight, style: 'italic' });
  }
  return faces;
}

/** The idle tasks: every face at every size, a few sizes at a time. */
export function warmupSteps(): WarmupStep[] {
  const steps: WarmupStep[] = [];
  for (const face of warmupFaces())
    for (let i = 0; i < SIZES.length; i += SIZES_PER_TASK)
      steps.push({ face, sizes: SIZES.slice(i, i + SIZES_PER_TASK) });
  return steps;
}

/** The samples of one step: a line per size, in the step's face. */
export function stepSamples(doc: Document, step: WarmupStep): HTMLElement {
  const { face } = step;
  const group = doc.createElement('div');
  group.style.font = `${face.style} ${face.weight} 12px ${face.family}`;
  for (const size of step.sizes) {
    const line = doc.createElement('div');
    line.style.fontSize = `${size}px`;
    line.textContent = SAMPLE_TEXT;
    group.append(line);
  }
  return group;
}

export interface WarmupOptions {
  /** Runs `fn` when the page is idle (requestIdleCallback, else a timer). */
  readonly idle?: (fn: () => void) => void;
}

const whenIdle = (fn: () => void): void => {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(() => fn(), { timeout: 1000 });
  else setTimeout(fn, 16);
};

let started = false;

/**
 * Lays out a sample of every face at every size, a few sizes of one face per idle task, in a hidden box under `doc.body`, then removes the
 * box. Once per page; resolves when done.
 */
export function warmFonts(doc: Document = document, options: WarmupOptions = {}): Promise<void> {
  if (started) return Promise.resolve();
  started = true;
  const idle = options.idle ?? whenIdle;
  const box = doc.createElement('div');
  box.setAttribute('aria-hidden', 'true');
  box.className = 'font-warmup';
  // Out of the way and out of sight, and its own layout root (size containment): laying it out touches nothing
  // else on the page.
  box.style.cssText =
    'position:absolute;top:0;left:0;width:1px;height:1px;overflow:hidden;visibility:hidden;pointer-events:none;' +
    'contain:strict;white-space:nowrap;';
  const steps = warmupSteps();
  return new Promise((resolve) => {
    let next = 0;
    const step = () => {
      const todo = steps[next++];
      if (!todo) {
        box.remove();
        resolve();
        return;
      }
      if (!box.isConnected) doc.body.append(box);
      box.replaceChildren(stepSamples(doc, todo));
      // Laid out now, in this idle task, rather than in the next frame's.
      void box.firstElementChild?.getBoundingClientRect();
      idle(step);
    };
    idle(step);
  });
}

/** Tests: warm again in a fresh document. */
export function resetFontWarmupForTests(): void {
  started = false;
}
