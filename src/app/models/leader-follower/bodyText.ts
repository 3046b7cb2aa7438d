/**
 * The words of a leader-follower card's body (how far the node applied its log, its term, its lag, what its
 * empty table says), shared by the React card (NodeBody.tsx) and the first paint (app/firstPaint/paint.ts), so
 * the graph drawn before React says exactly what React's says.
 *
 * The line must fit its card: the applied position and term on the left, the lag on the right. Numbers from
 * 10,000 up are written compactly (275875 -> 275.9k); if the line still does not fit, it gives up words, then the
 * term, then the applied position, in that order, until it does (`fits`, from an estimate of the card font's
 * widths). The card's tooltip keeps every full value (NodeBody.tsx, describeLeaderFollowerNode).
 */
import type { NodeView } from '../../../sim/types.ts';
import type { CardSize } from '../../graph/layout.ts';

export interface LeaderFollowerBodyText {
  readonly applied: string;
  readonly term: string;
  readonly lag: string;
  /**
   * The node is up and behind its leader, or holds entries its leader lacks (diverged): the lag is drawn as a
   * warning.
   */
  readonly behind: boolean;
  readonly empty: string;
}

/** A count as a card shows it: exact below 10,000; else 27.6k, 275.9k, 1.2M (one decimal, trailing .0 dropped). */
export function compactCount(n: number): string {
  if (!Number.isFinite(n) || Math.abs(n) < 10_000) return String(n);
  const units: [number, string][] = [
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [size, unit] of units) {
    const value = Math.round((n / size) * 10) / 10;
    if (Math.abs(value) >= 1 && (Math.abs(value) < 1000 || unit === 'G'))
      return `${String(value).replace(/\.0$/, '')}${unit}`;
  }
  return String(n);
}

/**
 * An over-estimate of a text's width at the card's 11 px font, in view units (measured with a wide sans, DejaVu
 * Sans, which fonts like system-ui's are narrower than); `bold` for the lag's weight.
 */
export function estimateWidth(text: string, bold = false): number {
  let width = 0;
  for (const c of text) {
    if (c === ' ' || c === '·') width += 3.6;
    else if (c === '.') width += bold ? 4.3 : 3.6;
    else if (c === '#' || c === '−' || c === '≠') width += 9.3;
    else if (c >= '0' && c <= '9') width += bold ? 7.7 : 7.1;
    else width += bold ? 7.2 : 6.4;
  }
  return width;
}

/** Room kept between the left words and the lag. */
const SPACING = 6;

/** Whether a line fits a card of `width` (its text runs from 10 in from the left edge to 10 in from the right). */
export function fits(line: Pick<LeaderFollowerBodyText, 'applied' | 'term' | 'lag'>, width: number): boolean {
  const left = estimateWidth(line.applied) + estimateWidth(line.term);
  return left + (line.lag ? SPACING + estimateWidth(line.lag, true) : 0) <= width - 20;
}

/** `deposed`: a leader a newer term has deposed (app/graph/deposed.ts) reads "stale leader", not "leader". */
export function leaderFollowerBodyText(
  node: NodeView,
  card: CardSize,
  deposed = false,
): LeaderFollowerBodyText | null {
  if (node.model !== 'leader-follower') return null;
  const { width: w, rows } = card;
  // A follower whose log holds entries the leader lacks is not in sync, however long its log: those entries are
  // discarded when it follows the leader (view.ts `divergedFrom`).
  const diverged = node.up ? (node.diverged ?? 0) : 0;
  const behind = (node.lag > 0 || diverged > 0) && node.up;
  const lagCount = compactCount(node.lag);
  const divergedCount = compactCount(diverged);
  const status = !node.up
    ? 'down'
    : node.role === 'leader'
      ? deposed
        ? 'stale leader'
        : 'leader'
      : node.role === 'candidate'
        ? 'electing'
        : null;
  const applied = compactCount(node.appliedIndex);
  const log = compactCount(node.logLength);
  const term = compactCount(node.term);
  const empty = node.up
    ? 'no data yet'
    : node.logLength > 0
      ? w > 180
        ? 'memory lost, log kept'
        : 'memory lost'
      : w > 180
        ? 'memory lost, no log on disk'
        : 'nothing on disk';
  // From the fullest line to the barest; the first that fits is shown.
  const lagWords =
    status ??
    (diverged > 0 ? `diverged: ${divergedCount} to discard` : behind ? `${lagCount} behind` : 'in sync');
  const lagShort =
    status ?? (diverged > 0 ? `diverged ${divergedCount}` : behind ? `lag ${lagCount}` : 'in sync');
  const lagBare =
    (status === 'stale leader' ? 'stale' : status) ??
    (diverged > 0 ? `≠${divergedCount}` : behind ? `−${lagCount}` : 'in sync');
  const appliedWords = !node.up
    ? `log ${log}${rows > 0 ? ' on disk' : ''}`
    : rows > 0
      ? `applied #${applied}`
      : `#${applied}`;
  const appliedShort = !node.up ? `log ${log}` : `#${applied}`;
  const termWords = rows > 0 ? ` · term ${term}` : ` t${term}`;
  const termShort = ` t${term}`;
  const lines = [
    { applied: appliedWords, term: termWords, lag: lagWords },
    { applied: appliedShort, term: termWords, lag: lagWords },
    { applied: appliedShort, term: termShort, lag: lagWords },
    { applied: appliedShort, term: termShort, lag: lagShort },
    { applied: appliedShort, term: '', lag: lagShort },
    { applied: appliedShort, term: '', lag: lagBare },
    { applied: '', term: '', lag: lagBare },
  ];
  const line = lines.find((l) => fits(l, w)) ?? (lines[lines.length - 1] as (typeof lines)[number]);
  return { ...line, behind, empty };
}
