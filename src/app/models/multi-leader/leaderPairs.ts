/** Which leaders exchange changes directly: pure, shared by the graph (RegionLayer.tsx) and the first paint. */
import type { NodeId } from '../../../sim/types.ts';

/** Which pairs of leaders exchange changes directly under each topology. */
export function leaderPairs(
  leaders: readonly NodeId[],
  topology: string,
  hub: NodeId | null,
): [NodeId, NodeId][] {
  if (leaders.length < 2) return [];
  if (topology === 'circular')
    return leaders.length === 2
      ? [[leaders[0] as NodeId, leaders[1] as NodeId]]
      : leaders.map((l, i) => [l, leaders[(i + 1) % leaders.length] as NodeId]);
  if (topology === 'star') {
    const center = hub && leaders.includes(hub) ? hub : (leaders[0] as NodeId);
    return leaders.filter((l) => l !== center).map((l) => [center, l]);
  }
  const pairs: [NodeId, NodeId][] = [];
  for (let i = 0; i < leaders.length; i++)
    for (let j = i + 1; j < leaders.length; j++) pairs.push([leaders[i] as NodeId, leaders[j] as NodeId]);
  return pairs;
}
