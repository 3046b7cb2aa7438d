/**
 * The fallbacks standing in for `key`'s home replicas, by node (the replica each stands in for): those in a
 * quorum still under way, and those holding hints of the key. RingLayer outlines them, and the first paint
 * (firstPaint/paintLeaderless.ts) as it does.
 */
import type { LeaderlessView } from '../../../sim/types.ts';

export function keyFallbacks(
  view: Pick<LeaderlessView, 'quorums' | 'hints'>,
  key: string,
): Map<string, string> {
  const fallbacks = new Map<string, string>();
  for (const q of view.quorums)
    if (q.key === key && (q.status === 'waiting' || q.status === 'repairing'))
      for (const f of q.fallbacks) fallbacks.set(f.node, f.for);
  for (const h of view.hints)
    for (const hint of h.hints) if (hint.keys.includes(key)) fallbacks.set(h.node, hint.for);
  return fallbacks;
}
