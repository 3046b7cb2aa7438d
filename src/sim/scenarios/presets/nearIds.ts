/**
 * The preset ids a mistyped one most likely meant, for the "no such preset" messages of the page and the CLI:
 * a link or a command that names `sloppy-quorum` should point at `sloppy-quorum-stale`, not only list every
 * id. Plain string work with no imports, so the page's first script can carry it.
 */

/** At most this many suggestions: more reads as the whole list again. */
const MAX_NEAR = 3;

/**
 * The ids near `typed`, best first, from the best of three tiers only: ids containing it or contained in it
 * (from three letters) or having all its words in any order, else ids sharing at least half of its words (a word matches an id's word equal to it, or
 * one it begins, from four letters), else ids within a small edit distance (two edits, or a quarter of its
 * length if longer). Within a tier: more shared words, then fewer edits, then the order of `ids`.
 */
export function nearIds(typed: string, ids: readonly string[]): string[] {
  const text = typed.trim().toLowerCase();
  if (text === '') return [];
  const words = text.split(/[^a-z0-9]+/).filter((w) => w !== '');
  const maxEdits = Math.max(2, Math.floor(text.length / 4));
  const near: { id: string; rank: number; shared: number; edits: number; order: number }[] = [];
  ids.forEach((id, order) => {
    const idWords = id.split('-');
    const shared = words.filter((w) =>
      idWords.some((x) => x === w || (w.length >= 4 && x.startsWith(w))),
    ).length;
    const edits = editDistance(text, id);
    const contains = text.length >= 3 && (id.includes(text) || text.includes(id));
    const allWords = words.length >= 2 && shared === words.length;
    const rank = contains || allWords ? 0 : shared > 0 && 2 * shared >= words.length ? 1 : 2;
    if (rank < 2 || edits <= maxEdits) near.push({ id, rank, shared, edits, order });
  });
  near.sort((a, b) => a.rank - b.rank || b.shared - a.shared || a.edits - b.edits || a.order - b.order);
  return near
    .filter((n) => n.rank === near[0]?.rank)
    .slice(0, MAX_NEAR)
    .map((n) => n.id);
}

/** Levenshtein distance (insertions, deletions and substitutions of one character each). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitute = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(substitute, (previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** " Did you mean "a", "b" or "c"?" for a sentence's end, or "" when nothing is near. */
export function didYouMean(typed: string, ids: readonly string[]): string {
  const near = nearIds(typed, ids).map((id) => `"${id}"`);
  if (near.length === 0) return '';
  const list = near.length === 1 ? near[0] : `${near.slice(0, -1).join(', ')} or ${near.at(-1)}`;
  return ` Did you mean ${list}?`;
}
