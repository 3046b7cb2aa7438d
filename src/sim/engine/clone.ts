/**
 * A deep copy of a running simulation's state graph, for checkpoints: every object reachable from the root is
 * copied once (shared references stay shared, cycles stay cycles), class instances keep their prototype, and
 * Maps, Sets, arrays and typed arrays are copied as what they are. The copy continues exactly as the original
 * would: the engine is deterministic, so a checkpoint is a place to resume from, never a second source of truth.
 *
 * The state of a simulation must therefore hold no closures: a function found on the way is a bug, reported at
 * once (a copied closure would still close over the original). Frozen objects are shared, not copied: nothing
 * can change them.
 *
 * Iterative (an explicit stack), so a long chain of objects cannot overflow the call stack. `copyGraph` takes a
 * hook that copies some containers its own way (checkpoint.ts keeps the large ones in chunks shared between
 * checkpoints).
 */

type Pending = readonly [source: object, copy: object];

export class UncloneableStateError extends Error {}

/**
 * Set (true) on the prototype of a class whose instances hold only spent objects kept for reuse (spares.ts): a
 * copy gets a new, empty instance of the class (constructed with no arguments), for what they hold is nothing the
 * run needs, and a checkpoint would otherwise copy up to a thousand spares of each kind.
 */
export const COPY_EMPTY: unique symbol = Symbol('copy empty');

interface CopiedEmpty {
  readonly [COPY_EMPTY]?: boolean;
  readonly constructor: new () => object;
}

/** Copies one value of the graph (a primitive or frozen object as it is), `path` naming it for errors. */
export type CopyOf = (value: unknown, path: string) => unknown;

/**
 * A container the hook copies its own way: `copy` stands for it in the graph at once (so references to it stay
 * shared), and `fill` runs later, with `copyOf` for the values it holds (so long chains stay iterative).
 */
export interface SpecialCopy {
  readonly copy: object;
  readonly fill: (copyOf: CopyOf) => void;
}

/** Decides whether `value` (neither frozen nor seen before) is copied a special way; undefined: the usual way. */
export type CopyHook = (value: object) => SpecialCopy | undefined;

export function cloneState<T>(root: T): T {
  return copyGraph(root);
}

/** The deep copy of `root`, with `hook` copying the containers it chooses. */
export function copyGraph<T>(root: T, hook?: CopyHook): T {
  const copies = new Map<object, object>();
  const work: Pending[] = [];
  const specials: SpecialCopy[] = [];
  const copyOf: CopyOf = (value, path) => {
    if (value === null || typeof value !== 'object') {
      if (typeof value === 'function')
        throw new UncloneableStateError(`the simulation's state holds a function at ${path}`);
      return value;
    }
    const known = copies.get(value);
    if (known !== undefined) return known;
    if (Object.isFrozen(value)) return value;
    if ((value as CopiedEmpty)[COPY_EMPTY] === true) {
      const empty = new (value as CopiedEmpty).constructor();
      copies.set(value, empty);
      return empty;
    }
    const special = hook?.(value);
    if (special) {
      copies.set(value, special.copy);
      specials.push(special);
      return special.copy;
    }
    const copy = shell(value, path);
    copies.set(value, copy);
    work.push([value, copy]);
    return copy;
  };
  const result = copyOf(root, 'root') as T;
  while (work.length > 0 || specials.length > 0) {
    const special = specials.pop();
    if (special) {
      special.fill(copyOf);
      continue;
    }
    const [source, copy] = work.pop() as Pending;
    fill(source, copy, copyOf);
  }
  return result;
}

/** An empty object of the same kind as `value`, to be filled (typed arrays and buffers are copied whole). */
function shell(value: object, path: string): object {
  if (Array.isArray(value)) return new Array(value.length);
  if (value instanceof Map) return new Map();
  if (value instanceof Set) return new Set();
  if (ArrayBuffer.isView(value)) {
    const view = value as unknown as { slice(): object };
    return view.slice();
  }
  if (value instanceof ArrayBuffer) return value.slice(0);
  if (value instanceof Promise || value instanceof WeakMap || value instanceof WeakSet)
    throw new UncloneableStateError(`the simulation's state holds a ${value.constructor.name} at ${path}`);
  return Object.create(Object.getPrototypeOf(value)) as object;
}

function fill(source: object, copy: object, copyOf: CopyOf): void {
  if (ArrayBuffer.isView(source) || source instanceof ArrayBuffer) return;
  if (Array.isArray(source)) {
    const out = copy as unknown[];
    for (let i = 0; i < source.length; i++) out[i] = copyOf(source[i], `[${i}]`);
    return;
  }
  if (source instanceof Map) {
    const out = copy as Map<unknown, unknown>;
    for (const [k, v] of source) out.set(copyOf(k, 'map key'), copyOf(v, `map value`));
    return;
  }
  if (source instanceof Set) {
    const out = copy as Set<unknown>;
    for (const v of source) out.add(copyOf(v, 'set member'));
    return;
  }
  // Own properties: the enumerable string-keyed ones (all a class's fields are) by plain assignment, which is
  // what keeps copying fast; should there be others, every property again with its attributes.
  const keys = Object.keys(source);
  const out = copy as Record<string, unknown>;
  const from = source as Record<string, unknown>;
  for (const key of keys) out[key] = copyOf(from[key], key);
  if (Reflect.ownKeys(source).length !== keys.length) copyAttributes(source, copy, copyOf);
}

/** Every own property of `source` onto `copy` with its attributes: symbols, non-enumerable and readonly ones. */
function copyAttributes(source: object, copy: object, copyOf: CopyOf): void {
  for (const key of Reflect.ownKeys(source)) {
    const d = Object.getOwnPropertyDescriptor(source, key) as PropertyDescriptor;
    if ('value' in d) d.value = copyOf(d.value, String(key));
    else if (d.get || d.set)
      throw new UncloneableStateError(`the simulation's state holds an accessor ${String(key)}`);
    Object.defineProperty(copy, key, d);
  }
}
