/**
 * The keys a run is about, before it has touched any: the workload's when the workload ever runs (enabled at the
 * start or by a `setWorkload` action), then every key the timeline's reads and writes name, in the order they
 * first appear. A preset whose story is told by its timeline (its generated traffic off) is about the timeline's
 * keys, not the workload's unused defaults: the leaderless ring places and highlights these from time 0, and the
 * Data forms start on the first.
 */
import type { Scenario } from './schema.ts';

export function storyKeys(scenario: Scenario): string[] {
  const { workload, timeline } = scenario;
  const runs = workload.enabled || timeline.some((e) => e.action.type === 'setWorkload' && e.action.enabled);
  const keys = new Set<string>(runs ? workload.keys : []);
  for (const { action } of timeline)
    if (action.type === 'write' || action.type === 'read') keys.add(action.key);
  return [...keys];
}
