/**
 * The simulation worker started as the page opens (src/app/firstPaint/earlyWorker.ts) and taken over by the page's
 * client (src/app/worker/browserWorker.ts): what the worker said and how it failed before the client listened
 * reach the client, in order, before anything said after; a second worker (a restart) is a new one; and in Node
 * (no page) nothing starts. A fake Worker class stands in for the browser's.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FromWorker } from '../../src/worker/protocol.ts';

class FakeWorker {
  static made: FakeWorker[] = [];
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  onmessageerror: ((event: MessageEvent) => void) | null = null;
  readonly posted: unknown[] = [];
  readonly url: string;
  constructor(url: URL | string) {
    this.url = String(url);
    FakeWorker.made.push(this);
  }
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  terminate(): void {}
  /** The worker says something: to whoever listens now (nobody: it is lost, as in a browser). */
  say(data: FromWorker): void {
    this.onmessage?.(new MessageEvent('message', { data }));
  }
  fail(): void {
    const event = new Event('error', { cancelable: true });
    this.onerror?.(event);
  }
}

function recorder() {
  const seen: string[] = [];
  const events = {
    message: (reply: FromWorker) => seen.push(reply.type),
    failed: (reason: string) => seen.push(`failed: ${reason}`),
  };
  return { seen, events };
}

describe('the early worker', () => {
  beforeEach(() => {
    vi.resetModules();
    FakeWorker.made = [];
  });
  afterEach(() => vi.unstubAllGlobals());

  it('starts nothing outside a page', async () => {
    vi.stubGlobal('Worker', FakeWorker);
    const { takeEarlyWorker } = await import('../../src/app/firstPaint/earlyWorker.ts');
    expect(takeEarlyWorker()).toBeNull();
    expect(FakeWorker.made).toHaveLength(0);
  });

  it('starts one worker as the page opens, tells it the address; the client takes it with what it said, in order', async () => {
    vi.stubGlobal('Worker', FakeWorker);
    vi.stubGlobal('document', {});
    vi.stubGlobal('location', { hash: '#preset=split-brain' });
    await import('../../src/app/firstPaint/earlyWorker.ts');
    expect(FakeWorker.made).toHaveLength(1);
    const early = FakeWorker.made[0] as FakeWorker;
    expect(early.url).toMatch(/sim\.worker\.ts$/);
    // Told the address at once, so it fetches that run's code while the entry is arriving.
    expect(early.posted).toEqual([{ type: 'prefetch', hash: '#preset=split-brain' }]);
    early.say({ type: 'alive' });
    early.say({ type: 'error', epoch: 0, message: 'no such preset' });

    const { browserWorker } = await import('../../src/app/worker/browserWorker.ts');
    const { seen, events } = recorder();
    const port = browserWorker(events);
    expect(FakeWorker.made).toHaveLength(1);
    port.post({ type: 'play' });
    expect(early.posted.slice(1)).toEqual([{ type: 'play' }]);
    // Handed over after the client has the port (a microtask), before anything the worker says later.
    expect(seen).toEqual([]);
    await Promise.resolve();
    expect(seen).toEqual(['alive', 'error']);
    early.say({ type: 'alive' });
    expect(seen).toEqual(['alive', 'error', 'alive']);

    // A restarted worker is a new one.
    browserWorker(recorder().events);
    expect(FakeWorker.made).toHaveLength(2);
  });

  it('takes the worker the first-look script started (starting it if it had not yet), told nothing more', async () => {
    vi.stubGlobal('Worker', FakeWorker);
    vi.stubGlobal('document', {});
    vi.stubGlobal('location', { hash: '#preset=split-brain' });
    // What public/first-look.js leaves: a function starting its worker once, with what it said meanwhile.
    const made = new FakeWorker('./assets/sim.worker-abc.js');
    const early = [new MessageEvent('message', { data: { type: 'alive' } })];
    let calls = 0;
    vi.stubGlobal('__simWorker', () => {
      calls++;
      return { worker: made, early };
    });
    const { FIRST_LOOK_WORKER, takeEarlyWorker } = await import('../../src/app/firstPaint/earlyWorker.ts');
    expect(FIRST_LOOK_WORKER).toBe('__simWorker');
    expect(calls).toBe(1);
    expect(FakeWorker.made).toEqual([made]);
    // Named with the address by the script, it needs no prefetch message.
    expect(made.posted).toEqual([]);
    expect('__simWorker' in globalThis).toBe(false);
    expect(takeEarlyWorker()).toEqual({ worker: made, early });
    expect(takeEarlyWorker()).toBeNull();
  });

  it('starts its own when the first-look script starts none', async () => {
    vi.stubGlobal('Worker', FakeWorker);
    vi.stubGlobal('document', {});
    vi.stubGlobal('location', { hash: '' });
    vi.stubGlobal('__simWorker', () => null);
    await import('../../src/app/firstPaint/earlyWorker.ts');
    expect(FakeWorker.made).toHaveLength(1);
    expect((FakeWorker.made[0] as FakeWorker).url).toMatch(/sim\.worker\.ts$/);
    expect((FakeWorker.made[0] as FakeWorker).posted).toEqual([{ type: 'prefetch', hash: '' }]);
  });

  it('hands over a failure that came before the client listened', async () => {
    vi.stubGlobal('Worker', FakeWorker);
    vi.stubGlobal('document', {});
    vi.stubGlobal('location', { hash: '' });
    await import('../../src/app/firstPaint/earlyWorker.ts');
    (FakeWorker.made[0] as FakeWorker).fail();
    const { browserWorker } = await import('../../src/app/worker/browserWorker.ts');
    const { seen, events } = recorder();
    browserWorker(events);
    await Promise.resolve();
    expect(seen).toEqual(['failed: unknown error']);
  });
});
