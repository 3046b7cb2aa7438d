/**
 * On a narrow screen the caption is a sheet fixed to the bottom of the screen (story.css), meant to leave the
 * nodes it rings uncovered; but a page opened at its top, with the preset's intro and a banner above the graph,
 * puts the graph's lower nodes under the sheet. At stale-leader-reads' anomaly on a 390x844 phone the sheet hid
 * db1, the stale leader the caption names, entirely. So at each stop the page scrolls down just enough to bring
 * the rings above the sheet, never so far that the topmost ring leaves the screen's top. It only ever scrolls
 * down to rings under the sheet: a reader scrolled away to the tabs below, whose rings are above the screen, is
 * left where they are.
 */
import { type RefObject, useLayoutEffect } from 'react';

/** story.css's breakpoint for the sheet. */
const SHEET_QUERY = '(max-width: 760px)';
/** Room left between a ring and the sheet, or the screen's top, in CSS pixels. */
const MARGIN = 8;

/**
 * `stop` is the moments stopped at (null while playing), `layout` the graph's: a stop at an election lays the
 * graph out anew (the new leader moves up) a render after the caption appears, and the rings move with it.
 */
export function useRingsAboveSheet(
  layer: RefObject<HTMLElement | null>,
  stop: unknown,
  layout: unknown,
): void {
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new layout is a trigger (the rings moved), not a read.
  useLayoutEffect(() => {
    const host = layer.current;
    if (!stop || !host || !window.matchMedia?.(SHEET_QUERY).matches) return;
    const sheet = host.querySelector('[data-testid="story-caption"]');
    const rings = host.querySelectorAll('[data-testid="moment-ring"]');
    if (!sheet || rings.length === 0) return;
    let top = Number.POSITIVE_INFINITY;
    let bottom = Number.NEGATIVE_INFINITY;
    for (const ring of rings) {
      const box = ring.getBoundingClientRect();
      top = Math.min(top, box.top);
      bottom = Math.max(bottom, box.bottom);
    }
    const by = Math.min(bottom + MARGIN - sheet.getBoundingClientRect().top, top - MARGIN);
    if (by > 0) window.scrollBy(0, by);
  }, [layer, stop, layout]);
}
