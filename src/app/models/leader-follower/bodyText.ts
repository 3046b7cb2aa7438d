/**
 * The words of a leader-follower card's body (how far the node applied its log, its term, its lag, what its
 * empty table says), shared by the React card (NodeBody.tsx) and the first paint (app/firstPaint/paint.ts), so
 * the graph drawn before React says exactly what React's says.
 */
import type { NodeView } from '../../../sim/types.ts';
import type { CardSize } from '../../graph/layout.ts';

export interface LeaderFollowerBodyText {
  readonly applied: string;
  readonly term: string;
  readonly lag: string;
  /** The node is up and behind its leader (the lag is drawn as a warning). */
  readonly behind: boolean;
  readonly empty: string;
}

export function leaderFollowerBodyText(node: NodeView, card: CardSize): LeaderFollowerBodyText | null {
  if (node.model !== 'leader-follower') return null;
  const { width: w, rows } = card;
  const behind = node.lag > 0 && node.up;
  const lag = !node.up
    ? 'down'
    : node.role === 'leader'
      ? 'leader'
      : node.role === 'candidate'
        ? 'electing'
        : behind
          ? `${node.lag} behind`
          : 'in sync';
  const applied = !node.up
    ? `log ${node.logLength}${rows > 0 ? ' on disk' : ''}`
    : rows > 0
      ? `applied #${node.appliedIndex}`
      : `#${node.appliedIndex}`;
  const empty = node.up
    ? 'no data yet'
    : node.logLength > 0
      ? w > 180
        ? 'memory lost, log kept'
        : 'memory lost'
      : w > 180
        ? 'memory lost, no log on disk'
        : 'nothing on disk';
  return { applied, term: rows > 0 ? ` · term ${node.term}` : ` t${node.term}`, lag, behind, empty };
}
