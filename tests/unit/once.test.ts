/** Code fetched once on demand (src/worker/onDemand/once.ts): one fetch for many askers, a failure tried again. */
import { describe, expect, it } from 'vitest';
import { Once, oncePerName } from '../../src/worker/onDemand/once.ts';

describe('Once', () => {
  it('fetches once for every load, and keeps what arrived', async () => {
    let fetches = 0;
    const once = new Once(async () => {
      fetches++;
      return 'code';
    });
    expect(once.value).toBeUndefined();
    const [a, b] = await Promise.all([once.load(), once.load()]);
    expect([a, b, await once.load(), once.value, fetches]).toEqual(['code', 'code', 'code', 'code', 1]);
  });

  it('forgets a failed fetch, so the next load tries again', async () => {
    let fetches = 0;
    const once = new Once(async () => {
      fetches++;
      if (fetches === 1) throw new Error('offline');
      return 42;
    });
    await expect(once.load()).rejects.toThrow('offline');
    expect(once.value).toBeUndefined();
    expect(await once.load()).toBe(42);
    expect(fetches).toBe(2);
  });

  it('takes code that is already here without fetching, one per name', async () => {
    const byName = oncePerName<'a' | 'b', string>({
      a: async () => 'fetched a',
      b: async () => {
        throw new Error('b must not be fetched');
      },
    });
    byName.b.set('bundled b');
    expect(await byName.b.load()).toBe('bundled b');
    expect(await byName.a.load()).toBe('fetched a');
  });
});
