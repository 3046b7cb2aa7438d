/**
 * A count and its noun, singular for one: "1 key", "2 keys", "0 smaller cases"; a parenthesis stays after the
 * noun ("setQuorum actions (leaderless only)"). Apart from translate.ts, which the page's first chunks do not
 * load, so the page's cards and controls can use it too.
 */
export function plural(count: number, noun: string): string {
  if (count === 1) return `1 ${noun}`;
  // "setQuorum action (leaderless only)" -> "setQuorum actions (leaderless only)"
  const at = noun.indexOf(' (');
  const head = at >= 0 ? noun.slice(0, at) : noun;
  const tail = at >= 0 ? noun.slice(at) : '';
  return `${count} ${head}s${tail}`;
}
