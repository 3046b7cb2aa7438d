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
  /** By slot (`at`), the id last found there and its state (null: none yet). */
  private readonly slotIds: (NodeId | null)[] = [];
  private readonly slotStates: (T | null)[] = [];

  set(id: NodeId, state: T): void {
    if (!this.byId.has(id)) this.forgetOrder();
    else this.forgetSlots();
    this.byId.set(id, state);
  }

  /** The node's state; a message or timer for a node the model does not have is a bug, so it throws. */
  get(id: NodeId): T {
    const n = this.byId.get(id);
    if (n === undefined) throw new Error(`unknown node ${id}`);
    return n;
  }

  /**
   * `get(id)` for a node whose caller knows a number of its own for it (`slot`: the network's endpoint index, which
   * the engine hands each delivery), kept beside the table: a message's receiver is found by that number and a
   * check of its id rather than by a lookup by id (a string's hash, a probe and a compare, on every message).
   * -1: no number, looked up by id.
   */
  at(slot: number, id: NodeId): T {
    if (slot >= 0 && this.slotIds[slot] === id) return this.slotStates[slot] as T;
    const n = this.get(id);
    if (slot >= 0) {
      while (this.slotIds.length < slot) {
        this.slotIds.push(null);
        this.slotStates.push(null);
      }
      this.slotIds[slot] = id;
      this.slotStates[slot] = n;
    }
    return n;
  }

  /** The node left the cluster: the model forgets it. */
  delete(id: NodeId): void {
    if (this.byId.delete(id)) this.forgetOrder();
  }

  /** The table's members changed: its order, places and slots are worked out again when next asked for. */
  private forgetOrder(): void {
    this.order = null;
    this.place = null;
    this.forgetSlots();
  }

  private forgetSlots(): void {
    this.slotIds.length = 0;
    this.slotStates.length = 0;
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
