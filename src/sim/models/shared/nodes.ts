/**
 * The per-node state of a model, by node id. A `Map`, never a plain object: node ids are user text, and ids
 * such as `__proto__` or `constructor` must be ordinary keys.
 */
import type { NodeId } from '../../types.ts';

export class NodeTable<T> {
  private readonly byId = new Map<NodeId, T>();

  set(id: NodeId, state: T): void {
    this.byId.set(id, state);
  }

  /** The node's state; a message or timer for a node the model does not have is a bug, so it throws. */
  get(id: NodeId): T {
    const n = this.byId.get(id);
    if (n === undefined) throw new Error(`unknown node ${id}`);
    return n;
  }

  /** The node left the cluster: the model forgets it. */
  delete(id: NodeId): void {
    this.byId.delete(id);
  }

  has(id: NodeId): boolean {
    return this.byId.has(id);
  }

  get size(): number {
    return this.byId.size;
  }

  ids(): IterableIterator<NodeId> {
    return this.byId.keys();
  }

  values(): IterableIterator<T> {
    return this.byId.values();
  }

  entries(): IterableIterator<[NodeId, T]> {
    return this.byId.entries();
  }
}
