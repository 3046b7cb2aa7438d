/**
 * The value an auto-increment write takes where it lands: the highest number among the values that node holds of
 * the key, plus one (a value that is no number counts as 0). A leader-follower leader holds one value; a
 * multi-leader leader or a leaderless coordinator may hold siblings, and knows only what has reached it, so two of
 * them that have not seen each other's writes hand out the same id (the duplicate ids the checker reports).
 */
export function nextId(values: Iterable<string | null | undefined>): string {
  let highest = 0;
  for (const v of values) highest = Math.max(highest, Number.parseInt(v ?? '0', 10) || 0);
  return String(highest + 1);
}
