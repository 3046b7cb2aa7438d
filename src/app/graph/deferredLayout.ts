/**
 * Layouts off the commit path (issue 12.4): a force layout costs tens of milliseconds on a slow CPU, and running
 * it inside the render that then redraws every card made one long task. When only the arrangement changes (a new
 * leader, a partition, a card growing by a key) the graph keeps its current layout for one more task, computes
 * the new one in a task of its own, and then re-renders with it. The first layout and a change of shape (other
 * nodes or clients, another model, a narrow frame) are computed at once, as before. Layouts are deterministic, so
 * they are memoised by their key: going back to an arrangement already seen costs nothing.
 *
 * Every model's useTopology goes through useDeferredTopology, so the graph's hooks stay the same when the model
 * changes under it.
 */
import { useEffect, useMemo, useReducer, useRef } from 'react';
import type { GraphTopology } from '../models/types.ts';

const MAX_CACHED = 32;
const cache = new Map<string, GraphTopology>();

/** `build()`, memoised by `key` (which must hold all it depends on); the oldest goes once MAX_CACHED are kept. */
export function cachedTopology(key: string, build: () => GraphTopology): GraphTopology {
  const hit = cache.get(key);
  if (hit) return hit;
  const topology = build();
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(key, topology);
  return topology;
}

/** What a topology was built from: its key and its shape (the cards there are, the model, the frame). */
export interface TopologyRequest {
  readonly key: string;
  readonly shape: string;
  build(): GraphTopology;
}

interface Shown {
  readonly key: string;
  readonly shape: string;
  readonly topology: GraphTopology;
}

/** The topology for `request`: at once, or one task later when only where the same cards sit has changed. */
export function useDeferredTopology(request: TopologyRequest): GraphTopology {
  const { key, shape } = request;
  const shown = useRef<Shown | null>(null);
  const [, settled] = useReducer((n: number) => n + 1, 0);
  const prev = shown.current;
  const defer = prev !== null && prev.key !== key && prev.shape === shape && !cache.has(key);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key holds everything build depends on
  const topology = useMemo(() => (defer ? null : cachedTopology(key, request.build)), [key, defer]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key holds everything build depends on
  useEffect(() => {
    if (!defer) return;
    const timer = setTimeout(() => {
      cachedTopology(key, request.build);
      settled();
    }, 0);
    return () => clearTimeout(timer);
  }, [defer, key]);
  const current: Shown = topology ? { key, shape, topology } : (prev as Shown);
  useEffect(() => {
    shown.current = current;
  });
  return current.topology;
}
