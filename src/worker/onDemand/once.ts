/**
 * Code fetched once, when first needed: the worker's on-demand modules (this folder) and the page's model
 * records (src/app/models/loadUi.ts) share it. `load` starts the fetch or joins the one under way; a fetch that
 * failed is forgotten, so the next `load` tries again; `value` is what arrived, or undefined until then.
 */
export class Once<T> {
  private arrived: T | undefined;
  private pending: Promise<T> | null = null;

  private readonly fetch: () => Promise<T>;

  constructor(fetch: () => Promise<T>) {
    this.fetch = fetch;
  }

  load(): Promise<T> {
    if (this.arrived !== undefined) return Promise.resolve(this.arrived);
    this.pending ??= this.fetch().then(
      (value) => {
        this.arrived = value;
        return value;
      },
      (error: unknown) => {
        this.pending = null;
        throw error;
      },
    );
    return this.pending;
  }

  get value(): T | undefined {
    return this.arrived;
  }

  /** For code that is already here (part of the chunk that asks): no fetch is needed. */
  set(value: T): void {
    this.arrived = value;
  }
}

/** One `Once` per name, from a table of fetches. */
export function oncePerName<K extends string, T>(
  fetches: Readonly<Record<K, () => Promise<T>>>,
): Record<K, Once<T>> {
  const out = {} as Record<K, Once<T>>;
  for (const name of Object.keys(fetches) as K[]) out[name] = new Once(fetches[name]);
  return out;
}
