import type { Coordination } from './cluster.ts';

/**
 * The requests a node coordinates, by request id, in the order they began. A node coordinates a few at a time
 * (one or two, a dozen while a replica is down and requests wait for their timeout), so they live in an array
 * searched from the start: a Map keyed by request id rebuilt its hash table over and over as requests came and
 * went (growing as new ids took fresh slots, shrinking as they left), an allocation every request or two.
 */
export class Coordinating {
  private readonly list: Coordination[] = [];

  get size(): number {
    return this.list.length;
  }

  get(reqId: number): Coordination | undefined {
    const list = this.list;
    for (let i = 0; i < list.length; i++) {
      const q = list[i] as Coordination;
      if (q.reqId === reqId) return q;
    }
    return undefined;
  }

  /** A request begins (its id is new: request ids only grow). */
  add(q: Coordination): void {
    this.list.push(q);
  }

  /** The request is done; false when it was not here. The others keep their order. */
  delete(reqId: number): boolean {
    const list = this.list;
    for (let i = 0; i < list.length; i++) {
      if ((list[i] as Coordination).reqId !== reqId) continue;
      for (let j = i + 1; j < list.length; j++) list[j - 1] = list[j] as Coordination;
      list.pop();
      return true;
    }
    return false;
  }

  clear(): void {
    this.list.length = 0;
  }

  /** The requests in the order they began. */
  values(): readonly Coordination[] {
    return this.list;
  }
}
