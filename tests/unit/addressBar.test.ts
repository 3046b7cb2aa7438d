import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syncAddressBar } from '../../src/app/share.ts';
import { beginRun, labStore } from '../../src/app/store.ts';
import { encodeShareHash } from '../../src/codec/url.ts';
import { getPreset } from '../../src/sim/scenarios/presets/index.ts';
import type { ViewSnapshot } from '../../src/worker/protocol.ts';

/** The address bar as the page sees it: `location.hash`, `history.replaceState` and `hashchange`. */
class AddressBar extends EventTarget {
  hash = '';
  readonly written: string[] = [];
  replaceState(_state: unknown, _unused: string, url: string): void {
    this.hash = url;
    this.written.push(url);
  }
  /** The user pastes a link: the hash changes and the page hears of it. */
  paste(hash: string): void {
    this.hash = hash;
    this.dispatchEvent(new Event('hashchange'));
  }
}

const scenarioA = getPreset('async-failover-lost-writes')?.scenario;
const scenarioB = getPreset('split-brain')?.scenario;
if (!scenarioA || !scenarioB) throw new Error('missing presets');
const pictureAt = (nowUs: number) => ({ nowUs }) as unknown as ViewSnapshot;
/** Lets the encoder's dynamic import and the promise chain run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('the address bar while a run opens at a moment', () => {
  let bar: AddressBar;
  let stop: () => void;

  beforeEach(async () => {
    bar = new AddressBar();
    Object.assign(globalThis, { window: bar, location: bar, history: bar });
    beginRun(1, { scenario: scenarioA, playing: false }, true);
    labStore.setState({ snapshot: pictureAt(300_000) });
    stop = syncAddressBar();
    beginRun(2, { scenario: scenarioA, playing: true }, false);
    await settle();
    beginRun(3, { scenario: scenarioA, playing: false }, false);
    await settle();
    bar.written.length = 0;
  });

  afterEach(() => {
    stop();
    // Node has none of the three.
    for (const key of ['window', 'location', 'history']) Reflect.deleteProperty(globalThis, key);
  });

  it('keeps the link (with its time) until the run’s first picture, then writes that moment at once', async () => {
    expect(bar.hash).toBe(`#${encodeShareHash(scenarioA, 300_000)}`);
    bar.paste('#s=1.pasted-link&t=200000');
    beginRun(4, { scenario: scenarioB, playing: false }, true);
    await settle();
    expect(bar.written).toEqual([]);
    expect(bar.hash).toBe('#s=1.pasted-link&t=200000');
    labStore.setState({ snapshot: pictureAt(200_000) });
    await settle();
    expect(bar.written).toHaveLength(1);
    expect(bar.hash).toBe(`#${encodeShareHash(scenarioB, 200_000)}`);
  });

  it('does not write the old run over a link the user pasted while its address was being encoded', async () => {
    // Play starts (an address write is under way), then the user pastes another link before it lands.
    labStore.setState({ playing: true });
    bar.paste('#s=1.pasted-link');
    await settle();
    expect(bar.written).toEqual([]);
    expect(bar.hash).toBe('#s=1.pasted-link');
  });

  it('still writes a paused run’s new moment, and the run without a time once it plays', async () => {
    labStore.setState({ snapshot: pictureAt(310_000) });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(bar.hash).toBe(`#${encodeShareHash(scenarioA, 310_000)}`);
    labStore.setState({ playing: true });
    await settle();
    expect(bar.hash).toBe(`#${encodeShareHash(scenarioA)}`);
  });
});
