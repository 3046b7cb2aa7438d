/**
 * The clients' pending operations by id: a ring of places indexed by the id's low bits, where an id's place
 * holds its record or another id's (told apart by the record's own id). Operation ids are consecutive and every
 * operation completes within a few timeouts, so the pending ones span a short run of ids, which the ring holds
 * without two in one place; when two would share one, the ring doubles. A `Map` did the same with an allocation
 * each time its table filled with deleted entries and was built again (6 to 7 bytes an event in the multi-leader
 * bench, one of the few allocations left on the engine's side of an operation).
 */

const FIRST_ROOM = 64;

export class PendingTable<P extends { readonly op: { readonly id: number } }> {
  private places: (P | undefined)[] = new Array(FIRST_ROOM).fill(undefined);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The record of pending operation `id`, or undefined. */
  get(id: number): P | undefined {
    const p = this.places[id & (this.places.length - 1)];
    return p !== undefined && p.op.id === id ? p : undefined;
  }

  /** Files `p` as pending operation `id` (`p.op.id`), in place of the record it had if it was pending already. */
  set(id: number, p: P): void {
    for (;;) {
      const at = id & (this.places.length - 1);
      const there = this.places[at];
      if (there === undefined || there.op.id === id) {
        if (there === undefined) this.count++;
        this.places[at] = p;
        return;
      }
      this.grow(this.places.length * 2);
    }
  }

  /** Operation `id` is no longer pending. */
  delete(id: number): void {
    const at = id & (this.places.length - 1);
    const p = this.places[at];
    if (p === undefined || p.op.id !== id) return;
    this.places[at] = undefined;
    this.count--;
  }

  /** A ring of `room` places (a power of two), every record in its place, wider still if two would share one. */
  private grow(room: number): void {
    const places: (P | undefined)[] = new Array(room).fill(undefined);
    const mask = room - 1;
    for (const p of this.places) {
      if (p === undefined) continue;
      if (places[p.op.id & mask] !== undefined) {
        this.grow(room * 2);
        return;
      }
      places[p.op.id & mask] = p;
    }
    this.places = places;
  }
}
