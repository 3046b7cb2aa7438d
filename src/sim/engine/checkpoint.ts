/**
 * Checkpoints of a run that cost what changed, not what the run holds. Most of a long run's state only grows:
 * the history, the oracle's indexes of it, the metrics' latencies. Its old parts never change again (completed
 * operations, anomalies and the like are frozen), so copying them into every checkpoint would be waste: a
 * `Checkpointer` keeps each large array, Map and Set of a checkpoint as chunks of `CHUNK` elements, frozen and
 * shared by every checkpoint (and every run resumed from one) whose container holds the same elements there;
 * only the chunks that changed, the unfinished last one and everything else are copied. So a checkpoint costs
 * O(the run's live state + its size / CHUNK) in time and memory, and a resumed run O(its size) in time (the
 * chunks concatenated back into plain arrays and Maps, which the simulation keeps for speed) and nothing in
 * the checkpoints.
 *
 * A chunk is shared only when every element in it is immutable (a primitive or a frozen object): an element
 * that may still change, and everything after it, is copied as `cloneState` copies it. Whether a container's
 * chunks are still its elements is checked element by element (identity) at every checkpoint, so a container
 * that was changed anywhere, not only appended to, is still copied exactly.
 */
import { type CopyHook, type CopyOf, copyGraph, type SpecialCopy } from './clone.ts';

/** Elements (entries, for a Map) per shared chunk. */
export const CHUNK = 256;

type Chunk = readonly unknown[];

/** A large container as a checkpoint keeps it: shared chunks, then its own copy of the rest. */
class Chunked {
  readonly kind: 'array' | 'map' | 'set';
  readonly chunks: readonly Chunk[];
  /** The elements after the chunks (a Map's as key, value, key, value...), copied. */
  readonly tail: unknown[];
  /** Elements (entries) in all. */
  readonly size: number;

  constructor(kind: Chunked['kind'], chunks: readonly Chunk[], tail: unknown[], size: number) {
    this.kind = kind;
    this.chunks = chunks;
    this.tail = tail;
    this.size = size;
  }
}

/** A checkpoint of a value: resumable any number of times through the `Checkpointer` that took it. */
export interface Image<T> {
  readonly root: unknown;
  /** Only to carry the type. */
  readonly type?: T;
}

export class Checkpointer {
  /** For each live container (of a run or a resumed copy), the chunks its leading elements were last found in. */
  private readonly sealed = new WeakMap<object, Chunk[]>();

  /** A checkpoint of `root`: frozen objects and unchanged chunks shared, everything else copied. */
  image<T>(root: T): Image<T> {
    const hook: CopyHook = (value) => this.imageOf(value);
    return { root: copyGraph(root, hook) };
  }

  /** A fresh, independent copy of the run a checkpoint holds; the checkpoint stays as it was. */
  resume<T>(image: Image<T>): T {
    const hook: CopyHook = (value) => (value instanceof Chunked ? this.thaw(value) : undefined);
    return copyGraph(image.root, hook) as T;
  }

  private imageOf(value: object): SpecialCopy | undefined {
    if (Array.isArray(value)) {
      if (value.length < 2 * CHUNK || Object.getPrototypeOf(value) !== Array.prototype) return undefined;
      return this.chunked('array', value, value, 1);
    }
    if (value instanceof Map) {
      if (value.size < 2 * CHUNK || Object.getPrototypeOf(value) !== Map.prototype) return undefined;
      const flat: unknown[] = [];
      for (const [k, v] of value) flat.push(k, v);
      return this.chunked('map', value, flat, 2);
    }
    if (value instanceof Set) {
      if (value.size < 2 * CHUNK || Object.getPrototypeOf(value) !== Set.prototype) return undefined;
      return this.chunked('set', value, [...value], 1);
    }
    return undefined;
  }

  /** `flat` (the container's elements in order, `stride` slots each) as reused or new chunks and a copied tail. */
  private chunked(
    kind: Chunked['kind'],
    live: object,
    flat: readonly unknown[],
    stride: number,
  ): SpecialCopy {
    const width = CHUNK * stride;
    const cached = this.sealed.get(live) ?? [];
    const chunks: Chunk[] = [];
    for (let start = 0; start + width <= flat.length; start += width) {
      const old = cached[chunks.length];
      if (old && sameSlots(old, flat, start)) chunks.push(old);
      else if (allImmutable(flat, start, width)) chunks.push(Object.freeze(flat.slice(start, start + width)));
      else break;
    }
    this.sealed.set(live, chunks);
    const from = chunks.length * width;
    const tail = new Array<unknown>(flat.length - from);
    const copy = new Chunked(kind, chunks, tail, flat.length / stride);
    return {
      copy,
      fill: (copyOf: CopyOf) => {
        for (let i = 0; i < tail.length; i++) tail[i] = copyOf(flat[from + i], `[${from + i}]`);
      },
    };
  }

  /** A plain container again: the chunks' elements as they are, the tail copied afresh. */
  private thaw(image: Chunked): SpecialCopy {
    const out: unknown[] | Map<unknown, unknown> | Set<unknown> =
      image.kind === 'array' ? new Array(image.size) : image.kind === 'map' ? new Map() : new Set();
    // The new container's leading elements are the chunks' very elements: the next checkpoint shares them.
    this.sealed.set(out, [...image.chunks]);
    return { copy: out, fill: (copyOf) => refill(out, image, copyOf) };
  }
}

function refill(out: unknown[] | Map<unknown, unknown> | Set<unknown>, image: Chunked, copyOf: CopyOf): void {
  if (Array.isArray(out)) {
    let i = 0;
    for (const chunk of image.chunks) for (const x of chunk) out[i++] = x;
    for (const x of image.tail) out[i++] = copyOf(x, `[${i}]`);
    return;
  }
  const flat: unknown[] = [];
  for (const chunk of image.chunks) for (const x of chunk) flat.push(x);
  for (let i = 0; i < image.tail.length; i++) flat.push(copyOf(image.tail[i], `[${i}]`));
  if (out instanceof Map) {
    for (let i = 0; i < flat.length; i += 2) out.set(flat[i], flat[i + 1]);
  } else for (const x of flat) out.add(x);
}

function sameSlots(chunk: Chunk, flat: readonly unknown[], start: number): boolean {
  for (let i = 0; i < chunk.length; i++) if (chunk[i] !== flat[start + i]) return false;
  return true;
}

function allImmutable(flat: readonly unknown[], start: number, width: number): boolean {
  for (let i = start; i < start + width; i++) {
    const x = flat[i];
    if (typeof x === 'function') return false;
    if (x !== null && typeof x === 'object' && !Object.isFrozen(x)) return false;
  }
  return true;
}
