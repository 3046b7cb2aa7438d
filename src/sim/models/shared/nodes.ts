/**
 * The per-node state of a model, by node id. A `Map`, never a plain object: node ids are user text, and ids
 * such as `__proto__` or `constructor` must be ordinary keys.
 */
import type { NodeId } from '../../types.ts';

export class NodeTable<T> {
  private readonly byId = new Map<NodeId, T>();
  /**
   * The ids in table order and each id's place in it, worked out when first asked for after a node joined or
   * left (the table drops them then), so a 1,000-node ring's anti-entropy turn costs no copy of the table.
   */
  private order: NodeId[] | null = null;
  private place: Map<NodeId, number> | null = null;

  set(id: NodeId, state: T): void {
    if (!this.byId.has(id)) this.forgetOrder();
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
    if (this.byId.delete(id)) this.forgetOrder();
  }

  private forgetOrder(): void {
    this.order = null;
    this.place = null;
  }

  /** The ids in table order (the order nodes were added in), as `ids()` gives them. */
  idList(): readonly NodeId[] {
    this.order ??= [...this.byId.keys()];
    return this.order;
  }

  /** The node's place in `idList()`, or -1. */
  indexOf(id: NodeId): number {
    this.place ??= new Map(this.idList().map((n, i) => [n, i]));
    return this.place.get(id) ?? -1;
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
