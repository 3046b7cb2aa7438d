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
 * Iterative (an explicit stack), so a long chain of objects cannot overflow the call stack.
 */

type Pending = readonly [source: object, copy: object];

export class UncloneableStateError extends Error {}

export function cloneState<T>(root: T): T {
  const copies = new Map<object, object>();
  const work: Pending[] = [];
  const copyOf = (value: unknown, path: string): unknown => {
    if (value === null || typeof value !== 'object') {
      if (typeof value === 'function')
        throw new UncloneableStateError(`the simulation's state holds a function at ${path}`);
      return value;
    }
    const known = copies.get(value);
    if (known !== undefined) return known;
    if (Object.isFrozen(value)) return value;
    const copy = shell(value, path);
    copies.set(value, copy);
    work.push([value, copy]);
    return copy;
  };
  const result = copyOf(root, 'root') as T;
  while (work.length > 0) {
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

function fill(source: object, copy: object, copyOf: (value: unknown, path: string) => unknown): void {
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
  // Own properties, including non-enumerable ones, with their attributes (a readonly field stays readonly).
  for (const key of Reflect.ownKeys(source)) {
    const d = Object.getOwnPropertyDescriptor(source, key) as PropertyDescriptor;
    if ('value' in d) d.value = copyOf(d.value, String(key));
    else if (d.get || d.set)
      throw new UncloneableStateError(`the simulation's state holds an accessor ${String(key)}`);
    Object.defineProperty(copy, key, d);
  }
}
