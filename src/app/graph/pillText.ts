/**
 * Widths for the graph's pills (badges sized from their text), computed per character and over-estimated, so a
 * pill's text never touches its edge whatever the font the system picks: a pill is its text's width plus a
 * margin on each side, never a fixed or capped width that the text could outgrow. The graph is an SVG scaled to
 * the page, so the same widths hold at every page width.
 */

/**
 * A monospace text's width at `fontPx`: 0.62 em a character (DejaVu Sans Mono, Menlo, Consolas and Liberation
 * Mono are 0.55 to 0.61 em), and a full em for a character beyond Latin (✓, ⚠, …), which may come from a wider
 * fallback font.
 */
export function monoTextWidth(text: string, fontPx: number): number {
  let em = 0;
  for (const c of text) em += (c.codePointAt(0) ?? 0) < 0x250 ? 0.62 : 1;
  return em * fontPx;
}

/**
 * A proportional text's width at `fontPx` in a bold sans, by the class of each character (DejaVu Sans Bold's
 * widths, wider than the system's sans), rounded up.
 */
export function sansTextWidth(text: string, fontPx: number): number {
  let em = 0;
  for (const c of text) em += sansEm(c);
  return em * fontPx;
}

function sansEm(c: string): number {
  if ((c.codePointAt(0) ?? 0) >= 0x250) return 1;
  if (" .,:;!|'ijl".includes(c)) return 0.36;
  if ('frt()[]-/'.includes(c)) return 0.52;
  if ('mwMW%@'.includes(c)) return 1.1;
  if (c >= 'A' && c <= 'Z') return 0.86;
  return 0.72;
}

/** Room each side of a pill's text, in view units. */
export const PILL_MARGIN = 8;

/** A pill's width for a text of `textWidth`: the text and a margin on each side. */
export function pillWidth(textWidth: number, margin = PILL_MARGIN): number {
  return Math.ceil(textWidth + 2 * margin);
}
