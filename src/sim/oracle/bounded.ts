/**
 * A Map that forgets its oldest entries beyond a bound, for what the checkers remember per operation (acknowledged
 * writes by position and by value, what each write followed, the ids handed out): a run of any length keeps at
 * most `bound` of them. The order of insertion is kept in a queue beside the map (asking a Map for its oldest key
 * walks past every entry deleted before it). Setting a key already there keeps its place in that order.
 *
 * A short run never reaches the bound, and its checkers see exactly what they would with a plain Map; past it,
 * what they look up is the recent past, which a bound far above the history's window keeps.
 */
export class BoundedMap<K, V> {
  private readonly map: Store<K, V>;
  private order: K[] = [];
  private head = 0;
  readonly bound: number;

  /** `map`: where the entries are kept (an IdMap, for operation ids). */
  constructor(bound: number, map: Store<K, V> = new Map<K, V>()) {
    this.bound = bound;
    this.map = map;
  }

  get size(): number {
    return this.map.size;
  }

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  set(key: K, value: V): this {
    // One lookup: the size says whether the key was new.
    const size = this.map.size;
    this.map.set(key, value);
    if (this.map.size > size) this.order.push(key);
    while (this.map.size > this.bound) this.map.delete(this.order[this.head++] as K);
    if (this.head >= this.bound) {
      this.order = this.order.slice(this.head);
      this.head = 0;
    }
    return this;
  }
}

/** What a BoundedMap keeps its entries in: a Map, or anything that answers as one (idMap.ts). */
export interface Store<K, V> {
  readonly size: number;
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
  delete(key: K): boolean;
}

/** How many entries each checker's per-operation memory keeps: the last 25,000 writes are what reads return. */
export const CHECKER_MEMORY = 25_000;
