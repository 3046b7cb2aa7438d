/**
 * Where a multi-leader card's body puts what it shows, and what: its edges, the rows of keys that fit, the
 * conflicts it detected, where it stands (leader, follows whom, down). MultiLeaderNodeBody draws from it, and the
 * first paint (firstPaint/paintMultiLeader.ts) as it does.
 */
import type { NodeView } from '../../../sim/types.ts';
import type { CardSize } from '../../graph/layout.ts';

export function mlBodyLayout(node: NodeView, card: CardSize) {
  const { width: w, height: h, rows } = card;
  const upstream = node.model === 'multi-leader' ? node.upstream : null;
  const where = node.role === 'leader' ? 'leader' : upstream ? `follows ${upstream}` : node.role;
  const shown = node.data.slice(0, rows);
  return {
    w,
    rows,
    left: -w / 2 + 10,
    right: w / 2 - 10,
    top: -h / 2 + 26,
    conflicts: node.data.reduce((sum, kv) => sum + (kv.conflicts ?? 0), 0),
    shown,
    hidden: node.data.length - shown.length,
    /** The line under the name: region and role, or down. */
    meta: `${node.region ? `${node.region} · ` : ''}${node.up ? where : 'down'}`,
    chars: Math.floor((w - 20) / 6.6),
  };
}
