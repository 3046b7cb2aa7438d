/**
 * Layouts off the commit path (issue 12.4): a force layout costs tens of milliseconds on a slow CPU, and running
 * it inside the render that then redraws every card made one long task. When only the arrangement changes (a new
 * leader, a partition, a card growing by a key) the graph keeps its current layout a little longer, computes the
 * new one in tasks of its own (a request with `steps` is spread over tasks of about SLICE_MS each, resumed where
 * it stopped: 300 ticks of d3-force were 36 ms in one task at 4x CPU slowdown), and then re-renders with it. The
 * first layout and a change of shape (other nodes or clients, another model, a narrow frame) are computed at
 * once, as before. Layouts are deterministic, so they are memoised by their key: going back to an arrangement
 * already seen costs nothing.
 *
 * Every model's useTopology goes through useDeferredTopology, so the graph's hooks stay the same when the model
 * changes under it.
 */
import { useEffect, useMemo, useReducer, useRef } from 'react';
import type { GraphTopology } from '../models/types.ts';

const MAX_CACHED = 32;
/** Wall ms of layout steps a task runs before it yields to the page's other work. */
export const SLICE_MS = 4;
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
  /** The same topology as `build`, in steps (a deferred layout runs them over several tasks). */
  steps?(): Generator<void, GraphTopology, void>;
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
    return buildInSlices(request, settled);
  }, [defer, key]);
  const current: Shown = topology ? { key, shape, topology } : (prev as Shown);
  useEffect(() => {
    shown.current = current;
  });
  return current.topology;
}

/**
 * Builds `request`'s topology in tasks of their own, each running its steps for about SLICE_MS, caches it and
 * calls `done`; returns a cancel function.
 */
export function buildInSlices(
  request: TopologyRequest,
  done: () => void,
  now: () => number = () => performance.now(),
): () => void {
  const steps = request.steps?.() ?? null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const slice = () => {
    const until = now() + SLICE_MS;
    let next = steps?.next();
    while (next && !next.done && now() < until) next = steps?.next();
    if (next && !next.done) {
      timer = setTimeout(slice, 0);
      return;
    }
    timer = null;
    const built = next ? next.value : null;
    cachedTopology(request.key, built ? () => built : request.build);
    done();
  };
  timer = setTimeout(slice, 0);
  return () => {
    if (timer !== null) clearTimeout(timer);
  };
}
