/**
 * A map from operation ids to values, for what the checkers note per operation (what a read must see, what a
 * write followed): the ids a checker holds at one time are the recent ones, close together, so each is kept in a
 * slot of a ring picked by its low bits, read back with one array index and one comparison rather than a hash
 * lookup. An id whose slot another id holds waits in a plain Map beside the ring, which the ring grows to take
 * once it is a quarter full (up to `maxSlots`). Any number is a valid id (a hand-written history's too): NaN, which no
 * slot can be told to hold, always goes to the Map. It answers exactly as a Map would; only iteration is missing.
 */
export class IdMap<V> {
  /** Per slot, the id it holds (NaN: none). Plain arrays, as a checkpoint copies them by chunks. */
  private ids: number[];
  private values: (V | undefined)[];
  private mask: number;
  /** Ids held in slots. */
  private slotted = 0;
  private readonly overflow = new Map<number, V>();
  private readonly maxSlots: number;

  constructor(maxSlots = 1 << 16, initialSlots = 64) {
    this.maxSlots = maxSlots;
    this.ids = new Array<number>(initialSlots).fill(Number.NaN);
    this.values = new Array<V | undefined>(initialSlots).fill(undefined);
    this.mask = initialSlots - 1;
  }

  get size(): number {
    return this.slotted + this.overflow.size;
  }

  get(id: number): V | undefined {
    const slot = id & this.mask;
    if (this.ids[slot] === id) return this.values[slot];
    return this.overflow.size > 0 ? this.overflow.get(id) : undefined;
  }

  has(id: number): boolean {
    if (this.ids[id & this.mask] === id) return true;
    return this.overflow.size > 0 && this.overflow.has(id);
  }

  set(id: number, value: V): this {
    const slot = id & this.mask;
    const held = this.ids[slot] as number;
    if (held === id) {
      this.values[slot] = value;
      return this;
    }
    if (this.overflow.size > 0 && this.overflow.has(id)) {
      this.overflow.set(id, value);
      return this;
    }
    if (Number.isNaN(id)) {
      this.overflow.set(id, value);
      return this;
    }
    if (Number.isNaN(held)) {
      this.ids[slot] = id;
      this.values[slot] = value;
      this.slotted++;
      return this;
    }
    // The slot is taken: a ring a quarter full grows fourfold (a checker holds some of the ids of a stretch, not
    // all, so a ring filled further would pass most of them to the Map; fourfold, the entries move fewer times).
    if (4 * this.size >= this.mask + 1 && this.mask + 1 < this.maxSlots) {
      this.grow();
      return this.set(id, value);
    }
    this.overflow.set(id, value);
    return this;
  }

  delete(id: number): boolean {
    const slot = id & this.mask;
    if (this.ids[slot] === id) {
      this.ids[slot] = Number.NaN;
      this.values[slot] = undefined;
      this.slotted--;
      return true;
    }
    return this.overflow.size > 0 && this.overflow.delete(id);
  }

  /** Four times the slots (at most `maxSlots`): every entry put again (the Map's too, where their slots are free). */
  private grow(): void {
    const ids = this.ids;
    const values = this.values;
    const slots = Math.min(4 * ids.length, this.maxSlots);
    const moved = [...this.overflow];
    this.ids = new Array<number>(slots).fill(Number.NaN);
    this.values = new Array<V | undefined>(slots).fill(undefined);
    this.mask = slots - 1;
    this.slotted = 0;
    this.overflow.clear();
    for (let i = 0; i < ids.length; i++)
      if (!Number.isNaN(ids[i] as number)) this.put(ids[i] as number, values[i] as V);
    for (const [id, value] of moved) this.put(id, value);
  }

  /** Puts an entry known to be absent, into its slot if free, else the Map (no growing). */
  private put(id: number, value: V): void {
    const slot = id & this.mask;
    if (!Number.isNaN(id) && Number.isNaN(this.ids[slot] as number)) {
      this.ids[slot] = id;
      this.values[slot] = value;
      this.slotted++;
    } else this.overflow.set(id, value);
  }
}
